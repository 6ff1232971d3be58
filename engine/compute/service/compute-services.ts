import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import { type CatalogStore, catalogStore, type ComputeNodeRow, type ServiceRow } from '../store/catalog-store';
import type { HypervisorInfo } from '../types';

export interface ComputeServiceRecord {
  id: string;
  /** Nova's integer id (shown before 2.53). */
  internal_id: number;
  binary: 'nova-compute' | 'nova-scheduler' | 'nova-conductor';
  host: string;
  zone: string;
  status: 'enabled' | 'disabled';
  state: 'up' | 'down';
  disabled_reason: string | null;
  forced_down: boolean;
  /** The last report, "2026-11-22T05:22:07.000000" (null before the first). */
  updated_at: string | null;
  created_at: string;
}

/** The traits a libvirt/QEMU compute node reports to Placement (a part of them). */
const NODE_TRAITS = [
  'COMPUTE_NODE',
  'COMPUTE_IMAGE_TYPE_QCOW2',
  'COMPUTE_IMAGE_TYPE_RAW',
  'COMPUTE_IMAGE_TYPE_ISO',
  'COMPUTE_NET_ATTACH_INTERFACE',
  'COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG',
  'COMPUTE_VOLUME_ATTACH_WITH_TAG',
  'COMPUTE_VOLUME_EXTEND',
  'COMPUTE_DEVICE_TAGGING',
  'COMPUTE_TRUSTED_CERTS',
  'HW_CPU_X86_SSE',
  'HW_CPU_X86_SSE2',
];

/** Nova's own timestamp form for services (naive UTC with microseconds). */
const novaTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');

/** Nova's services table (`openstack compute service list`): enabled/disabled, forced down, up by heartbeat. */
export class ComputeServiceManager {
  private readonly store: CatalogStore;
  /** Last time each nova-compute was seen running (ms), between the writes to the table. */
  private readonly lastSeen = new Map<string, number>();
  /** The inventory last sent to Placement per host, to send only changes. */
  private readonly sent = new Map<string, string>();
  /**
   * Hosts whose nova-compute service was deleted while it kept running: like Nova's, it does not
   * register again until it restarts (its unit stops and starts, or the lab starts again).
   */
  private readonly deleted = new Set<string>();

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
    // a nova-compute that (re)starts reads nova.conf and reports its inventory (allocation ratios) to Placement
    const off = deps.events.subscribe((e) => {
      if (e.type !== 'host.service' || e.data?.unit !== 'openstack-nova-compute' || (e.data.action !== 'start' && e.data.action !== 'restart')) return;
      if (!deps.db.raw.open) return off();
      this.syncHosts();
    });
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /**
   * Registers every host the hypervisor driver reports: a nova-compute service and a compute node
   * (whose uuid is its hypervisor id and Placement provider uuid) per host, the provider with its
   * VCPU/MEMORY_MB/DISK_GB inventory, and nova-conductor/nova-scheduler on the first host.
   * Idempotent; the lab calls it again after `stacklab host add` or a hostname change.
   */
  syncHosts(): void {
    const hosts = this.deps.hypervisors.hosts().filter((h) => !this.deleted.has(h.hostname));
    const created: string[] = [];
    this.deps.db.tx(() => {
      if (hosts.length > 0 && this.store.services.count({ binary: 'nova-conductor' }) === 0) {
        this.insertService('nova-conductor', hosts[0].hostname);
        this.insertService('nova-scheduler', hosts[0].hostname);
      }
      for (const h of hosts) {
        let svc = this.store.services.where({ binary: 'nova-compute', host: h.hostname })[0];
        // a nova-compute creates its service record when it starts: a stopped one registers later
        if (!svc && !h.computeRunning) continue;
        if (!svc) {
          svc = this.insertService('nova-compute', h.hostname);
          created.push(h.hostname);
        }
        if (!this.store.nodes.where({ host: h.hostname })[0]) {
          const node: ComputeNodeRow = {
            id: uuid(),
            internal_id: this.store.nextId('compute_node'),
            hypervisor_hostname: h.hostname,
            host: h.hostname,
            service_id: svc.id,
            created_at: novaTime(this.now()),
          };
          this.store.nodes.insert(node);
        }
      }
    });
    for (const h of hosts) {
      this.observe(h);
      this.report(h);
    }
    for (const host of created) this.deps.events.publish('compute.service.created', host, { binary: 'nova-compute', host });
  }

  private insertService(binary: ServiceRow['binary'], host: string): ServiceRow {
    const now = this.now();
    const row: ServiceRow = {
      id: uuid(),
      internal_id: this.store.nextId('service'),
      binary,
      host,
      topic: binary === 'nova-compute' ? 'compute' : binary === 'nova-scheduler' ? 'scheduler' : 'conductor',
      disabled: false,
      disabled_reason: null,
      forced_down: false,
      last_seen_up: novaTime(now),
      created_at: novaTime(now),
      updated_at: null,
    };
    this.store.services.insert(row);
    this.lastSeen.set(`${binary}@${host}`, now.getTime());
    return row;
  }

