import { ServiceError } from '../../core/errors';
import { familyOf, inCidr } from '../../core/net/ip';
import type { GuestNic } from '../../guest/types';
import type { NetworkService } from '../../network/service';
import type { Caller } from '../../network/service/core';
import type { Network, Port } from '../../network/types';
import type { RequestedNetwork } from '../store/server-store';
import type { ServerRecord } from '../types';

/** One address as Nova's addresses view shows it. */
export interface ServerAddress {
  version: 4 | 6;
  addr: string;
  'OS-EXT-IPS:type': 'fixed' | 'floating';
  'OS-EXT-IPS-MAC:mac_addr': string;
}

const admin = (projectId: string): Caller => ({ projectId, isAdmin: true });

/**
 * What Nova asks Neutron for its servers: which networks a create may use, the ports it creates,
 * binds and activates on the chosen host, their removal on delete, the guest's NICs and the
 * addresses view (fixed, plus floating IPs associated with the ports).
 */
export class ServerPorts {
  constructor(private readonly network: NetworkService) {}

  /**
   * Checks the requested networks at create (400/409 as Nova) and returns the list to build with:
   * `none` → no NIC; absent/`auto` → the one network the project may use (409 when several).
   */
  resolve(caller: Caller, requested: RequestedNetwork[] | 'auto' | 'none' | undefined, count: number): RequestedNetwork[] {
    if (requested === 'none') return [];
    if (requested === undefined || requested === 'auto') {
      const nets = this.available(caller);
      if (nets.length === 0) {
        if (requested === 'auto') throw new ServiceError('BadRequest', 'Unable to automatically allocate a network for project ' + caller.projectId);
        return [];
      }
      if (nets.length > 1) throw new ServiceError('Conflict', 'Multiple possible networks found, use a Network ID to be more specific.');
      this.requireSubnet(nets[0]);
      return [{ uuid: nets[0].id }];
    }
    const seenPorts = new Set<string>();
    for (const r of requested) {
      if (r.port) {
        const p = this.network.ports.find(r.port);
        if (!p || (!caller.isAdmin && p.project_id !== caller.projectId)) throw new ServiceError('BadRequest', `Port id ${r.port} could not be found.`);
        if (p.device_id || seenPorts.has(p.id)) throw new ServiceError('Conflict', `Port ${r.port} is still in use.`);
        if (count > 1) throw new ServiceError('BadRequest', 'Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.');
        seenPorts.add(p.id);
        continue;
      }
      if (!r.uuid) throw new ServiceError('BadRequest', 'Bad networks format: network uuid is not in proper format ()');
      const n = this.network.networks.find(r.uuid);
      if (!n || !this.usable(caller, n)) throw new ServiceError('BadRequest', `Network ${r.uuid} could not be found.`);
      this.requireSubnet(n);
      if (r.fixed_ip) {
        if (count > 1) throw new ServiceError('BadRequest', 'max_count cannot be greater than 1 if an fixed_ip is specified.');
        const subnets = this.network.core.store.subnets.where({ network_id: n.id });
        if (!subnets.some((s) => s.ip_version === familyOf(r.fixed_ip!) && inCidr(r.fixed_ip!, s.cidr)))
          throw new ServiceError('BadRequest', `Fixed IP address ${r.fixed_ip} is invalid.`);
        if (this.network.core.store.ports.where({ network_id: n.id }).some((p) => p.fixed_ips.some((f) => f.ip_address === r.fixed_ip)))
          throw new ServiceError('BadRequest', `Fixed IP address ${r.fixed_ip} is already in use on instance .`);
      }
    }
    return requested;
  }

  /** Networks a project boots on without naming one: its own and shared ones (not external ones). */
  private available(caller: Caller): Network[] {
    return this.network.networks.list({ projectId: caller.projectId, isAdmin: false }).filter((n) => n.project_id === caller.projectId || n.shared);
  }

  private usable(caller: Caller, n: Network): boolean {
    return caller.isAdmin || n.project_id === caller.projectId || n.shared || this.network.networks.canSee(caller, n);
  }

  private requireSubnet(n: Network): void {
    if (this.network.core.store.subnets.count({ network_id: n.id }) === 0) throw new ServiceError('BadRequest', `Network ${n.id} requires a subnet in order to boot instances on.`);
  }

