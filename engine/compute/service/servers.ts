import { createHash, randomBytes } from 'node:crypto';
import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { Scheduler } from '../scheduler/scheduler';
import { type ServerRow, ServerStore } from '../store/server-store';
import type { ServerRecord } from '../types';
import { ServerActions } from './server-actions';
import { ServerBuilder } from './server-build';
import { InstanceActions } from './server-events';
import { NovaLog } from './server-log';
import { ServerPorts } from './server-ports';

export interface ServerFilter {
  projectId?: string;
  host?: string;
  includeDeleted?: boolean;
}

/** Who asks, as the servers backend needs it (policy is checked by the API before). */
export interface ServerCaller {
  projectId: string;
  userId: string;
  isAdmin: boolean;
  /** `req-<uuid>`: the instance action's request id and the log lines' context. */
  requestId: string;
}

/** Nova's 404 for a server (also for another project's server a non-admin asks about). */
export const instanceNotFound = (id: string): ServiceError => new ServiceError('NotFound', `Instance ${id} could not be found.`);

/** hostId: sha224 of project id + host, '' without a host (nova.utils.generate_hostid). */
export function hostIdOf(host: string | null, projectId: string): string {
  return host ? createHash('sha224').update(projectId + host).digest('hex') : '';
}

/** A random password as Nova generates for adminPass (12 characters, no look-alikes). */
export function generatePassword(length = 12): string {
  const symbols = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...randomBytes(length)].map((b) => symbols[b % symbols.length]).join('');
}

/**
 * What the server pieces share: the store, Neutron ports, the scheduler, Nova's logs, the
 * instance actions and the one way a server row is written (saved, event published).
 */
export class ServerKit {
  readonly store: ServerStore;
  readonly ports: ServerPorts;
  readonly log: NovaLog;
  readonly actions: InstanceActions;
  readonly scheduler: Scheduler;

  constructor(
    readonly deps: ComputeDeps,
    readonly nova: ComputeService,
  ) {
    this.store = new ServerStore(deps.db);
    this.ports = new ServerPorts(deps.network);
    this.log = new NovaLog(deps.hypervisors, deps.clock);
    this.actions = new InstanceActions(this.store, deps.clock);
    this.scheduler = new Scheduler({
      placement: deps.placement,
      hypervisors: deps.hypervisors,
      serviceUp: (h) => nova.services.isUp(h),
      serviceEnabled: (h) => nova.services.isEnabled(h),
      zoneOf: (h) => nova.aggregates.zoneOf(h),
      aggregatesOf: (h) => nova.aggregates.forHost(h),
      instancesOn: (h) => this.store.servers.where({ host: h, deleted: 0 }).map((s) => s.id),
    });
  }

