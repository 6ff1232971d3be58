import type { LabDatabase } from '../../core/db';
import { DocTable } from '../../core/doc-table';
import type { VolumeType } from '../types';
import { volumeMigrations } from './migrations';

/** Cinder's rows as JSON documents (wire names). */
export class VolumeStore {
  readonly types: DocTable<VolumeType>;

  constructor(readonly db: LabDatabase) {
    db.migrate('volume', volumeMigrations);
    this.types = new DocTable<VolumeType>(db.raw, 'cinder_volume_type', { name: (t) => t.name });
  }
}
