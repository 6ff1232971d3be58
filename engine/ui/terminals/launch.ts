/**
 * What each kind of terminal runs: a local bash with OS_* from the lab's keystonerc_admin (so the
 * real `openstack` CLI works), the lab host's shell (`stacklab shell` in a pty), or an instance's
 * serial console (the guest driver, no pty).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { GuestDriver } from '../../guest/types';
import { rcPath } from '../../lab/rc-files';
import type { TerminalSpec } from '../contract';
import type { TerminalFactory } from './index';
import { TerminalError, TerminalSessionSet, type TerminalLauncher, type TerminalProcess } from './sessions';

/** The `export KEY=value` lines of an rc file. */
export function rcVariables(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*export\s+([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) v = v.slice(1, -1);
    env[m[1]] = v;
  }
  return env;
}

/** A node-pty process as a TerminalProcess (bytes out: decoded by the session, never split). */
function ptyProcess(file: string, args: string[], spec: TerminalSpec, cwd: string, env: Record<string, string>): TerminalProcess {
  // loaded on the first terminal: a lab that never opens one never loads the native module
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pty = require('node-pty') as typeof import('node-pty');
  const p = pty.spawn(file, args, { name: 'xterm-256color', cols: spec.cols, rows: spec.rows, cwd, env, encoding: null });
  return {
    onData: (l) => void p.onData((d: string | Buffer) => l(d)),
    onExit: (l) => void p.onExit((e) => l(e.exitCode)),
    write: (d) => p.write(d),
    resize: (c, r) => p.resize(c, r),
    pause: () => p.pause(),
    resume: () => p.resume(),
    kill: () => {
      try {
        p.kill();
      } catch {
        // already gone
      }
    },
  };
}

/** An instance's serial console as a TerminalProcess. */
function consoleProcess(guests: GuestDriver, serverId: string): (TerminalProcess & { replay(text: string): void }) | undefined {
  let dataListener: (d: string) => void = () => undefined;
  let exitListener: (code: number | null) => void = () => undefined;
  // what the guest writes before the session listens (attach replays the screen) is kept
  const early: string[] = [];
  let listening = false;
  const session = guests.attach(serverId, (d) => (listening ? dataListener(d) : early.push(d)));
  if (!session) return undefined;
  let paused = false;
  const queue: string[] = [];
  return {
    replay: (text: string) => void early.unshift(text),
    onData: (l) => {
      dataListener = (d) => (paused ? queue.push(d) : l(d));
      listening = true;
      for (const d of early.splice(0)) dataListener(d);
    },
    onExit: (l) => void (exitListener = l),
    write: (d) => session.write(d),
    resize: () => undefined,
    pause: () => void (paused = true),
    resume: () => {
      paused = false;
      for (const d of queue.splice(0)) dataListener(d);
    },
    kill: () => {
      session.close();
      exitListener(null);
    },
  };
}

export interface TerminalDeps {
  dataDir: string;
  /** The engine's guest driver now (it changes when a restore restarts the engine). */
  guests(): GuestDriver | undefined;
  /** A server's name for its tab title, when known. */
  serverName?(serverId: string): string | undefined;
  /** The `stacklab` executable (bin/stacklab.js). */
  stacklabBin: string;
}

/** A clean environment for a local shell: the machine's PATH and locale, the lab's OS_* variables. */
function localEnv(dataDir: string): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'USER', 'LOGNAME', 'SHELL', 'TZ'];
  const env: Record<string, string> = { TERM: 'xterm-256color' };
  for (const k of keep) if (process.env[k]) env[k] = process.env[k]!;
  const rc = rcPath(dataDir, 'admin');
  if (existsSync(rc)) Object.assign(env, rcVariables(readFileSync(rc, 'utf8')));
  return env;
}

export function createTerminalLauncher(deps: TerminalDeps): TerminalLauncher {
  return (spec) => {
    if (spec.kind === 'local') {
      const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
      return { process: ptyProcess(shell, ['--noprofile', '--norc', '-i'], spec, deps.dataDir, localEnv(deps.dataDir)), title: 'Terminal' };
    }
    if (spec.kind === 'host') {
      return {
        // inside the desktop app process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node
        process: ptyProcess(process.execPath, [deps.stacklabBin, 'shell', '--data-dir', deps.dataDir], spec, deps.dataDir, { ...localEnv(deps.dataDir), ELECTRON_RUN_AS_NODE: '1' }),
        title: 'Host shell',
      };
    }
    const guests = deps.guests();
    const proc = guests && consoleProcess(guests, spec.serverId);
    if (!proc) throw new TerminalError(`Server ${spec.serverId} has no console (it is not running on this lab's hosts).`);
    // as Horizon's console tab: the last screenful of the log first, then live
    const tail = guests!.consoleLog(spec.serverId, spec.rows) ?? '';
    if (tail) proc.replay(tail.replace(/\r?\n/g, '\r\n'));
    return { process: proc, title: `Console: ${deps.serverName?.(spec.serverId) ?? spec.serverId}` };
  };
}

/** The terminal factory the LabApi uses: one session set per connected page. */
export function createTerminalFactory(deps: TerminalDeps): TerminalFactory {
  const launch = createTerminalLauncher(deps);
  return (output) => new TerminalSessionSet(launch, output);
}

