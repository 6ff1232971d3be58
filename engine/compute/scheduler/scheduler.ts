import type { PlacementClient, Resources } from '../../placement/types';
import type { FlavorRecord, HypervisorDriver } from '../types';
import type { AggregateRecord } from '../service/aggregates';
import { AggregateInstanceExtraSpecsFilter } from './filters/aggregate-instance-extra-specs-filter';
import { AvailabilityZoneFilter } from './filters/availability-zone-filter';
import { ComputeFilter } from './filters/compute-filter';
import { ImagePropertiesFilter } from './filters/image-properties-filter';
import { ServerGroupAffinityFilter } from './filters/server-group-affinity-filter';
import { ServerGroupAntiAffinityFilter } from './filters/server-group-anti-affinity-filter';
import type { HostFilter, HostState, HostWeigher, RequestSpec } from './types';
import { RAMWeigher } from './weighers/ram-weigher';
import { ServerGroupSoftAffinityWeigher, ServerGroupSoftAntiAffinityWeigher } from './weighers/server-group-soft-weighers';

/** [filter_scheduler] enabled_filters, in order (PackStack's list, the ones this lab models). */
export const defaultFilters = (): HostFilter[] => [
  new AvailabilityZoneFilter(),
  new ComputeFilter(),
  new AggregateInstanceExtraSpecsFilter(),
  new ImagePropertiesFilter(),
  new ServerGroupAntiAffinityFilter(),
  new ServerGroupAffinityFilter(),
];

export const defaultWeighers = (): HostWeigher[] => [new RAMWeigher(1.0), new ServerGroupSoftAffinityWeigher(), new ServerGroupSoftAntiAffinityWeigher()];

/** What the scheduler reads about hosts besides placement: services, zones, aggregates, instances. */
export interface SchedulerDeps {
  placement: PlacementClient;
  hypervisors: HypervisorDriver;
  serviceUp(host: string): boolean;
  serviceEnabled(host: string): boolean;
  zoneOf(host: string): string;
  aggregatesOf(host: string): AggregateRecord[];
  instancesOn(host: string): string[];
}

/** One filter's run: hosts before and after (Nova's "Filter results"). */
export interface FilterResult {
  filter: string;
  start: number;
  end: number;
}

export interface Selection {
  host: string;
  nodename: string;
  providerUuid: string;
}

