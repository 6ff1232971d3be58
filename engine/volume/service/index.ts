import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { VolumeStore } from '../store/volume-store';
import { VolumeTypes } from './types';

export interface VolumeServiceOptions {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
}

/** Cinder: volume types so far. */
export class VolumeService {
  readonly store: VolumeStore;
  readonly types: VolumeTypes;

  constructor(opts: VolumeServiceOptions) {
    this.store = new VolumeStore(opts.db);
    this.types = new VolumeTypes(this.store, opts.clock, opts.events);
  }
}
