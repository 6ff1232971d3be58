/**
 * Cinder's volume snapshots (cinder.volume.api's snapshot calls and the LVM driver's part): create
 * (an in-use volume only with force, or from 3.66 on), list, show, update, metadata, delete, reset-status.
 * The snapshot's bytes are a copy-on-write copy of the volume's file in disks/, made right after the
 * API has answered (creating → available).
 */
import { BadRequest, NotFound } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { VolumeSnapshot } from '../types';
import type { VolumeService } from './index';
import { checkMetadata, cinderTimestamp, invalidVolume, type VolumeCaller } from './volumes';

/** fields.SnapshotStatus.ALL, for reset-status. */
export const SNAPSHOT_STATUSES = ['error', 'available', 'creating', 'deleting', 'deleted', 'updating', 'error_deleting', 'unmanaging', 'backing-up', 'restoring'];

/** `Invalid snapshot: …` (InvalidSnapshot, 400). */
const invalidSnapshot = (reason: string): BadRequest => new BadRequest(`Invalid snapshot: ${reason}`);

export interface CreateSnapshotInput {
  volumeId: string;
  name?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
  /** Snapshot an in-use volume (the `force` flag, or any request from 3.66 on). */
  allowInUse?: boolean;
  /** Set by a group snapshot: the snapshot is part of it. */
  groupSnapshotId?: string | null;
}

export interface SnapshotListFilter {
  allProjects?: boolean;
  projectId?: string;
  name?: string;
  status?: string;
  volumeId?: string;
  metadata?: Record<string, string>;
  groupSnapshotId?: string;
}

export class SnapshotManager {
  constructor(private readonly svc: VolumeService) {}

  private get store() {
    return this.svc.store;
  }
  private now(): string {
    return cinderTimestamp(this.svc.opts.clock.now());
  }
  private publish(type: string, s: VolumeSnapshot): void {
    this.svc.opts.events.publish(`volume.snapshot.${type}`, s.id, { name: s.name, status: s.status, volume_id: s.volume_id, project_id: s.project_id });
  }

  /** The snapshot as the caller may see it, else SnapshotNotFound. */
  get(caller: VolumeCaller, id: string): VolumeSnapshot {
    const s = this.store.snapshots.get(id);
    if (!s || (!caller.isAdmin && s.project_id !== caller.projectId)) throw new NotFound(`Snapshot ${id} could not be found.`);
    return s;
  }

  /** Snapshots the caller sees, newest first. */
  list(caller: VolumeCaller, f: SnapshotListFilter = {}): VolumeSnapshot[] {
    let rows: VolumeSnapshot[];
    if (caller.isAdmin && f.allProjects) rows = f.projectId ? this.store.snapshots.where({ project_id: f.projectId }) : this.store.snapshots.all();
    else rows = this.store.snapshots.where({ project_id: caller.projectId });
    return rows
      .filter((s) => f.name === undefined || s.name === f.name)
      .filter((s) => f.status === undefined || s.status === f.status)
      .filter((s) => f.volumeId === undefined || s.volume_id === f.volumeId)
      .filter((s) => f.groupSnapshotId === undefined || s.group_snapshot_id === f.groupSnapshotId)
      .filter((s) => !f.metadata || Object.entries(f.metadata).every(([k, v]) => s.metadata[k] === v))
      .reverse();
  }

  /**
   * Checks a snapshot of `input.volumeId` as Cinder's _create_snapshot_in_db does and returns the row to
   * insert (not inserted): group snapshots insert several in one transaction.
   */
  prepare(caller: VolumeCaller, input: CreateSnapshotInput): VolumeSnapshot {
    const v = this.svc.volumes.get(caller, input.volumeId);
    if (!v.host) throw invalidVolume('The snapshot cannot be created because volume has not been scheduled to any host.');
    if (v.status === 'maintenance') throw invalidVolume('The snapshot cannot be created when the volume is in maintenance mode.');
    if (v.migration_status && !['none', 'error', 'success'].includes(v.migration_status)) throw invalidVolume('Snapshot cannot be created while volume is migrating.');
    if (v.status === 'error') throw invalidVolume('The snapshot cannot be created when the volume is in error status.');
    const metadata = checkMetadata(input.metadata);
    const valid = input.allowInUse ? ['available', 'in-use'] : ['available'];
    if (!valid.includes(v.status)) throw invalidVolume(`Volume ${v.id} status must be ${valid.join(', ')}, but current status is: ${v.status}.`);
    const id = uuid();
    return {
      id,
      project_id: caller.projectId,
      user_id: caller.userId,
      volume_id: v.id,
      name: input.name ?? null,
      description: input.description ?? null,
      status: 'creating',
      size: v.size,
      progress: '0%',
      group_snapshot_id: input.groupSnapshotId ?? null,
      metadata,
      path: this.svc.disks.relPath('snapshot', id),
      created_at: this.now(),
      updated_at: null,
    };
  }

