/**
 * The engine's event bus: services publish what changed after their transaction commits;
 * the dataplane, the GUI (IPC or WebSocket) and tests subscribe. Every event has a sequence
 * number, and the last events are kept so a subscriber that reconnects can resume from the
 * last number it saw.
 */
export interface LabEvent {
  /** Increases by one per event, from 1, for the life of the engine. */
  seq: number;
  /** `<service>.<resource>.<action>`, e.g. `identity.project.created`, `network.port.updated`. */
  type: string;
  /** Id of the resource that changed. */
  id?: string;
  /** Extra facts for subscribers; never secrets. */
  data?: Record<string, unknown>;
  at: string;
}

export type Listener = (e: LabEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly recent: LabEvent[] = [];
  private seq = 0;

  constructor(private readonly keep = 1000) {}

  publish(type: string, id?: string, data?: Record<string, unknown>): LabEvent {
    const e: LabEvent = { seq: ++this.seq, type, id, data, at: new Date().toISOString() };
    this.recent.push(e);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a faulty subscriber must never break the request that published
      }
    }
    return e;
  }

  /** Subscribes; with `since`, first replays the kept events after that sequence number. */
  subscribe(l: Listener, since?: number): () => void {
    if (since !== undefined) for (const e of this.recent) if (e.seq > since) l(e);
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** The kept events after `since` (oldest first); `complete` is false when some were already dropped. */
  since(seq: number): { events: LabEvent[]; complete: boolean } {
    const events = this.recent.filter((e) => e.seq > seq);
    const complete = this.recent.length === 0 || this.recent[0].seq <= seq + 1;
    return { events, complete };
  }

  get lastSeq(): number {
    return this.seq;
  }
}
