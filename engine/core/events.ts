/**
 * The engine's event bus: services publish what changed after their transaction commits;
 * the dataplane, the GUI (IPC or WebSocket) and tests subscribe.
 */
export interface LabEvent {
  /** `<service>.<resource>.<action>`, e.g. `identity.project.created`. */
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

  publish(type: string, id?: string, data?: Record<string, unknown>): void {
    const e: LabEvent = { type, id, data, at: new Date().toISOString() };
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a faulty subscriber must never break the request that published
      }
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
