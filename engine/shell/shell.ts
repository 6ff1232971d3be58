/**
 * The host shell: the emulated terminal a student gets "on the host" with the sim driver
 * (`[root@localhost ~]#`). It parses a line, expands variables, runs pipelines and lists of
 * commands from the registry in commands/index.ts against the sim host, and keeps an
 * environment (what `source keystonerc_admin` sets) that it hands to `openstack`.
 */
import type { SimHost } from '../host/sim/sim-host';
import type { WalkerFn } from '../host/types';
import { allCommands } from './commands';
import { expandToString, expandWord, parse, ParseError, type ExpandContext, type Pipeline, type SimpleCommand } from './parser';
import { fsMessage, MemFs, normalize, readText, type HostFs } from './fs';
import type { CommandResult, GuestAccess, OpenstackFn, ShellCommand, ShellContext, ShellControl, SubSession } from './types';

export type { WalkerFn } from '../host/types';
export type { CommandResult, OpenstackFn, ShellCommand } from './types';

export interface HostShellDeps {
  host: SimHost;
  walker: WalkerFn;
  openstack?: OpenstackFn;
  /** Reads a file by absolute path (e.g. /root/keystonerc_admin); undefined when it does not exist. */
  readFile?: (path: string) => string | undefined;
  /** The host's files; by default an empty one in memory with root's home. */
  fs?: HostFs;
  /** The guests ssh reaches. */
  guests?: GuestAccess;
  /** Extra or replacement commands (tests, later features); by default the registry's list. */
  commands?: ShellCommand[];
  /** The initial environment, on top of the login defaults. */
  env?: Record<string, string>;
}

const HOME = '/root';
const DEFAULT_PS1 = '[\\u@\\h \\W]\\$ ';

export class HostShell implements ShellControl {
  private readonly host: SimHost;
  private readonly walker: WalkerFn;
  private readonly openstack?: OpenstackFn;
  private readonly reader: (path: string) => string | undefined;
  private readonly registry = new Map<string, ShellCommand>();
  private readonly vars = new Map<string, string>();
  private readonly exported = new Set<string>();
  private readonly fs: HostFs;
  private readonly guests?: GuestAccess;
  private lastCode = 0;
  private _exited: number | null = null;
  private _cwd = HOME;
  /** A program holding the terminal (ssh), which gets the next lines instead of the shell. */
  private sub?: SubSession;

  constructor(deps: HostShellDeps) {
    this.host = deps.host;
    this.walker = deps.walker;
    this.openstack = deps.openstack;
    this.reader = deps.readFile ?? (() => undefined);
    this.fs = deps.fs ?? new MemFs({}, [HOME, '/tmp']);
    this.guests = deps.guests;
    for (const c of deps.commands ?? allCommands) {
      this.registry.set(c.name, c);
      for (const a of c.aliases ?? []) this.registry.set(a, c);
    }
    const login: Record<string, string> = {
      HOME,
      USER: 'root',
      LOGNAME: 'root',
      SHELL: '/bin/bash',
      PWD: HOME,
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin',
      LANG: 'en_US.UTF-8',
      TERM: 'xterm-256color',
      ...deps.env,
    };
    for (const [k, v] of Object.entries(login)) this.setVar(k, v, true);
  }

  /** The exit code when `exit` ran (the terminal should close), else null. */
  get exited(): number | null {
    return this._exited;
  }

  get cwd(): string {
    return this._cwd;
  }

  /** Whether the terminal should hide what is typed next (a program asked for a password). */
  get secret(): boolean {
    return this.sub?.secret?.() ?? false;
  }

