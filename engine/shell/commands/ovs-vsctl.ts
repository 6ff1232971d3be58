/** `ovs-vsctl show | list-br | list-ports BR | br-exists BR | port-to-br PORT | --version` over the realized bridges. */
import type { OvsBridge, OvsPort } from '../../dataplane/types';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

/** OVSDB prints a string bare when it looks like an identifier, else quoted. */
const atom = (v: string): string => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(v) && v !== 'true' && v !== 'false' ? v : JSON.stringify(v));

function portLines(p: OvsPort): string[] {
  const lines = [`        Port ${p.name}`];
  if (p.tag !== undefined) lines.push(`            tag: ${p.tag}`);
  lines.push(`            Interface ${p.name}`);
  if (p.type) lines.push(`                type: ${p.type}`);
  const opts = Object.entries(p.options ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (opts.length) lines.push(`                options: {${opts.map(([k, v]) => `${k}=${atom(v)}`).join(', ')}}`);
  return lines;
}

function show(ctx: ShellContext): string {
  const connected = ctx.host.isActive('neutron-openvswitch-agent');
  const lines = [ctx.host.ids.ovsUuid, '    Manager "ptcp:6640:127.0.0.1"'];
  if (connected) lines.push('        is_connected: true');
  for (const b of ctx.host.state.bridges) {
    lines.push(`    Bridge ${b.name}`);
    if (b.failMode === 'secure') {
      lines.push('        Controller "tcp:127.0.0.1:6633"');
      if (connected) lines.push('            is_connected: true');
    }
    if (b.failMode) lines.push(`        fail_mode: ${b.failMode}`);
    lines.push(`        datapath_type: ${b.datapathType}`);
    for (const p of b.ports) lines.push(...portLines(p));
  }
  lines.push(`    ovs_version: "${ctx.host.ovsVersion}"`);
  return `${lines.join('\n')}\n`;
}

const bridge = (ctx: ShellContext, name: string | undefined): OvsBridge | undefined => ctx.host.state.bridges.find((b) => b.name === name);

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1).filter((a) => !/^--(timeout|db)=/.test(a));
  if (args[0] === '--version' || args[0] === '-V') {
    return { stdout: `ovs-vsctl (Open vSwitch) ${ctx.host.ovsVersion.split('-')[0]}\nDB Schema 8.3.1\n`, stderr: '', code: 0 };
  }
  if (!ctx.host.isActive('ovsdb-server') || !ctx.host.isActive('openvswitch')) {
    return { stdout: '', stderr: 'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n', code: 1 };
  }
  const [cmd, arg] = args;
  const noBridge = (n: string | undefined): CommandResult => ({ stdout: '', stderr: `ovs-vsctl: no bridge named ${n ?? ''}\n`, code: 1 });
  switch (cmd) {
    case undefined:
      return { stdout: '', stderr: "ovs-vsctl: missing command name (use --help for help)\n", code: 1 };
    case 'show':
      return { stdout: show(ctx), stderr: '', code: 0 };
    case 'list-br':
      return { stdout: ctx.host.state.bridges.map((b) => `${b.name}\n`).sort().join(''), stderr: '', code: 0 };
    case 'list-ports':
    case 'list-ifaces': {
      const b = bridge(ctx, arg);
      if (!b) return noBridge(arg);
      const names = b.ports.map((p) => p.name).filter((n) => n !== b.name).sort();
      return { stdout: names.map((n) => `${n}\n`).join(''), stderr: '', code: 0 };
    }
    case 'br-exists':
      return { stdout: '', stderr: '', code: bridge(ctx, arg) ? 0 : 2 };
    case 'port-to-br':
    case 'iface-to-br': {
      const b = ctx.host.state.bridges.find((x) => x.ports.some((p) => p.name === arg && p.name !== x.name));
      if (!b) return { stdout: '', stderr: `ovs-vsctl: no port named ${arg ?? ''}\n`, code: 1 };
      return { stdout: `${b.name}\n`, stderr: '', code: 0 };
    }
    case 'add-br':
    case 'del-br':
    case 'add-port':
    case 'del-port':
    case 'set':
      return {
        stdout: '',
        stderr: `ovs-vsctl: ${cmd}: the StackLab sim host's bridges are managed by neutron-openvswitch-agent (change them through Neutron)\n`,
        code: 1,
      };
    default:
      return { stdout: '', stderr: `ovs-vsctl: unknown command '${cmd}'; use --help for help\n`, code: 1 };
  }
}

export const ovsVsctlCommand: ShellCommand = {
  name: 'ovs-vsctl',
  path: '/usr/bin/ovs-vsctl',
  summary: 'show the Open vSwitch bridges and ports (ovs-vsctl show, list-br, list-ports BR)',
  run,
};
