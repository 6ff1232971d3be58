/**
 * The host shell's commands: one file each, listed here once. Adding a command is adding its
 * file and one line below.
 */
import type { ShellCommand } from '../types';
import { arpCommand } from './arp';
import { catCommand } from './cat';
import { cdCommand } from './cd';
import { clearCommand } from './clear';
import { crudiniCommand } from './crudini';
import { curlCommand } from './curl';
import { echoCommand } from './echo';
import { envCommand } from './env';
import { exitCommand } from './exit';
import { exportCommand } from './export';
import { falseCommand } from './false';
import { freeCommand } from './free';
import { grepCommand } from './grep';
import { headCommand } from './head';
import { helpCommand } from './help';
import { hostnameCommand } from './hostname';
import { hostnamectlCommand } from './hostnamectl';
import { ipCommand } from './ip';
import { journalctlCommand } from './journalctl';
import { lsCommand } from './ls';
import { mkdirCommand } from './mkdir';
import { openstackCommand } from './openstack';
import { ovsVsctlCommand } from './ovs-vsctl';
import { pingCommand } from './ping';
import { pwdCommand } from './pwd';
import { rmCommand } from './rm';
import { sedCommand } from './sed';
import { sourceCommand } from './source';
import { sshCommand } from './ssh';
import { sshKeygenCommand } from './ssh-keygen';
import { sshpassCommand } from './sshpass';
import { systemctlCommand } from './systemctl';
import { tailCommand } from './tail';
import { touchCommand } from './touch';
import { trueCommand } from './true';
import { unsetCommand } from './unset';
import { wcCommand } from './wc';
import { wgetCommand } from './wget';
import { whichCommand } from './which';

export const allCommands: readonly ShellCommand[] = [
  arpCommand,
  catCommand,
  cdCommand,
  clearCommand,
  crudiniCommand,
  curlCommand,
  echoCommand,
  envCommand,
  exitCommand,
  exportCommand,
  falseCommand,
  freeCommand,
  grepCommand,
  headCommand,
  helpCommand,
  hostnameCommand,
  hostnamectlCommand,
  ipCommand,
  journalctlCommand,
  lsCommand,
  mkdirCommand,
  openstackCommand,
  ovsVsctlCommand,
  pingCommand,
  pwdCommand,
  rmCommand,
  sedCommand,
  sourceCommand,
  sshCommand,
  sshKeygenCommand,
  sshpassCommand,
  systemctlCommand,
  tailCommand,
  touchCommand,
  trueCommand,
  unsetCommand,
  wcCommand,
  wgetCommand,
  whichCommand,
];
