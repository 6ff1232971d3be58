/** `grep [-i] [-v] [-c] [-n] [-w] [-o] [-q] [-E|-F] [-A N] [-B N] [-C N] [-e PATTERN] PATTERN [FILE…]`. */
import { lines, readInputs } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

/** POSIX basic regular expressions → JavaScript: `\|`, `\+`, `\(`… are operators, bare ones literal. */
function fromBasic(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '|+?(){}'.includes(n) ? n : `\\${n}`;
    } else if ('|+?(){}'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const args = argv.slice(1);
  const o = { i: false, v: false, c: false, n: false, w: false, o: false, q: false, E: false, F: false, H: false, h: false, after: 0, before: 0 };
  const patterns: string[] = [];
  const rest: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') {
      rest.push(...args.slice(k + 1));
      break;
    }
    if (a === '-e' || a === '--regexp') patterns.push(args[++k] ?? '');
    else if (/^-[ABC]$/.test(a) || /^-[ABC]\d+$/.test(a)) {
      const v = Number(a.length > 2 ? a.slice(2) : args[++k]);
      if (!Number.isInteger(v) || v < 0) return { stdout: '', stderr: `grep: ${args[k]}: invalid context length argument\n`, code: 2 };
      if (a[1] !== 'B') o.after = v;
      if (a[1] !== 'A') o.before = v;
    } else if (a === '--ignore-case') o.i = true;
    else if (a === '--invert-match') o.v = true;
    else if (a === '--count') o.c = true;
    else if (/^-[ivcnwoqEFHhrs]+$/.test(a)) {
      for (const f of a.slice(1)) if (f in o) (o as Record<string, boolean | number>)[f] = true;
    } else if (a.startsWith('-') && a !== '-') return { stdout: '', stderr: `grep: invalid option -- '${a.replace(/^-+/, '')[0]}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, code: 2 };
    else rest.push(a);
  }
  if (patterns.length === 0) {
    const p = rest.shift();
    if (p === undefined) return { stdout: '', stderr: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 };
    patterns.push(...p.split('\n'));
  }
  let re: RegExp;
  try {
    const sources = patterns.map((p) => (o.F ? escape(p) : o.E ? p : fromBasic(p))).map((s) => (o.w ? `(?<![\\w])(?:${s})(?![\\w])` : s));
    re = new RegExp(sources.map((s) => `(?:${s})`).join('|'), o.i ? 'gi' : 'g');
  } catch {
    return { stdout: '', stderr: 'grep: Invalid regular expression\n', code: 2 };
  }
  const { inputs, errors } = readInputs(ctx, 'grep', rest, stdin);
  const prefixName = (inputs.length > 1 || o.H) && !o.h;
  let out = '';
  let matched = false;
  for (const input of inputs) {
    const ls = lines(input.text);
    const hit = ls.map((l) => {
      re.lastIndex = 0;
      return re.test(l) !== o.v;
    });
    const count = hit.filter(Boolean).length;
    if (count) matched = true;
    if (o.q) continue;
    if (o.c) {
      out += `${prefixName ? `${input.name}:` : ''}${count}\n`;
      continue;
    }
    const show = new Set<number>();
    hit.forEach((h, idx) => {
      if (!h) return;
      for (let j = Math.max(0, idx - o.before); j <= Math.min(ls.length - 1, idx + o.after); j++) show.add(j);
    });
    let last = -2;
    for (const idx of [...show].sort((a, b) => a - b)) {
      if ((o.after || o.before) && last >= 0 && idx > last + 1) out += '--\n';
      last = idx;
      const sep = hit[idx] ? ':' : '-';
      const pre = `${prefixName ? `${input.name}${sep}` : ''}${o.n ? `${idx + 1}${sep}` : ''}`;
      if (o.o && hit[idx] && !o.v) {
        re.lastIndex = 0;
        for (const m of ls[idx].matchAll(re)) if (m[0]) out += `${pre}${m[0]}\n`;
      } else out += `${pre}${ls[idx]}\n`;
    }
  }
  return { stdout: out, stderr: errors, code: errors && !matched ? 2 : matched ? 0 : 1 };
}

export const grepCommand: ShellCommand = { name: 'grep', aliases: ['egrep'], path: '/usr/bin/grep', summary: 'print lines that match a pattern (grep -i, -v, -E, -A N …)', run };
