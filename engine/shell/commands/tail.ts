/** `tail [-n N | -n +N] [FILE…]`. */
import { countOption, lines, readInputs } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const args = argv.slice(1);
  let n = 10;
  let from: number | undefined;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const opt = countOption(args, k);
    if (opt) {
      const v = Number(opt.value);
      if (!/^[+-]?\d+$/.test(opt.value)) return { stdout: '', stderr: `tail: invalid number of lines: '${opt.value}'\n`, code: 1 };
      if (opt.value.startsWith('+')) from = v;
      else n = Math.abs(v);
      k = opt.next;
    } else if (args[k] === '-f' || args[k] === '-F') continue;
    else files.push(args[k]);
  }
  const { inputs, errors } = readInputs(ctx, 'tail', files, stdin);
  const stdout = inputs
    .map((i, idx) => {
      const ls = lines(i.text);
      const take = from !== undefined ? ls.slice(Math.max(0, from - 1)) : n === 0 ? [] : ls.slice(-n);
      const title = inputs.length > 1 ? `${idx ? '\n' : ''}==> ${i.name} <==\n` : '';
      return title + take.map((l) => `${l}\n`).join('');
    })
    .join('');
  return { stdout, stderr: errors, code: errors ? 1 : 0 };
}

export const tailCommand: ShellCommand = { name: 'tail', path: '/usr/bin/tail', summary: 'the last lines of the input (tail -n N)', run };