/** The scheduler's log lines, in Nova's loggers' names. */
export type SchedulerLog = (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', logger: string, message: string) => void;

export interface ScheduleResult {
  /** The chosen host (already claimed in placement), then alternates for reschedules (not claimed). */
  selections: Selection[];
  filterResults: FilterResult[];
  /** Why nothing was found (for the doctor): 'placement' or the filter that removed the last host. */
  reason?: string;
}

/** The VCPU / MEMORY_MB / DISK_GB a flavor asks of placement (swap in GiB, rounded up, as Nova). */
export function resourcesFromFlavor(flavor: FlavorRecord, bootFromVolume = false): Resources {
  const disk = (bootFromVolume ? 0 : flavor.disk) + flavor.ephemeral + Math.ceil(flavor.swap / 1024);
  const r: Resources = { VCPU: flavor.vcpus, MEMORY_MB: flavor.ram };
  if (disk > 0) r.DISK_GB = disk;
  return r;
}

/**
 * Nova's scheduler for one instance: allocation candidates from placement, then each filter in
 * turn (recording its start/end host counts), then the weighers; claims the best host in
 * placement (the next one when a claim races) and returns alternates for reschedules.
 */
export class Scheduler {
  constructor(
    private readonly deps: SchedulerDeps,
    private readonly filters: HostFilter[] = defaultFilters(),
    private readonly weighers: HostWeigher[] = defaultWeighers(),
  ) {}

  schedule(spec: RequestSpec, userId: string, maxAttempts: number, log: SchedulerLog): ScheduleResult {
    const resources = resourcesFromFlavor(spec.flavor);
    log('DEBUG', 'nova.scheduler.manager', `Starting to schedule for instances: ['${spec.instanceId}']`);
    const candidates = this.deps.placement.candidates(resources);
    if (candidates.length === 0) {
      log('INFO', 'nova.scheduler.manager', 'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.');
      return { selections: [], filterResults: [], reason: 'placement' };
    }
    const byName = new Map(candidates.map((c) => [c.name, c]));
    let hosts: HostState[] = [];
    for (const h of this.deps.hypervisors.hosts()) {
      const c = byName.get(h.hostname);
      if (!c) continue;
      hosts.push({
        host: h.hostname,
        nodename: h.hostname,
        providerUuid: c.uuid,
        freeRamMb: c.remaining.MEMORY_MB ?? 0,
        freeVcpus: c.remaining.VCPU ?? 0,
        freeDiskGb: c.remaining.DISK_GB ?? 0,
        totalRamMb: h.memoryMb,
        zone: this.deps.zoneOf(h.hostname),
        aggregates: this.deps.aggregatesOf(h.hostname),
        instances: this.deps.instancesOn(h.hostname),
        serviceUp: this.deps.serviceUp(h.hostname),
        serviceEnabled: this.deps.serviceEnabled(h.hostname),
        supportedInstances: [
          ['x86_64', 'qemu', 'hvm'],
          ['i686', 'qemu', 'hvm'],
        ],
      });
    }
    if (spec.ignoreHosts.length) {
      log('DEBUG', 'nova.scheduler.host_manager', `Host filter ignoring hosts: ${spec.ignoreHosts.join(', ')}`);
      hosts = hosts.filter((h) => !spec.ignoreHosts.includes(h.host));
    }
    const results: FilterResult[] = [];
    let reason: string | undefined;
    if (spec.forcedHost) {
      log('INFO', 'nova.scheduler.host_manager', `Host filter forcing available hosts to ${spec.forcedHost}`);
      hosts = hosts.filter((h) => h.host === spec.forcedHost);
      if (hosts.length === 0) {
        log('INFO', 'nova.scheduler.host_manager', `No hosts matched due to not matching 'force_hosts' value of '${spec.forcedHost}'`);
        reason = 'force_hosts';
      }
    } else {
      log('DEBUG', 'nova.filters', `Starting with ${hosts.length} host(s)`);
      for (const f of this.filters) {
        const start = hosts.length;
        hosts = hosts.filter((h) => f.hostPasses(h, spec));
        results.push({ filter: f.name, start, end: hosts.length });
        if (hosts.length === 0) {
          log('INFO', 'nova.filters', `Filter ${f.name} returned 0 hosts`);
          reason = f.name;
          break;
        }
        log('DEBUG', 'nova.filters', `Filter ${f.name} returned ${hosts.length} host(s)`);
      }
      if (hosts.length === 0) {
        const list = `[${results.map((r) => `'${r.filter}: (start: ${r.start}, end: ${r.end})'`).join(', ')}]`;
        log('INFO', 'nova.filters', `Filtering removed all hosts for the request with instance ID '${spec.instanceId}'. Filter results: ${list}`);
        reason ??= 'ignored';
      }
    }
    if (hosts.length === 0) return { selections: [], filterResults: results, reason: reason ?? 'no hosts' };

    const weighed = this.weigh(hosts, spec);
    log('DEBUG', 'nova.scheduler.manager', `Weighed [${weighed.map((w) => `WeighedHost [host: (${w.host.host}, ${w.host.nodename}) ram: ${w.host.freeRamMb}MB disk: ${w.host.freeDiskGb * 1024}MB io_ops: 0 instances: ${w.host.instances.length}, weight: ${w.weight}]`).join(', ')}]`);
    const ordered = weighed.map((w) => w.host);
    // claim the best host; a claim lost to a concurrent build moves on to the next
    for (let i = 0; i < ordered.length; i++) {
      const h = ordered[i];
      if (this.deps.placement.claim(spec.instanceId, h.providerUuid, resources, spec.projectId, userId)) {
        log('DEBUG', 'nova.scheduler.manager', `[instance: ${spec.instanceId}] Selected host: (${h.host}, ${h.nodename}) ram: ${h.freeRamMb}MB disk: ${h.freeDiskGb * 1024}MB io_ops: 0 instances: ${h.instances.length}`);
        const alternates = ordered.filter((x) => x !== h).slice(0, Math.max(0, maxAttempts - 1));
        return { selections: [h, ...alternates].map(selection), filterResults: results };
      }
      log('DEBUG', 'nova.scheduler.manager', 'Unable to claim resources against host; trying the next one.');
    }
    log('DEBUG', 'nova.scheduler.manager', 'Unable to successfully claim against any host.');
    return { selections: [], filterResults: results, reason: 'claim' };
  }

  /** Normalizes each weigher over the hosts (0..1) and sums with multipliers, best first. */
  private weigh(hosts: HostState[], spec: RequestSpec): { host: HostState; weight: number }[] {
    const weights = hosts.map(() => 0);
    for (const w of this.weighers) {
      const raw = hosts.map((h) => w.weigh(h, spec));
      const min = Math.min(...raw);
      const max = Math.max(...raw);
      raw.forEach((v, i) => (weights[i] += w.multiplier * (max === min ? 0 : (v - min) / (max - min))));
    }
    return hosts.map((host, i) => ({ host, weight: weights[i] })).sort((a, b) => b.weight - a.weight || a.host.host.localeCompare(b.host.host));
  }
}

const selection = (h: HostState): Selection => ({ host: h.host, nodename: h.nodename, providerUuid: h.providerUuid });
