/**
 * One page's terminal sessions: a pty (node-pty) or an instance console behind each id, output
 * batched into whole UTF-8 characters, and paused while the page has too much unacknowledged.
 */
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { TerminalInfo, TerminalSpec } from '../contract';
import type { TerminalOutput, TerminalSessions } from './index';

/** What a session runs: a pty or a console, seen the same way. */
export interface TerminalProcess {
  /** Raw output (bytes from a pty, or text from a console). */
  onData(listener: (data: Buffer | string) => void): void;
  onExit(listener: (code: number | null) => void): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(): void;
}

/** Starts what a spec asks for, with its tab title; throws a clear error when it cannot. */
export type TerminalLauncher = (spec: TerminalSpec) => Promise<{ process: TerminalProcess; title: string }> | { process: TerminalProcess; title: string };

export class TerminalError extends Error {
  override name = 'TerminalError';
}

export interface SessionLimits {
  /** Output is sent at most this often (ms)… */
  flushMs: number;
  /** …or as soon as this many characters wait. */
  flushChars: number;
  /** Unacknowledged characters above which the process is paused… */
  highWater: number;
  /** …and below which it is resumed. */
  lowWater: number;
  /** Sessions one page may hold. */
  maxSessions: number;
}

export const DEFAULT_LIMITS: SessionLimits = { flushMs: 8, flushChars: 64 * 1024, highWater: 256 * 1024, lowWater: 32 * 1024, maxSessions: 8 };

interface Session {
  proc: TerminalProcess;
  decoder: StringDecoder;
  pending: string;
  timer?: NodeJS.Timeout;
  unacked: number;
  paused: boolean;
  closed: boolean;
}

const size = (v: unknown, what: string, max: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new TerminalError(`${what} must be a whole number from 1 to ${max}`);
  return n;
};

export class TerminalSessionSet implements TerminalSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly launch: TerminalLauncher,
    private readonly output: TerminalOutput,
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
  ) {}

  async open(spec: TerminalSpec): Promise<TerminalInfo> {
    if (typeof spec !== 'object' || spec === null || !['local', 'host', 'console'].includes((spec as { kind?: string }).kind ?? '')) throw new TerminalError('kind must be local, host or console');
    size(spec.cols, 'cols', 1000);
    size(spec.rows, 'rows', 500);
    if (spec.kind === 'console' && (typeof spec.serverId !== 'string' || !spec.serverId)) throw new TerminalError('a console needs a serverId');
    if (this.sessions.size >= this.limits.maxSessions) throw new TerminalError(`at most ${this.limits.maxSessions} terminals may be open at once; close one first`);
    const { process: proc, title } = await this.launch(spec);
    const id = randomBytes(9).toString('base64url');
    const s: Session = { proc, decoder: new StringDecoder('utf8'), pending: '', unacked: 0, paused: false, closed: false };
    this.sessions.set(id, s);
    proc.onData((chunk) => this.take(id, s, chunk));
    proc.onExit((code) => {
      if (s.closed) return;
      this.take(id, s, s.decoder.end());
      this.flush(id, s);
      s.closed = true;
      this.sessions.delete(id);
      this.output.exit(id, code);
    });
    return { id, title };
  }

  private take(id: string, s: Session, chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : s.decoder.write(chunk);
    if (!text) return;
    s.pending += text;
    if (s.pending.length >= this.limits.flushChars) this.flush(id, s);
    else s.timer ??= setTimeout(() => this.flush(id, s), this.limits.flushMs);
  }

  private flush(id: string, s: Session): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    if (!s.pending || s.closed) return;
    const data = s.pending;
    s.pending = '';
    s.unacked += data.length;
    this.output.data(id, data);
    if (!s.paused && s.unacked > this.limits.highWater) {
      s.paused = true;
      s.proc.pause();
    }
  }

  private get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new TerminalError(`no terminal ${id}`);
    return s;
  }

  write(id: string, data: string): void {
    this.get(id).proc.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).proc.resize(size(cols, 'cols', 1000), size(rows, 'rows', 500));
  }

  ack(id: string, chars: number): void {
    const s = this.sessions.get(id);
    if (!s) return;
    const n = Number(chars);
    if (!Number.isFinite(n) || n < 0) throw new TerminalError('chars must be a non-negative number');
    s.unacked = Math.max(0, s.unacked - n);
    if (s.paused && s.unacked < this.limits.lowWater) {
      s.paused = false;
      s.proc.resume();
    }
  }

  close(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.closed = true;
    if (s.timer) clearTimeout(s.timer);
    this.sessions.delete(id);
    s.proc.kill();
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  /** Open sessions (tests, diagnostics). */
  get size(): number {
    return this.sessions.size;
  }
}
