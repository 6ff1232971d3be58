/** `cat [FILE…]`: files (through the lab's readFile, e.g. keystonerc_admin) or stdin. */
import { readInputs } from '../text';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[], stdin: string): CommandResult {
  const files = argv.slice(1).filter((a) => a === '-' || !a.startsWith('-'));
  const { inputs, errors } = readInputs(ctx, 'cat', files, stdin);
  return { stdout: inputs.map((i) => i.text).join(''), stderr: errors, code: errors ? 1 : 0 };
}

export const catCommand: ShellCommand = { name: 'cat', path: '/usr/bin/cat', summary: 'print files or the input', run };
