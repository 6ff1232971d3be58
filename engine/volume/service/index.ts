import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { VolumeStore } from '../store/volume-store';
import { VolumeQuotas } from './quotas';
import { VolumeTypes } from './types';

export interface VolumeServiceOptions {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  /** The lab's disks/ folder: one sparse file per volume and per snapshot. */
  disksDir: string;
}

/** Cinder: the managers of each resource, built here and sharing one store. */
export class VolumeService {
  readonly store: VolumeStore;
  readonly types: VolumeTypes;
  readonly quotas: VolumeQuotas;

  constructor(readonly opts: VolumeServiceOptions) {
    this.store = new VolumeStore(opts.db);
    this.types = new VolumeTypes(this.store, opts.clock, opts.events);
    this.quotas = new VolumeQuotas(opts.db, this.store, opts.events);
  }
}
