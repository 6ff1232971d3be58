/** `openstack …`: the OpenStack client, run with this shell's environment (what `source keystonerc_*` set). */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function run(ctx: ShellContext, argv: string[]): CommandResult | Promise<CommandResult> {
  if (!ctx.openstack) {
    return {
      stdout: '',
      stderr:
        'bash: openstack: command not found\n' +
        'The OpenStack client is not installed in this shell. Install python-openstackclient where you run it\n' +
        '(Debian/Ubuntu: apt-get install python3-openstackclient; CentOS/RHEL: dnf install python3-openstackclient;\n' +
        'anywhere: pip install python-openstackclient), then `source keystonerc_admin` from the lab folder.\n',
      code: 127,
    };
  }
  // run where the shell is, so `--file ./cirros.img` reads the file the student downloaded
  const cwd = ctx.fs.nativePath?.(ctx.shell.cwd);
  return ctx.openstack(argv.slice(1), { ...ctx.env }, cwd ? { cwd } : undefined);
}

export const openstackCommand: ShellCommand = { name: 'openstack', path: '/usr/bin/openstack', summary: 'the OpenStack client (after source keystonerc_admin)', run };
