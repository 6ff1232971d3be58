/**
 * Cinder's generic volume groups (cinder.group.api): a group type, the volume types it accepts, member
 * volumes (their group_id), creating → available, updating membership, deleting with or without the
 * volumes. Quota: one `groups` per group.
 */
import { BadRequest, NotFound } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { Volume, VolumeGroup } from '../types';
import { checkKeys, descriptionField, invalidField } from './group-types';
import type { VolumeService } from './index';
import { BACKEND_HOST, cinderTimestamp, invalidVolume, STORAGE_AZ, type VolumeCaller } from './volumes';

export const invalidGroup = (reason: string): BadRequest => new BadRequest(`Invalid Group: ${reason}`);

const VALID_REMOVE_STATUS = ['available', 'in-use', 'error', 'error_deleting'];
const VALID_ADD_STATUS = ['available', 'in-use'];
/** Python's repr of a tuple of strings, as Cinder's messages print them. */
const pyTuple = (xs: readonly string[]): string => `(${xs.map((x) => `'${x}'`).join(', ')})`;
/** fields.GroupStatus.ALL. */
const GROUP_STATUSES = ['error', 'available', 'creating', 'deleting', 'deleted', 'updating', 'in-use', 'error_deleting'];

/** The filters a group or group snapshot list takes (name exact; all_tenants for an admin). */
export interface ListFilter {
  allTenants?: boolean;
  name?: string;
  status?: string;
}

export class VolumeGroups {
  constructor(private readonly svc: VolumeService) {
    svc.quotas.addCounter('groups', (projectId) => svc.store.groups.count({ project_id: projectId }));
    // a volume created with group_id joins only a group it may see that takes its volume type
    svc.volumes.groupCheck = (caller, groupId, volumeTypeId) => {
      const g = this.get(caller, groupId);
      this.checkNotCgsnapshotType(g.group_type_id);
      if (!g.volume_type_ids.includes(volumeTypeId)) {
        throw invalidVolume(`Cannot add volume to group ${g.id} because volume type ${volumeTypeId} is not supported by the group.`);
      }
    };
  }

  /** Finishes what an engine stop interrupted: groups still creating or updating, groups being deleted. */
  resume(): void {
    for (const g of this.store.groups.all()) {
      if (g.status === 'creating' && (g.group_snapshot_id || g.source_group_id)) this.svc.volumes.later(() => this.finishFromSource(g.id));
      else if (g.status === 'creating' || g.status === 'updating') this.svc.volumes.later(() => this.setStatus(g.id, 'available'));
      else if (g.status === 'deleting') this.svc.volumes.later(() => this.finishDelete(g.id));
    }
  }

  private get store() {
    return this.svc.store;
  }

  private now(): string {
    return cinderTimestamp(this.svc.opts.clock.now());
  }

  private publish(event: string, g: VolumeGroup): void {
    this.svc.opts.events.publish(`volume.group.${event}`, g.id, { name: g.name, status: g.status, project_id: g.project_id });
  }

  /** A group the caller may see (another project's is not found, as Cinder's project-scoped query has it). */
  get(caller: VolumeCaller, id: string): VolumeGroup {
    const g = this.store.groups.get(id);
    if (!g || (!caller.isAdmin && g.project_id !== caller.projectId)) throw new NotFound(`Group ${id} could not be found.`);
    return g;
  }

  /** The reserved consistency-group type: the group APIs refuse groups of it. */
  checkNotCgsnapshotType(groupTypeId: string, what: 'group' | 'group snapshots' = 'group'): void {
    if (this.svc.groupTypes.isDefaultCgsnapshotType(groupTypeId)) {
      const tail = what === 'group' ? 'Migrated group can only be operated by CG APIs.' : 'Migrated group snapshots can only be operated by CG snapshot APIs.';
      throw new BadRequest(`Group_type ${groupTypeId} is reserved for migrating CGs to groups. ${tail}`);
    }
  }

