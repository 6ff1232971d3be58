/** Small IPv4 helpers shared by the host drivers and the shell (no dependencies). */

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  address: string;
  prefix: number;
}

/** '10.5.5.2/24' → { address: '10.5.5.2', prefix: 24 }; a bare address is a /32. */
export function parseCidr(cidr: string): Cidr {
  const [address, prefix] = cidr.split('/');
  return { address, prefix: prefix === undefined ? 32 : Number(prefix) };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(cidr: string): string {
  const { address, prefix } = parseCidr(cidr);
  return `${intToIp((ipToInt(address) & maskOf(prefix)) >>> 0)}/${prefix}`;
}

export function broadcastOf(cidr: string): string {
  const { address, prefix } = parseCidr(cidr);
  return intToIp((ipToInt(address) | (~maskOf(prefix) >>> 0)) >>> 0);
}

/** Whether `ip` lies in `cidr` ('default' and '0.0.0.0/0' hold every address). */
export function inCidr(ip: string, cidr: string): boolean {
  if (cidr === 'default') return true;
  const { address, prefix } = parseCidr(cidr);
  const m = maskOf(prefix);
  return ((ipToInt(ip) & m) >>> 0) === ((ipToInt(address) & m) >>> 0);
}

export function prefixOf(cidr: string): number {
  return cidr === 'default' ? 0 : parseCidr(cidr).prefix;
}
