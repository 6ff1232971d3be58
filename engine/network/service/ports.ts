import { randomBytes } from 'node:crypto';
import { uuid } from '../../core/ids';
import { DEVICE_OWNER, type FixedIp, type Port, type Subnet } from '../types';
import { invalidIpForNetwork } from '../faults';
import { type Caller, fault, invalidInput, type NetworkCore, notFound, visible } from './core';
import type { Ipam } from './ipam';
import { eui64Address, familyOf, parseNetwork, prefixHas } from '../../core/net/ip';
import type { NetworkManager } from './networks';
import type { SecurityGroupManager } from './security-groups';

export type PortInput = Partial<Omit<Port, 'fixed_ips'>> & { network_id: string; fixed_ips?: Partial<FixedIp>[] };

/** Ports: addresses from IPAM, fa:16:3e MACs unique per network, binding to this host, default security group. */
export class PortManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly networks: NetworkManager,
    private readonly ipam: Ipam,
    private readonly groups: SecurityGroupManager,
  ) {}

  /** Set by NetworkService: the QoS policy check, and what may refuse a port's deletion (trunks). */
  ext = { qos: (_c: Caller, _id: string | null | undefined, _previous?: string | null) => {}, beforeDelete: (_portId: string) => {} };

  find(id: string): Port | undefined {
    return this.core.store.ports.get(id);
  }

  get(caller: Caller, id: string): Port {
    const p = this.find(id);
    if (!p || (!caller.isAdmin && p.project_id !== caller.projectId)) throw notFound('PortNotFound', 'Port', id);
    return p;
  }

  list(caller: Caller): Port[] {
    return visible(caller, this.core.store.ports.all());
  }

  newMac(networkId: string): string {
    for (let i = 0; i < 100; i++) {
      const mac = ['fa', '16', '3e', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
      if (this.core.store.ports.count({ network_id: networkId, mac_address: mac }) === 0) return mac;
    }
    throw fault('ServiceUnavailable', 'MacAddressGenerationFailure', `Unable to generate unique mac on network ${networkId}.`);
  }

  /** Creates a port inside the caller's transaction (used by routers, floating IPs and DHCP too). */
  insert(caller: Caller, input: PortInput, opts: { internal?: boolean } = {}): Port {
    const net = this.networks.get(caller, input.network_id);
    if (!opts.internal && !caller.isAdmin && net.project_id !== caller.projectId && !net.shared)
      throw notFound('NetworkNotFound', 'Network', net.id);
    const id = uuid();
    const mac = input.mac_address ?? this.newMac(net.id);
    if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw invalidInput(`'${mac}' is not a valid MAC address`);
    if (this.core.store.ports.count({ network_id: net.id, mac_address: mac.toLowerCase() }) > 0)
      throw fault('Conflict', 'MacAddressInUse', `Unable to complete operation for network ${net.id}. The mac address ${mac} is in use.`);
    const owner = input.device_owner ?? '';
    this.ext.qos(caller, input.qos_policy_id);
    const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
    const isNetworkOwned = owner.startsWith('network:');
    const portSecurity = isNetworkOwned ? false : (input.port_security_enabled ?? net.port_security_enabled);
    let groups = input.security_groups;
    if (groups === undefined) groups = portSecurity ? [this.groups.ensureDefault(projectId).id] : [];
    for (const g of groups) if (!this.groups.find(g)) throw fault('NotFound', 'SecurityGroupNotFound', `Security group ${g} does not exist`);
    if (!portSecurity && groups.length && !isNetworkOwned)
      throw fault('Conflict', 'PortSecurityAndIPRequiredForSecurityGroups', 'Port security must be enabled and port must have an IP address in order to use security groups.');
    const fixed = this.allocate(net.id, id, input.fixed_ips, mac.toLowerCase());
    const host = input['binding:host_id'] ?? (owner ? this.core.config.host : '');
    const port: Port = {
      ...this.core.stamp(),
      id,
      name: input.name ?? '',
      network_id: net.id,
      tenant_id: projectId,
      project_id: projectId,
      mac_address: mac.toLowerCase(),
      admin_state_up: input.admin_state_up ?? true,
      status: isNetworkOwned && owner !== DEVICE_OWNER.floatingIp ? 'ACTIVE' : owner === DEVICE_OWNER.floatingIp ? 'N/A' : 'DOWN',
      device_id: input.device_id ?? '',
      device_owner: owner,
      fixed_ips: fixed,
      security_groups: isNetworkOwned ? [] : groups,
      allowed_address_pairs: input.allowed_address_pairs ?? [],
      port_security_enabled: portSecurity,
      'binding:host_id': host,
      'binding:vif_type': host ? 'ovs' : 'unbound',
      'binding:vnic_type': input['binding:vnic_type'] ?? 'normal',
      'binding:vif_details': host ? { port_filter: true, connectivity: 'l2', ovs_hybrid_plug: false, datapath_type: 'system', bridge_name: 'br-int' } : {},
      'binding:profile': input['binding:profile'] ?? {},
      extra_dhcp_opts: input.extra_dhcp_opts ?? [],
      qos_policy_id: input.qos_policy_id ?? null,
      description: input.description ?? '',
      tags: [],
    };
    this.core.store.ports.insert(port);
    return port;
  }

  /** Addresses for a port: the requested ones, or one from the network's first subnet with room. */
  private allocate(networkId: string, portId: string, requested?: Partial<FixedIp>[], mac?: string): FixedIp[] {
    const subnets = this.core.store.subnets.where({ network_id: networkId });
    const out: FixedIp[] = [];
    if (requested !== undefined) {
      for (const r of requested) {
        let subnet: Subnet | undefined;
        if (r.subnet_id) {
          subnet = subnets.find((s) => s.id === r.subnet_id);
          if (!subnet) throw invalidInput(`Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${r.subnet_id}`);
        } else if (r.ip_address) {
          subnet = subnets.find((s) => familyOf(r.ip_address!) === s.ip_version && this.inSubnet(s, r.ip_address!));
          if (!subnet) throw invalidIpForNetwork(r.ip_address);
        } else throw invalidInput('IP allocation requires subnet_id or ip_address');
        out.push({ subnet_id: subnet.id, ip_address: this.ipam.allocate(subnet, portId, r.ip_address) });
      }
      return out;
    }
    // as Neutron: one address from the first IPv4 subnet with room, one from the first stateful
    // IPv6 subnet with room, and the EUI-64 address on every SLAAC / DHCPv6-stateless subnet
    const slaac = (s: Subnet) => s.ip_version === 6 && (s.ipv6_address_mode === 'slaac' || s.ipv6_address_mode === 'dhcpv6-stateless');
    const firstWithRoom = (candidates: Subnet[]): FixedIp[] => {
      let lastError: unknown;
      for (const s of candidates) {
        try {
          return [{ subnet_id: s.id, ip_address: this.ipam.allocate(s, portId) }];
        } catch (e) {
          lastError = e;
        }
      }
      if (lastError) throw lastError;
      return [];
    };
    const out4 = firstWithRoom(subnets.filter((s) => s.ip_version === 4));
    const out6 = firstWithRoom(subnets.filter((s) => s.ip_version === 6 && !slaac(s)));
    const auto = mac
      ? subnets.filter(slaac).map((s) => ({ subnet_id: s.id, ip_address: this.ipam.allocate(s, portId, eui64Address(parseNetwork(s.cidr)!, mac)) }))
      : [];
    return [...out4, ...out6, ...auto];
  }

  private inSubnet(s: Subnet, ip: string): boolean {
    const c = parseNetwork(s.cidr);
    return !!c && prefixHas(c, ip);
  }

  create(caller: Caller, input: PortInput): Port {
    return this.core.write('port.created', () => this.insert(caller, input), (p) => p.id);
  }

  update(caller: Caller, id: string, patch: PortInput | Partial<Port>): Port {
    return this.core.write('port.updated', () => this.change(caller, id, patch), () => id);
  }

  /** Applies an update inside the caller's transaction. */
  change(caller: Caller, id: string, patch: Partial<PortInput>): Port {
    const p = this.get(caller, id);
    if (patch.network_id !== undefined && patch.network_id !== p.network_id) throw invalidInput('Cannot update read-only attribute network_id');
    this.ext.qos(caller, patch.qos_policy_id, p.qos_policy_id);
    const next: Port = this.core.touch({ ...p });
    for (const k of ['name', 'admin_state_up', 'device_id', 'device_owner', 'description', 'allowed_address_pairs', 'binding:vnic_type', 'binding:profile', 'extra_dhcp_opts', 'qos_policy_id'] as const)
      if (patch[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = patch[k];
    if (patch['binding:host_id'] !== undefined) {
      next['binding:host_id'] = patch['binding:host_id'];
      next['binding:vif_type'] = patch['binding:host_id'] ? 'ovs' : 'unbound';
    }
    if (patch.mac_address !== undefined && patch.mac_address !== p.mac_address) {
      if (this.core.store.ports.count({ network_id: p.network_id, mac_address: patch.mac_address.toLowerCase() }) > 0)
        throw fault('Conflict', 'MacAddressInUse', `Unable to complete operation for network ${p.network_id}. The mac address ${patch.mac_address} is in use.`);
      next.mac_address = patch.mac_address.toLowerCase();
    }
    if (patch.port_security_enabled !== undefined) next.port_security_enabled = patch.port_security_enabled;
    if (patch.security_groups !== undefined) {
      for (const g of patch.security_groups) if (!this.groups.find(g)) throw fault('NotFound', 'SecurityGroupNotFound', `Security group ${g} does not exist`);
      next.security_groups = patch.security_groups;
    }
    if (!next.port_security_enabled && next.security_groups.length)
      throw fault('Conflict', 'PortSecurityPortHasSecurityGroup', 'Port has security group associated. Cannot disable port security or ip address until security group is removed');
    if (patch.fixed_ips !== undefined) {
      this.core.store.releaseIpsOfPort(p.id);
      next.fixed_ips = this.allocate(p.network_id, p.id, patch.fixed_ips);
    }
    this.core.store.ports.put(next);
    return next;
  }

  /** Removes a port and its addresses inside the caller's transaction. */
  remove(id: string): void {
    this.core.store.releaseIpsOfPort(id);
    this.core.store.ports.delete(id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('port.deleted', () => {
      const p = this.get(caller, id);
      if (p.device_owner === DEVICE_OWNER.routerInterface || p.device_owner === DEVICE_OWNER.routerGateway || p.device_owner === DEVICE_OWNER.floatingIp)
        throw fault('Conflict', 'ServicePortInUse', `Port ${id} cannot be deleted directly via the port API: has device owner ${p.device_owner}.`);
      this.ext.beforeDelete(id);
      for (const f of this.core.store.floatingIps.where({ port_id: id }))
        this.core.store.floatingIps.put(this.core.touch({ ...f, port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null }));
      this.remove(id);
    }, () => id);
  }

  // --- DHCP ports (Neutron's DHCP agent creates them; here they come with the subnet) ------------
  ensureDhcp(subnet: Subnet): void {
    const existing = this.core.store.ports.where({ network_id: subnet.network_id, device_owner: DEVICE_OWNER.dhcp })[0];
    const caller: Caller = { projectId: subnet.project_id, isAdmin: true };
    if (!existing) {
      this.insert(
        caller,
        { network_id: subnet.network_id, device_owner: DEVICE_OWNER.dhcp, device_id: `dhcp${hostHash(this.core.config.host)}-${subnet.network_id}`, fixed_ips: [{ subnet_id: subnet.id }], project_id: this.networks.find(subnet.network_id)?.project_id },
        { internal: true },
      );
      return;
    }
    if (existing.fixed_ips.some((f) => f.subnet_id === subnet.id)) return;
    const ip = this.ipam.allocate(subnet, existing.id);
    this.core.store.ports.put(this.core.touch({ ...existing, fixed_ips: [...existing.fixed_ips, { subnet_id: subnet.id, ip_address: ip }] }));
  }

  releaseDhcp(subnet: Subnet): void {
    const port = this.core.store.ports.where({ network_id: subnet.network_id, device_owner: DEVICE_OWNER.dhcp })[0];
    if (!port) return;
    const rest = port.fixed_ips.filter((f) => f.subnet_id !== subnet.id);
    for (const f of port.fixed_ips) if (f.subnet_id === subnet.id) this.core.store.releaseIp(f.subnet_id, f.ip_address);
    if (rest.length === 0) this.remove(port.id);
    else this.core.store.ports.put(this.core.touch({ ...port, fixed_ips: rest }));
  }
}

/** A stable per-host token for DHCP port device ids (Neutron uses a uuid5 of the host name). */
function hostHash(host: string): string {
  let h = 0;
  for (const ch of host) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0');
}