  list(caller: VolumeCaller, f: ListFilter = {}): VolumeGroup[] {
    const rows = caller.isAdmin && f.allTenants ? this.store.groups.all() : this.store.groups.where({ project_id: caller.projectId });
    return rows
      .filter((g) => !this.svc.groupTypes.isDefaultCgsnapshotType(g.group_type_id))
      .filter((g) => f.name === undefined || g.name === f.name)
      .filter((g) => f.status === undefined || g.status === f.status)
      .reverse();
  }

  /** The member volumes of a group. */
  volumes(groupId: string): Volume[] {
    return this.store.volumes.where({ group_id: groupId });
  }

  /** POST /groups: `group_type` and `volume_types` (names or ids), name, description, availability_zone. */
  create(caller: VolumeCaller, body: Record<string, unknown>): VolumeGroup {
    checkKeys(body, ['name', 'description', 'group_type', 'volume_types', 'availability_zone']);
    if (body.group_type === undefined) throw new BadRequest("'group_type' is a required property");
    if (body.volume_types === undefined) throw new BadRequest("'volume_types' is a required property");
    if (typeof body.group_type !== 'string' || !body.group_type) throw invalidField('group_type', body.group_type, `${JSON.stringify(body.group_type)} is not of type 'string'`);
    const vts = body.volume_types;
    if (!Array.isArray(vts) || vts.some((t) => typeof t !== 'string' || !t)) throw invalidField('volume_types', vts, `${JSON.stringify(vts)} is not of type 'array'`);
    if (!vts.length) throw invalidField('volume_types', '[]', '[] is too short');
    if (body.name != null && typeof body.name !== 'string') throw invalidField('name', body.name, `${JSON.stringify(body.name)} is not of type 'string', 'null'`);
    const name = typeof body.name === 'string' ? body.name.trim() || null : null;
    const description = descriptionField(body.description);
    const az = body.availability_zone ?? STORAGE_AZ;
    if (typeof az !== 'string') throw invalidField('availability_zone', az, `${JSON.stringify(az)} is not of type 'string', 'null'`);
    if (az !== STORAGE_AZ) throw new BadRequest(`Invalid input received: Availability zone '${az}' is invalid.`);
    const groupType = this.svc.groupTypes.byNameOrId(body.group_type);
    this.checkNotCgsnapshotType(groupType.id);
    const typeIds: string[] = [];
    for (const t of vts as string[]) {
      const id = this.svc.types.get(t).id;
      if (!typeIds.includes(id)) typeIds.push(id);
    }
    const g = this.store.db.tx(() => {
      this.svc.quotas.check(caller.projectId, { groups: 1 });
      const row: VolumeGroup = {
        id: uuid(),
        project_id: caller.projectId,
        user_id: caller.userId,
        name,
        description,
        status: 'creating',
        availability_zone: az,
        group_type_id: groupType.id,
        volume_type_ids: typeIds,
        group_snapshot_id: null,
        source_group_id: null,
        replication_status: 'disabled',
        host: BACKEND_HOST,
        created_at: this.now(),
        updated_at: null,
      };
      this.store.groups.insert(row);
      return row;
    });
    this.publish('created', g);
    // the scheduler picks the backend and the volume manager creates the group
    this.svc.volumes.later(() => this.setStatus(g.id, 'available'));
    return g;
  }

  private setStatus(id: string, status: string): void {
    const g = this.store.db.tx(() => {
      const row = this.store.groups.get(id);
      if (!row) return undefined;
      row.status = status;
      row.updated_at = this.now();
      this.store.groups.put(row);
      return row;
    });
    if (g) this.publish('updated', g);
  }