  /** The prompt from PS1 (bash's `\u`, `\h`, `\H`, `\W`, `\w`, `\$` escapes), e.g. `[root@localhost ~]# `. */
  prompt(): string {
    if (this.sub) return this.sub.prompt();
    const ps1 = this.vars.get('PS1') ?? DEFAULT_PS1;
    return ps1.replace(/\\([uhHWw$n\\])/g, (_m, c: string) => {
      switch (c) {
        case 'u':
          return this.vars.get('USER') ?? 'root';
        case 'h':
          return this.host.shortHostname;
        case 'H':
          return this.host.hostname;
        case 'W':
          return this.cwd === HOME ? '~' : this.cwd === '/' ? '/' : this.cwd.slice(this.cwd.lastIndexOf('/') + 1);
        case 'w':
          return this.cwd === HOME ? '~' : this.cwd.startsWith(`${HOME}/`) ? `~${this.cwd.slice(HOME.length)}` : this.cwd;
        case '$':
          return '#';
        case 'n':
          return '\n';
        default:
          return '\\';
      }
    });
  }

  /** Runs one line (or script) and returns everything it wrote and its exit code. */
  async run(line: string, namespace = ''): Promise<CommandResult> {
    if (this.sub) {
      const r = await this.sub.input(line);
      if (r.done) this.sub = undefined;
      return this.done({ stdout: r.stdout, stderr: r.stderr, code: r.code ?? 0 });
    }
    let script;
    try {
      script = parse(line);
    } catch (e) {
      if (e instanceof ParseError) return this.done({ stdout: '', stderr: `bash: ${e.message}\n`, code: 2 });
      throw e;
    }
    let stdout = '';
    let stderr = '';
    for (const list of script.lists) {
      let r = await this.runPipeline(list.first, namespace);
      stdout += r.stdout;
      stderr += r.stderr;
      for (const { op, pipeline } of list.rest) {
        if (this._exited !== null) break;
        if ((op === '&&' && r.code !== 0) || (op === '||' && r.code === 0)) continue;
        r = await this.runPipeline(pipeline, namespace);
        stdout += r.stdout;
        stderr += r.stderr;
      }
      if (this._exited !== null) break;
    }
    return { stdout, stderr, code: this.lastCode };
  }

  // ---- ShellControl ------------------------------------------------------------------------

  getVar(name: string): string | undefined {
    if (name === '?') return String(this.lastCode);
    if (name === '$') return '4242';
    if (name === '0') return 'bash';
    if (name === '#') return '0';
    return this.vars.get(name);
  }

  setVar(name: string, value: string, exported = false): void {
    this.vars.set(name, value);
    if (exported) this.exported.add(name);
  }

  exportVar(name: string): void {
    this.exported.add(name);
  }

