/**
 * The host shell's commands: one file each, listed here once. Adding a command is adding its
 * file and one line below.
 */
import type { ShellCommand } from '../types';
import { sshKeygenCommand } from './ssh-keygen';
import { sshpassCommand } from './sshpass';
import { sshCommand } from './ssh';
import { wgetCommand } from './wget';
import { touchCommand } from './touch';
import { rmCommand } from './rm';
import { mkdirCommand } from './mkdir';
import { lsCommand } from './ls';
import { curlCommand } from './curl';
import { arpCommand } from './arp';
import { catCommand } from './cat';
import { cdCommand } from './cd';
import { clearCommand } from './clear';
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
import { openstackCommand } from './openstack';
import { ovsVsctlCommand } from './ovs-vsctl';
import { pingCommand } from './ping';
import { pwdCommand } from './pwd';
import { sourceCommand } from './source';
import { systemctlCommand } from './systemctl';
import { tailCommand } from './tail';
import { trueCommand } from './true';
import { unsetCommand } from './unset';
import { wcCommand } from './wc';
import { whichCommand } from './which';

export const allCommands: readonly ShellCommand[] = [
  sshKeygenCommand,
  sshpassCommand,
  sshCommand,
  wgetCommand,
  touchCommand,
  rmCommand,
  mkdirCommand,
  lsCommand,
  curlCommand,
  arpCommand,
  catCommand,
  cdCommand,
  clearCommand,
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
  openstackCommand,
  ovsVsctlCommand,
  pingCommand,
  pwdCommand,
  sourceCommand,
  systemctlCommand,
  tailCommand,
  trueCommand,
  unsetCommand,
  wcCommand,
  whichCommand,
];
