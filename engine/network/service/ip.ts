import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 and IPv6 addresses as bigints, for CIDR math and pool arithmetic. */
export interface Cidr {
  version: 4 | 6;
  /** Network address. */
  base: bigint;
  prefix: number;
  bits: number;
}

export function ipVersion(ip: string): 4 | 6 | undefined {
  return isIPv4(ip) ? 4 : isIPv6(ip) ? 6 : undefined;
}

export function ipToBig(ip: string): bigint {
  if (isIPv4(ip)) return ip.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n);
  if (!isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  let s = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = ipToBig(v4[1]);
    s = s.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

export function bigToIp(n: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups, as RFC 5952 says
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses a CIDR; the host bits must be zero when `strict` (Neutron normalizes them otherwise). */
export function parseCidr(cidr: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) return undefined;
  const version = ipVersion(m[1]);
  if (!version) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { version, base: ipToBig(m[1]) & mask, prefix, bits };
}

export function cidrString(c: Cidr): string {
  return `${bigToIp(c.base, c.version as 4 | 6)}/${c.prefix}`;
}

export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(c.bits - c.prefix);
}

export function lastAddress(c: Cidr): bigint {
  return c.base + cidrSize(c) - 1n;
}

export function contains(c: Cidr, ip: string): boolean {
  const v = ipVersion(ip);
  if (v !== c.version) return false;
  const n = ipToBig(ip);
  return n >= c.base && n <= lastAddress(c);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** The addresses Neutron may hand out in a CIDR: all but network and broadcast (IPv4), all but the subnet-router anycast (IPv6). */
export function usableRange(c: Cidr): { first: bigint; last: bigint } {
  if (c.version === 4) {
    if (c.prefix >= 31) return { first: c.base, last: lastAddress(c) };
    return { first: c.base + 1n, last: lastAddress(c) - 1n };
  }
  return { first: c.base + 1n, last: lastAddress(c) };
}
