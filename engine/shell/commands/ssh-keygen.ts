/** `ssh-keygen -R HOST`: forgets a host's key in known_hosts (after an instance was recreated on the same address). */
import { readText } from '../fs';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  const r = args.indexOf('-R');
  if (r < 0 || !args[r + 1]) return { stdout: '', stderr: 'usage: ssh-keygen -R hostname [-f known_hosts_file]\n(only -R is available on this host)\n', code: 1 };
  const host = args[r + 1];
  const f = args.indexOf('-f');
  const path = ctx.shell.resolvePath(f >= 0 && args[f + 1] ? args[f + 1] : `${ctx.env.HOME ?? '/root'}/.ssh/known_hosts`);
  const text = readText(ctx.fs, path);
  if (text === undefined) return { stdout: '', stderr: `do_known_hosts: hostkeys_foreach failed for ${path}: No such file or directory\n`, code: 255 };
  const lines = text.split('\n');
  const kept: string[] = [];
  let out = '';
  lines.forEach((l, i) => {
    const hosts = l.trim().split(/\s+/)[0] ?? '';
    if (hosts.split(',').includes(host)) out += `# Host ${host} found: line ${i + 1}\n`;
    else kept.push(l);
  });
  if (!out) return { stdout: '', stderr: '', code: 0 };
  ctx.fs.write(`${path}.old`, text);
  ctx.fs.write(path, kept.join('\n'));
  return { stdout: `${out}${path} updated.\nOriginal contents retained as ${path}.old\n`, stderr: '', code: 0 };
}

export const sshKeygenCommand: ShellCommand = { name: 'ssh-keygen', path: '/usr/bin/ssh-keygen', summary: "forget a host's key: ssh-keygen -R <ip>", run };
