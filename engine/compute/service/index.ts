import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import type { GuestDriver } from '../../guest/types';
import type { ImageReader } from '../../image/types';
import type { NetworkService } from '../../network/service';
import type { PlacementClient } from '../../placement/types';
import type { HypervisorDriver, VolumeApiForCompute } from '../types';
import { AggregateManager } from './aggregates';
import { ComputeServiceManager } from './compute-services';
import { FlavorManager } from './flavors';
import { KeypairManager } from './keypairs';
import { ComputeQuotaManager } from './quotas';
import { ServerGroupManager } from './server-groups';
import { ExternalEvents } from './external-events';
import { ServerManager } from './servers';
import { ServerVolumes } from './server-volumes';

/** Static facts of this Nova (nova.conf): what the scheduler and the build path read. */
export interface ComputeConfig {
  /** [filter_scheduler] max_attempts: hosts tried for one build before giving up. */
  schedulerMaxAttempts: number;
  /** [DEFAULT] ram/cpu/disk_allocation_ratio of new compute nodes. */
  ramAllocationRatio: number;
  cpuAllocationRatio: number;
  diskAllocationRatio: number;
  reservedHostMemoryMb: number;
  /** [DEFAULT] default_availability_zone. */
  defaultAvailabilityZone: string;
  /** [DEFAULT] service_down_time, seconds. */
  serviceDownTime: number;
  /** BUILD → ACTIVE and the other transitions take realistic short delays unless this is true. */
  instant: boolean;
}

export const defaultComputeConfig = (): ComputeConfig => ({
  schedulerMaxAttempts: 3,
  ramAllocationRatio: 1.0,
  cpuAllocationRatio: 16.0,
  diskAllocationRatio: 1.0,
  reservedHostMemoryMb: 512,
  defaultAvailabilityZone: 'nova',
  serviceDownTime: 60,
  instant: false,
});

export interface ComputeDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  config: ComputeConfig;
  network: NetworkService;
  images: ImageReader;
  placement: PlacementClient;
  hypervisors: HypervisorDriver;
  guests: GuestDriver;
  /** Cinder, for os-volume_attachments (absent: attach answers that block storage is not there). */
  volumes?: VolumeApiForCompute;
}

/** Nova's backend: every compute manager, wired once. Knows nothing about HTTP. */
export class ComputeService {
  // catalog: flavors, key pairs, groups, aggregates, quotas, services
  readonly flavors: FlavorManager;
  readonly keypairs: KeypairManager;
  readonly serverGroups: ServerGroupManager;
  readonly aggregates: AggregateManager;
  readonly quotas: ComputeQuotaManager;
  readonly services: ComputeServiceManager;
  // servers and what builds them
  readonly servers: ServerManager;
  private serverVolumesInstance?: ServerVolumes;
  private externalEventsInstance?: ExternalEvents;

  constructor(readonly deps: ComputeDeps) {
    // catalog managers
    this.flavors = new FlavorManager(deps, this);
    this.keypairs = new KeypairManager(deps, this);
    this.serverGroups = new ServerGroupManager(deps, this);
    this.aggregates = new AggregateManager(deps, this);
    this.quotas = new ComputeQuotaManager(deps, this);
    this.services = new ComputeServiceManager(deps, this);
    // server managers
    this.servers = new ServerManager(deps, this);
    // every compute host the driver reports gets its service, compute node and Placement provider
    this.services.syncHosts();
  }

  /** The servers' volume attachments (built on first use: the server kit is lazy too). */
  get serverVolumes(): ServerVolumes {
    return (this.serverVolumesInstance ??= new ServerVolumes(this.deps, this.servers.kit));
  }

  /** os-server-external-events (what Neutron and Cinder tell Nova about a server). */
  get externalEvents(): ExternalEvents {
    return (this.externalEventsInstance ??= new ExternalEvents(this.deps, this.servers.kit));
  }
}