  /**
   * PUT /groups/{id}: name, description, add_volumes / remove_volumes (comma-separated ids), checked as
   * Cinder checks them; membership changes at once (the volume manager's update_group).
   */
  update(caller: VolumeCaller, id: string, body: Record<string, unknown>): void {
    checkKeys(body, ['name', 'description', 'add_volumes', 'remove_volumes']);
    for (const k of ['name', 'description', 'add_volumes', 'remove_volumes']) {
      if (body[k] != null && typeof body[k] !== 'string') throw invalidField(k, body[k], `${JSON.stringify(body[k])} is not of type 'string', 'null'`);
    }
    if (body.name === undefined && body.description === undefined && body.add_volumes === undefined && body.remove_volumes === undefined) {
      throw new BadRequest("{} does not have enough properties");
    }
    const g = this.store.db.tx(() => {
      const group = this.get(caller, id);
      this.checkNotCgsnapshotType(group.group_type_id);
      if (group.status !== 'available') throw invalidGroup(`Group status must be available, but current status is: ${group.status}.`);
      const split = (v: unknown) => (typeof v === 'string' && v.replace(/^,+|,+$/g, '') ? v.replace(/^,+|,+$/g, '').split(',') : []);
      const add = split(body.add_volumes);
      const remove = split(body.remove_volumes);
      const both = add.filter((x) => remove.includes(x));
      if (both.length) throw invalidVolume(`UUIDs [${both.map((x) => `'${x}'`).join(', ')}] are in both add and remove volume list.`);
      let name = typeof body.name === 'string' ? body.name.trim() : undefined;
      let description = typeof body.description === 'string' ? body.description.trim() : undefined;
      if (name === group.name) name = undefined;
      if (description === group.description) description = undefined;
      const members = this.volumes(group.id);
      const adding = this.validateAdd(group, members, add);
      const removing = this.validateRemove(group, members, remove);
      if (name === undefined && description === undefined && !adding.length && !removing.length) {
        throw invalidGroup(`Cannot update group ${group.id} because no valid name, description, add_volumes, or remove_volumes were provided.`);
      }
      if (name !== undefined) group.name = name;
      if (description !== undefined) group.description = description;
      const now = this.now();
      for (const v of adding) this.store.volumes.put({ ...v, group_id: group.id, updated_at: now });
      for (const v of removing) this.store.volumes.put({ ...v, group_id: null, updated_at: now });
      group.updated_at = now;
      this.store.groups.put(group);
      return { group, changed: [...adding, ...removing].map((v) => v.id) };
    });
    this.publish('updated', g.group);
    for (const vid of g.changed) this.svc.opts.events.publish('volume.volume.updated', vid, { group_id: this.store.volumes.get(vid)?.group_id ?? null });
  }

  private validateAdd(group: VolumeGroup, members: Volume[], ids: string[]): Volume[] {
    const out: Volume[] = [];
    for (const vid of ids) {
      if (members.some((m) => m.id === vid) || out.some((v) => v.id === vid)) continue;
      const v = this.store.volumes.get(vid);
      if (!v) throw invalidVolume(`Cannot add volume ${vid} to group ${group.id} because volume cannot be found.`);
      if (v.group_id) throw invalidVolume(`Cannot add volume ${v.id} to group ${group.id} because it is already in group ${v.group_id}.`);
      if (v.project_id !== group.project_id) throw invalidVolume(`Cannot add volume ${v.id} to group ${group.id} as they belong to different projects.`);
      if (!v.volume_type_id) throw invalidVolume(`Cannot add volume ${v.id} to group ${group.id} because it has no volume type.`);
      if (!group.volume_type_ids.includes(v.volume_type_id)) {
        throw invalidVolume(`Cannot add volume ${v.id} to group ${group.id} because volume type ${v.volume_type_id} is not supported by the group.`);
      }
      if (!VALID_ADD_STATUS.includes(v.status)) {
        throw invalidVolume(`Cannot add volume ${v.id} to group ${group.id} because volume is in an invalid state: ${v.status}. Valid states are: ${pyTuple(VALID_ADD_STATUS)}.`);
      }
      out.push(v);
    }
    return out;
  }

  private validateRemove(group: VolumeGroup, members: Volume[], ids: string[]): Volume[] {
    const out: Volume[] = [];
    for (const v of members) {
      if (!ids.includes(v.id)) continue;
      if (!VALID_REMOVE_STATUS.includes(v.status)) {
        throw invalidVolume(`Cannot remove volume ${v.id} from group ${group.id} because volume is in an invalid state: ${v.status}. Valid states are: ${pyTuple(VALID_REMOVE_STATUS)}.`);
      }
      out.push(v);
    }
    for (const vid of ids) {
      if (!out.some((v) => v.id === vid)) throw invalidVolume(`Cannot remove volume ${vid} from group ${group.id} because it is not in the group.`);
    }
    return out;
  }

