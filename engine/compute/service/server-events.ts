import type { Clock } from '../../core/clock';
import type { InstanceAction, InstanceActionEvent, ServerStore } from '../store/server-store';

/** Nova's action timestamps: `2026-11-22T08:00:00.000000`. */
export const actionTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');

/** Records instance actions and their events (`openstack server event list/show`). */
export class InstanceActions {
  constructor(
    private readonly store: ServerStore,
    private readonly clock: Clock,
  ) {}

  /** Starts an action (one per API request that changes the server). */
  start(instanceUuid: string, action: string, requestId: string, projectId: string, userId: string): InstanceAction {
    const now = actionTime(this.clock.now());
    const a: InstanceAction = { id: requestId, request_id: requestId, instance_uuid: instanceUuid, action, project_id: projectId, user_id: userId, start_time: now, updated_at: now, message: null, events: [] };
    if (!this.store.actions.get(requestId)) this.store.actions.insert(a);
    return a;
  }

  /** Starts an event of the action; returns a function that finishes it (Success, or Error with a traceback). */
  event(requestId: string, event: string, host: string | null): (error?: { message: string; traceback: string; details?: string }) => void {
    const now = actionTime(this.clock.now());
    this.mutate(requestId, (a) => a.events.push({ event, start_time: now, finish_time: null, result: null, traceback: null, host, details: null }));
    let done = false;
    return (error) => {
      if (done) return;
      done = true;
      const end = actionTime(this.clock.now());
      this.mutate(requestId, (a) => {
        const e = [...a.events].reverse().find((x: InstanceActionEvent) => x.event === event && x.finish_time === null);
        if (!e) return;
        e.finish_time = end;
        e.result = error ? 'Error' : 'Success';
        if (error) {
          e.traceback = error.traceback;
          e.details = error.details ?? error.message;
          a.message = 'Error';
        }
      });
    };
  }

  private mutate(requestId: string, fn: (a: InstanceAction) => void): void {
    const a = this.store.actions.get(requestId);
    if (!a) return;
    fn(a);
    a.updated_at = actionTime(this.clock.now());
    this.store.actions.put(a);
  }

  list(instanceUuid: string): InstanceAction[] {
    return this.store.actions.where({ instance_uuid: instanceUuid }).reverse();
  }

  find(instanceUuid: string, requestId: string): InstanceAction | undefined {
    const a = this.store.actions.get(requestId);
    return a && a.instance_uuid === instanceUuid ? a : undefined;
  }
}
