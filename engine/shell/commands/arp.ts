/** `arp` (net-tools): `arp -n`, `arp -a`, `arp -i DEV`, `arp -s IP MAC`, `arp -d IP` on the namespace's cache. */
import type { NeighbourEntry } from '../../dataplane/types';
import { isIpv4 } from '../../core/net/ip';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const HEADER = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';

const complete = (e: NeighbourEntry): boolean => e.mac !== null && e.state !== 'INCOMPLETE' && e.state !== 'FAILED';

function tableLine(e: NeighbourEntry, name: string): string {
  const ok = complete(e);
  const flags = ok ? (e.state === 'PERMANENT' ? 'CM' : 'C') : '';
  return `${name.padEnd(23)}  ${(ok ? 'ether' : '').padEnd(8)}${(ok ? (e.mac as string) : '(incomplete)').padEnd(20)}${flags.padEnd(6)}${''.padEnd(15)} ${e.dev}\n`;
}

function bsdLine(e: NeighbourEntry, name: string): string {
  if (!complete(e)) return `${name} (${e.ip}) at <incomplete> on ${e.dev}\n`;
  return `${name} (${e.ip}) at ${e.mac} [ether]${e.state === 'PERMANENT' ? ' PERM' : ''} on ${e.dev}\n`;
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  let numeric = false;
  let bsd = false;
  let dev: string | undefined;
  let set: string[] | undefined;
  let del: string | undefined;
  const hosts: string[] = [];
  const args = argv.slice(1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-i' || a === '--device') dev = args[++k];
    else if (a === '-s' || a === '--set') set = [args[++k], args[++k]];
    else if (a === '-d' || a === '--delete') del = args[++k];
    else if (/^-[naev]+$/.test(a)) {
      if (a.includes('n')) numeric = true;
      if (a.includes('a')) bsd = true;
    } else if (a === '--numeric') numeric = true;
    else if (a === '--all') bsd = true;
    else if (a.startsWith('-')) return { stdout: '', stderr: `arp: invalid option -- '${a.replace(/^-+/, '')}'\n`, code: 255 };
    else hosts.push(a);
  }
  const ns = ctx.namespace;
  if (set) {
    const [ip, mac] = set;
    if (!ip || !isIpv4(ip)) return { stdout: '', stderr: `${ip ?? ''}: Unknown host\n`, code: 255 };
    if (!mac || !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac)) return { stdout: '', stderr: 'arp: invalid hardware address\n', code: 255 };
    const iface = dev ?? ctx.host.namespace(ns)?.interfaces.find((i) => i.kind !== 'loopback' && i.addresses.length)?.name;
    if (!iface) return { stdout: '', stderr: 'SIOCSARP: Network is unreachable\n', code: 255 };
    ctx.host.setEntry(ns, { ip, dev: iface, mac: mac.toLowerCase(), state: 'PERMANENT' });
    return { stdout: '', stderr: '', code: 0 };
  }
  if (del !== undefined) {
    if (!ctx.host.deleteEntry(ns, del, dev)) return { stdout: '', stderr: `No ARP entry for ${del}\n`, code: 255 };
    return { stdout: '', stderr: '', code: 0 };
  }
  const gateway = ns === '' ? ctx.host.config.gateway : undefined;
  const nameOf = (e: NeighbourEntry) => (numeric ? e.ip : e.ip === gateway ? '_gateway' : bsd ? '?' : e.ip);
  const entries = ctx.host
    .list(ns)
    .filter((e) => isIpv4(e.ip))
    .filter((e) => dev === undefined || e.dev === dev)
    .filter((e) => hosts.length === 0 || hosts.includes(e.ip));
  if (entries.length === 0) {
    if (hosts.length) return { stdout: `${hosts[0]} (${hosts[0]}) -- no entry\n`, stderr: '', code: 1 };
    return { stdout: '', stderr: '', code: 0 };
  }
  if (bsd) return { stdout: entries.map((e) => bsdLine(e, nameOf(e))).join(''), stderr: '', code: 0 };
  return { stdout: HEADER + entries.map((e) => tableLine(e, nameOf(e))).join(''), stderr: '', code: 0 };
}

export const arpCommand: ShellCommand = {
  name: 'arp',
  path: '/usr/sbin/arp',
  summary: 'show or change the ARP (neighbour) cache, net-tools style (arp -n)',
  run,
};