  /**
   * POST /groups/{id}/action {"delete": {"delete-volumes": …}}: refused while it has group snapshots, or
   * volumes without the flag, or attached volumes, or volumes with snapshots; then deleting → gone (with
   * its volumes when asked).
   */
  delete(caller: VolumeCaller, id: string, deleteVolumes: boolean): void {
    const g = this.store.db.tx(() => {
      const group = this.get(caller, id);
      this.checkNotCgsnapshotType(group.group_type_id);
      if (!deleteVolumes && !['available', 'error'].includes(group.status)) {
        throw invalidGroup(`Group status must be available or error, but current status is: ${group.status}`);
      }
      if (this.store.groupSnapshots.count({ group_id: group.id }) > 0) throw invalidGroup('Group has existing snapshots.');
      const members = this.volumes(group.id);
      if (members.length && !deleteVolumes) throw invalidGroup(`Group ${group.id} still contains volumes. The delete-volumes flag is required to delete it.`);
      for (const v of members) {
        if (v.attachments.length || v.status === 'in-use') throw invalidGroup(`Volume in group ${group.id} is attached. Need to detach first.`);
        if (this.store.snapshots.count({ volume_id: v.id }) > 0) throw invalidGroup('Volume in group still has dependent snapshots.');
      }
      const now = this.now();
      for (const v of members) this.store.volumes.put({ ...v, status: 'deleting', updated_at: now });
      group.status = 'deleting';
      group.updated_at = now;
      this.store.groups.put(group);
      return group;
    });
    this.publish('updated', g);
    this.svc.volumes.later(() => this.finishDelete(g.id));
  }

  /** The volume manager's delete_group: the member volumes (rows and files), then the group. */
  private finishDelete(id: string): void {
    const gone = this.store.db.tx(() => {
      const g = this.store.groups.get(id);
      if (!g) return undefined;
      const members = this.volumes(id);
      for (const v of members) {
        for (const a of this.store.attachments.where({ volume_id: v.id })) this.store.attachments.delete(a.id);
        this.store.volumes.delete(v.id);
      }
      this.store.groups.delete(id);
      return { g, members };
    });
    if (!gone) return;
    for (const v of gone.members) {
      this.svc.disks.remove(v.path);
      this.svc.opts.events.publish('volume.volume.deleted', v.id, { name: v.name, project_id: v.project_id });
    }
    this.publish('deleted', gone.g);
  }

