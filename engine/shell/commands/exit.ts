/** `exit [N]` / `logout` (bash builtin): ends the session. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const arg = argv[1];
  if (arg !== undefined && !/^-?\d+$/.test(arg)) {
    ctx.shell.exit(2);
    return { stdout: 'logout\n', stderr: `bash: exit: ${arg}: numeric argument required\n`, code: 2 };
  }
  const code = arg === undefined ? Number(ctx.shell.getVar('?') ?? 0) : ((Number(arg) % 256) + 256) % 256;
  ctx.shell.exit(code);
  return { stdout: 'logout\n', stderr: '', code };
}

export const exitCommand: ShellCommand = { name: 'exit', aliases: ['logout'], summary: 'end the session', run };
