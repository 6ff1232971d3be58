/**
 * Address arithmetic for the dataplane: IPv4/IPv6 addresses as bigints, prefixes, containment,
 * broadcast addresses and EUI-64 link-local addresses. Pure and dependency-free.
 */
import { isIPv6 } from 'node:net';

export type Family = 4 | 6;

export interface Addr {
  family: Family;
  value: bigint;
}

export interface Prefix {
  family: Family;
  /** Network address (host bits cleared). */
  base: bigint;
  len: number;
}

const bitsOf = (f: Family): number => (f === 4 ? 32 : 128);

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number (the fast path: no bigint). */
export function v4Number(ip: string): number | undefined {
  const m = V4.exec(ip);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  const d = Number(m[4]);
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

const v4Mask = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

export function parseAddr(ip: string): Addr | undefined {
  const n = v4Number(ip);
  if (n !== undefined) return { family: 4, value: BigInt(n) };
  if (!isIPv6(ip)) return undefined;
  let s = ip.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseAddr(v4[1])?.value ?? 0n;
    s = s.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail !== undefined ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return { family: 6, value: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n) };
}

export function formatAddr(value: bigint, family: Family): string {
  if (family === 4) {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function mask(len: number, family: Family): bigint {
  const bits = bitsOf(family);
  return len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
}

/** Parses `a.b.c.d/n`, `x::y/n`, a bare address (a host prefix) or `default` (0.0.0.0/0). */
export function parsePrefix(cidr: string): Prefix | undefined {
  if (cidr === 'default') return { family: 4, base: 0n, len: 0 };
  const [ip, lenText] = cidr.trim().split('/');
  const n = v4Number(ip);
  if (n !== undefined) {
    const len = lenText === undefined ? 32 : Number(lenText);
    if (!Number.isInteger(len) || len < 0 || len > 32) return undefined;
    return { family: 4, base: BigInt((n & v4Mask(len)) >>> 0), len };
  }
  const a = parseAddr(ip);
  if (!a) return undefined;
  const len = lenText === undefined ? bitsOf(a.family) : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bitsOf(a.family)) return undefined;
  return { family: a.family, base: a.value & mask(len, a.family), len };
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddr(p.base, p.family)}/${p.len}`;
}

export function prefixContains(p: Prefix, a: Addr): boolean {
  return p.family === a.family && (a.value & mask(p.len, p.family)) === p.base;
}

/** Whether `ip` lies in `cidr` (false when either does not parse). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [net, lenText] = cidr.split('/');
  const n = v4Number(net);
  const a4 = v4Number(ip);
  if (n !== undefined && a4 !== undefined) {
    const len = lenText === undefined ? 32 : Number(lenText);
    const m = v4Mask(len);
    return Number.isInteger(len) && len >= 0 && len <= 32 && ((n & m) >>> 0) === ((a4 & m) >>> 0);
  }
  const p = parsePrefix(cidr);
  const a = parseAddr(ip);
  return !!p && !!a && prefixContains(p, a);
}

export function familyOf(ip: string): Family | undefined {
  if (v4Number(ip) !== undefined) return 4;
  return isIPv6(ip) ? 6 : undefined;
}

export function prefixLength(cidr: string): number {
  return parsePrefix(cidr)?.len ?? 32;
}

/** The address part of `10.5.5.2/24`. */
export const addressOf = (cidr: string): string => cidr.split('/')[0];

/** IPv4 broadcast of an address with its prefix (undefined for IPv6 and /31, /32). */
export function broadcastOf(cidr: string): string | undefined {
  const [ip, lenText] = cidr.split('/');
  const n = v4Number(ip);
  const len = Number(lenText ?? 32);
  if (n === undefined || !Number.isInteger(len) || len >= 31 || len < 0) return undefined;
  return formatAddr(BigInt((n | ~v4Mask(len)) >>> 0), 4);
}

/** The fe80::/64 address the kernel derives from a MAC (modified EUI-64), as `ip a` shows it. */
export function linkLocalOf(mac: string): string {
  const byte = (i: number): number => parseInt(mac.slice(i * 3, i * 3 + 2), 16);
  const groups = [((byte(0) ^ 0x02) << 8) | byte(1), (byte(2) << 8) | 0xff, 0xfe00 | byte(3), (byte(4) << 8) | byte(5)];
  // fe80:0:0:0 is always the longest zero run, so the interface id follows "fe80::" directly
  return `fe80::${groups[0].toString(16)}:${groups[1].toString(16)}:${groups[2].toString(16)}:${groups[3].toString(16)}/64`;
}

/** Orders addresses numerically (IPv4 before IPv6); unparsable strings last, by text. */
export function compareAddr(x: string, y: string): number {
  const a = parsePrefix(x);
  const b = parsePrefix(y);
  if (!a || !b) return a ? -1 : b ? 1 : x < y ? -1 : x > y ? 1 : 0;
  if (a.family !== b.family) return a.family - b.family;
  return a.base < b.base ? -1 : a.base > b.base ? 1 : a.len - b.len;
}

// --- pools and ranges (Neutron's IPAM) -------------------------------------------------------

export const bitsOfFamily = bitsOf;

/** The last address of a prefix (its broadcast address for IPv4). */
export function lastAddress(p: Prefix): bigint {
  return p.base + (1n << BigInt(bitsOf(p.family) - p.len)) - 1n;
}

export function prefixOverlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** The addresses a subnet may hand out: all but network and broadcast (IPv4), all but the subnet-router anycast (IPv6). */
export function usableRange(p: Prefix): { first: bigint; last: bigint } {
  if (p.family === 4 && p.len >= 31) return { first: p.base, last: lastAddress(p) };
  return { first: p.base + 1n, last: p.family === 4 ? lastAddress(p) - 1n : lastAddress(p) };
}

/** The numeric value of an address (throws when it does not parse: callers validate first). */
export function addrValue(ip: string): bigint {
  const a = parseAddr(ip);
  if (!a) throw new Error(`not an IP address: ${ip}`);
  return a.value;
}

// --- IPv4 shorthands for the host and its shell ------------------------------------------------

export function isIpv4(s: string): boolean {
  return v4Number(s) !== undefined;
}

/** The network of an address with its prefix: 10.5.5.2/24 → 10.5.5.0/24. */
export function networkOf(cidr: string): string {
  const p = parsePrefix(cidr);
  return p ? formatPrefix(p) : cidr;
}

/** Whether `ip` lies in `cidr`; 'default' holds every address. */
export function inCidr(ip: string, cidr: string): boolean {
  return cidr === 'default' || cidrContains(cidr, ip);
}

/** The prefix length of a CIDR; 'default' is 0. */
export const prefixOf = (cidr: string): number => (cidr === 'default' ? 0 : prefixLength(cidr));

/** Parses a network written `address/length` (the length is required), e.g. a subnet's cidr. */
export function parseNetwork(cidr: string): Prefix | undefined {
  return /^[^/\s]+\/\d{1,3}$/.test(cidr.trim()) ? parsePrefix(cidr) : undefined;
}

/** Whether `ip` lies in the prefix. */
export function prefixHas(p: Prefix, ip: string): boolean {
  const a = parseAddr(ip);
  return !!a && prefixContains(p, a);
}

/** The SLAAC address a host with `mac` takes in a /64 (modified EUI-64), as Neutron assigns it. */
export function eui64Address(p: Prefix, mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const iid = [b[0] ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]].reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
  return formatAddr(p.base | iid, 6);
}
