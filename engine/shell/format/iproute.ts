/**
 * iproute2's text output (`ip addr`, `ip link`, `ip route`, `ip neigh`) for realized interfaces,
 * routes and neighbour entries, laid out as iproute2 6.x prints them (trailing blanks included).
 */
import type { IfAddress, Interface, NeighbourEntry, Route } from '../../dataplane/types';
import { inCidr } from '../../core/net/ip';
import { linkLocalOf } from '../net';

function flags(i: Interface): string {
  const up = i.state !== 'DOWN';
  if (i.kind === 'loopback') return up ? '<LOOPBACK,UP,LOWER_UP>' : '<LOOPBACK>';
  return up ? '<BROADCAST,MULTICAST,UP,LOWER_UP>' : '<BROADCAST,MULTICAST>';
}

function qdisc(i: Interface): string {
  if (i.state === 'DOWN') return 'noop';
  return i.kind === 'ether' ? 'fq_codel' : 'noqueue';
}

/** Enslaved to OVS: physical NICs, instance taps and veth ends on a bridge (not OVS internal ports). */
const master = (i: Interface): string => (i.ovsBridge && (i.kind === 'ether' || i.kind === 'veth') ? ' master ovs-system' : '');

function header(i: Interface, link: boolean): string {
  return `${i.ifindex}: ${i.name}: ${flags(i)} mtu ${i.mtu} qdisc ${qdisc(i)}${master(i)} state ${i.state}${link ? ' mode DEFAULT' : ''} group default qlen 1000`;
}

function linkLine(i: Interface): string {
  return i.kind === 'loopback' ? '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00' : `    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff`;
}

/** The addresses `ip addr` shows: configured ones plus the kernel's own (::1, fe80::/64 from the MAC). */
export function shownAddresses(i: Interface): IfAddress[] {
  const list = [...i.addresses];
  const has6 = (pred: (a: IfAddress) => boolean) => list.some((a) => a.family === 6 && pred(a));
  if (i.kind === 'loopback' && i.state !== 'DOWN' && !has6((a) => a.cidr.startsWith('::1'))) list.push({ cidr: '::1/128', family: 6, scope: 'host' });
  if (i.kind !== 'loopback' && i.kind !== 'bridge' && i.state !== 'DOWN' && !has6((a) => a.scope === 'link')) list.push({ cidr: linkLocalOf(i.mac), family: 6, scope: 'link' });
  // iproute2 lists IPv4 before IPv6
  return [...list.filter((a) => a.family === 4), ...list.filter((a) => a.family === 6)];
}

export type Family = 4 | 6 | undefined;

function addressLines(i: Interface, family: Family): string[] {
  const out: string[] = [];
  const seen: string[] = [];
  for (const a of shownAddresses(i)) {
    if (family && a.family !== family) continue;
    if (a.family === 4) {
      const secondary = seen.some((c) => c.split('/')[1] === a.cidr.split('/')[1] && inCidr(a.cidr.split('/')[0], c));
      seen.push(a.cidr);
      const label = a.scope === 'host' && i.kind === 'loopback' ? 'lo' : i.name;
      out.push(`    inet ${a.cidr}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope}${secondary ? ' secondary' : ''} ${label}`);
    } else {
      out.push(`    inet6 ${a.cidr} scope ${a.scope} `);
    }
    out.push('       valid_lft forever preferred_lft forever');
  }
  return out;
}

/** `ip addr show` for some interfaces. */
export function formatAddr(ifaces: Interface[], family?: Family): string {
  const lines: string[] = [];
  for (const i of ifaces) {
    const addrs = addressLines(i, family);
    if (family && addrs.length === 0) continue;
    lines.push(header(i, false));
    if (!family) lines.push(linkLine(i));
    lines.push(...addrs);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `ip link show`. */
export function formatLink(ifaces: Interface[]): string {
  return ifaces.map((i) => `${header(i, true)}\n${linkLine(i)}\n`).join('');
}

/** `ip -br addr` / `ip -br link`. */
export function formatBrief(ifaces: Interface[], what: 'addr' | 'link', family?: Family): string {
  return ifaces
    .map((i) => {
      const name = i.name.padEnd(16);
      const state = i.state.padEnd(14);
      if (what === 'link') return `${name} ${state} ${i.kind === 'loopback' ? '00:00:00:00:00:00' : i.mac} ${flags(i)} \n`;
      const addrs = shownAddresses(i)
        .filter((a) => !family || a.family === family)
        .map((a) => `${a.cidr} `)
        .join('');
      return `${name} ${state} ${addrs}\n`;
    })
    .join('');
}

/** One `ip route` line. */
export function formatRoute(r: Route): string {
  const parts = [r.destination];
  if (r.via) parts.push(`via ${r.via}`);
  parts.push(`dev ${r.dev}`);
  if (r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope) parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  return `${parts.join(' ')} \n`;
}

/** One `ip neigh` line. */
export function formatNeighbour(e: NeighbourEntry): string {
  const resolved = e.mac !== null && e.state !== 'INCOMPLETE' && e.state !== 'FAILED';
  return `${e.ip} dev ${e.dev}${resolved ? ` lladdr ${e.mac}` : ''} ${e.state}\n`;
}
