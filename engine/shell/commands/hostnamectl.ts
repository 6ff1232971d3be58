/** `hostnamectl [status]`, `hostnamectl set-hostname NAME`, `hostnamectl hostname [NAME]`. */
import { isValidHostname } from '../../host/sim/sim-host';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function statusText(ctx: ShellContext): string {
  const h = ctx.host;
  const rows: [string, string][] = [
    ['Static hostname', h.hostname],
    ['Icon name', 'computer-vm'],
    ['Chassis', 'vm'],
    ['Machine ID', h.ids.machineId],
    ['Boot ID', h.ids.bootId],
    ['Virtualization', 'oracle'],
    ['Operating System', 'CentOS Stream 9'],
    ['CPE OS Name', 'cpe:/o:centos:centos:9'],
    ['Kernel', 'Linux 5.14.0-547.el9.x86_64'],
    ['Architecture', 'x86-64'],
    ['Hardware Vendor', 'innotek GmbH'],
    ['Hardware Model', 'VirtualBox'],
    ['Firmware Version', 'VirtualBox'],
  ];
  return rows.map(([k, v]) => `${k.padStart(16)}: ${v}\n`).join('');
}

function setName(ctx: ShellContext, name: string | undefined): CommandResult {
  if (!name) return { stdout: '', stderr: 'Too few arguments.\n', code: 1 };
  if (!isValidHostname(name)) return { stdout: '', stderr: `Invalid static hostname '${name}'\n`, code: 1 };
  ctx.host.setHostname(name);
  return { stdout: '', stderr: '', code: 0 };
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1).filter((a) => !['--static', '--transient', '--pretty'].includes(a));
  const [verb = 'status', name] = args;
  if (verb === 'status') return { stdout: statusText(ctx), stderr: '', code: 0 };
  if (verb === 'set-hostname') return setName(ctx, name);
  if (verb === 'hostname') return name === undefined ? { stdout: `${ctx.host.hostname}\n`, stderr: '', code: 0 } : setName(ctx, name);
  return { stdout: '', stderr: `Unknown command verb ${verb}.\n`, code: 1 };
}

export const hostnamectlCommand: ShellCommand = { name: 'hostnamectl', path: '/usr/bin/hostnamectl', summary: 'show the host, or set its name (hostnamectl set-hostname NAME)', run };
