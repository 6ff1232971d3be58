/** `cd [DIR]` (bash builtin): into a folder of the host's file system; `cd` alone goes home, `cd -` back. */
import type { ShellCommand } from '../types';

export const cdCommand: ShellCommand = {
  name: 'cd',
  summary: 'change the working directory',
  run: (ctx, argv) => {
    const args = argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
    if (args.length > 1) return { stdout: '', stderr: 'bash: cd: too many arguments\n', code: 1 };
    let target = args[0] ?? ctx.env.HOME ?? '/root';
    let stdout = '';
    if (target === '-') {
      const old = ctx.shell.getVar('OLDPWD');
      if (!old) return { stdout: '', stderr: 'bash: cd: OLDPWD not set\n', code: 1 };
      target = old;
      stdout = `${old}\n`;
    }
    const path = ctx.shell.resolvePath(target);
    const s = ctx.fs.stat(path);
    if (!s) return { stdout: '', stderr: `bash: cd: ${target}: No such file or directory\n`, code: 1 };
    if (s.type !== 'dir') return { stdout: '', stderr: `bash: cd: ${target}: Not a directory\n`, code: 1 };
    ctx.shell.chdir(path);
    return { stdout, stderr: '', code: 0 };
  },
};
