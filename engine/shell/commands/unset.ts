/** `unset [-v] NAME…` (bash builtin). */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  let stderr = '';
  for (const a of argv.slice(1)) {
    if (a === '-v' || a === '-f') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) stderr += `bash: unset: \`${a}': not a valid identifier\n`;
    else ctx.shell.unsetVar(a);
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

export const unsetCommand: ShellCommand = { name: 'unset', summary: 'remove a variable', run };
