/** `ip netns [list]`, `ip netns exec NAME COMMAND…` (any program the shell knows, run inside NAME). */
import type { CommandResult, ShellContext } from '../../types';
import { matches, unknownCommand } from './common';

export const noNamespace = (name: string): CommandResult => ({
  stdout: '',
  stderr: `Cannot open network namespace "${name}": No such file or directory\n`,
  code: 255,
});

export async function ipNetns(ctx: ShellContext, args: string[], stdin: string): Promise<CommandResult> {
  const [cmd = 'list', ...rest] = args;
  if (matches(cmd, 'list') || cmd === 'ls' || cmd === 'show') {
    const stdout = ctx.host
      .namespaceList()
      .map((n) => `${n.name} (id: ${n.id})\n`)
      .join('');
    return { stdout, stderr: '', code: 0 };
  }
  if (matches(cmd, 'exec')) {
    const [name, ...argv] = rest;
    if (!name) return { stdout: '', stderr: 'No netns name specified\n', code: 255 };
    if (argv.length === 0) return { stdout: '', stderr: 'No command specified\n', code: 255 };
    if (!ctx.host.namespace(name) || name === '') return noNamespace(name);
    const program = ctx.commands.get(argv[0]);
    if (!program?.path) return { stdout: '', stderr: `exec of "${argv[0]}" failed: No such file or directory\n`, code: 255 };
    return ctx.exec(argv, stdin, { namespace: name });
  }
  if (cmd === 'identify') {
    return { stdout: ctx.namespace ? `${ctx.namespace}\n` : '', stderr: '', code: 0 };
  }
  if (matches(cmd, 'add') || matches(cmd, 'delete') || matches(cmd, 'set') || cmd === 'attach') {
    return {
      stdout: '',
      stderr: `StackLab sim host: network namespaces belong to the Neutron agents (qdhcp- to the DHCP agent, qrouter- to the L3 agent); create networks and routers to get them.\n`,
      code: 1,
    };
  }
  if (matches(cmd, 'help')) return { stdout: '', stderr: 'Usage:\tip netns list\n\tip netns exec NAME cmd ...\n\tip netns identify [PID]\n', code: 255 };
  return unknownCommand(cmd, 'netns');
}
