/** `export NAME=value …`, `export NAME`, `export -p` (bash builtin). */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1).filter((a) => a !== '--');
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    const env = ctx.shell.environment();
    const stdout = Object.keys(env)
      .sort()
      .map((k) => `declare -x ${k}="${env[k].replace(/(["\\$`])/g, '\\$1')}"\n`)
      .join('');
    return { stdout, stderr: '', code: 0 };
  }
  let stderr = '';
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      stderr += `bash: export: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (eq < 0) ctx.shell.exportVar(name);
    else ctx.shell.setVar(name, a.slice(eq + 1), true);
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

export const exportCommand: ShellCommand = { name: 'export', summary: 'set an environment variable (export NAME=value)', run };
