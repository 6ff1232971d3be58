/** `ip route [show|list]` and `ip route get ADDRESS`. */
import type { CommandResult } from '../../types';
import { formatRoute } from '../../format/iproute';
import { isIpv4 } from '../../../core/net/ip';
import { isLocal, routeLookup } from '../../net';
import { matches, readOnly, unknownCommand, type IpInvocation } from './common';

export function ipRoute(ip: IpInvocation, args: string[]): CommandResult {
  const [cmd = 'show', ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') {
    if (ip.family === 6) return { stdout: '', stderr: '', code: 0 };
    let dev: string | undefined;
    for (let k = 0; k < rest.length; k++) if (rest[k] === 'dev') dev = rest[++k];
    if (dev !== undefined && !ip.ns.interfaces.some((i) => i.name === dev)) return { stdout: '', stderr: `Cannot find device "${dev}"\n`, code: 1 };
    const routes = ip.ns.routes.filter((r) => dev === undefined || r.dev === dev);
    return { stdout: routes.map(formatRoute).join(''), stderr: '', code: 0 };
  }
  if (matches(cmd, 'get')) {
    const target = rest.find((a) => a !== 'to');
    if (!target || !isIpv4(target)) return { stdout: '', stderr: `Error: any valid prefix is expected rather than "${target ?? ''}".\n`, code: 1 };
    const local = isLocal(ip.ns, target);
    if (local) return { stdout: `local ${target} dev lo table local src ${target} uid 0 \n    cache <local> \n`, stderr: '', code: 0 };
    const hit = routeLookup(ip.ns, target);
    if (!hit) return { stdout: '', stderr: 'RTNETLINK answers: Network is unreachable\n', code: 2 };
    const via = hit.route.via ? ` via ${hit.route.via}` : '';
    return { stdout: `${target}${via} dev ${hit.route.dev}${hit.src ? ` src ${hit.src}` : ''} uid 0 \n    cache \n`, stderr: '', code: 0 };
  }
  if (matches(cmd, 'add') || matches(cmd, 'delete') || matches(cmd, 'replace') || matches(cmd, 'change') || matches(cmd, 'flush')) return readOnly('the routing table');
  if (matches(cmd, 'help')) return { stdout: '', stderr: 'Usage: ip route { list | flush } SELECTOR\n       ip route get ADDRESS\n', code: 255 };
  return unknownCommand(cmd, 'route');
}
