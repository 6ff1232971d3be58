/** `env`: the exported environment, one NAME=value a line. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult | Promise<CommandResult> {
  const args = argv.slice(1);
  const extra: Record<string, string> = {};
  while (args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[0])) {
    const a = args.shift() as string;
    extra[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
  }
  if (args.length) {
    if (Object.keys(extra).length) return { stdout: '', stderr: 'env: setting variables for a command is not supported here; use export\n', code: 125 };
    return ctx.exec(args, stdin);
  }
  const env = { ...ctx.env, ...extra };
  return { stdout: Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''), stderr: '', code: 0 };
}

export const envCommand: ShellCommand = { name: 'env', aliases: ['printenv'], path: '/usr/bin/env', summary: 'print the environment', run };
