/**
 * `sed [-n] [-i[SUFFIX]] [-E|-r] [-e SCRIPT]… [SCRIPT] [FILE…]`: the stream editor's everyday
 * part — `s/REGEX/REPLACEMENT/[g|p|N|I]`, `p` and `d`, each with an optional address (a line
 * number, `$` or `/REGEX/`, or a range of two, `!` to negate), commands split by `;` or newlines.
 * With -i the files are rewritten in place (the way students edit nova.conf without vi).
 */
import { lines } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

type Addr = { line: number } | { last: true } | { re: RegExp };
interface Cmd {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  op: 's' | 'p' | 'd';
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
}

class SedError extends Error {}

/** POSIX basic regular expressions → JavaScript (GNU's \+ \? \| are operators, bare ones literal). */
function fromBasic(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '|+?(){}'.includes(n) ? n : n === 'n' ? '\\n' : `\\${n}`;
    } else if ('|+?(){}'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

function regex(src: string, ere: boolean, flags: string): RegExp {
  try {
    return new RegExp(ere ? src : fromBasic(src), flags);
  } catch {
    throw new SedError(`-e expression #1, char ${src.length}: Invalid regular expression`);
  }
}

/** Reads up to the next unescaped `delim`; returns the text (with `\delim` unescaped) and the index after it. */
function until(s: string, from: number, delim: string, what: string): { text: string; next: number } {
  let text = '';
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      text += s[i + 1] === delim ? delim : s[i] + s[i + 1];
      i++;
    } else if (s[i] === delim) return { text, next: i + 1 };
    else text += s[i];
  }
  throw new SedError(`-e expression #1, char ${s.length}: unterminated ${what}`);
}

function parse(script: string, ere: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const ws = () => {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
  };
  const addr = (): Addr | undefined => {
    const m = /^\d+/.exec(script.slice(i));
    if (m) {
      i += m[0].length;
      return { line: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/' || (script[i] === '\\' && i + 1 < script.length)) {
      const delim = script[i] === '/' ? '/' : script[++i];
      const r = until(script, i + 1, delim, 'address regex');
      i = r.next;
      return { re: regex(r.text, ere, '') };
    }
    return undefined;
  };
  ws();
  while (i < script.length) {
    const cmd: Partial<Cmd> = { negate: false };
    cmd.a1 = addr();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
      if (!cmd.a2) throw new SedError(`-e expression #1, char ${i}: unexpected \`,'`);
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
    }
    const op = script[i++];
    if (op === 'p' || op === 'd') cmd.op = op;
    else if (op === 's') {
      const delim = script[i];
      if (!delim || delim === '\n' || delim === '\\') throw new SedError(`-e expression #1, char ${i}: unterminated \`s' command`);
      const pat = until(script, i + 1, delim, "`s' command");
      const rep = until(script, pat.next, delim, "`s' command");
      i = rep.next;
      let flags = '';
      while (i < script.length && /[gpIi0-9]/.test(script[i])) flags += script[i++];
      const nth = /\d+/.exec(flags);
      cmd.op = 's';
      cmd.global = flags.includes('g');
      cmd.print = flags.includes('p');
      cmd.nth = nth ? Number(nth[0]) : undefined;
      cmd.re = regex(pat.text, ere, `${cmd.global || cmd.nth ? 'g' : ''}${/[Ii]/.test(flags) ? 'i' : ''}`);
      cmd.repl = rep.text;
    } else throw new SedError(`-e expression #1, char ${i}: ${op === undefined ? 'missing command' : `unknown command: \`${op}'`}`);
    if (i < script.length && !/[\s;}]/.test(script[i])) throw new SedError(`-e expression #1, char ${i + 1}: extra characters after command`);
    cmds.push(cmd as Cmd);
    ws();
  }
  return cmds;
}

/** The replacement for one match: `&`, `\1`…`\9`, `\n`, `\&`, `\\`. */
function expand(repl: string, m: string[]): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '\\' && i + 1 < repl.length) {
      const n = repl[++i];
      out += /\d/.test(n) ? (m[Number(n)] ?? '') : n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (c === '&') out += m[0];
    else out += c;
  }
  return out;
}

function substitute(line: string, c: Cmd): { text: string; done: boolean } {
  const re = c.re as RegExp;
  re.lastIndex = 0;
  if (!c.global && !c.nth) {
    const m = re.exec(line);
    if (!m) return { text: line, done: false };
    return { text: line.slice(0, m.index) + expand(c.repl as string, m) + line.slice(m.index + m[0].length), done: true };
  }
  let count = 0;
  let done = false;
  let text = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    count++;
    if (c.global ? count >= (c.nth ?? 1) : count === c.nth) {
      text += line.slice(last, m.index) + expand(c.repl as string, m);
      last = m.index + m[0].length;
      done = true;
      if (!c.global) break;
    }
    if (m[0] === '') re.lastIndex++;
  }
  text += line.slice(last);
  return { text, done };
}

