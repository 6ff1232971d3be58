/** `source FILE` / `. FILE` (bash builtin): runs the file's lines in this shell, e.g. keystonerc_admin. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

async function run(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const [name, file] = argv;
  if (!file) return { stdout: '', stderr: `bash: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`, code: 2 };
  const text = ctx.readFile(ctx.shell.resolvePath(file));
  if (text === undefined) return { stdout: '', stderr: `bash: ${file}: No such file or directory\n`, code: 1 };
  return ctx.shell.runScript(text, ctx.namespace);
}

export const sourceCommand: ShellCommand = { name: 'source', aliases: ['.'], summary: 'read and run a file in this shell (source keystonerc_admin)', run };
