/** `pwd`: the working directory. */
import type { ShellCommand } from '../types';

export const pwdCommand: ShellCommand = {
  name: 'pwd',
  path: '/usr/bin/pwd',
  summary: 'print the working directory',
  run: (ctx) => ({ stdout: `${ctx.shell.cwd}\n`, stderr: '', code: 0 }),
};
