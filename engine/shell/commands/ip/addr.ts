/** `ip address` and `ip link`: show [dev] NAME [up]. */
import type { Interface } from '../../../dataplane/types';
import type { CommandResult } from '../../types';
import { formatAddr, formatBrief, formatLink } from '../../format/iproute';
import { matches, readOnly, unknownCommand, type IpInvocation } from './common';

function select(ip: IpInvocation, args: string[]): { ifaces: Interface[] } | { error: CommandResult } {
  let dev: string | undefined;
  let upOnly = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') dev = args[++k];
    else if (a === 'up') upOnly = true;
    else if (a === 'scope' || a === 'label' || a === 'to' || a === 'type' || a === 'master') k++;
    else if (dev === undefined) dev = a;
  }
  let ifaces = [...ip.ns.interfaces].sort((x, y) => x.ifindex - y.ifindex);
  if (dev !== undefined) {
    ifaces = ifaces.filter((i) => i.name === dev);
    if (ifaces.length === 0) return { error: { stdout: '', stderr: `Device "${dev}" does not exist.\n`, code: 1 } };
  }
  if (upOnly) ifaces = ifaces.filter((i) => i.state !== 'DOWN');
  return { ifaces };
}

export function ipAddress(ip: IpInvocation, args: string[]): CommandResult {
  const [cmd = 'show', ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') {
    const r = select(ip, rest);
    if ('error' in r) return r.error;
    const stdout = ip.brief ? formatBrief(r.ifaces, 'addr', ip.family) : formatAddr(r.ifaces, ip.family);
    return { stdout, stderr: '', code: 0 };
  }
  if (matches(cmd, 'add') || matches(cmd, 'delete') || matches(cmd, 'flush') || matches(cmd, 'change') || matches(cmd, 'replace')) return readOnly('the address configuration');
  if (matches(cmd, 'help')) return { stdout: '', stderr: 'Usage: ip address {add|change|replace} IFADDR dev IFNAME\n       ip address del IFADDR dev IFNAME\n       ip address [ show [ dev IFNAME ] [ up ] ]\n', code: 255 };
  return unknownCommand(cmd, 'address');
}

export function ipLink(ip: IpInvocation, args: string[]): CommandResult {
  const [cmd = 'show', ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') {
    const r = select(ip, rest);
    if ('error' in r) return r.error;
    return { stdout: ip.brief ? formatBrief(r.ifaces, 'link') : formatLink(r.ifaces), stderr: '', code: 0 };
  }
  if (matches(cmd, 'set') || matches(cmd, 'add') || matches(cmd, 'delete')) return readOnly('the link configuration');
  if (matches(cmd, 'help')) return { stdout: '', stderr: 'Usage: ip link show [ DEVICE ] [ up ]\n', code: 255 };
  return unknownCommand(cmd, 'link');
}