  now(): string {
    return this.deps.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Every hypervisor has its service, compute node and placement provider before the scheduler asks. */
  syncComputeNodes(): void {
    this.nova.services.syncHosts();
  }

  row(id: string): ServerRow | undefined {
    return this.store.servers.get(id);
  }

  /** Saves a change to a server (updated_at moves) and tells the GUI. */
  update(id: string, change: (s: ServerRow) => void, event: 'updated' | 'deleted' = 'updated'): ServerRow | undefined {
    const s = this.store.servers.get(id);
    if (!s) return undefined;
    change(s);
    s.updated_at = this.now();
    this.store.servers.put(s);
    this.publish(s, event);
    return s;
  }

  publish(s: ServerRecord, event: 'created' | 'updated' | 'deleted'): void {
    this.deps.events.publish(`compute.server.${event}`, s.id, { status: statusOf(s), vm_state: s.vm_state, task_state: s.task_state, host: s.host, name: s.name, project_id: s.project_id });
  }

  /** Runs `fn` after `ms` (realistic delays), or now when the lab is instant. */
  later(ms: number, fn: () => void): void {
    if (this.deps.config.instant) {
      fn();
      return;
    }
    const t = setTimeout(() => {
      try {
        fn();
      } catch {
        // a step that fails has recorded its fault itself; nothing may escape a timer
      }
    }, ms);
    t.unref?.();
  }
}

/** The status Nova shows for vm_state/task_state (nova/api/openstack/common.py's map). */
export function statusOf(s: Pick<ServerRecord, 'vm_state' | 'task_state' | 'deleted'>): string {
  if (s.deleted) return 'DELETED';
  const t = s.task_state;
  switch (s.vm_state) {
    case 'active':
      if (t === 'rebooting' || t === 'reboot_pending' || t === 'reboot_started') return 'REBOOT';
      if (t === 'rebooting_hard' || t === 'reboot_pending_hard' || t === 'reboot_started_hard') return 'HARD_REBOOT';
      if (t === 'updating_password') return 'PASSWORD';
      if (t === 'rebuilding' || t === 'rebuild_block_device_mapping' || t === 'rebuild_spawning') return 'REBUILD';
      if (t === 'migrating') return 'MIGRATING';
      if (t === 'resize_prep' || t === 'resize_migrating' || t === 'resize_migrated' || t === 'resize_finish') return 'RESIZE';
      return 'ACTIVE';
    case 'building':
      return 'BUILD';
    case 'stopped':
      if (t === 'resize_prep' || t === 'resize_migrating' || t === 'resize_migrated' || t === 'resize_finish') return 'RESIZE';
      if (t === 'rebuilding' || t === 'rebuild_block_device_mapping' || t === 'rebuild_spawning') return 'REBUILD';
      return 'SHUTOFF';
    case 'resized':
      return t === 'resize_reverting' ? 'REVERT_RESIZE' : 'VERIFY_RESIZE';
    case 'paused':
      return t === 'migrating' ? 'MIGRATING' : 'PAUSED';
    case 'suspended':
      return 'SUSPENDED';
    case 'rescued':
      return 'RESCUE';
    case 'error':
      return t === 'rebuilding' || t === 'rebuild_block_device_mapping' || t === 'rebuild_spawning' ? 'REBUILD' : 'ERROR';
    case 'deleted':
      return 'DELETED';
    case 'soft_deleted':
      return 'SOFT_DELETED';
    case 'shelved':
      return 'SHELVED';
    case 'shelved_offloaded':
      return 'SHELVED_OFFLOADED';
    default:
      return 'UNKNOWN';
  }
}

/** Servers: create (schedule, claim, ports, guest), actions, delete. */
export class ServerManager {
  private kitInstance?: ServerKit;
  private builderInstance?: ServerBuilder;
  private actionsInstance?: ServerActions;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    // builds and transitions cut short by a stop of the engine continue once everything is wired
    const t = setImmediate(() => {
      try {
        this.builder.recover();
      } catch {
        // a lab whose database is already closed (tests that stop at once) has nothing to recover
      }
    });
    t.unref?.();
  }

  get kit(): ServerKit {
    return (this.kitInstance ??= new ServerKit(this.deps, this.nova));
  }
  get builder(): ServerBuilder {
    return (this.builderInstance ??= new ServerBuilder(this.kit));
  }
  get action(): ServerActions {
    return (this.actionsInstance ??= new ServerActions(this.kit, this.builder));
  }

  find(id: string): ServerRecord | undefined {
    const s = this.kit.row(id);
    return s && !s.deleted ? s : undefined;
  }

  /** The last scheduling of a server: filter counts, the reason no host was found, failed hosts. */
  lastSchedule(id: string): ServerRow['last_schedule'] {
    return this.kit.row(id)?.last_schedule;
  }

  /** A deleted server too (admins read deleted servers by id). */
  findAny(id: string): ServerRow | undefined {
    return this.kit.row(id);
  }

  list(filter: ServerFilter = {}): ServerRecord[] {
    const where: Record<string, string | number> = {};
    if (filter.projectId) where.project_id = filter.projectId;
    if (filter.host) where.host = filter.host;
    if (!filter.includeDeleted) where.deleted = 0;
    return this.kit.store.servers.where(where);
  }

  /** The server as the caller may see it: its project's, or any for an admin; else 404. */
  get(caller: Pick<ServerCaller, 'projectId' | 'isAdmin'>, id: string, opts: { deleted?: boolean } = {}): ServerRow {
    const s = this.kit.row(id);
    if (!s || (s.deleted && !(opts.deleted && caller.isAdmin)) || (!caller.isAdmin && s.project_id !== caller.projectId)) throw instanceNotFound(id);
    return s;
  }

