import type { LabDatabase } from '../../core/db';
import { DocTable } from '../../core/doc-table';
import type { Attachment, Volume, VolumeQuotaRow, VolumeSnapshot, VolumeType } from '../types';
import type { GroupSnapshot, GroupType, QosSpecs, VolumeBackup, VolumeGroup } from '../types';
import { volumeMigrations } from './migrations';

/** Cinder's rows as JSON documents (wire names). */
export class VolumeStore {
  readonly types: DocTable<VolumeType>;
  readonly volumes: DocTable<Volume>;
  readonly snapshots: DocTable<VolumeSnapshot>;
  readonly attachments: DocTable<Attachment>;
  readonly quotas: DocTable<VolumeQuotaRow>;
  readonly groupTypes: DocTable<GroupType>;
  readonly groups: DocTable<VolumeGroup>;
  readonly groupSnapshots: DocTable<GroupSnapshot>;
  readonly qosSpecs: DocTable<QosSpecs>;
  readonly backups: DocTable<VolumeBackup>;

  constructor(readonly db: LabDatabase) {
    db.migrate('volume', volumeMigrations);
    this.types = new DocTable<VolumeType>(db.raw, 'cinder_volume_type', { name: (t) => t.name });
    this.volumes = new DocTable<Volume>(db.raw, 'cinder_volume', { project_id: (v) => v.project_id, name: (v) => v.name, status: (v) => v.status, group_id: (v) => v.group_id });
    this.snapshots = new DocTable<VolumeSnapshot>(db.raw, 'cinder_snapshot', {
      project_id: (s) => s.project_id,
      volume_id: (s) => s.volume_id,
      name: (s) => s.name,
      group_snapshot_id: (s) => s.group_snapshot_id,
    });
    this.attachments = new DocTable<Attachment>(db.raw, 'cinder_attachment', { project_id: (a) => a.project_id, volume_id: (a) => a.volume_id, instance: (a) => a.instance, status: (a) => a.status });
    this.quotas = new DocTable<VolumeQuotaRow>(db.raw, 'cinder_quota', { scope: (q) => q.scope, owner: (q) => q.owner, resource: (q) => q.resource });
    this.groupTypes = new DocTable<GroupType>(db.raw, 'cinder_group_type', { name: (t) => t.name });
    this.groups = new DocTable<VolumeGroup>(db.raw, 'cinder_group', { project_id: (g) => g.project_id, name: (g) => g.name, status: (g) => g.status, group_type_id: (g) => g.group_type_id });
    this.groupSnapshots = new DocTable<GroupSnapshot>(db.raw, 'cinder_group_snapshot', { project_id: (s) => s.project_id, group_id: (s) => s.group_id, name: (s) => s.name, status: (s) => s.status });
    this.qosSpecs = new DocTable<QosSpecs>(db.raw, 'cinder_qos_specs', { name: (q) => q.name });
    this.backups = new DocTable<VolumeBackup>(db.raw, 'cinder_backup', { project_id: (b) => b.project_id, volume_id: (b) => b.volume_id, name: (b) => b.name, status: (b) => b.status, parent_id: (b) => b.parent_id });
  }
}
