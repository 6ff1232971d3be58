/** `hostname [-s|-f|-I|-i] [NAME]`. */
import { isValidHostname } from '../../host/sim/sim-host';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  const host = ctx.host;
  if (args.length === 0 || args[0] === '-f' || args[0] === '--fqdn' || args[0] === '--long') return { stdout: `${host.hostname}\n`, stderr: '', code: 0 };
  if (args[0] === '-s' || args[0] === '--short') return { stdout: `${host.shortHostname}\n`, stderr: '', code: 0 };
  if (args[0] === '-I' || args[0] === '--all-ip-addresses') {
    const root = host.namespace('');
    const addrs = (root?.interfaces ?? []).flatMap((i) => i.addresses.filter((a) => a.scope === 'global' && a.family === 4).map((a) => a.cidr.split('/')[0]));
    return { stdout: `${addrs.join(' ')} \n`, stderr: '', code: 0 };
  }
  if (args[0] === '-i' || args[0] === '--ip-address') return { stdout: '127.0.0.1 ::1\n', stderr: '', code: 0 };
  if (args[0].startsWith('-')) return { stdout: '', stderr: `hostname: invalid option -- '${args[0].replace(/^-+/, '')}'\n`, code: 1 };
  if (!isValidHostname(args[0])) return { stdout: '', stderr: 'hostname: the specified hostname is invalid\n', code: 1 };
  host.setHostname(args[0]);
  return { stdout: '', stderr: '', code: 0 };
}

export const hostnameCommand: ShellCommand = { name: 'hostname', path: '/usr/bin/hostname', summary: 'show or set the host name', run };
