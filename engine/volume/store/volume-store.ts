import type { LabDatabase } from '../../core/db';
import { DocTable } from '../../core/doc-table';
import type { Attachment, Volume, VolumeQuotaRow, VolumeSnapshot, VolumeType } from '../types';
import { volumeMigrations } from './migrations';

/** Cinder's rows as JSON documents (wire names). */
export class VolumeStore {
  readonly types: DocTable<VolumeType>;
  readonly volumes: DocTable<Volume>;
  readonly snapshots: DocTable<VolumeSnapshot>;
  readonly attachments: DocTable<Attachment>;
  readonly quotas: DocTable<VolumeQuotaRow>;

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
  }
}
