/** Input helpers for the text tools (cat, grep, head, tail, wc): files through readFile, or stdin. */
import type { ShellContext } from './types';

export interface Input {
  name: string;
  text: string;
}

/** The named files (`-` = stdin), or stdin when none; missing files become error lines. */
export function readInputs(ctx: ShellContext, tool: string, files: string[], stdin: string): { inputs: Input[]; errors: string } {
  if (files.length === 0) return { inputs: [{ name: '(standard input)', text: stdin }], errors: '' };
  const inputs: Input[] = [];
  let errors = '';
  for (const f of files) {
    if (f === '-') {
      inputs.push({ name: '(standard input)', text: stdin });
      continue;
    }
    const path = ctx.shell.resolvePath(f);
    const text = ctx.readFile(path);
    if (text === undefined) errors += `${tool}: ${f}: ${ctx.fs.stat(path)?.type === 'dir' ? 'Is a directory' : 'No such file or directory'}\n`;
    else inputs.push({ name: f, text });
  }
  return { inputs, errors };
}

/** Lines of a text, without the empty piece after a final newline. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** Splits `-n5`, `-n 5`, `--lines=5` and the old `-5` into a number option. */
export function countOption(args: string[], k: number): { value: string; next: number } | undefined {
  const a = args[k];
  if (/^-\d+$/.test(a)) return { value: a.slice(1), next: k };
  if (a === '-n' || a === '--lines') return { value: args[k + 1] ?? '', next: k + 1 };
  if (a.startsWith('-n')) return { value: a.slice(2), next: k };
  if (a.startsWith('--lines=')) return { value: a.slice(8), next: k };
  return undefined;
}
