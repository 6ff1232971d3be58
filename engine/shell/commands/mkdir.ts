/** `mkdir [-p] DIR…`. */
import { fsMessage } from '../fs';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  const parents = args.some((a) => /^-[a-z]*p/.test(a) || a === '--parents');
  const dirs = args.filter((a) => !a.startsWith('-'));
  if (dirs.length === 0) return { stdout: '', stderr: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", code: 1 };
  let stderr = '';
  for (const d of dirs) {
    const e = ctx.fs.mkdir(ctx.shell.resolvePath(d), parents);
    if (e) stderr += `mkdir: cannot create directory '${d}': ${fsMessage[e]}\n`;
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

export const mkdirCommand: ShellCommand = { name: 'mkdir', path: '/usr/bin/mkdir', summary: 'make folders (mkdir -p)', run };