  unsetVar(name: string): void {
    this.vars.delete(name);
    this.exported.delete(name);
  }

  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const v = this.vars.get(name);
      if (v !== undefined) env[name] = v;
    }
    return env;
  }

  runScript(text: string, namespace = ''): Promise<CommandResult> {
    return this.run(text, namespace);
  }

  exit(code: number): void {
    this._exited = code;
  }

  chdir(path: string): void {
    const prev = this._cwd;
    this._cwd = normalize(path);
    this.setVar('OLDPWD', prev, true);
    this.setVar('PWD', this._cwd, true);
  }

  enter(sub: SubSession): void {
    this.sub = sub;
  }

  resolvePath(p: string): string {
    const path = p === '~' ? HOME : p.startsWith('~/') ? HOME + p.slice(1) : p.startsWith('/') ? p : `${this.cwd}/${p}`;
    return normalize(path);
  }

  /** A file's text: the host's files first, then the lab's own (keystonerc_*). */
  private readFile(path: string): string | undefined {
    return readText(this.fs, path) ?? this.reader(path);
  }

  // ---- running -------------------------------------------------------------------------------

  private done(r: CommandResult): CommandResult {
    this.lastCode = r.code;
    return r;
  }

  private expandContext(): ExpandContext {
    return { lookup: (n) => this.getVar(n), home: HOME };
  }

  private async runPipeline(p: Pipeline, namespace: string): Promise<CommandResult> {
    let stdin = '';
    let stderr = '';
    let last: CommandResult = { stdout: '', stderr: '', code: 0 };
    for (const cmd of p.commands) {
      last = await this.runSimple(cmd, stdin, namespace);
      stderr += last.stderr;
      stdin = last.stdout;
      if (this._exited !== null) break;
    }
    return this.done({ stdout: last.stdout, stderr, code: last.code });
  }

  private async runSimple(cmd: SimpleCommand, stdin: string, namespace: string): Promise<CommandResult> {
    const x = this.expandContext();
    const argv = cmd.words.flatMap((w) => expandWord(w, x));
    const assignments = cmd.assignments.map((a) => [a.name, expandToString(a.value, x)] as const);

    // redirections: /dev/null, fd duplication, and files on the host's file system
    let stdinFrom = stdin;
    let out: 'keep' | 'null' | 'err' | { path: string; append: boolean } = 'keep';
    let err: 'keep' | 'null' | 'out' = 'keep';
    for (const r of cmd.redirects) {
      const target = expandToString(r.target, x);
      if (r.op === '<') {
        const text = this.readFile(this.resolvePath(target));
        if (text === undefined) return { stdout: '', stderr: `bash: ${target}: No such file or directory\n`, code: 1 };
        stdinFrom = text;
      } else if (r.op === '>&') {
        if (r.fd === 2 && target === '1') err = 'out';
        else if (r.fd === 1 && target === '2') out = 'err';
        else return { stdout: '', stderr: `bash: ${target}: ambiguous redirect\n`, code: 1 };
      } else if (target === '/dev/null') {
        if (r.fd === 1 || r.fd === 'both') out = 'null';
        if (r.fd === 2 || r.fd === 'both') err = 'null';
      } else if (r.fd === 1 || r.fd === 'both') {
        const path = this.resolvePath(target);
        const append = r.op.includes('>>');
        const e = this.fs.write(path, '', true);
        if (e) return { stdout: '', stderr: `bash: ${target}: ${fsMessage[e]}\n`, code: 1 };
        if (!append) this.fs.write(path, '');
        out = { path, append };
        if (r.fd === 'both') err = 'out';
      } else {
        return { stdout: '', stderr: `bash: ${target}: Read-only file system\n`, code: 1 };
      }
    }

    if (argv.length === 0) {
      // bare assignments set shell variables (exported ones stay exported)
      for (const [k, v] of assignments) this.setVar(k, v, this.exported.has(k));
      return { stdout: '', stderr: '', code: 0 };
    }
    const extraEnv = Object.fromEntries(assignments);
    const r = await this.exec(argv, stdinFrom, namespace, extraEnv);
    let stdout = r.stdout;
    let stderr = r.stderr;
    if (out === 'null') stdout = '';
    if (out === 'err') {
      stderr = stdout + stderr;
      stdout = '';
    }
    if (err === 'null') stderr = '';
    if (err === 'out') {
      stdout += stderr;
      stderr = '';
    }
    if (typeof out === 'object') {
      this.fs.write(out.path, stdout, true);
      stdout = '';
    }
    return { stdout, stderr, code: r.code };
  }

  private async exec(argv: string[], stdin: string, namespace: string, extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    const command = this.registry.get(argv[0]);
    if (!command) return { stdout: '', stderr: `bash: ${argv[0]}: command not found\n`, code: 127 };
    const ctx = this.context(namespace, extraEnv);
    try {
      return await command.run(ctx, argv, stdin);
    } catch (e) {
      return { stdout: '', stderr: `${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`, code: 1 };
    }
  }

  private context(namespace: string, extraEnv: Record<string, string>): ShellContext {
    return {
      host: this.host,
      walker: this.walker,
      namespace,
      env: { ...this.environment(), ...extraEnv },
      shell: this,
      openstack: this.openstack,
      readFile: (path) => this.readFile(path),
      fs: this.fs,
      guests: this.guests,
      commands: this.registry,
      exec: (argv, stdin, options) => this.exec(argv, stdin, options?.namespace ?? namespace, { ...extraEnv, ...options?.env }),
    };
  }
}
