/**
 * Route selection as the kernel does it (longest prefix wins; local addresses first), and routes
 * printed the way `ip route` prints them.
 */
import { addressOf, familyOf, parseAddr, parsePrefix, prefixContains } from '../core/net/ip';
import type { Interface, Route } from './types';

export function formatRoute(r: Route): string {
  const parts = [r.destination];
  if (r.via) parts.push('via', r.via);
  parts.push('dev', r.dev);
  if (r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope) parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  return parts.join(' ');
}

/** The longest-prefix route to `dst`, optionally only through `dev` (ping -I dev). */
export function lookupRoute(routes: Route[], dst: string, dev?: string): Route | undefined {
  const a = parseAddr(dst);
  if (!a) return undefined;
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of routes) {
    if (dev && r.dev !== dev) continue;
    const p = r.destination === 'default' ? (a.family === 4 ? parsePrefix('0.0.0.0/0') : parsePrefix('::/0')) : parsePrefix(r.destination);
    if (!p || !prefixContains(p, a) || p.len <= bestLen) continue;
    best = r;
    bestLen = p.len;
  }
  return best;
}

/** The interface that owns `ip` as a local address (loopback covers 127.0.0.0/8 and ::1). */
export function localOwner(interfaces: Interface[], ip: string): Interface | undefined {
  const family = familyOf(ip);
  if (!family) return undefined;
  const lo = interfaces.find((i) => i.kind === 'loopback');
  if (lo && family === 4 && ip.startsWith('127.')) return lo;
  return interfaces.find((i) => i.addresses.some((x) => addressOf(x.cidr) === ip));
}

/** The address a packet from this interface carries: the route's src, else the first global one. */
export function sourceAddress(iface: Interface | undefined, route: Route | undefined, family: 4 | 6): string | undefined {
  if (route?.src && familyOf(route.src) === family) return route.src;
  const a = iface?.addresses.find((x) => x.family === family && x.scope === 'global');
  return a ? addressOf(a.cidr) : undefined;
}
