/**
 * `ip` (iproute2): `ip [-4|-6] [-br] [-s] [-n NS] OBJECT [COMMAND …]` with the objects address,
 * link, route, neigh and netns, shown for the namespace the command runs in (the host's own, or
 * the one `ip netns exec` / `-n` chose).
 */
import type { CommandResult, ShellCommand, ShellContext } from '../types';
import { ipAddress, ipLink } from './ip/addr';
import { matches, type IpInvocation } from './ip/common';
import { ipNeigh } from './ip/neigh';
import { ipNetns, noNamespace } from './ip/netns';
import { ipRoute } from './ip/route';

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { address | link | neighbour | netns | route }
       OPTIONS := { -4 | -6 | -br[ief] | -s[tatistics] | -n[etns] name }
`;

/** iproute2's object table, in its own order: the first that an abbreviation matches wins. */
const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'link', 'netns', 'help'] as const;

async function run(ctx: ShellContext, argv: string[], stdin: string): Promise<CommandResult> {
  const args = argv.slice(1);
  let family: IpInvocation['family'];
  let brief = false;
  let stats = false;
  let nsName = ctx.namespace;
  while (args.length && args[0].startsWith('-')) {
    const opt = args.shift() as string;
    const o = opt.replace(/^--?/, '');
    if (o === '4') family = 4;
    else if (o === '6') family = 6;
    else if (matches(o, 'brief') && o.length >= 2) brief = true;
    else if (matches(o, 'statistics')) stats = true;
    else if (o === 'n' || matches(o, 'netns')) {
      const name = args.shift();
      if (!name) return { stdout: '', stderr: 'Command line is not complete. Try option "help"\n', code: 255 };
      nsName = name;
    } else if (matches(o, 'color') || matches(o, 'details') || matches(o, 'human') || o === 'c' || o === 'd') {
      // accepted, no effect on plain text
    } else if (matches(o, 'help') || o === 'h') return { stdout: '', stderr: USAGE, code: 255 };
    else return { stdout: '', stderr: `Option "${opt}" is unknown, try "ip -help".\n`, code: 255 };
  }
  const objArg = args.shift();
  if (!objArg) return { stdout: '', stderr: USAGE, code: 255 };
  const object = OBJECTS.find((o) => matches(objArg, o));
  if (!object) return { stdout: '', stderr: `Object "${objArg}" is unknown, try "ip help".\n`, code: 255 };
  if (object === 'help') return { stdout: '', stderr: USAGE, code: 255 };
  if (object === 'netns') return ipNetns(ctx, args, stdin);

  const ns = ctx.host.namespace(nsName);
  if (!ns) return noNamespace(nsName);
  const ip: IpInvocation = { ctx, nsName, ns, family, brief, stats };
  switch (object) {
    case 'address':
      return ipAddress(ip, args);
    case 'link':
      return ipLink(ip, args);
    case 'route':
      return ipRoute(ip, args);
    case 'neighbor':
    case 'neighbour':
      return ipNeigh(ip, args);
    default:
      return { stdout: '', stderr: `ip ${object}: not available on the StackLab sim host\n`, code: 255 };
  }
}

export const ipCommand: ShellCommand = {
  name: 'ip',
  path: '/usr/sbin/ip',
  summary: 'show addresses, links, routes, neighbours (ARP) and network namespaces',
  run,
};
