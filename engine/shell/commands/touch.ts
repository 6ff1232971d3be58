/** `touch FILE…`: creates empty files (or leaves existing ones as they are). */
import { fsMessage } from '../fs';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (files.length === 0) return { stdout: '', stderr: "touch: missing file operand\nTry 'touch --help' for more information.\n", code: 1 };
  let stderr = '';
  for (const f of files) {
    const e = ctx.fs.write(ctx.shell.resolvePath(f), '', true);
    if (e) stderr += `touch: cannot touch '${f}': ${fsMessage[e]}\n`;
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

export const touchCommand: ShellCommand = { name: 'touch', path: '/usr/bin/touch', summary: 'create empty files', run };
