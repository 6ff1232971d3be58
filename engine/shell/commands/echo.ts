/** `echo [-n] [-e] WORD…`. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', r: '\r', e: '\x1b', '0': '\0' };

function run(_ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    const f = args.shift() as string;
    if (f.includes('n')) newline = false;
    if (f.includes('e')) escapes = true;
    if (f.includes('E')) escapes = false;
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\([ntr\\ae0])/g, (_m, c: string) => ESCAPES[c]);
  return { stdout: text + (newline ? '\n' : ''), stderr: '', code: 0 };
}

export const echoCommand: ShellCommand = { name: 'echo', path: '/usr/bin/echo', summary: 'print its arguments ($VAR expanded)', run };
