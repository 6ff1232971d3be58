/**
 * Cinder's group snapshots (cinder.group.api's group snapshot calls and the volume manager's part): one
 * volume snapshot per member volume, each carrying the group snapshot's id and copied copy-on-write like
 * any snapshot; creating → available once every member snapshot is, deleting takes them all.
 */
import { BadRequest, NotFound } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { GroupSnapshot, VolumeSnapshot } from '../types';
import { checkKeys, descriptionField, invalidField, UUID_RE } from './group-types';
import type { ListFilter } from './groups';
import type { VolumeService } from './index';
import { cinderTimestamp, type VolumeCaller } from './volumes';

const invalidGroupSnapshot = (reason: string): BadRequest => new BadRequest(`Invalid GroupSnapshot: ${reason}`);
/** fields.GroupSnapshotStatus.ALL. */
const GROUP_SNAPSHOT_STATUSES = ['error', 'available', 'creating', 'deleting', 'deleted', 'updating', 'error_deleting'];

export class GroupSnapshots {
  constructor(private readonly svc: VolumeService) {}

  private get store() {
    return this.svc.store;
  }

  private now(): string {
    return cinderTimestamp(this.svc.opts.clock.now());
  }

  private publish(event: string, gs: GroupSnapshot): void {
    this.svc.opts.events.publish(`volume.group_snapshot.${event}`, gs.id, { name: gs.name, status: gs.status, group_id: gs.group_id, project_id: gs.project_id });
  }

  /** Finishes what an engine stop interrupted: group snapshots still creating or being deleted. */
  resume(): void {
    for (const gs of this.store.groupSnapshots.all()) {
      if (gs.status === 'creating') this.svc.volumes.later(() => this.finishCreate(gs.id));
      else if (gs.status === 'deleting') this.svc.volumes.later(() => this.finishDelete(gs.id));
    }
  }

  get(caller: VolumeCaller, id: string): GroupSnapshot {
    const gs = this.store.groupSnapshots.get(id);
    if (!gs || (!caller.isAdmin && gs.project_id !== caller.projectId)) throw new NotFound(`GroupSnapshot ${id} could not be found.`);
    return gs;
  }

  list(caller: VolumeCaller, f: ListFilter & { groupId?: string } = {}): GroupSnapshot[] {
    const rows = caller.isAdmin && f.allTenants ? this.store.groupSnapshots.all() : this.store.groupSnapshots.where({ project_id: caller.projectId });
    return rows
      .filter((gs) => !this.svc.groupTypes.isDefaultCgsnapshotType(gs.group_type_id))
      .filter((gs) => f.name === undefined || gs.name === f.name)
      .filter((gs) => f.status === undefined || gs.status === f.status)
      .filter((gs) => f.groupId === undefined || gs.group_id === f.groupId)
      .reverse();
  }

  /** The member snapshots of a group snapshot. */
  snapshots(id: string): VolumeSnapshot[] {
    return this.store.snapshots.where({ group_snapshot_id: id });
  }

  /**
   * POST /group_snapshots {group_id, name, description}: the group snapshot row and one snapshot per member
   * volume (checked and counted against the snapshot quotas) in one transaction; the copies follow.
   */
  create(caller: VolumeCaller, body: Record<string, unknown>): GroupSnapshot {
    checkKeys(body, ['group_id', 'name', 'description']);
    if (body.group_id === undefined) throw new BadRequest("'group_id' is a required property");
    if (typeof body.group_id !== 'string' || !UUID_RE.test(body.group_id)) throw invalidField('group_id', body.group_id, `'${String(body.group_id)}' is not a 'uuid'`);
    if (body.name != null && typeof body.name !== 'string') throw invalidField('name', body.name, `${JSON.stringify(body.name)} is not of type 'string', 'null'`);
    const name = typeof body.name === 'string' ? body.name.trim() || null : null;
    const description = descriptionField(body.description);
    const group = this.svc.groups.get(caller, body.group_id);
    this.svc.groups.checkNotCgsnapshotType(group.group_type_id, 'group snapshots');
    const gs: GroupSnapshot = {
      id: uuid(),
      project_id: caller.projectId,
      user_id: caller.userId,
      group_id: group.id,
      group_type_id: group.group_type_id,
      name,
      description,
      status: 'creating',
      created_at: this.now(),
      updated_at: null,
    };
    const members = this.svc.groups.volumes(group.id);
    const rows = members.map((v) => this.svc.snapshots.prepare(caller, { volumeId: v.id, name, description, allowInUse: true, groupSnapshotId: gs.id }));
    this.store.db.tx(() => {
      this.store.groupSnapshots.insert(gs);
      this.svc.snapshots.insert(rows);
    });
    this.publish('created', gs);
    this.svc.volumes.later(() => this.finishCreate(gs.id));
    return gs;
  }

  /** The volume manager's create_group_snapshot: available once every member snapshot is (error if one failed). */
  private finishCreate(id: string): void {
    const gs = this.store.groupSnapshots.get(id);
    if (!gs || gs.status !== 'creating') return;
    const members = this.snapshots(id);
    if (members.some((s) => s.status === 'creating')) {
      this.svc.volumes.later(() => this.finishCreate(id));
      return;
    }
    this.setStatus(id, members.some((s) => s.status === 'error') ? 'error' : 'available');
  }

  private setStatus(id: string, status: string): void {
    const gs = this.store.db.tx(() => {
      const row = this.store.groupSnapshots.get(id);
      if (!row) return undefined;
      row.status = status;
      row.updated_at = this.now();
      this.store.groupSnapshots.put(row);
      return row;
    });
    if (gs) this.publish('updated', gs);
  }

  /** DELETE: available or error, and no group being created from it; then its snapshots and it go. */
  delete(caller: VolumeCaller, id: string): void {
    const gs = this.store.db.tx(() => {
      const row = this.get(caller, id);
      const sourcing = this.store.groups.where({ status: 'creating' }).some((g) => g.group_snapshot_id === row.id);
      if (!['available', 'error'].includes(row.status) || sourcing) {
        throw invalidGroupSnapshot('GroupSnapshot status must be available or error, and no Group can be currently using it as source for its creation.');
      }
      const now = this.now();
      for (const s of this.snapshots(row.id)) this.store.snapshots.put({ ...s, status: 'deleting', updated_at: now });
      row.status = 'deleting';
      row.updated_at = now;
      this.store.groupSnapshots.put(row);
      return row;
    });
    this.publish('updated', gs);
    this.svc.volumes.later(() => this.finishDelete(gs.id));
  }

  private finishDelete(id: string): void {
    const gs = this.store.groupSnapshots.get(id);
    if (!gs) return;
    for (const s of this.snapshots(id)) this.svc.snapshots.finishDelete(s.id);
    this.store.db.tx(() => this.store.groupSnapshots.delete(id));
    this.publish('deleted', gs);
  }

  /** POST /group_snapshots/{id}/action {"reset_status": {"status"}} (an admin's, 3.19+). */
  resetStatus(caller: VolumeCaller, id: string, status: unknown): void {
    if (typeof status !== 'string') throw new BadRequest("'status' is a required property");
    const s = status.toLowerCase();
    if (!GROUP_SNAPSHOT_STATUSES.includes(s)) {
      throw new BadRequest(`Invalid GroupSnapshot Status: Group snapshot status: ${s} is invalid, valid statuses are: (${GROUP_SNAPSHOT_STATUSES.map((x) => `'${x}'`).join(', ')}).`);
    }
    this.get(caller, id);
    this.setStatus(id, s);
  }
}
