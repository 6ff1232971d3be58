/**
 * The guest side of each compute port (what the walker needs to start from or reach an
 * instance): its MAC and fixed IPs on eth0, and the routes DHCP would give it — connected,
 * default via the subnet gateway, the subnet's host routes.
 */
import type { Port } from '../network/types';
import { cidrContains } from '../core/net/ip';
import type { InstancePort } from './extra-types';
import { fixedAddresses, fixedRoutes, linkLocal } from './interfaces';
import { DEAD_VLAN, qvoName } from './names';
import { isStateful } from './security-filters';
import { deadReason, type SnapshotIndex } from './snapshot-index';
import type { Route } from './types';

/** The guest's NIC, as an instance port's pseudo-interface. */
export const GUEST_DEV = 'eth0';

function guestRoutes(ix: SnapshotIndex, port: Port): Route[] {
  const subnets = port.fixed_ips.map((f) => ix.subnets.get(f.subnet_id)).filter((s) => s !== undefined);
  const routes: Route[] = [];
  const gw = subnets.find((s) => s.ip_version === 4 && s.gateway_ip && cidrContains(s.cidr, s.gateway_ip))?.gateway_ip;
  if (gw) routes.push({ destination: 'default', via: gw, dev: GUEST_DEV, proto: 'boot' });
  routes.push(...fixedRoutes(GUEST_DEV, port.fixed_ips, ix.subnetFacts));
  for (const s of subnets)
    for (const h of s.host_routes) routes.push({ destination: h.destination, via: h.nexthop, dev: GUEST_DEV, proto: 'boot' });
  return routes;
}

export function buildInstancePorts(ix: SnapshotIndex, tags: Record<string, number>): InstancePort[] {
  const statefulByGroup = new Map(ix.snapshot.securityGroups.map((g) => [g.id, g.stateful]));
  return ix.computePorts.map((p): InstancePort => {
    const mtu = ix.networks.get(p.network_id)?.mtu ?? 1500;
    const addresses = [...fixedAddresses(p.fixed_ips, ix.subnetFacts), linkLocal(p.mac_address)];
    const dead = deadReason(ix, p);
    return {
      portId: p.id,
      networkId: p.network_id,
      ovsPort: qvoName(p.id),
      tag: dead ? DEAD_VLAN : tags[p.network_id],
      mac: p.mac_address,
      mtu,
      addresses,
      routes: guestRoutes(ix, p),
      stateful: isStateful(statefulByGroup, p),
      ...(dead ? { deadReason: dead } : {}),
    };
  });
}