function edit(text: string, cmds: Cmd[], quiet: boolean): string {
  const ls = lines(text);
  const active = cmds.map(() => false);
  let out = '';
  ls.forEach((orig, idx) => {
    let line = orig;
    const n = idx + 1;
    const isLast = idx === ls.length - 1;
    const hit = (a: Addr): boolean => ('line' in a ? a.line === n : 'last' in a ? isLast : a.re.test(line));
    let deleted = false;
    for (let k = 0; k < cmds.length && !deleted; k++) {
      const c = cmds[k];
      let sel: boolean;
      if (!c.a1) sel = true;
      else if (!c.a2) sel = hit(c.a1);
      else if (active[k]) {
        sel = true;
        const end = c.a2;
        if ('line' in end ? n >= end.line : hit(end)) active[k] = false;
      } else if (hit(c.a1)) {
        sel = true;
        const end = c.a2;
        active[k] = !('line' in end ? end.line <= n : 'last' in end ? isLast : false);
      } else sel = false;
      if (c.negate) sel = !sel;
      if (!sel) continue;
      if (c.op === 'd') deleted = true;
      else if (c.op === 'p') out += `${line}\n`;
      else {
        const r = substitute(line, c);
        line = r.text;
        if (r.done && c.print) out += `${line}\n`;
      }
    }
    if (!deleted && !quiet) out += `${line}\n`;
  });
  return out;
}

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const args = argv.slice(1);
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let inPlace: string | undefined;
  let ere = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') ere = true;
    else if (a === '-e' || a === '--expression') {
      if (args[k + 1] === undefined) return { stdout: '', stderr: "sed: option requires an argument -- 'e'\n", code: 1 };
      scripts.push(args[++k]);
    } else if (a.startsWith('--in-place')) inPlace = a.includes('=') ? a.slice(a.indexOf('=') + 1) : '';
    else if (/^-[nEr]*i/.test(a) && a.length > 1) {
      if (/n/.test(a.slice(0, a.indexOf('i')))) quiet = true;
      if (/[Er]/.test(a.slice(0, a.indexOf('i')))) ere = true;
      inPlace = a.slice(a.indexOf('i') + 1);
    } else if (/^-[nEr]+$/.test(a)) {
      if (a.includes('n')) quiet = true;
      if (/[Er]/.test(a)) ere = true;
    } else if (a === '-s' || a === '--separate') continue;
    else if (a.startsWith('-') && a !== '-') return { stdout: '', stderr: `sed: invalid option -- '${a.replace(/^-+/, '')}'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n`, code: 1 };
    else files.push(a);
  }
  if (!scripts.length) {
    const s = files.shift();
    if (s === undefined) return { stdout: '', stderr: 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n', code: 1 };
    scripts.push(s);
  }
  let cmds: Cmd[];
  try {
    cmds = parse(scripts.join('\n'), ere);
  } catch (e) {
    if (e instanceof SedError) return { stdout: '', stderr: `sed: ${e.message}\n`, code: 1 };
    throw e;
  }
  if (inPlace !== undefined && files.length === 0) return { stdout: '', stderr: 'sed: no input files\n', code: 1 };
  let stdout = '';
  let stderr = '';
  const inputs = files.length ? files : ['-'];
  for (const f of inputs) {
    if (f === '-' && inPlace === undefined) {
      stdout += edit(stdin, cmds, quiet);
      continue;
    }
    const path = ctx.shell.resolvePath(f);
    const st = ctx.fs.stat(path);
    const text = st?.type === 'file' ? ctx.fs.read(path)?.toString('utf8') : inPlace === undefined ? ctx.readFile(path) : undefined;
    if (text === undefined) {
      stderr += st?.type === 'dir' ? (inPlace !== undefined ? `sed: couldn't edit ${f}: not a regular file\n` : `sed: read error on ${f}: Is a directory\n`) : `sed: can't read ${f}: No such file or directory\n`;
      continue;
    }
    const result = edit(text, cmds, quiet);
    if (inPlace === undefined) stdout += result;
    else {
      if (inPlace) ctx.fs.write(`${path}${inPlace}`, text);
      const err = ctx.fs.write(path, result);
      if (err) stderr += `sed: couldn't open ${f}: ${err === 'EACCES' ? 'Permission denied' : err}\n`;
    }
  }
  return { stdout, stderr, code: stderr ? (stderr.includes("can't read") ? 2 : 4) : 0 };
}

export const sedCommand: ShellCommand = { name: 'sed', path: '/usr/bin/sed', summary: 'stream editor: s/REGEX/REPLACEMENT/g, p, d; -i edits files in place', run };
