/** `ls [-l] [-a] [-h] [-1] [-d] [PATH…]` over the host's file system (coreutils' long format, CentOS's SELinux dot). */
import type { FileStat } from '../fs';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Flags {
  long: boolean;
  all: boolean;
  human: boolean;
  one: boolean;
  dir: boolean;
}

function modeString(s: FileStat): string {
  const bits = s.mode;
  let out = s.type === 'dir' ? 'd' : '-';
  for (const shift of [6, 3, 0]) {
    const b = (bits >> shift) & 7;
    out += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  return `${out}.`;
}

function when(d: Date, now: Date): string {
  const day = String(d.getDate()).padStart(2, ' ');
  const recent = Math.abs(now.getTime() - d.getTime()) < 182 * 86400_000;
  const tail = recent ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : ` ${d.getFullYear()}`;
  return `${MONTHS[d.getMonth()]} ${day} ${tail}`;
}

function human(n: number): string {
  const units = ['K', 'M', 'G', 'T'];
  if (n < 1024) return String(n);
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))}${units[u]}`;
}

function longLines(entries: { name: string; stat: FileStat }[], f: Flags): string[] {
  const now = new Date();
  const rows = entries.map(({ name, stat }) => ({ mode: modeString(stat), links: stat.type === 'dir' ? '2' : '1', size: f.human ? human(stat.size) : String(stat.size), date: when(stat.mtime, now), name }));
  const w = (k: 'links' | 'size') => Math.max(...rows.map((r) => r[k].length));
  return rows.map((r) => `${r.mode} ${r.links.padStart(w('links'))} root root ${r.size.padStart(w('size'))} ${r.date} ${r.name}`);
}

function shortLines(names: string[], f: Flags): string[] {
  if (f.one || names.length === 0) return names;
  const row = names.join('  ');
  return row.length <= 80 ? [row] : names;
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const f: Flags = { long: false, all: false, human: false, one: false, dir: false };
  const paths: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith('--')) {
      if (a === '--all') f.all = true;
      else if (a === '--human-readable') f.human = true;
      else if (a === '--directory') f.dir = true;
      else return { stdout: '', stderr: `ls: unrecognized option '${a}'\nTry 'ls --help' for more information.\n`, code: 2 };
    } else if (a.startsWith('-') && a !== '-') {
      for (const c of a.slice(1)) {
        if (c === 'l') f.long = true;
        else if (c === 'a' || c === 'A') f.all = true;
        else if (c === 'h') f.human = true;
        else if (c === '1') f.one = true;
        else if (c === 'd') f.dir = true;
        else if (!'trSF'.includes(c)) return { stdout: '', stderr: `ls: invalid option -- '${c}'\nTry 'ls --help' for more information.\n`, code: 2 };
      }
    } else paths.push(a);
  }
  if (paths.length === 0) paths.push('.');
  let stderr = '';
  const files: { name: string; stat: FileStat }[] = [];
  const dirs: { name: string; path: string }[] = [];
  for (const p of paths) {
    const abs = ctx.shell.resolvePath(p);
    const stat = ctx.fs.stat(abs);
    if (!stat) stderr += `ls: cannot access '${p}': No such file or directory\n`;
    else if (stat.type === 'dir' && !f.dir) dirs.push({ name: p, path: abs });
    else files.push({ name: p, stat });
  }
  const blocks: string[] = [];
  if (files.length) blocks.push((f.long ? longLines(files, f) : shortLines(files.map((x) => x.name), f)).map((l) => `${l}\n`).join(''));
  for (const d of dirs) {
    let names = ctx.fs.list(d.path) ?? [];
    if (!f.all) names = names.filter((n) => !n.startsWith('.'));
    const entries = names.map((name) => ({ name, stat: ctx.fs.stat(`${d.path}/${name}`)! })).filter((e) => e.stat);
    if (f.all) entries.unshift({ name: '.', stat: ctx.fs.stat(d.path)! }, { name: '..', stat: ctx.fs.stat(`${d.path}/..`) ?? ctx.fs.stat(d.path)! });
    const title = paths.length > 1 ? `${d.name}:\n` : '';
    let body = '';
    if (f.long) {
      const kb = entries.reduce((sum, e) => sum + Math.ceil(e.stat.size / 4096) * 4, 0);
      body = [`total ${f.human ? human(kb * 1024) : kb}`, ...longLines(entries, f)].map((l) => `${l}\n`).join('');
    } else body = shortLines(entries.map((e) => e.name), f).map((l) => `${l}\n`).join('');
    blocks.push(title + body);
  }
  return { stdout: blocks.join('\n'), stderr, code: stderr ? 2 : 0 };
}

export const lsCommand: ShellCommand = { name: 'ls', path: '/usr/bin/ls', summary: 'list files (ls -l for sizes and dates)', run };
