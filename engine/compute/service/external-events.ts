/**
 * Nova's os-server-external-events: what other services tell Nova about a server. Neutron's port
 * events are taken and answered (the sim's ports are wired in-process, nothing waits on them);
 * Cinder's `volume-extended` (an in-use volume grew) runs nova-compute's extend_volume: the BDM
 * takes the volume's new size and the guest sees its disk grow.
 */
import type { ServerRow } from '../store/server-store';
import type { ComputeDeps } from '.';
import type { ServerKit } from './servers';

/** The event names Nova's schema takes (volume-extended from 2.51, power-update 2.76, …). */
export const EXTERNAL_EVENT_NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended', 'power-update', 'accelerator-request-bound', 'volume-reimaged'] as const;
export const EXTERNAL_EVENT_STATUSES = ['failed', 'completed', 'in-progress'] as const;

export interface ExternalEvent {
  name: (typeof EXTERNAL_EVENT_NAMES)[number];
  server_uuid: string;
  tag?: string;
  status?: (typeof EXTERNAL_EVENT_STATUSES)[number];
}

export interface ExternalEventResult extends ExternalEvent {
  status: (typeof EXTERNAL_EVENT_STATUSES)[number];
  /** 200 accepted, 404 no such server, 422 the server is on no host yet. */
  code: 200 | 404 | 422;
}

export interface ExternalEventCaller {
  userId: string;
  projectId: string;
  requestId: string;
}

export class ExternalEvents {
  constructor(
    private readonly deps: ComputeDeps,
    private readonly kit: ServerKit,
  ) {}

  /** Each event answered with its code, as Nova's API does; the accepted ones are acted on. */
  handle(caller: ExternalEventCaller, events: ExternalEvent[]): ExternalEventResult[] {
    const results: ExternalEventResult[] = [];
    for (const e of events) {
      const s = this.kit.row(e.server_uuid);
      const out: ExternalEventResult = { ...e, status: e.status ?? 'completed', code: 200 };
      if (!s || s.deleted) {
        out.code = 404;
        out.status = 'failed';
      } else if (!s.host) {
        out.code = 422;
        out.status = 'failed';
      } else if (e.name === 'volume-extended' && e.tag) {
        this.extendVolume(caller, s, e.tag);
      }
      results.push(out);
    }
    return results;
  }

  /** nova-compute's extend_volume: the BDM's size from Cinder, then the hypervisor grows the disk. */
  private extendVolume(caller: ExternalEventCaller, s: ServerRow, volumeId: string): void {
    const bdm = s.volumes?.find((b) => b.volume_id === volumeId);
    const v = bdm && this.deps.volumes?.get({ projectId: s.project_id, userId: s.user_id, isAdmin: true }, volumeId);
    if (!bdm || !v) return;
    const { requestId } = caller;
    this.kit.actions.start(s.id, 'extend_volume', requestId, caller.projectId, caller.userId);
    const done = this.kit.actions.event(requestId, 'compute_extend_volume', s.host);
    this.kit.update(s.id, (r) => (r.volumes = (r.volumes ?? []).map((b) => (b.volume_id === volumeId ? { ...b, size: v.size } : b))));
    this.kit.log.write('nova-compute', 'INFO', 'nova.compute.manager', { requestId, userId: caller.userId, projectId: caller.projectId }, `Extending volume ${volumeId} of ${bdm.device} to ${v.size} GiB`, s.id);
    this.deps.guests.resizeVolume?.(s.id, bdm.device.replace('/dev/', ''), v.size);
    done();
  }
}
