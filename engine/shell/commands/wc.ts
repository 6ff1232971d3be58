/** `wc [-l] [-w] [-c] [FILE…]`. */
import { readInputs } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const flags = new Set<string>();
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^-[lwcm]+$/.test(a)) for (const f of a.slice(1)) flags.add(f === 'm' ? 'c' : f);
    else if (a === '--lines') flags.add('l');
    else if (a === '--words') flags.add('w');
    else if (a === '--bytes' || a === '--chars') flags.add('c');
    else if (a.startsWith('-') && a !== '-') return { stdout: '', stderr: `wc: invalid option -- '${a.replace(/^-+/, '')}'\n`, code: 1 };
    else files.push(a);
  }
  const show = flags.size ? ['l', 'w', 'c'].filter((f) => flags.has(f)) : ['l', 'w', 'c'];
  const { inputs, errors } = readInputs(ctx, 'wc', files, stdin);
  const counts = inputs.map((i) => ({
    name: files.length ? i.name : '',
    l: (i.text.match(/\n/g) ?? []).length,
    w: i.text.split(/\s+/).filter(Boolean).length,
    c: Buffer.byteLength(i.text),
  }));
  if (counts.length > 1) counts.push({ name: 'total', ...(['l', 'w', 'c'] as const).reduce((acc, f) => ({ ...acc, [f]: counts.reduce((s, x) => s + x[f], 0) }), { l: 0, w: 0, c: 0 }) });
  // GNU wc: one count from stdin is bare, several from stdin take 7 columns, files take the widest count
  const field = (x: (typeof counts)[number], f: string) => x[f as 'l' | 'w' | 'c'];
  const widest = Math.max(1, ...counts.flatMap((x) => show.map((f) => String(field(x, f)).length)));
  const width = files.length ? widest : show.length === 1 ? 0 : 7;
  const stdout = counts.map((x) => `${show.map((f) => String(field(x, f)).padStart(width)).join(' ')}${x.name ? ` ${x.name}` : ''}\n`).join('');
  return { stdout, stderr: errors, code: errors ? 1 : 0 };
}

export const wcCommand: ShellCommand = { name: 'wc', path: '/usr/bin/wc', summary: 'count lines, words and bytes (wc -l)', run };
