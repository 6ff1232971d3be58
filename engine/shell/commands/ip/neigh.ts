/** `ip neigh`: show [dev D], flush dev D | all | [to] PREFIX, add/replace/del (the host's ARP cache). */
import type { NeighbourEntry } from '../../../dataplane/types';
import type { CommandResult } from '../../types';
import { formatNeighbour } from '../../format/iproute';
import { inCidr, isIpv4 } from '../../../core/net/ip';
import { matches, unknownCommand, type IpInvocation } from './common';

const NUD: Record<string, NeighbourEntry['state']> = {
  permanent: 'PERMANENT',
  reachable: 'REACHABLE',
  stale: 'STALE',
  delay: 'DELAY',
  incomplete: 'INCOMPLETE',
  failed: 'FAILED',
};

interface Selector {
  dev?: string;
  to?: string;
  all: boolean;
  nudAll: boolean;
  lladdr?: string;
  nud?: NeighbourEntry['state'];
}

function selector(args: string[]): Selector {
  const s: Selector = { all: false, nudAll: false };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') s.dev = args[++k];
    else if (a === 'to') s.to = args[++k];
    else if (a === 'all') s.all = true;
    else if (a === 'lladdr') s.lladdr = args[++k];
    else if (a === 'nud') {
      const v = args[++k] ?? '';
      if (v === 'all') s.nudAll = true;
      else s.nud = NUD[v];
    } else if (s.to === undefined) s.to = a;
  }
  return s;
}

function noDevice(ip: IpInvocation, dev: string | undefined): CommandResult | undefined {
  if (dev !== undefined && !ip.ns.interfaces.some((i) => i.name === dev)) return { stdout: '', stderr: `Cannot find device "${dev}"\n`, code: 1 };
  return undefined;
}

export function ipNeigh(ip: IpInvocation, args: string[]): CommandResult {
  const [cmd = 'show', ...rest] = args;
  const host = ip.ctx.host;
  const sel = selector(rest);
  const bad = noDevice(ip, sel.dev);
  if (bad) return bad;

  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') {
    if (ip.family === 6) return { stdout: '', stderr: '', code: 0 };
    const entries = host
      .list(ip.nsName)
      .filter((e) => sel.dev === undefined || e.dev === sel.dev)
      .filter((e) => sel.all || sel.to === undefined || (sel.to.includes('/') ? isIpv4(e.ip) && inCidr(e.ip, sel.to) : e.ip === sel.to))
      .filter((e) => sel.nud === undefined || e.state === sel.nud);
    return { stdout: entries.map(formatNeighbour).join(''), stderr: '', code: 0 };
  }
  if (matches(cmd, 'flush')) {
    if (sel.dev === undefined && sel.to === undefined && !sel.all) return { stdout: '', stderr: 'Flush requires arguments.\n', code: 255 };
    const removed = host.flush(ip.nsName, { dev: sel.dev, to: sel.all ? undefined : sel.to, includePermanent: sel.nudAll || sel.nud === 'PERMANENT' });
    const stdout = ip.stats
      ? removed.length
        ? `\n*** Round 1, deleting ${removed.length} entries ***\n*** Flush is complete after 1 round ***\n`
        : 'Nothing to flush.\n'
      : '';
    return { stdout, stderr: '', code: 0 };
  }
  if (matches(cmd, 'add') || matches(cmd, 'replace') || matches(cmd, 'change')) {
    if (!sel.to || !isIpv4(sel.to)) return { stdout: '', stderr: 'Error: an IP address is expected.\n', code: 1 };
    if (sel.dev === undefined) return { stdout: '', stderr: 'Device and destination are required arguments.\n', code: 255 };
    const exists = host.list(ip.nsName).some((e) => e.ip === sel.to && e.dev === sel.dev);
    if (matches(cmd, 'add') && exists) return { stdout: '', stderr: 'RTNETLINK answers: File exists\n', code: 2 };
    if (matches(cmd, 'change') && !exists) return { stdout: '', stderr: 'RTNETLINK answers: No such file or directory\n', code: 2 };
    const mac = sel.lladdr?.toLowerCase() ?? null;
    if (mac !== null && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) return { stdout: '', stderr: `"${sel.lladdr}" is invalid lladdr.\n`, code: 1 };
    host.setEntry(ip.nsName, { ip: sel.to, dev: sel.dev, mac, state: sel.nud ?? (mac ? 'PERMANENT' : 'INCOMPLETE') });
    return { stdout: '', stderr: '', code: 0 };
  }
  if (matches(cmd, 'delete')) {
    if (!sel.to || !isIpv4(sel.to)) return { stdout: '', stderr: 'Error: an IP address is expected.\n', code: 1 };
    if (sel.dev === undefined) return { stdout: '', stderr: 'Device and destination are required arguments.\n', code: 255 };
    if (!host.deleteEntry(ip.nsName, sel.to, sel.dev)) return { stdout: '', stderr: 'RTNETLINK answers: No such file or directory\n', code: 2 };
    return { stdout: '', stderr: '', code: 0 };
  }
  if (matches(cmd, 'help')) return { stdout: '', stderr: 'Usage: ip neigh { add | del | change | replace } ADDR [ lladdr LLADDR ] [ nud STATE ] dev DEV\n       ip neigh { show | flush } [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n', code: 255 };
  return unknownCommand(cmd, 'neigh');
}
