/**
 * Terminal tabs: pty sessions keyed by id (node-pty), one set per connected page, closed with it.
 * Output is batched into whole UTF-8 characters and paused while the page has too much unacknowledged.
 */
import type { TerminalInfo, TerminalSpec } from '../contract';

export interface TerminalSessions {
  open(spec: TerminalSpec): TerminalInfo | Promise<TerminalInfo>;
  write(id: string, data: string): void;
  resize(id: string, cols: number, rows: number): void;
  ack(id: string, chars: number): void;
  close(id: string): void;
  /** Closes every session of this connection. */
  closeAll(): void;
}

export interface TerminalOutput {
  data(id: string, data: string): void;
  exit(id: string, code: number | null): void;
}

/** Builds one connection's terminal sessions. */
export type TerminalFactory = (output: TerminalOutput) => TerminalSessions;
