/** `cd`: only root's home exists on the sim host. */
import type { ShellCommand } from '../types';

export const cdCommand: ShellCommand = {
  name: 'cd',
  summary: "change directory (the sim host has only root's home)",
  run: (ctx, argv) => {
    const target = argv[1];
    if (target === undefined || ctx.shell.resolvePath(target) === ctx.shell.cwd) return { stdout: '', stderr: '', code: 0 };
    return { stdout: '', stderr: `bash: cd: ${target}: No such file or directory\n`, code: 1 };
  },
};
