/** `which NAME…`: where each program lives (builtins like `source` have no file). */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  let stdout = '';
  let stderr = '';
  const path = ctx.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin';
  for (const name of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const c = ctx.commands.get(name);
    const available = c?.path && (name !== 'openstack' || ctx.openstack);
    if (available) stdout += `${c.path}\n`;
    else stderr += `/usr/bin/which: no ${name} in (${path})\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

export const whichCommand: ShellCommand = { name: 'which', path: '/usr/bin/which', summary: 'show where a command lives', run };
