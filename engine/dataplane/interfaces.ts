/**
 * Building blocks shared by the namespaces: the loopback, addresses as `ip addr` lists them
 * (with the IPv4 broadcast and the MAC-derived IPv6 link-local), and connected routes.
 */
import type { FixedIp } from '../network/types';
import { addressOf, broadcastOf, cidrContains, familyOf, formatPrefix, linkLocalOf, parsePrefix } from '../core/net/ip';
import type { SubnetFacts } from './snapshot-index';
import type { IfAddress, Interface, Route } from './types';

export function loopback(): Interface {
  return {
    name: 'lo',
    ifindex: 1,
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    state: 'UNKNOWN',
    kind: 'loopback',
    addresses: [
      { cidr: '127.0.0.1/8', family: 4, scope: 'host' },
      { cidr: '::1/128', family: 6, scope: 'host' },
    ],
  };
}

/** A global address; IPv4 ones carry their broadcast address, as the agents add them. */
export function globalAddress(cidr: string): IfAddress {
  const family = familyOf(addressOf(cidr)) ?? 4;
  const brd = family === 4 ? broadcastOf(cidr) : undefined;
  return brd ? { cidr, family, scope: 'global', brd } : { cidr, family, scope: 'global' };
}

export const linkLocal = (mac: string): IfAddress => ({ cidr: linkLocalOf(mac), family: 6, scope: 'link' });

/** A port's fixed IPs as global addresses with their subnets' prefix (10.5.5.2/24 brd 10.5.5.255). */
export function fixedAddresses(fixedIps: FixedIp[], facts: Map<string, SubnetFacts>): IfAddress[] {
  const out: IfAddress[] = [];
  for (const f of fixedIps) {
    const s = facts.get(f.subnet_id);
    if (!s) continue;
    const cidr = `${f.ip_address}/${s.len}`;
    out.push(s.brd ? { cidr, family: s.family, scope: 'global', brd: s.brd } : { cidr, family: s.family, scope: 'global' });
  }
  return out;
}

/** The connected routes of a port's fixed IPs on `dev` (one per subnet, the first IP as src). */
export function fixedRoutes(dev: string, fixedIps: FixedIp[], facts: Map<string, SubnetFacts>): Route[] {
  const out: Route[] = [];
  for (const f of fixedIps) {
    const s = facts.get(f.subnet_id);
    if (!s || s.len === (s.family === 4 ? 32 : 128) || out.some((r) => r.destination === s.network)) continue;
    out.push({ destination: s.network, dev, proto: 'kernel', scope: 'link', src: f.ip_address });
  }
  return out;
}

/** `10.5.5.0/24 dev qr-… proto kernel scope link src 10.5.5.1` for each global address (one per prefix). */
export function connectedRoutes(iface: Interface): Route[] {
  const out: Route[] = [];
  const seen = new Set<string>();
  for (const a of iface.addresses) {
    if (a.scope !== 'global') continue;
    const p = parsePrefix(a.cidr);
    if (!p || p.len === (p.family === 4 ? 32 : 128)) continue;
    const destination = formatPrefix(p);
    if (seen.has(destination)) continue;
    seen.add(destination);
    out.push({ destination, dev: iface.name, proto: 'kernel', scope: 'link', src: addressOf(a.cidr) });
  }
  return out;
}

/** The interface whose connected prefix holds `ip` (for a gateway or an extra route's next hop). */
export function onLinkDevice(interfaces: Interface[], ip: string): Interface | undefined {
  return interfaces.find((i) => connectedRoutes(i).some((r) => cidrContains(r.destination, ip)));
}
