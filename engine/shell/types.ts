/**
 * The host shell's contract with its commands: one ShellCommand per file under commands/,
 * each run with a context (the host, the walker, the namespace it runs in, the environment)
 * and its arguments (argv[0] is the command's own name) and standard input.
 */
import type { SimHost } from '../host/sim/sim-host';
import type { WalkerFn } from '../host/types';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real `openstack` client (or the engine's stand-in) with the shell's environment. */
export type OpenstackFn = (argv: string[], env: Record<string, string>) => Promise<CommandResult>;

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
  /** Every command the shell knows, by name (for `which`, `help`). */
  commands: ReadonlyMap<string, ShellCommand>;
  /** Runs another command (argv[0] is its name), e.g. inside a namespace for `ip netns exec`. */
  exec(argv: string[], stdin: string, options?: { namespace?: string }): Promise<CommandResult>;
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
