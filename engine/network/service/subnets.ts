import { uuid } from '../../core/ids';
import type { AllocationPool, Subnet } from '../types';
import { gatewayConflictWithAllocationPools } from '../faults';
import { type Caller, fault, invalidInput, type NetworkCore, notFound, visible } from './core';
import { addrValue, familyOf, formatAddr, formatPrefix, parseNetwork, type Prefix, prefixHas, prefixOverlaps, usableRange } from '../../core/net/ip';
import type { NetworkManager } from './networks';
import type { SubnetPoolManager } from './subnet-pools';

export type SubnetInput = Partial<Subnet> & { network_id: string; prefixlen?: number | null; use_default_subnetpool?: boolean };

/** Subnets: CIDR, gateway and pools checked as Neutron checks them; a DHCP port appears with DHCP on. */
export class SubnetManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly networks: NetworkManager,
    /** Creates/removes the network's DHCP port (owned by the port manager), inside the transaction. */
    private readonly dhcp: { ensure(subnet: Subnet): void; release(subnet: Subnet): void },
    /** Subnet pools: CIDRs allocated from a pool, and the network's address scopes kept in step. */
    private readonly pools?: SubnetPoolManager,
  ) {}

  find(id: string): Subnet | undefined {
    return this.core.store.subnets.get(id);
  }

  get(caller: Caller, id: string): Subnet {
    const s = this.find(id);
    const net = s && this.networks.find(s.network_id);
    if (!s || !net || !this.networks.canSee(caller, net)) throw notFound('SubnetNotFound', 'Subnet', id);
    return s;
  }

  list(caller: Caller): Subnet[] {
    const nets = new Map(this.networks.list(caller).map((n) => [n.id, n]));
    return visible({ ...caller, isAdmin: true }, this.core.store.subnets.all()).filter((s) => caller.isAdmin || nets.has(s.network_id));
  }

  create(caller: Caller, input: SubnetInput): Subnet {
    return this.core.write('subnet.created', () => {
      if (input.cidr && input.prefixlen != null) throw fault('BadRequest', 'BadRequest', 'Bad subnets request: cidr and prefixlen must not be supplied together.');
      const poolId = this.pools?.poolIdFor(caller, { ...input, project_id: caller.projectId }) ?? null;
      if (!poolId && !input.cidr) throw fault('BadRequest', 'BadRequest', 'Bad subnets request: a subnetpool must be specified in the absence of a cidr.');
      if (poolId && !input.cidr && input.allocation_pools?.length) throw fault('BadRequest', 'BadRequest', 'Bad subnets request: allocation_pools allowed only for specific subnet requests.');
      const net = this.networks.get(caller, input.network_id);
      if (!caller.isAdmin && net.project_id !== caller.projectId && !net.shared)
        throw fault('NotFound', 'NetworkNotFound', `Network ${net.id} could not be found.`);
      const fromPool = poolId && this.pools ? this.pools.allocate(caller, poolId, { ...input, project_id: input.project_id ?? input.tenant_id ?? caller.projectId }) : undefined;
      if (fromPool) input = { ...input, cidr: fromPool.cidr };
      if (!input.cidr) throw fault('BadRequest', 'BadRequest', 'Bad subnets request: a subnetpool must be specified in the absence of a cidr.');
      const c = parseNetwork(input.cidr);
      if (!c) throw invalidInput(`${input.cidr} is not in a CIDR format`);
      const version = (input.ip_version ?? c.family) as 4 | 6;
      if (version !== c.family) throw invalidInput('Cidr and IP version mismatch');
      const cidr = formatPrefix(c);
      for (const other of this.core.store.subnets.where({ network_id: net.id })) {
        const oc = parseNetwork(other.cidr)!;
        if (prefixOverlaps(c, oc)) throw invalidInput(`Requested subnet with cidr: ${cidr} for network: ${net.id} overlaps with another subnet`);
      }
      this.pools?.checkNetworkAffinity(net.id, version, fromPool?.pool ?? null);
      const range = usableRange(c);
      let gateway: string | null;
      if (input.gateway_ip === null) gateway = null;
      else if (input.gateway_ip !== undefined) {
        if (familyOf(input.gateway_ip) !== version) throw invalidInput(`Gateway IP version inconsistent with allocation pool version`);
        gateway = input.gateway_ip;
        if (prefixHas(c, gateway) && (addrValue(gateway) < range.first || addrValue(gateway) > range.last))
          throw invalidInput(`Gateway is not valid on subnet`);
      } else gateway = formatAddr(range.first, version);
      const pools = input.allocation_pools?.length ? this.checkPools(input.allocation_pools, c, range, gateway) : this.defaultPools(range, gateway, version);
      const subnet: Subnet = {
        ...this.core.stamp(),
        id: uuid(),
        name: input.name ?? '',
        network_id: net.id,
        tenant_id: input.project_id ?? input.tenant_id ?? caller.projectId,
        project_id: input.project_id ?? input.tenant_id ?? caller.projectId,
        ip_version: version,
        cidr,
        gateway_ip: gateway,
        allocation_pools: pools,
        enable_dhcp: input.enable_dhcp ?? true,
        dns_nameservers: input.dns_nameservers ?? [],
        host_routes: input.host_routes ?? [],
        ipv6_ra_mode: input.ipv6_ra_mode ?? null,
        ipv6_address_mode: input.ipv6_address_mode ?? null,
        subnetpool_id: fromPool?.pool.id ?? null,
        service_types: input.service_types ?? [],
        segment_id: null,
        description: input.description ?? '',
        tags: [],
      };
      for (const ns of subnet.dns_nameservers) if (!familyOf(ns)) throw invalidInput(`'${ns}' is not a valid nameserver. '${ns}' is not a valid IP address`);
      this.core.store.subnets.insert(subnet);
      this.networks.setSubnets(net.id, [...net.subnets, subnet.id]);
      this.pools?.refreshNetworkScopes(net.id);
      if (subnet.enable_dhcp) this.dhcp.ensure(subnet);
      return subnet;
    }, (s) => s.id);
  }

  private defaultPools(range: { first: bigint; last: bigint }, gateway: string | null, version: 4 | 6): AllocationPool[] {
    const g = gateway ? addrValue(gateway) : undefined;
    const pools: AllocationPool[] = [];
    if (g !== undefined && g >= range.first && g <= range.last) {
      if (g > range.first) pools.push({ start: formatAddr(range.first, version), end: formatAddr(g - 1n, version) });
      if (g < range.last) pools.push({ start: formatAddr(g + 1n, version), end: formatAddr(range.last, version) });
    } else pools.push({ start: formatAddr(range.first, version), end: formatAddr(range.last, version) });
    return pools;
  }

  private checkPools(pools: AllocationPool[], c: Prefix, range: { first: bigint; last: bigint }, gateway: string | null): AllocationPool[] {
    const sorted = [...pools].sort((a, b) => (addrValue(a.start) < addrValue(b.start) ? -1 : 1));
    let prevEnd: bigint | undefined;
    for (const p of sorted) {
      if (!familyOf(p.start) || !familyOf(p.end)) throw invalidInput(`The allocation pool ${p.start}-${p.end} is not valid`);
      const s = addrValue(p.start);
      const e = addrValue(p.end);
      if (!prefixHas(c, p.start) || !prefixHas(c, p.end) || s < range.first || e > range.last)
        throw fault('BadRequest', 'OutOfBoundsAllocationPool', `The allocation pool ${p.start}-${p.end} spans beyond the subnet cidr ${formatPrefix(c)}.`);
      if (s > e) throw fault('BadRequest', 'InvalidAllocationPool', `The allocation pool ${p.start}-${p.end} is not valid.`);
      if (prevEnd !== undefined && s <= prevEnd) throw fault('BadRequest', 'OverlappingAllocationPools', `Found overlapping allocation pools: ${p.start}-${p.end} and a previous pool for subnet ${formatPrefix(c)}.`);
      if (gateway && addrValue(gateway) >= s && addrValue(gateway) <= e)
        throw gatewayConflictWithAllocationPools(gateway, `${p.start}-${p.end}`);
      prevEnd = e;
    }
    return sorted.map((p) => ({ start: p.start, end: p.end }));
  }

  update(caller: Caller, id: string, patch: Partial<Subnet>): Subnet {
    return this.core.write('subnet.updated', () => {
      const s = this.get(caller, id);
      for (const k of ['cidr', 'ip_version', 'network_id'] as const)
        if (patch[k] !== undefined && patch[k] !== s[k]) throw invalidInput(`Cannot update read-only attribute ${k}`);
      const { id: _i, created_at: _c, updated_at: _u, revision_number: _r, tenant_id: _t, project_id: _p, ...rest } = patch;
      const next = this.core.touch({ ...s, ...rest, id } as Subnet);
      if (rest.allocation_pools) {
        const c = parseNetwork(s.cidr)!;
        next.allocation_pools = this.checkPools(rest.allocation_pools, c, usableRange(c), next.gateway_ip);
      }
      this.core.store.subnets.put(next);
      if (!s.enable_dhcp && next.enable_dhcp) this.dhcp.ensure(next);
      if (s.enable_dhcp && !next.enable_dhcp) this.dhcp.release(next);
      return next;
    }, () => id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('subnet.deleted', () => {
      const s = this.get(caller, id);
      const users = this.core.store.ports
        .where({ network_id: s.network_id })
        .filter((p) => p.device_owner !== 'network:dhcp' && p.fixed_ips.some((f) => f.subnet_id === id));
      if (users.length)
        throw fault('Conflict', 'SubnetInUse', `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`);
      this.dhcp.release(s);
      this.core.store.subnets.delete(id);
      const net = this.networks.find(s.network_id);
      if (net) this.networks.setSubnets(net.id, net.subnets.filter((x) => x !== id));
      this.pools?.refreshNetworkScopes(s.network_id);
    }, () => id);
  }
}
