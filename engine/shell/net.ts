/** Lookups over a namespace's realized state that several commands share (ip, ping). */
import type { Interface, Namespace, Route } from '../dataplane/types';
import { addressOf, inCidr, isIpv4, prefixOf } from '../core/net/ip';

/** The IPv4 addresses configured in a namespace (without prefix), loopback included. */
export function localAddresses(ns: Namespace): { ip: string; iface: Interface }[] {
  return ns.interfaces.flatMap((iface) => iface.addresses.filter((a) => a.family === 4).map((a) => ({ ip: addressOf(a.cidr), iface })));
}

export function isLocal(ns: Namespace, ip: string): Interface | undefined {
  if (isIpv4(ip) && inCidr(ip, '127.0.0.0/8')) return ns.interfaces.find((i) => i.kind === 'loopback');
  return localAddresses(ns).find((a) => a.ip === ip)?.iface;
}

/** The route the kernel would pick for `ip` (longest prefix), with the source address it implies. */
export function routeLookup(ns: Namespace, ip: string): { route: Route; src?: string } | undefined {
  let best: Route | undefined;
  for (const r of ns.routes) {
    if (r.destination !== 'default' && !r.destination.includes('.')) continue;
    if (!inCidr(ip, r.destination)) continue;
    if (!best || prefixOf(r.destination) > prefixOf(best.destination)) best = r;
  }
  if (!best) return undefined;
  return { route: best, src: best.src ?? sourceFor(ns, best.dev, best.via ?? ip) };
}

/** The primary address of `dev` in the same network as `towards`, else its first address. */
function sourceFor(ns: Namespace, dev: string, towards: string): string | undefined {
  const iface = ns.interfaces.find((i) => i.name === dev);
  const v4 = iface?.addresses.filter((a) => a.family === 4) ?? [];
  const pick = v4.find((a) => inCidr(towards, a.cidr)) ?? v4[0];
  return pick ? addressOf(pick.cidr) : undefined;
}

/** The EUI-64 link-local address the kernel derives from a MAC (fe80::f816:3eff:fecd:fcbe/64). */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const bytes = [b[0] ^ 2, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return `fe80::${groups.join(':')}/64`;
}
