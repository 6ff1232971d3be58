/** `sshpass -p PASSWORD ssh …` (or -e with $SSHPASS): runs ssh with the password given, no questions asked. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';
import { SSHPASS_ENV } from './ssh';

async function run(ctx: ShellContext, argv: string[], stdin: string): Promise<CommandResult> {
  const args = argv.slice(1);
  let password: string | undefined;
  let k = 0;
  for (; k < args.length; k++) {
    const a = args[k];
    if (a === '-p') password = args[++k];
    else if (a.startsWith('-p')) password = a.slice(2);
    else if (a === '-e') password = ctx.env.SSHPASS;
    else if (!a.startsWith('-')) break;
  }
  if (password === undefined || k >= args.length)
    return { stdout: '', stderr: 'Usage: sshpass [-f|-d|-p|-e] [-hV] command parameters\n   -p password   Provide password as argument (security unwise)\n   -e            Password is passed as env-var "SSHPASS"\n', code: 1 };
  return ctx.exec(args.slice(k), stdin, { env: { [SSHPASS_ENV]: password } });
}

export const sshpassCommand: ShellCommand = { name: 'sshpass', path: '/usr/bin/sshpass', summary: 'give ssh its password (sshpass -p gocubsgo ssh cirros@<ip>)', run };
