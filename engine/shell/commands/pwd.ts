/** `pwd` and `cd` stay in root's home: the sim host has no file system to walk. */
import type { ShellCommand } from '../types';

export const pwdCommand: ShellCommand = {
  name: 'pwd',
  path: '/usr/bin/pwd',
  summary: 'print the working directory',
  run: (ctx) => ({ stdout: `${ctx.shell.cwd}\n`, stderr: '', code: 0 }),
};