  /** Name, description, hostname, accessIPs (PUT /servers/{id}). */
  update(caller: ServerCaller, id: string, patch: { name?: string; description?: string | null; hostname?: string; access_ipv4?: string; access_ipv6?: string }): ServerRow {
    this.get(caller, id);
    return this.kit.update(id, (s) => {
      if (patch.name !== undefined) s.name = patch.name;
      if (patch.description !== undefined) s.description = patch.description;
      if (patch.hostname !== undefined) s.hostname = patch.hostname;
      if (patch.access_ipv4 !== undefined) s.access_ipv4 = patch.access_ipv4;
      if (patch.access_ipv6 !== undefined) s.access_ipv6 = patch.access_ipv6;
    })!;
  }

  setMetadata(caller: ServerCaller, id: string, metadata: Record<string, string>, replace: boolean): Record<string, string> {
    const s = this.get(caller, id);
    this.builder.checkNotLocked(caller, s);
    const merged = replace ? { ...metadata } : { ...s.metadata, ...metadata };
    if (Object.keys(merged).length > 128) throw new ServiceError('Forbidden', 'Quota exceeded for resources: [\'metadata_items\']');
    return this.kit.update(id, (r) => (r.metadata = merged))!.metadata;
  }

  deleteMetadata(caller: ServerCaller, id: string, key: string): void {
    const s = this.get(caller, id);
    this.builder.checkNotLocked(caller, s);
    if (!(key in s.metadata)) throw new ServiceError('NotFound', 'Metadata item was not found');
    this.kit.update(id, (r) => delete r.metadata[key]);
  }

  setTags(caller: ServerCaller, id: string, tags: string[]): string[] {
    this.get(caller, id);
    const unique = [...new Set(tags)];
    if (unique.length > 50) throw new ServiceError('BadRequest', `The number of tags exceeded the per-server limit 50`);
    return this.kit.update(id, (r) => (r.tags = unique))!.tags;
  }

  /** A fresh adminPass (rebuild without one). */
  newPassword(): string {
    return generatePassword();
  }

  /** Security groups of the server's ports, as os-security-groups shows them. */
  securityGroupsOf(s: ServerRecord): { id: string; name: string; description: string; tenant_id: string; rules: unknown[] }[] {
    const ids = new Set<string>();
    for (const p of this.kit.ports.ports(s)) for (const g of p.security_groups) ids.add(g);
    return [...ids]
      .map((id) => this.deps.network.securityGroups.find(id))
      .filter((g): g is NonNullable<typeof g> => !!g)
      .map((g) => ({ id: g.id, name: g.name, description: g.description, tenant_id: g.project_id, rules: [] }));
  }

  /** addFloatingIp/removeFloatingIp (before 2.44): Neutron associates the address with the server's port. */
  floatingIp(caller: ServerCaller, id: string, address: string, add: boolean, fixedAddress?: string): void {
    const s = this.get(caller, id);
    const net = { projectId: caller.projectId, isAdmin: caller.isAdmin };
    const fip = this.deps.network.floatingIps.list(net).find((f) => f.floating_ip_address === address);
    if (!fip) throw new ServiceError('NotFound', `floating IP not found`);
    if (!add) {
      if (!fip.port_id || !s.port_ids.includes(fip.port_id)) throw new ServiceError('Conflict', `Floating IP ${address} is not associated with instance ${id}.`);
      this.deps.network.floatingIps.update(net, fip.id, { port_id: null });
      return;
    }
    const ports = this.kit.ports.ports(s);
    const port = fixedAddress ? ports.find((p) => p.fixed_ips.some((f) => f.ip_address === fixedAddress)) : ports.find((p) => p.fixed_ips.some((f) => !f.ip_address.includes(':')));
    if (!port) throw new ServiceError('BadRequest', fixedAddress ? `Specified fixed address not assigned to instance` : 'No nw_info cache associated with instance');
    const fixed = fixedAddress ?? port.fixed_ips.find((f) => !f.ip_address.includes(':'))!.ip_address;
    this.deps.network.floatingIps.update(net, fip.id, { port_id: port.id, fixed_ip_address: fixed });
  }
}
