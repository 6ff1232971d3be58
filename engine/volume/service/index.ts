import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { VolumeStore } from '../store/volume-store';
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

  constructor(readonly opts: VolumeServiceOptions) {
    this.store = new VolumeStore(opts.db);
    this.types = new VolumeTypes(this.store, opts.clock, opts.events);
  }
}