  /** Sends the host's inventory to Placement when it changed (and mirrors its aggregates). */
  private report(h: HypervisorInfo): void {
    const node = this.store.nodes.where({ host: h.hostname })[0];
    if (!node) return;
    const c = this.deps.config;
    const svc = this.store.services.where({ binary: 'nova-compute', host: h.hostname })[0];
    const traits = svc?.disabled ? [...NODE_TRAITS, 'COMPUTE_STATUS_DISABLED'] : NODE_TRAITS;
    const inventories = {
      VCPU: { total: h.vcpus, reserved: 0, min_unit: 1, max_unit: h.vcpus, step_size: 1, allocation_ratio: h.allocationRatios?.cpu ?? c.cpuAllocationRatio },
      MEMORY_MB: { total: h.memoryMb, reserved: c.reservedHostMemoryMb, min_unit: 1, max_unit: h.memoryMb, step_size: 1, allocation_ratio: h.allocationRatios?.ram ?? c.ramAllocationRatio },
      DISK_GB: { total: h.localGb, reserved: 0, min_unit: 1, max_unit: h.localGb, step_size: 1, allocation_ratio: h.allocationRatios?.disk ?? c.diskAllocationRatio },
    };
    const key = JSON.stringify([node.id, inventories, traits]);
    if (this.sent.get(h.hostname) === key) return;
    this.deps.placement.ensureComputeNode({ uuid: node.id, name: h.hostname, inventories, traits });
    this.deps.placement.setAggregates(node.id, this.nova.aggregates.forHost(h.hostname).map((a) => a.uuid));
    this.sent.set(h.hostname, key);
  }

  /** Notes a running nova-compute (its periodic report), writing the table at most every 10 s. */
  private observe(h: HypervisorInfo): void {
    if (!h.computeRunning) return;
    const key = `nova-compute@${h.hostname}`;
    const now = this.now().getTime();
    const prev = this.lastSeen.get(key);
    this.lastSeen.set(key, now);
    if (prev !== undefined && now - prev < 10_000) return;
    const svc = this.store.services.where({ binary: 'nova-compute', host: h.hostname })[0];
    if (svc) {
      svc.last_seen_up = novaTime(new Date(now));
      svc.updated_at = svc.last_seen_up;
      this.store.services.put(svc);
    }
  }

  /** Observes every host now (each read of the services is also a heartbeat check). */
  private refresh(): Map<string, HypervisorInfo> {
    const hosts = this.deps.hypervisors.hosts();
    for (const h of hosts) if (this.deleted.has(h.hostname) && !h.computeRunning) this.deleted.delete(h.hostname);
    const known = new Set(this.store.services.where({ binary: 'nova-compute' }).map((s) => s.host));
    if (hosts.some((h) => !this.deleted.has(h.hostname) && ((!known.has(h.hostname) && h.computeRunning) || (known.has(h.hostname) && !this.sent.has(h.hostname))))) this.syncHosts();
    else for (const h of hosts) this.observe(h);
    return new Map(hosts.map((h) => [h.hostname, h]));
  }

  private lastSeenMs(s: ServiceRow, hosts?: Map<string, HypervisorInfo>): number | undefined {
    // a running service reports every report_interval (10 s): its last report is the last 10 s mark
    const running = s.binary !== 'nova-compute' || hosts?.get(s.host)?.computeRunning === true;
    if (running && hosts) return Math.floor(this.now().getTime() / 10_000) * 10_000;
    const m = this.lastSeen.get(`${s.binary}@${s.host}`);
    if (m !== undefined) return m;
    return s.last_seen_up ? Date.parse(s.last_seen_up + 'Z') : undefined;
  }

  private stateOf(s: ServiceRow, hosts: Map<string, HypervisorInfo>): 'up' | 'down' {
    if (s.forced_down) return 'down';
    // the controller's conductor and scheduler run as long as the lab does
    if (s.binary !== 'nova-compute') return 'up';
    const h = hosts.get(s.host);
    if (h?.computeRunning) return 'up';
    const seen = this.lastSeenMs(s);
    if (seen === undefined) return 'down';
    return this.now().getTime() - seen <= this.deps.config.serviceDownTime * 1000 ? 'up' : 'down';
  }

  private record(s: ServiceRow, hosts: Map<string, HypervisorInfo>): ComputeServiceRecord {
    const state = this.stateOf(s, hosts);
    const seen = this.lastSeenMs(s, hosts);
    return {
      id: s.id,
      internal_id: s.internal_id,
      binary: s.binary,
      host: s.host,
      zone: s.binary === 'nova-compute' ? this.nova.aggregates.zoneOf(s.host) : 'internal',
      status: s.disabled ? 'disabled' : 'enabled',
      state,
      disabled_reason: s.disabled_reason,
      forced_down: s.forced_down,
      updated_at: seen !== undefined ? novaTime(new Date(Math.floor(seen / 1000) * 1000)) : s.updated_at,
      created_at: s.created_at,
    };
  }

