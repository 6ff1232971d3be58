/**
 * Nova's volume attachments of a server (os-volume_attachments): attach reserves the volume in
 * Cinder (attachment_create), picks the next free virtio device (/dev/vdb, /dev/vdc, …), connects
 * the host (attachment_update with the libvirt connector) and completes the attachment; the guest
 * sees the disk hot-plugged. Detach deletes the Cinder attachment and unplugs the disk. Deleting a
 * server detaches every volume it still has.
 */
import { ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { ServerRow } from '../store/server-store';
import type { ServerVolumeRecord, VolumeApiForCompute, VolumeCallerForCompute } from '../types';
import type { ComputeDeps } from '.';
import type { ServerCaller, ServerKit } from './servers';

/** vm_states in which Nova's attach_volume/detach_volume run (check_instance_state). */
const ATTACH_STATES = ['active', 'paused', 'stopped', 'suspended', 'shelved', 'shelved_offloaded', 'resized', 'soft_deleted'];

export interface AttachInput {
  volumeId: string;
  device?: string | null;
  tag?: string | null;
  deleteOnTermination?: boolean;
  /** The root volume of a server being built from it (boot index 0, /dev/vda, any vm_state). */
  root?: boolean;
  /** Attached by the build (vm_state building). */
  atBuild?: boolean;
}

export class ServerVolumes {
  constructor(
    private readonly deps: ComputeDeps,
    private readonly kit: ServerKit,
  ) {}

  private get cinder(): VolumeApiForCompute {
    if (!this.deps.volumes) throw new ServiceError('BadRequest', 'Block storage (Cinder) is not available in this lab.');
    return this.deps.volumes;
  }

  private serverRow(caller: Pick<ServerCaller, 'projectId' | 'isAdmin'>, id: string): ServerRow {
    const s = this.kit.row(id);
    if (!s || s.deleted || (!caller.isAdmin && s.project_id !== caller.projectId)) throw new ServiceError('NotFound', `Instance ${id} could not be found.`);
    return s;
  }

  /** The server's volume BDMs. */
  list(caller: Pick<ServerCaller, 'projectId' | 'isAdmin'>, serverId: string): ServerVolumeRecord[] {
    return this.serverRow(caller, serverId).volumes ?? [];
  }

  /** One BDM by volume id, else Nova's 404. */
  show(caller: Pick<ServerCaller, 'projectId' | 'isAdmin'>, serverId: string, volumeId: string): ServerVolumeRecord {
    const bdm = this.list(caller, serverId).find((b) => b.volume_id === volumeId);
    if (!bdm) throw new ServiceError('NotFound', `Instance ${serverId} is not attached to volume ${volumeId}`);
    return bdm;
  }

  /** The attachment a server holds a volume with (Cinder asks this before letting a user delete one). */
  attachmentOf(serverId: string, volumeId: string): string | undefined {
    return this.kit.row(serverId)?.volumes?.find((b) => b.volume_id === volumeId)?.attachment_id;
  }

  /** compute API attach_volume: reserve in Cinder, connect, complete; one transaction. */
  attach(caller: ServerCaller, serverId: string, input: AttachInput): ServerVolumeRecord {
    const ctx = this.ctx(caller);
    return this.deps.db.tx(() => {
      const s = this.serverRow(caller, serverId);
      if (!input.root && !input.atBuild) this.checkState(s, 'attach_volume');
      const cinder = this.cinder;
      const v = cinder.get({ ...ctx, isAdmin: caller.isAdmin }, input.volumeId);
      if (!v) throw new ServiceError('NotFound', `Volume ${input.volumeId} could not be found.`);
      const mine = s.volumes ?? [];
      if (mine.some((b) => b.volume_id === v.id)) throw new ServiceError('BadRequest', `Invalid volume: volume ${v.id} already attached`);
      const device = input.root ? '/dev/vda' : this.nextDevice(mine, input.device ?? null);
      const attachmentId = cinder.reserve(ctx, v.id, s.id);
      cinder.attach(ctx, attachmentId, {
        platform: 'x86_64',
        os_type: 'linux',
        ip: s.host ? '10.0.2.15' : null,
        host: s.host ?? '',
        multipath: false,
        initiator: `iqn.1994-05.com.redhat:${(s.host ?? 'sim').replace(/[^a-z0-9]/gi, '')}`,
        do_local_attach: false,
        mountpoint: device,
      });
      const bdm: ServerVolumeRecord = {
        volume_id: v.id,
        attachment_id: attachmentId,
        bdm_uuid: uuid(),
        device,
        tag: input.tag ?? null,
        delete_on_termination: input.deleteOnTermination ?? false,
        size: v.size,
        boot_index: input.root ? 0 : null,
      };
      this.kit.update(s.id, (r) => (r.volumes = [...(r.volumes ?? []), bdm]));
      this.kit.log.write('nova-compute', 'INFO', 'nova.compute.manager', { requestId: caller.requestId, userId: caller.userId, projectId: caller.projectId }, `Attaching volume ${v.id} to ${device}`, s.id);
      if (!input.root) this.deps.guests.attachVolume?.(s.id, device.replace('/dev/', ''), v.size);
      return bdm;
    });
  }

  /** compute API detach_volume: the Cinder attachment goes, the guest loses the disk. */
  detach(caller: ServerCaller, serverId: string, volumeId: string): void {
    this.deps.db.tx(() => {
      const s = this.serverRow(caller, serverId);
      this.checkState(s, 'detach_volume');
      const bdm = (s.volumes ?? []).find((b) => b.volume_id === volumeId);
      if (!bdm) throw new ServiceError('NotFound', `Volume ${volumeId} is not attached to instance ${serverId}`);
      if (bdm.boot_index === 0) throw new ServiceError('BadRequest', 'Cannot detach a root device volume');
      this.release(s, bdm, this.ctx(caller));
    });
  }

  /** Every volume of a server being deleted is detached (its Cinder attachment deleted). */
  detachAll(s: ServerRow): void {
    const ctx: VolumeCallerForCompute = { projectId: s.project_id, userId: s.user_id, isAdmin: true };
    for (const bdm of s.volumes ?? []) {
      try {
        this.release(s, bdm, ctx);
      } catch {
        // a volume Cinder no longer knows leaves nothing to detach
        this.kit.update(s.id, (r) => (r.volumes = (r.volumes ?? []).filter((b) => b.bdm_uuid !== bdm.bdm_uuid)));
        continue;
      }
      if (!bdm.delete_on_termination) continue;
      try {
        this.cinder.delete(ctx, bdm.volume_id);
      } catch (e) {
        // Nova logs the failed delete and goes on; the volume stays (available)
        this.kit.log.write('nova-compute', 'WARNING', 'nova.compute.manager', { requestId: `req-${uuid()}`, userId: ctx.userId, projectId: ctx.projectId }, `Failed to delete volume: ${bdm.volume_id} due to ${(e as Error).message}`, s.id);
      }
    }
  }

  private release(s: ServerRow, bdm: ServerVolumeRecord, ctx: VolumeCallerForCompute): void {
    this.deps.db.tx(() => {
      this.cinder.detach(ctx, bdm.attachment_id);
      this.kit.update(s.id, (r) => (r.volumes = (r.volumes ?? []).filter((b) => b.bdm_uuid !== bdm.bdm_uuid)));
    });
    this.kit.log.write('nova-compute', 'INFO', 'nova.compute.manager', { requestId: `req-${uuid()}`, userId: ctx.userId, projectId: ctx.projectId }, `Detaching volume ${bdm.volume_id}`, s.id);
    this.deps.guests.detachVolume?.(s.id, bdm.device.replace('/dev/', ''));
  }

  private ctx(caller: Pick<ServerCaller, 'projectId' | 'userId' | 'isAdmin'>): VolumeCallerForCompute {
    return { projectId: caller.projectId, userId: caller.userId, isAdmin: caller.isAdmin };
  }

  private checkState(s: ServerRow, method: string): void {
    if (s.task_state || !ATTACH_STATES.includes(s.vm_state))
      throw new ServiceError('Conflict', s.task_state ? `Cannot '${method}' instance ${s.id} while it is in task_state ${s.task_state}` : `Cannot '${method}' instance ${s.id} while it is in vm_state ${s.vm_state}`);
  }

  /** The device Nova's libvirt driver gives: the one asked for when free, else the next vdX after vda. */
  private nextDevice(mine: ServerVolumeRecord[], wanted: string | null): string {
    const used = new Set(['vda', ...mine.map((b) => b.device.replace('/dev/', ''))]);
    if (wanted) {
      const name = wanted.replace('/dev/', '');
      if (!/^(x?v|s|h)d[a-z]+$/.test(name)) throw new ServiceError('BadRequest', `The supplied device path (${wanted}) is invalid.`);
      if (used.has(name)) throw new ServiceError('BadRequest', `The supplied device path (${wanted}) is in use.`);
    }
    for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) {
      const name = `vd${String.fromCharCode(c)}`;
      if (!used.has(name)) return `/dev/${name}`;
    }
    throw new ServiceError('BadRequest', 'No free disk device names for prefix \'vd\'');
  }
}
