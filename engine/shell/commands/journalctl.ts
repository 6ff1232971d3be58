/**
 * `journalctl -u UNIT [-n N | --lines=N] [--no-pager] [-e] [-b] [-x] [-q]`: what systemd logged
 * about a unit (starting, stopping, failing), read from the host's system log /var/log/messages.
 */
import { lines } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const IGNORED = new Set(['--no-pager', '-e', '--pager-end', '-b', '--boot', '-x', '--catalog', '-l', '--full', '-a', '--all', '-f', '--follow']);

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  const units: string[] = [];
  let n: number | undefined;
  let quiet = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    let m: RegExpExecArray | null;
    if (a === '-u' || a === '--unit') {
      if (args[k + 1] === undefined) return { stdout: '', stderr: `journalctl: option requires an argument -- 'u'\n`, code: 1 };
      units.push(args[++k]);
    } else if ((m = /^(?:-u|--unit=)(.+)$/.exec(a))) units.push(m[1]);
    else if (a === '-n' || a === '--lines') {
      const v = args[++k];
      if (v === undefined || !/^\d+$/.test(v)) return { stdout: '', stderr: `Failed to parse lines '${v ?? ''}'.\n`, code: 1 };
      n = Number(v);
    } else if ((m = /^(?:-n|--lines=)(.*)$/.exec(a))) {
      if (!/^\d+$/.test(m[1])) return { stdout: '', stderr: `Failed to parse lines '${m[1]}'.\n`, code: 1 };
      n = Number(m[1]);
    } else if (a === '-q' || a === '--quiet') quiet = true;
    else if (IGNORED.has(a)) continue;
    else if (a.startsWith('-')) return { stdout: '', stderr: `journalctl: unrecognized option '${a}'\n`, code: 1 };
    else return { stdout: '', stderr: `Failed to add match '${a}': Invalid argument\n`, code: 1 };
  }
  const all = lines(ctx.fs.read('/var/log/messages')?.toString('utf8') ?? '');
  let picked: string[];
  if (units.length === 0) picked = all;
  else {
    const tests = units.map((u) => {
      const name = u.replace(/\.service$/, '');
      const unit = ctx.host.service(name);
      const said = (l: string): string => l.replace(/^\w{3} \d\d \d\d:\d\d:\d\d \S+ /, '');
      return (l: string): boolean => {
        const s = said(l);
        if (s.startsWith('systemd[1]: ')) {
          const msg = s.slice('systemd[1]: '.length);
          if (msg.startsWith(`${name}.service:`)) return true;
          return !!unit && new RegExp(`^(Starting|Started|Stopping|Stopped) ${unit.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.\\.\\.|\\.)$`).test(msg);
        }
        return !!unit && s.startsWith(`${unit.process}[`);
      };
    });
    picked = all.filter((l) => tests.some((t) => t(l)));
  }
  if (n !== undefined) picked = n === 0 ? [] : picked.slice(-n);
  if (picked.length === 0) return { stdout: quiet ? '' : '-- No entries --\n', stderr: '', code: 0 };
  return { stdout: picked.map((l) => `${l}\n`).join(''), stderr: '', code: 0 };
}

export const journalctlCommand: ShellCommand = { name: 'journalctl', path: '/usr/bin/journalctl', summary: "a unit's log from the system journal (journalctl -u UNIT -n N)", run };
