import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { pyRepr } from '../../core/http/server';
import { uuid } from '../../core/ids';
import { type AggregateRow, type CatalogStore, catalogStore } from '../store/catalog-store';

export interface AggregateRecord {
  id: number;
  uuid: string;
  name: string;
  availability_zone: string | null;
  metadata: Record<string, string>;
  hosts: string[];
  created_at: string;
  updated_at: string | null;
}

type Action = 'add' | 'update' | 'update_meta' | 'delete';

/** Nova's InvalidAggregateAction* wording per action. */
function invalid(action: Action, id: number, reason: string): ServiceError {
  const head = { add: 'Cannot add host to aggregate', update: 'Cannot update aggregate', update_meta: 'Cannot update metadata of aggregate', delete: 'Cannot remove host from aggregate' }[action];
  return new ServiceError('BadRequest', `${head} ${id}. Reason: ${reason}.`);
}

const novaTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');

/** Host aggregates and availability zones (an aggregate with availability_zone metadata is a zone). */
export class AggregateManager {
  private readonly store: CatalogStore;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
  }

  private record(r: AggregateRow): AggregateRecord {
    return {
      id: r.internal_id,
      uuid: r.id,
      name: r.name,
      availability_zone: r.metadata.availability_zone ?? null,
      metadata: { ...r.metadata },
      hosts: [...r.hosts],
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  }

  private row(id: number | string): AggregateRow {
    const n = Number(id);
    const r = this.store.aggregates.where({ internal_id: n })[0];
    if (!r) throw new ServiceError('NotFound', `Aggregate ${id} could not be found.`);
    return r;
  }

  list(): AggregateRecord[] {
    return this.store.aggregates
      .all()
      .sort((a, b) => a.internal_id - b.internal_id)
      .map((r) => this.record(r));
  }

  get(id: number | string): AggregateRecord {
    return this.record(this.row(id));
  }

  forHost(hostname: string): AggregateRecord[] {
    return this.list().filter((a) => a.hosts.includes(hostname));
  }

  /** The host's availability zone: its aggregate's zone, else [DEFAULT] default_availability_zone. */
  zoneOf(hostname: string): string {
    const zones = this.forHost(hostname)
      .map((a) => a.availability_zone)
      .filter((z): z is string => !!z);
    return zones.length ? [...new Set(zones)].sort().join(',') : this.deps.config.defaultAvailabilityZone;
  }

  /** Zones named by aggregates (with or without hosts). */
  zones(): string[] {
    return [...new Set(this.list().map((a) => a.availability_zone).filter((z): z is string => !!z))];
  }

  private save(r: AggregateRow, event: 'created' | 'updated' | 'deleted'): void {
    if (event === 'created') this.store.aggregates.insert(r);
    else if (event === 'updated') this.store.aggregates.put(r);
    this.deps.events.publish(`compute.aggregate.${event}`, r.id, { id: r.internal_id, name: r.name, hosts: r.hosts, availability_zone: r.metadata.availability_zone ?? null });
  }

  private checkZoneChange(r: AggregateRow, zone: string | null | undefined, action: Action, hosts = r.hosts, checkInstances = false): void {
    if (zone === undefined) return;
    if (zone === null || zone === '') throw invalid(action, r.internal_id, `Aggregate ${r.name} does not support empty named availability zone`);
    const conflicting = this.list()
      .filter((a) => a.id !== r.internal_id && a.availability_zone && a.availability_zone !== zone && a.hosts.some((h) => hosts.includes(h)))
      .map((a) => a.availability_zone);
    if (conflicting.length) throw invalid(action, r.internal_id, `One or more hosts already in availability zone(s) ${pyRepr(conflicting)}`);
    if (checkInstances && r.metadata.availability_zone !== zone && hosts.some((h) => this.nova.servers.list({ host: h }).length > 0))
      throw invalid(action, r.internal_id, 'One or more hosts contain instances in this zone');
  }

  create(name: string, zone: string | null): AggregateRecord {
    const r = this.deps.db.tx(() => {
      if (this.store.aggregates.count({ name })) throw new ServiceError('Conflict', `Aggregate ${name} already exists.`);
      const row: AggregateRow = {
        id: uuid(),
        internal_id: this.store.nextId('aggregate'),
        name,
        metadata: zone ? { availability_zone: zone } : {},
        hosts: [],
        created_at: novaTime(this.deps.clock.now()),
        updated_at: null,
      };
      this.save(row, 'created');
      return row;
    });
    return this.record(r);
  }

  /** Renames and/or moves the aggregate to another zone. */
  update(id: number | string, change: { name?: string; availability_zone?: string | null }): AggregateRecord {
    const r = this.row(id);
    if (change.name !== undefined && change.name !== r.name && this.store.aggregates.count({ name: change.name }))
      throw new ServiceError('Conflict', `Aggregate ${change.name} already exists.`);
    if ('availability_zone' in change) this.checkZoneChange(r, change.availability_zone, 'update', r.hosts, true);
    if (change.name !== undefined) r.name = change.name;
    if (change.availability_zone) r.metadata.availability_zone = change.availability_zone;
    r.updated_at = novaTime(this.deps.clock.now());
    this.save(r, 'updated');
    return this.record(r);
  }

  /** Merges metadata; a null value removes the key. */
  setMetadata(id: number | string, metadata: Record<string, string | null>): AggregateRecord {
    const r = this.row(id);
    if ('availability_zone' in metadata) this.checkZoneChange(r, metadata.availability_zone, 'update_meta', r.hosts, true);
    for (const [k, v] of Object.entries(metadata)) {
      if (v === null) delete r.metadata[k];
      else r.metadata[k] = v;
    }
    r.updated_at = novaTime(this.deps.clock.now());
    this.save(r, 'updated');
    return this.record(r);
  }

  addHost(id: number | string, host: string): AggregateRecord {
    const r = this.row(id);
    if (!this.nova.services.computeHosts().includes(host)) throw new ServiceError('NotFound', `Compute host ${host} could not be found.`);
    if (r.metadata.availability_zone) this.checkZoneChange(r, r.metadata.availability_zone, 'add', [host]);
    if (r.hosts.includes(host)) throw new ServiceError('Conflict', `Aggregate ${r.internal_id} already has host ${host}.`);
    r.hosts.push(host);
    r.updated_at = novaTime(this.deps.clock.now());
    this.save(r, 'updated');
    this.mirror(host);
    return this.record(r);
  }

  removeHost(id: number | string, host: string): AggregateRecord {
    let r: AggregateRow;
    try {
      r = this.row(id);
    } catch {
      throw new ServiceError('NotFound', `Cannot remove host ${host} in aggregate ${id}`);
    }
    if (!r.hosts.includes(host)) throw new ServiceError('NotFound', `Cannot remove host ${host} in aggregate ${id}`);
    r.hosts = r.hosts.filter((h) => h !== host);
    r.updated_at = novaTime(this.deps.clock.now());
    this.save(r, 'updated');
    this.mirror(host);
    return this.record(r);
  }

  delete(id: number | string): void {
    const r = this.row(id);
    if (r.hosts.length > 0) throw invalid('delete', r.internal_id, 'Host aggregate is not empty');
    this.store.aggregates.delete(r.id);
    this.save(r, 'deleted');
  }

  /** Takes a host out of every aggregate (its compute service was deleted). */
  dropHost(host: string): void {
    for (const r of this.store.aggregates.all()) {
      if (!r.hosts.includes(host)) continue;
      r.hosts = r.hosts.filter((h) => h !== host);
      this.save(r, 'updated');
    }
  }

  /** Nova mirrors a host's aggregates onto its compute node's Placement provider. */
  private mirror(host: string): void {
    const node = this.nova.services.nodeUuid(host);
    if (node) this.deps.placement.setAggregates(node, this.forHost(host).map((a) => a.uuid));
  }
}
