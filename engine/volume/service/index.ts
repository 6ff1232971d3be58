import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import type { ImageReader } from '../../image/types';
import type { ObjectStoreService } from '../../object-store/service';
import { VolumeStore } from '../store/volume-store';
import { VolumeBackups } from './backups';
import { VolumeAttachments } from './attachments';
import { VolumeDisks } from './disks';
import { GroupTypes } from './group-types';
import { GroupSnapshots } from './group-snapshots';
import { VolumeGroups } from './groups';
import { QosSpecsManager } from './qos';
import { VolumeQuotas } from './quotas';
import { SnapshotManager } from './snapshots';
import { VolumeTypes } from './types';
import { VolumeManager } from './volumes';

export interface VolumeServiceOptions {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  /** The lab's disks/ folder: one sparse file per volume and per snapshot. */
  disksDir: string;
  /** Glance, read in-process for create-from-image (the image's bytes and properties). */
  images?: ImageReader;
  /** Swift, written in-process by the backup driver (the volumebackups container of the owner's account). */
  objectStore?: ObjectStoreService;
}

/** Cinder: the managers of each resource, built here and sharing one store. */
export class VolumeService {
  readonly store: VolumeStore;
  readonly attachments: VolumeAttachments;
  readonly types: VolumeTypes;
  readonly quotas: VolumeQuotas;
  readonly disks: VolumeDisks;
  readonly volumes: VolumeManager;
  readonly snapshots: SnapshotManager;
  readonly groupTypes: GroupTypes;
  readonly groups: VolumeGroups;
  readonly groupSnapshots: GroupSnapshots;
  readonly qos: QosSpecsManager;
  readonly backups: VolumeBackups;

  constructor(readonly opts: VolumeServiceOptions) {
    this.store = new VolumeStore(opts.db);
    this.attachments = new VolumeAttachments(this.store, opts.clock, opts.events);
    this.types = new VolumeTypes(this.store, opts.clock, opts.events);
    this.quotas = new VolumeQuotas(opts.db, this.store, opts.events);
    this.disks = new VolumeDisks(opts.disksDir);
    this.volumes = new VolumeManager(this);
    this.snapshots = new SnapshotManager(this);
    this.groupTypes = new GroupTypes(this.store, opts.clock, opts.events);
    this.groups = new VolumeGroups(this);
    this.groupSnapshots = new GroupSnapshots(this);
    this.qos = new QosSpecsManager(this.store, opts.clock, opts.events);
    this.backups = new VolumeBackups(this);
    // what an engine stop interrupted (a volume still creating, a snapshot still copying) finishes now
    this.volumes.resume();
    this.snapshots.resume();
    this.groups.resume();
    this.groupSnapshots.resume();
    this.backups.resume();
  }
}
