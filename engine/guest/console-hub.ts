/**
 * Console sessions for clients that cannot hold a callback open (the control socket's
 * `stacklab console`): each session buffers what the guest writes until the client reads it
 * (long polling), and is dropped when the client stops reading for a while.
 */
import { randomBytes } from 'node:crypto';
import type { ConsoleSession, GuestDriver } from './types';

interface HubSession {
  serverId: string;
  console: ConsoleSession;
  buffer: string;
  lastRead: number;
  waiter?: () => void;
}

const IDLE_MS = 120_000;

export class ConsoleHub {
  private readonly sessions = new Map<string, HubSession>();

  constructor(private readonly guests: GuestDriver) {}

  /** Attaches to a server's console; undefined when it has no guest. */
  open(serverId: string): string | undefined {
    this.reap();
    const id = randomBytes(9).toString('base64url');
    const s: Partial<HubSession> & { buffer: string } = { serverId, buffer: '', lastRead: Date.now() };
    const console = this.guests.attach(serverId, (data) => {
      s.buffer += data;
      if (s.buffer.length > 1 << 20) s.buffer = s.buffer.slice(-(1 << 20));
      s.waiter?.();
    });
    if (!console) return undefined;
    s.console = console;
    this.sessions.set(id, s as HubSession);
    return id;
  }

  write(id: string, data: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.console.write(data);
    return true;
  }

  /** What the guest wrote since the last read, waiting up to `waitMs` for something to arrive. */
  async read(id: string, waitMs: number): Promise<string | undefined> {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    s.lastRead = Date.now();
    if (!s.buffer && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, waitMs);
        function done() {
          clearTimeout(t);
          s!.waiter = undefined;
          resolve();
        }
        s.waiter = done;
      });
    }
    const out = s.buffer;
    s.buffer = '';
    s.lastRead = Date.now();
    return out;
  }

  close(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.console.close();
    s.waiter?.();
    this.sessions.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private reap(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (!s.waiter && now - s.lastRead > IDLE_MS) this.close(id);
  }
}