  /**
   * POST /groups/action {"create-from-src": …} (3.14): a group of the source's group type and volume types,
   * with one volume per snapshot of a group snapshot (created from it) or per volume of a source group
   * (cloned), all written in one transaction; available once every new volume is.
   */
  createFromSource(caller: VolumeCaller, body: Record<string, unknown>): VolumeGroup {
    checkKeys(body, ['name', 'description', 'group_snapshot_id', 'source_group_id']);
    for (const k of ['name', 'group_snapshot_id', 'source_group_id']) {
      if (body[k] != null && typeof body[k] !== 'string') throw invalidField(k, body[k], `${JSON.stringify(body[k])} is not of type 'string', 'null'`);
    }
    const name = typeof body.name === 'string' ? body.name.trim() || null : null;
    const description = descriptionField(body.description);
    const snapId = typeof body.group_snapshot_id === 'string' ? body.group_snapshot_id : undefined;
    const srcId = typeof body.source_group_id === 'string' ? body.source_group_id : undefined;
    if (snapId && srcId) throw new BadRequest('Invalid input received: Cannot create group from both a group snapshot and a source group.');
    if (!snapId && !srcId) throw new BadRequest(`Invalid input received: Either 'group_snapshot_id' or 'source_group_id' must be provided to create group ${name} from source.`);
    let groupTypeId: string;
    let typeIds: string[];
    let sources: { size: number; typeId: string; snapshotId?: string; volumeId?: string }[];
    if (snapId) {
      const gs = this.svc.groupSnapshots.get(caller, snapId);
      const from = this.get(caller, gs.group_id);
      groupTypeId = gs.group_type_id;
      typeIds = [...from.volume_type_ids];
      sources = this.svc.groupSnapshots.snapshots(gs.id).map((snap) => ({ size: snap.size, typeId: this.store.volumes.get(snap.volume_id)?.volume_type_id ?? '', snapshotId: snap.id }));
      if (!sources.length) throw invalidGroup('Group snapshot is empty. No group will be created.');
    } else {
      const from = this.get(caller, srcId!);
      groupTypeId = from.group_type_id;
      typeIds = [...from.volume_type_ids];
      sources = this.volumes(from.id).map((v) => ({ size: v.size, typeId: v.volume_type_id, volumeId: v.id }));
      if (!sources.length) throw invalidGroup('Source Group is empty. No group will be created.');
    }
    this.checkNotCgsnapshotType(groupTypeId);
    const g = this.store.db.tx(() => {
      this.svc.quotas.check(caller.projectId, { groups: 1 });
      const row: VolumeGroup = {
        id: uuid(),
        project_id: caller.projectId,
        user_id: caller.userId,
        name,
        description,
        status: 'creating',
        availability_zone: STORAGE_AZ,
        group_type_id: groupTypeId,
        volume_type_ids: typeIds,
        group_snapshot_id: snapId ?? null,
        source_group_id: srcId ?? null,
        replication_status: 'disabled',
        host: BACKEND_HOST,
        created_at: this.now(),
        updated_at: null,
      };
      this.store.groups.insert(row);
      for (const src of sources) {
        this.svc.volumes.create(caller, { size: src.size, volumeType: src.typeId, snapshotId: src.snapshotId ?? null, sourceVolid: src.volumeId ?? null, groupId: row.id });
      }
      return row;
    });
    this.publish('created', g);
    this.svc.volumes.later(() => this.finishFromSource(g.id));
    return g;
  }

  /** The volume manager's create_group_from_src: available once every new volume is (error if one failed). */
  private finishFromSource(id: string): void {
    const g = this.store.groups.get(id);
    if (!g || g.status !== 'creating') return;
    const members = this.volumes(id);
    if (members.some((v) => v.status === 'creating' || v.status === 'downloading')) {
      this.svc.volumes.later(() => this.finishFromSource(id));
      return;
    }
    this.setStatus(id, members.some((v) => v.status === 'error') ? 'error' : 'available');
  }

  /**
   * The replication actions (3.38): only a group whose type has group_replication_enabled and whose volume
   * types have replication_enabled gets past Cinder's checks, and the LVM backend replicates nothing.
   */
  replication(caller: VolumeCaller, id: string, action: string): Record<string, unknown> | undefined {
    const g = this.get(caller, id);
    const type = this.store.groupTypes.get(g.group_type_id);
    if (type?.group_specs.group_replication_enabled !== '<is> True') throw new BadRequest(`Invalid group type: Group ${g.id} is not a replication group type.`);
    for (const tid of g.volume_type_ids) {
      if (this.store.types.get(tid)?.extra_specs.replication_enabled !== '<is> True') {
        throw new BadRequest(`Invalid volume type: Volume type ${tid} does not have 'replication_enabled' spec key set to '<is> True'.`);
      }
    }
    if (action === 'list_replication_targets') return { replication_targets: [] };
    // the driver has no replication target: the volume manager records the failure
    this.store.db.tx(() => this.store.groups.put({ ...g, replication_status: 'error', updated_at: this.now() }));
    return undefined;
  }

  /** POST /groups/{id}/action {"reset_status": {"status"}} (an admin's). */
  resetStatus(caller: VolumeCaller, id: string, status: unknown): void {
    if (typeof status !== 'string') throw new BadRequest("'status' is a required property");
    const s = status.toLowerCase();
    if (!GROUP_STATUSES.includes(s)) throw new BadRequest(`Invalid Group Status: Group status: ${s} is invalid, valid status are: ${pyTuple(GROUP_STATUSES)}.`);
    this.get(caller, id);
    this.setStatus(id, s);
  }
}
