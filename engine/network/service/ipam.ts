import type { Subnet } from '../types';
import { invalidIpForSubnet, ipAddressAlreadyAllocated } from '../faults';
import { fault, type NetworkCore } from './core';
import { addrValue, formatAddr, parseNetwork, prefixHas, usableRange } from '../../core/net/ip';

/**
 * Neutron's IP address management on one subnet: addresses come from the allocation pools,
 * lowest free first; a requested address must lie in the subnet and be free. Every
 * allocation is a row with a (subnet, address) primary key, inside the caller's transaction,
 * so no address can ever be handed out twice.
 */
export class Ipam {
  constructor(private readonly core: NetworkCore) {}

  allocate(subnet: Subnet, portId: string, requested?: string): string {
    const s = this.core.store;
    if (requested !== undefined) {
      const c = parseNetwork(subnet.cidr)!;
      if (!prefixHas(c, requested)) throw invalidIpForSubnet(requested);
      const n = addrValue(requested);
      if (c.family === 4 && c.len < 31 && (n === c.base || n === usableRange(c).last + 1n))
        throw invalidIpForSubnet(requested);
      if (s.isAllocated(subnet.id, requested))
        throw ipAddressAlreadyAllocated(requested, subnet.id);
      s.allocateIp(subnet.id, requested, portId, subnet.network_id);
      return requested;
    }
    const used = s.allocatedIps(subnet.id);
    const version = subnet.ip_version;
    for (const pool of subnet.allocation_pools) {
      for (let n = addrValue(pool.start), end = addrValue(pool.end); n <= end; n++) {
        const ip = formatAddr(n, version);
        if (used.has(ip) || ip === subnet.gateway_ip) continue;
        s.allocateIp(subnet.id, ip, portId, subnet.network_id);
        return ip;
      }
    }
    throw fault('Conflict', 'IpAddressGenerationFailure', `No more IP addresses available on network ${subnet.network_id}.`);
  }

  /** Addresses in the pools, and how many are used (for network-ip-availabilities). */
  usage(subnet: Subnet): { total: number; used: number } {
    let total = 0n;
    for (const p of subnet.allocation_pools) total += addrValue(p.end) - addrValue(p.start) + 1n;
    return { total: Number(total), used: this.core.store.countAllocated(subnet.id) };
  }
}
