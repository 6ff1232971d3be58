/**
 * The host shell's contract with its commands: one ShellCommand per file under commands/,
 * each run with a context (the host, the walker, the namespace it runs in, the environment)
 * and its arguments (argv[0] is the command's own name) and standard input.
 */
import type { SimHost } from '../host/sim/sim-host';
import type { WalkerFn } from '../host/types';
import type { HostFs } from './fs';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs the real `openstack` client (or the engine's stand-in) with the shell's environment; `cwd`
 * is the real folder of the shell's working directory (so `--file ./x.img` finds the download).
 */
export type OpenstackFn = (argv: string[], env: Record<string, string>, options?: { cwd?: string }) => Promise<CommandResult>;

/**
 * A program that keeps the terminal after its command returned (`ssh cirros@ip` asking for the
 * password, then the guest's shell): the shell hands it every following line until it is done.
 */
export interface SubSession {
  /** What the terminal shows before the next line (`cirros@10.0.2.118's password: `, `$ `). */
  prompt(): string;
  /** Whether the next line is a secret the terminal should not echo (a password). */
  secret?(): boolean;
  input(line: string): Promise<{ stdout: string; stderr: string; done?: boolean; code?: number }>;
}

/** A logged-in shell on a guest (what ssh talks to). */
export interface GuestShellSession {
  prompt(): string;
  /** Runs one line; `exited` when it was `exit`/`logout`, `lost` when the guest went away (reboot, stop). */
  run(line: string): Promise<{ output: string; exited: boolean; lost?: boolean }>;
  close(): void;
}

/** The guests the host shell can reach over the network (ssh). */
export interface GuestAccess {
  /** Whether a running guest owns this instance port and listens on port 22. */
  listening(portId: string): boolean;
  /** The guest's SSH host key (`ssh-ed25519 AAAA…`), stable while the guest exists. */
  hostKey(portId: string): string | undefined;
  /** Logs in with a password; undefined when the user or password is wrong. */
  login(portId: string, user: string, password: string): GuestShellSession | undefined;
}

/** What a command may ask of the shell it runs in. */
export interface ShellControl {
  getVar(name: string): string | undefined;
  /** Sets a variable; `exported` marks it for the environment (`export`). */
  setVar(name: string, value: string, exported?: boolean): void;
  exportVar(name: string): void;
  unsetVar(name: string): void;
  /** The exported variables (what `env` prints and child commands get). */
  environment(): Record<string, string>;
  /** Runs a script in this shell (what `source` does). */
  runScript(text: string, namespace?: string): Promise<CommandResult>;
  /** Marks the session as ended (`exit`). */
  exit(code: number): void;
  readonly cwd: string;
  /** Changes the working directory (the caller checked that it is a folder). */
  chdir(path: string): void;
  /** Hands the terminal to a program until it says it is done (ssh's password and guest shell). */
  enter(sub: SubSession): void;
  /** An absolute path for `p`, relative to the working directory, with `~` expanded. */
  resolvePath(p: string): string;
}

export interface ShellContext {
  host: SimHost;
  walker: WalkerFn;
  /** The network namespace the command runs in: '' for the host's own. */
  namespace: string;
  env: Readonly<Record<string, string>>;
  shell: ShellControl;
  openstack?: OpenstackFn;
  /** Reads a file by absolute path (the lab's keystonerc_* and the like); undefined when absent. */
  readFile(path: string): string | undefined;
  /** The host's files (`/root` is the student's home). */
  fs: HostFs;
  /** The guests ssh can log in to; absent when the shell has no lab behind it. */
  guests?: GuestAccess;
  /** Every command the shell knows, by name (for `which`, `help`). */
  commands: ReadonlyMap<string, ShellCommand>;
  /** Runs another command (argv[0] is its name), e.g. inside a namespace for `ip netns exec`. */
  exec(argv: string[], stdin: string, options?: { namespace?: string; env?: Record<string, string> }): Promise<CommandResult>;
}

export interface ShellCommand {
  name: string;
  /** Other names it answers to (`.` for `source`). */
  aliases?: string[];
  /** Where the program lives (`which`); none for shell builtins, which `ip netns exec` cannot run. */
  path?: string;
  /** One line for `help`. */
  summary: string;
  run(ctx: ShellContext, argv: string[], stdin: string): Promise<CommandResult> | CommandResult;
}

export const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', code: 0 });
export const fail = (stderr: string, code = 1, stdout = ''): CommandResult => ({ stdout, stderr, code });
