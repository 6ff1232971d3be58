/** `help`: what this shell can run. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext): CommandResult {
  const unique = [...new Set(ctx.commands.values())].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(...unique.map((c) => c.name.length)) + 2;
  const body = unique.map((c) => `  ${c.name.padEnd(width)}${c.summary}\n`).join('');
  const intro =
    'StackLab host shell (sim driver): a small bash for the lab host.\n' +
    'Supports quotes, $VAR, ;, &&, ||, | pipes, 2>&1, > /dev/null, and `ip netns exec NS command`.\n\n';
  return { stdout: intro + body, stderr: '', code: 0 };
}

export const helpCommand: ShellCommand = { name: 'help', summary: 'list the commands of this shell', run };