  /** Security groups by name or id among the project's groups (`default` is made when missing). */
  securityGroupIds(projectId: string, names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      if (name === 'default') {
        out.push(this.network.securityGroups.ensureDefault(projectId).id);
        continue;
      }
      const byId = this.network.securityGroups.find(name);
      if (byId && byId.project_id === projectId) {
        out.push(byId.id);
        continue;
      }
      const matches = this.network.securityGroups.list({ projectId, isAdmin: false }).filter((g) => g.name === name && g.project_id === projectId);
      if (matches.length === 0) throw new ServiceError('BadRequest', `Security group ${name} not found.`);
      if (matches.length > 1) throw new ServiceError('Conflict', `Multiple security groups found matching '${name}'. Use an ID to be more specific.`);
      out.push(matches[0].id);
    }
    return [...new Set(out)];
  }

  /**
   * Creates (or takes) the server's ports, bound to `host` for device `compute:<zone>`. Returns the
   * ports the server now has and the ones Nova created (deleted with the server).
   */
  allocate(server: ServerRecord, requested: RequestedNetwork[], securityGroupIds: string[], host: string, zone: string): { portIds: string[]; created: string[] } {
    const portIds: string[] = [];
    const created: string[] = [];
    const caller = admin(server.project_id);
    const owner = `compute:${zone}`;
    try {
      for (const r of requested) {
        if (r.port) {
          this.network.ports.update(caller, r.port, { device_id: server.id, device_owner: owner, 'binding:host_id': host });
          portIds.push(r.port);
        } else {
          const p = this.network.ports.create(caller, {
            network_id: r.uuid!,
            project_id: server.project_id,
            device_id: server.id,
            device_owner: owner,
            'binding:host_id': host,
            ...(securityGroupIds.length ? { security_groups: securityGroupIds } : {}),
            ...(r.fixed_ip ? { fixed_ips: [{ ip_address: r.fixed_ip }] } : {}),
          });
          portIds.push(p.id);
          created.push(p.id);
        }
      }
    } catch (e) {
      this.release(server.project_id, portIds, created);
      throw e;
    }
    return { portIds, created };
  }

  /** The OVS agent has wired the ports: Neutron marks them ACTIVE (network-vif-plugged). */
  activate(portIds: string[]): void {
    this.setStatus(portIds, 'ACTIVE');
  }

  private setStatus(portIds: string[], status: Port['status']): void {
    if (portIds.length === 0) return;
    const core = this.network.core;
    core.write('port.updated', () => {
      for (const id of portIds) {
        const p = core.store.ports.get(id);
        if (p && p.status !== status) core.store.ports.put(core.touch({ ...p, status }));
      }
    });
  }

  /** Rebinds the ports to another host (resize to another host, reschedule). */
  rebind(portIds: string[], host: string): void {
    for (const id of portIds) if (this.network.ports.find(id)) this.network.ports.update(admin(''), id, { 'binding:host_id': host });
  }

  /** Deletes the ports Nova created and unbinds the ones the user gave. */
  release(projectId: string, portIds: string[], created: string[]): void {
    const caller = admin(projectId);
    for (const id of portIds) {
      if (!this.network.ports.find(id)) continue;
      if (created.includes(id)) this.network.ports.delete(caller, id);
      else {
        this.network.ports.update(caller, id, { device_id: '', device_owner: '', 'binding:host_id': '' });
        this.setStatus([id], 'DOWN');
      }
    }
  }

  /** The guest's NICs from its ports: MAC, first IPv4 address with prefix, gateway, MTU, DHCP. */
  nics(server: ServerRecord): GuestNic[] {
    const out: GuestNic[] = [];
    for (const id of server.port_ids) {
      const p = this.network.ports.find(id);
      if (!p) continue;
      const net = this.network.networks.find(p.network_id);
      const v4 = p.fixed_ips.map((f) => ({ f, s: this.network.subnets.find(f.subnet_id) })).find((x) => x.s?.ip_version === 4);
      out.push({
        portId: p.id,
        networkId: p.network_id,
        mac: p.mac_address,
        ...(v4?.s ? { ip: v4.f.ip_address, prefixLen: Number(v4.s.cidr.split('/')[1]), ...(v4.s.gateway_ip ? { gateway: v4.s.gateway_ip } : {}) } : {}),
        mtu: net?.mtu ?? 1500,
        dhcp: v4?.s?.enable_dhcp ?? false,
      });
    }
    return out;
  }

  /** `addresses`: per network name, the fixed addresses then the floating ones of each port. */
  addresses(server: ServerRecord): Record<string, ServerAddress[]> {
    const out: Record<string, ServerAddress[]> = {};
    const fips = this.network.core.store.floatingIps.all();
    for (const id of server.port_ids) {
      const p = this.network.ports.find(id);
      if (!p) continue;
      const label = this.network.networks.find(p.network_id)?.name ?? p.network_id;
      const list = (out[label] ??= []);
      for (const f of p.fixed_ips) {
        list.push({ version: familyOf(f.ip_address) === 6 ? 6 : 4, addr: f.ip_address, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': p.mac_address });
        for (const fip of fips)
          if (fip.port_id === p.id && (fip.fixed_ip_address === f.ip_address || !fip.fixed_ip_address))
            list.push({ version: 4, addr: fip.floating_ip_address, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': p.mac_address });
      }
    }
    return out;
  }

  /** Ports of the server as Neutron has them now (os-interface). */
  ports(server: ServerRecord): Port[] {
    return server.port_ids.map((id) => this.network.ports.find(id)).filter((p): p is Port => !!p);
  }

  /** Neutron's security groups of the server's ports, by name (the server's security_groups). */
  groupNames(server: ServerRecord): string[] {
    const ids = new Set<string>();
    for (const p of this.ports(server)) for (const g of p.security_groups) ids.add(g);
    if (server.port_ids.length === 0) for (const g of server.security_groups) ids.add(g);
    return [...ids].map((id) => this.network.securityGroups.find(id)?.name ?? id);
  }
}
