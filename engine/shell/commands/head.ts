/** `head [-n N] [FILE…]`. */
import { countOption, lines, readInputs } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const args = argv.slice(1);
  let n = 10;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const opt = countOption(args, k);
    if (opt) {
      const v = Number(opt.value);
      if (!Number.isInteger(v)) return { stdout: '', stderr: `head: invalid number of lines: '${opt.value}'\n`, code: 1 };
      n = v;
      k = opt.next;
    } else files.push(args[k]);
  }
  const { inputs, errors } = readInputs(ctx, 'head', files, stdin);
  const stdout = inputs
    .map((i, idx) => {
      const ls = lines(i.text);
      const take = n >= 0 ? ls.slice(0, n) : ls.slice(0, Math.max(0, ls.length + n));
      const title = inputs.length > 1 ? `${idx ? '\n' : ''}==> ${i.name} <==\n` : '';
      return title + take.map((l) => `${l}\n`).join('');
    })
    .join('');
  return { stdout, stderr: errors, code: errors ? 1 : 0 };
}

export const headCommand: ShellCommand = { name: 'head', path: '/usr/bin/head', summary: 'the first lines of the input (head -n N)', run };
