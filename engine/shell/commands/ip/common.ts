/** What every `ip` object handler gets: the namespace it works in and the global options. */
import type { Namespace } from '../../../dataplane/types';
import type { CommandResult, ShellContext } from '../../types';
import type { Family } from '../../format/iproute';

export interface IpInvocation {
  ctx: ShellContext;
  /** The namespace name ('' = root) and its realized state. */
  nsName: string;
  ns: Namespace;
  family: Family;
  brief: boolean;
  stats: boolean;
}

export type IpObjectHandler = (ip: IpInvocation, args: string[], stdin: string) => Promise<CommandResult> | CommandResult;

/** iproute2 matches abbreviations: `a`, `ad`, `addr` all mean `address`. */
export const matches = (arg: string, full: string): boolean => arg.length > 0 && full.startsWith(arg);

export const unknownCommand = (cmd: string, object: string): CommandResult => ({
  stdout: '',
  stderr: `Command "${cmd}" is unknown, try "ip ${object} help".\n`,
  code: 255,
});

/** Changing the sim host by hand is not possible: Neutron's agents own these devices. */
export const readOnly = (what: string): CommandResult => ({
  stdout: '',
  stderr: `RTNETLINK answers: Operation not permitted\n(StackLab sim host: ${what} is managed by the Neutron agents; change it through Neutron instead)\n`,
  code: 2,
});
