/** `rm [-r] [-f] FILE…`. */
import { fsMessage } from '../fs';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  let recursive = false;
  let force = false;
  const files: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--')) {
      if (a === '--recursive') recursive = true;
      else if (a === '--force') force = true;
    } else if (options && a.startsWith('-') && a !== '-') {
      for (const f of a.slice(1)) {
        if (f === 'r' || f === 'R') recursive = true;
        else if (f === 'f') force = true;
        else if (f !== 'i' && f !== 'v' && f !== 'd') return { stdout: '', stderr: `rm: invalid option -- '${f}'\nTry 'rm --help' for more information.\n`, code: 1 };
      }
    } else files.push(a);
  }
  if (files.length === 0) return force ? { stdout: '', stderr: '', code: 0 } : { stdout: '', stderr: "rm: missing operand\nTry 'rm --help' for more information.\n", code: 1 };
  let stderr = '';
  for (const f of files) {
    const path = ctx.shell.resolvePath(f);
    if (path === '/') {
      stderr += "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
      continue;
    }
    const e = ctx.fs.remove(path, recursive);
    if (e === 'ENOENT' && force) continue;
    if (e === 'EISDIR') stderr += `rm: cannot remove '${f}': Is a directory\n`;
    else if (e) stderr += `rm: cannot remove '${f}': ${fsMessage[e]}\n`;
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

export const rmCommand: ShellCommand = { name: 'rm', path: '/usr/bin/rm', summary: 'remove files (rm -r for folders)', run };
