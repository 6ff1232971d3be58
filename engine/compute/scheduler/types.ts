import type { ImageRecord } from '../../image/types';
import type { AggregateRecord } from '../service/aggregates';
import type { ServerGroupRecord } from '../service/server-groups';
import type { FlavorRecord } from '../types';

/** One compute host as the scheduler sees it for one request (Nova's HostState). */
export interface HostState {
  /** nova-compute's host name (the service row's host). */
  host: string;
  /** The hypervisor node (the placement provider's name). */
  nodename: string;
  providerUuid: string;
  /** What placement says is left after this request: MEMORY_MB, VCPU, DISK_GB. */
  freeRamMb: number;
  freeVcpus: number;
  freeDiskGb: number;
  totalRamMb: number;
  zone: string;
  aggregates: AggregateRecord[];
  /** Servers already on the host (live ones). */
  instances: string[];
  serviceUp: boolean;
  serviceEnabled: boolean;
  /** What the hypervisor runs: (architecture, hypervisor type, vm mode). */
  supportedInstances: [string, string, string][];
}

/** The request being scheduled (Nova's RequestSpec). */
export interface RequestSpec {
  instanceId: string;
  projectId: string;
  flavor: FlavorRecord;
  image: ImageRecord | undefined;
  /** The asked availability zone, if any. */
  zone: string | null;
  /** `az:host` forces the host: filters are skipped for it. */
  forcedHost: string | null;
  group: ServerGroupRecord | undefined;
  /** Hosts the group's other members run on. */
  groupHosts: string[];
  /** Hosts a build already failed on for this instance. */
  ignoreHosts: string[];
}

/** One filter: says whether a host passes for the request. One class per file under filters/. */
export interface HostFilter {
  readonly name: string;
  hostPasses(host: HostState, spec: RequestSpec): boolean;
}

/** One weigher: a raw value per host (higher is better before the multiplier). */
export interface HostWeigher {
  readonly name: string;
  readonly multiplier: number;
  weigh(host: HostState, spec: RequestSpec): number;
}