  list(filter: { host?: string; binary?: string } = {}): ComputeServiceRecord[] {
    const hosts = this.refresh();
    return this.store.services
      .all()
      .filter((s) => (filter.host === undefined || s.host === filter.host) && (filter.binary === undefined || s.binary === filter.binary))
      .sort((a, b) => a.internal_id - b.internal_id)
      .map((s) => this.record(s, hosts));
  }

  /** By uuid or (before 2.53) integer id. */
  get(id: string): ComputeServiceRecord | undefined {
    const hosts = this.refresh();
    const row = this.row(id);
    return row ? this.record(row, hosts) : undefined;
  }

  private row(id: string): ServiceRow | undefined {
    return this.store.services.get(id) ?? (/^\d+$/.test(id) ? this.store.services.where({ internal_id: Number(id) })[0] : undefined);
  }

  byHostBinary(host: string, binary: string): ComputeServiceRecord | undefined {
    return this.list({ host, binary })[0];
  }

  /** Hosts with a nova-compute service (in service order). */
  computeHosts(): string[] {
    this.refresh();
    return this.store.services
      .where({ binary: 'nova-compute' })
      .sort((a, b) => a.internal_id - b.internal_id)
      .map((s) => s.host);
  }

  /** The compute node (hypervisor) of a host: its uuid is the Placement provider's. */
  node(hostname: string): ComputeNodeRow | undefined {
    return this.store.nodes.where({ host: hostname })[0];
  }

  nodes(): ComputeNodeRow[] {
    this.refresh();
    return this.store.nodes.all().sort((a, b) => a.internal_id - b.internal_id);
  }

  /** The Placement provider uuid (hypervisor id) of a host's compute node. */
  nodeUuid(hostname: string): string | undefined {
    return this.node(hostname)?.id;
  }

  /**
   * Enables/disables scheduling to a nova-compute, or forces it down. Only nova-compute services
   * can be changed (Nova's 400 otherwise).
   */
  update(id: string, change: { disabled?: boolean; disabled_reason?: string | null; forced_down?: boolean }): ComputeServiceRecord {
    const row = this.row(id);
    if (!row) throw new ServiceError('NotFound', `Service ${id} could not be found.`);
    return this.apply(row, change);
  }

  updateByHost(host: string, binary: string, change: { disabled?: boolean; disabled_reason?: string | null; forced_down?: boolean }): ComputeServiceRecord {
    if (binary !== 'nova-compute') throw new ServiceError('BadRequest', `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
    const row = this.store.services.where({ binary, host })[0];
    if (!row) throw new ServiceError('NotFound', `Could not find binary ${binary} on host ${host}.`);
    return this.apply(row, change);
  }

  private apply(row: ServiceRow, change: { disabled?: boolean; disabled_reason?: string | null; forced_down?: boolean }): ComputeServiceRecord {
    if (row.binary !== 'nova-compute') throw new ServiceError('BadRequest', `Updating a ${row.binary} service is not supported. Only nova-compute services can be updated.`);
    if (change.disabled !== undefined) {
      row.disabled = change.disabled;
      row.disabled_reason = change.disabled ? (change.disabled_reason ?? null) : null;
    }
    if (change.forced_down !== undefined) row.forced_down = change.forced_down;
    row.updated_at = novaTime(this.now());
    this.store.services.put(row);
    this.deps.events.publish('compute.service.updated', row.id, { host: row.host, binary: row.binary, disabled: row.disabled, forced_down: row.forced_down });
    // the compute node's provider carries COMPUTE_STATUS_DISABLED while the service is disabled
    const h = this.deps.hypervisors.hosts().find((x) => x.hostname === row.host);
    if (h) this.report(h);
    return this.record(row, this.refresh());
  }

  /**
   * Deletes a service. A nova-compute hosting instances is refused; its compute node and
   * Placement provider go with it, and it leaves its aggregates.
   */
  delete(id: string): void {
    const row = this.row(id);
    if (!row) throw new ServiceError('NotFound', `Service ${id} not found.`);
    if (row.binary === 'nova-compute') {
      if (this.nova.servers.list({ host: row.host }).length > 0)
        throw new ServiceError('Conflict', 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
      this.nova.aggregates.dropHost(row.host);
      const node = this.node(row.host);
      if (node) {
        this.store.nodes.delete(node.id);
        this.deps.placement.removeProvider(node.id);
      }
      this.sent.delete(row.host);
      if (this.deps.hypervisors.hosts().some((h) => h.hostname === row.host && h.computeRunning)) this.deleted.add(row.host);
    }
    this.store.services.delete(row.id);
    this.lastSeen.delete(`${row.binary}@${row.host}`);
    this.deps.events.publish('compute.service.deleted', row.id, { host: row.host, binary: row.binary });
  }

  /** nova-compute on `host` is up: it reports (its unit runs) and is not forced down. */
  isUp(host: string): boolean {
    const hosts = this.refresh();
    const row = this.store.services.where({ binary: 'nova-compute', host })[0];
    return row ? this.stateOf(row, hosts) === 'up' : false;
  }

  isEnabled(host: string): boolean {
    const row = this.store.services.where({ binary: 'nova-compute', host })[0];
    return row ? !row.disabled : false;
  }
}