  /** Inserts prepared snapshots (quota counted first, in the caller's transaction) and starts their copies. */
  insert(rows: VolumeSnapshot[]): void {
    this.svc.opts.db.tx(() => {
      for (const s of rows) {
        const typeName = this.svc.volumes.typeOf(this.svc.volumes.find(s.volume_id)!)?.name;
        this.svc.quotas.check(s.project_id, { snapshots: 1, gigabytes: s.size }, typeName);
        this.store.snapshots.insert(s);
      }
    });
    for (const s of rows) {
      this.publish('created', s);
      this.svc.volumes.later(() => this.build(s.id));
    }
  }

  create(caller: VolumeCaller, input: CreateSnapshotInput): VolumeSnapshot {
    const s = this.prepare(caller, input);
    this.insert([s]);
    return s;
  }

  /** The LVM driver's snapshot: a copy-on-write copy of the volume's file as it is now. */
  private build(id: string): void {
    const s = this.store.snapshots.get(id);
    if (!s || s.status !== 'creating') return;
    const v = this.svc.volumes.find(s.volume_id);
    let status = 'available';
    try {
      this.svc.disks.cloneFrom(v?.path ?? '', s.path, s.size);
    } catch {
      status = 'error';
    }
    const done = this.svc.opts.db.tx(() => {
      const row = this.store.snapshots.get(id);
      if (!row) return undefined;
      row.status = status;
      row.progress = status === 'available' ? '100%' : row.progress;
      row.updated_at = this.now();
      this.store.snapshots.put(row);
      return row;
    });
    if (done) this.publish('updated', done);
  }

  private write(s: VolumeSnapshot): VolumeSnapshot {
    s.updated_at = this.now();
    this.svc.opts.db.tx(() => this.store.snapshots.put(s));
    this.publish('updated', s);
    return s;
  }

  update(caller: VolumeCaller, id: string, changes: { name?: string | null; description?: string | null }): VolumeSnapshot {
    const s = this.get(caller, id);
    if (changes.name !== undefined) s.name = changes.name;
    if (changes.description !== undefined) s.description = changes.description;
    return this.write(s);
  }

  setMetadata(caller: VolumeCaller, id: string, metadata: unknown, replace = false): Record<string, string> {
    const s = this.get(caller, id);
    const m = checkMetadata(metadata);
    s.metadata = replace ? m : { ...s.metadata, ...m };
    this.write(s);
    return { ...s.metadata };
  }

  deleteMetadata(caller: VolumeCaller, id: string, key: string): void {
    const s = this.get(caller, id);
    if (!(key in s.metadata)) throw new NotFound(`Snapshot ${s.id} has no metadata with key ${key}.`);
    delete s.metadata[key];
    this.write(s);
  }

  /** os-reset_status (admin). */
  resetStatus(caller: VolumeCaller, id: string, status: unknown): VolumeSnapshot {
    const s = this.get(caller, id);
    if (typeof status !== 'string' || !SNAPSHOT_STATUSES.includes(status.toLowerCase())) {
      throw new BadRequest(`Snapshot status: ${String(status ?? 'None')} is invalid, valid statuses are: (${SNAPSHOT_STATUSES.map((x) => `'${x}'`).join(', ')}).`);
    }
    s.status = status.toLowerCase();
    return this.write(s);
  }

  /** Refused unless available or in error (any status with `force`) and in no group snapshot. */
  delete(caller: VolumeCaller, id: string, force = false): void {
    const s = this.get(caller, id);
    const ok = (force || ['available', 'error'].includes(s.status)) && !s.group_snapshot_id;
    if (!ok) {
      const status = force ? '' : 'status must be available or error and ';
      throw invalidSnapshot(`Snapshot ${status}must not be part of a group.`);
    }
    s.status = 'deleting';
    this.write(s);
    this.svc.volumes.later(() => this.finishDelete(s.id));
  }

  /** Removes a snapshot row and its file (also used by group snapshots for their members). */
  finishDelete(id: string): void {
    const s = this.store.snapshots.get(id);
    if (!s || s.status !== 'deleting') return;
    this.svc.disks.remove(s.path);
    this.svc.opts.db.tx(() => this.store.snapshots.delete(id));
    this.publish('deleted', s);
  }

  /** Finishes what an engine stop interrupted. */
  resume(): void {
    for (const s of this.store.snapshots.all()) {
      if (s.status === 'creating') this.svc.volumes.later(() => this.build(s.id));
      else if (s.status === 'deleting' && this.svc.volumes.find(s.volume_id)?.status !== 'deleting') this.svc.volumes.later(() => this.finishDelete(s.id));
    }
  }
}
