import { isoSeconds, type Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { uuid as newUuid } from '../../core/ids';
import { ErrorCode, badRequest, conflict, notFound } from '../faults';
import { STANDARD_RESOURCE_CLASSES, STANDARD_TRAITS } from '../standards';
import { type AllocationRow, type ConsumerRow, type InventoryRow, PlacementStore, type ProviderRow } from '../store/placement-store';
import type { InventoryInput, PlacementClient, ProviderCandidate, Resources } from '../types';
import { type CandidateRequest, type CandidateResult, findCandidates } from './candidates';

export interface PlacementDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
}

/** The largest integer Placement's columns take (db constants MAX_INT). */
export const MAX_INT = 2147483647;
/** Placement's incomplete_consumer_project_id / _user_id: the owner of allocations written before 1.8. */
export const INCOMPLETE_CONSUMER_ID = '00000000-0000-0000-0000-000000000000';

export interface Inventory {
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
}

export const INVENTORY_DEFAULTS: Omit<Inventory, 'total'> = { reserved: 0, min_unit: 1, max_unit: MAX_INT, step_size: 1, allocation_ratio: 1.0 };

/** One consumer's allocations as written by PUT /allocations/{c} or one entry of POST /allocations. */
export interface ConsumerAllocations {
  consumer: string;
  /** provider uuid → class → amount; empty removes the consumer's allocations. */
  allocations: Record<string, Resources>;
  projectId: string;
  userId: string;
  /** Checked from 1.28: null means "a new consumer". */
  consumerGeneration?: number | null;
  consumerType?: string;
}

export interface AllocationWriteOptions {
  checkConsumerGeneration: boolean;
  /** 1.38+: the consumer's type is set from the request. */
  setConsumerType: boolean;
}

export interface ProviderFilters {
  name?: string;
  uuid?: string;
  inTree?: string;
  /** Each inner list: the provider is in at least one of these aggregates. */
  memberOf?: string[][];
  forbiddenAggregates?: string[];
  /** Each inner list: the provider has at least one of these traits. */
  required?: string[][];
  forbidden?: string[];
  resources?: Resources;
}

export interface UsageByType {
  consumerType: string | null;
  resources: Resources;
  consumerCount: number;
}

const isCustom = (name: string): boolean => name.startsWith('CUSTOM_');

/** capacity = (total - reserved) * allocation_ratio, as Placement compares it (a float). */
export function capacityOf(inv: Pick<Inventory, 'total' | 'reserved' | 'allocation_ratio'>): number {
  return (inv.total - inv.reserved) * inv.allocation_ratio;
}

/** Whether `amount` more of an inventory fits: capacity, min_unit, max_unit and step_size. */
export function fits(inv: Inventory, used: number, amount: number): boolean {
  return used + amount <= capacityOf(inv) && amount >= inv.min_unit && amount <= inv.max_unit && amount % inv.step_size === 0;
}

/** Placement's backend: resource providers, inventories, allocations, traits, aggregates. */
export class PlacementService implements PlacementClient {
  readonly store: PlacementStore;

  constructor(readonly deps: PlacementDeps) {
    this.store = new PlacementStore(deps.db);
  }

  private now(): string {
    return isoSeconds(this.deps.clock.now());
  }

  private publish(type: string, id?: string, data?: Record<string, unknown>): void {
    this.deps.events.publish(`placement.${type}`, id, data);
  }

  // --- resource providers ----------------------------------------------------------------------

  findProvider(uuid: string): ProviderRow | undefined {
    return this.store.provider(uuid);
  }

  /** The provider or Placement's NotFound ("No resource provider with uuid … found"). */
  getProvider(uuid: string): ProviderRow {
    const p = this.store.provider(uuid);
    if (!p) throw notFound(`No resource provider with uuid ${uuid} found`);
    return p;
  }

  listProviders(f: ProviderFilters = {}): ProviderRow[] {
    let rows = this.store.providers();
    if (f.name !== undefined) rows = rows.filter((p) => p.name === f.name);
    if (f.uuid !== undefined) rows = rows.filter((p) => p.uuid === f.uuid);
    if (f.inTree !== undefined) {
      const anchor = this.store.provider(f.inTree);
      rows = anchor ? rows.filter((p) => p.root_uuid === anchor.root_uuid) : [];
    }
    if (f.resources) {
      for (const rc of Object.keys(f.resources)) this.requireClass(rc);
      const usage = this.store.usageMap();
      rows = rows.filter((p) =>
        Object.entries(f.resources!).every(([rc, amount]) => {
          const inv = this.store.inventory(p.uuid, rc);
          return inv !== undefined && fits(inv, usage.get(`${p.uuid}/${rc}`) ?? 0, amount);
        }),
      );
    }
    if (f.memberOf?.length || f.forbiddenAggregates?.length) {
      rows = rows.filter((p) => {
        const aggs = new Set(this.store.providerAggregates(p.uuid));
        return (f.memberOf ?? []).every((any) => any.some((a) => aggs.has(a))) && !(f.forbiddenAggregates ?? []).some((a) => aggs.has(a));
      });
    }
    if (f.required?.length || f.forbidden?.length) {
      const missing = [...new Set([...(f.required ?? []).flat(), ...(f.forbidden ?? [])])].filter((t) => !this.traitExists(t));
      if (missing.length) throw notFound(`No such trait(s): ${missing.join(', ')}.`);
      rows = rows.filter((p) => {
        const traits = new Set(this.store.providerTraits(p.uuid));
        return (f.required ?? []).every((any) => any.some((t) => traits.has(t))) && !(f.forbidden ?? []).some((t) => traits.has(t));
      });
    }
    return rows;
  }

  createProvider(p: { uuid?: string; name: string; parentProviderUuid?: string | null }): ProviderRow {
    const uuid = p.uuid ?? newUuid();
    const dups: string[] = [];
    if (this.store.provider(uuid)) dups.push(`uuid: ${uuid}`);
    if (this.store.providerByName(p.name)) dups.push(`name: ${p.name}`);
    if (dups.length) throw conflict(`Conflicting resource provider ${dups.join(', ')} already exists.`, ErrorCode.DUPLICATE_NAME);
    let root = uuid;
    if (p.parentProviderUuid) {
      const why = (reason: string) => badRequest(`Unable to create resource provider "${p.name}", ${uuid}: Object action create failed because: ${reason}`);
      if (p.parentProviderUuid === uuid) throw why('parent provider UUID cannot be same as UUID. Please set parent provider UUID to None if there is no parent.');
      const parent = this.store.provider(p.parentProviderUuid);
      if (!parent) throw why('parent provider UUID does not exist.');
      root = parent.root_uuid;
    }
    const now = this.now();
    this.deps.db.tx(() => this.store.insertProvider({ uuid, name: p.name, generation: 0, parent_uuid: p.parentProviderUuid ?? null, root_uuid: root, created_at: now, updated_at: now }));
    this.publish('provider.created', uuid, { name: p.name });
    return this.store.provider(uuid)!;
  }

  /** PUT /resource_providers/{uuid}: name, and parent (set once before 1.37, any change from 1.37). */
  updateProvider(uuid: string, changes: { name?: string; parentProviderUuid?: string | null }, allowReparenting: boolean): ProviderRow {
    const rp = this.getProvider(uuid);
    const name = changes.name ?? rp.name;
    const saveError = (reason: string, action = 'update') => badRequest(`Unable to save resource provider ${uuid}: Object action ${action} failed because: ${reason}`);
    let parent = rp.parent_uuid;
    let root = rp.root_uuid;
    if (changes.parentProviderUuid !== undefined && changes.parentProviderUuid !== rp.parent_uuid) {
      const wanted = changes.parentProviderUuid;
      if (wanted === null) {
        if (!allowReparenting) throw saveError('un-parenting a provider is not currently allowed.');
        parent = null;
        root = uuid;
      } else {
        const np = this.store.provider(wanted);
        if (!np) throw saveError('parent provider UUID does not exist.', 'create');
        if (rp.parent_uuid !== null && !allowReparenting) throw saveError('re-parenting a provider is not currently allowed.');
        // the new parent must not be this provider or one of its descendants
        for (let a: ProviderRow | undefined = np; a; a = a.parent_uuid ? this.store.provider(a.parent_uuid) : undefined)
          if (a.uuid === uuid) throw saveError('creating loop in the provider tree is not allowed.');
        parent = wanted;
        root = np.root_uuid;
      }
    }
    if (name !== rp.name) {
      const other = this.store.providerByName(name);
      if (other && other.uuid !== uuid) throw conflict(`Conflicting resource provider ${name} already exists.`, ErrorCode.DUPLICATE_NAME);
    }
    this.deps.db.tx(() => {
      this.store.updateProvider({ uuid, name, parent_uuid: parent, root_uuid: root, updated_at: this.now() });
      if (root !== rp.root_uuid) this.reroot(uuid, root);
    });
    this.publish('provider.updated', uuid, { name });
    return this.store.provider(uuid)!;
  }

  private reroot(uuid: string, root: string): void {
    this.store.setRoot(uuid, root);
    for (const c of this.store.children(uuid)) this.reroot(c.uuid, root);
  }

  deleteProvider(uuid: string): void {
    const rp = this.store.provider(uuid);
    if (!rp) throw notFound(`No resource provider with uuid ${uuid} found for delete`);
    if (this.store.children(uuid).length) throw conflict(`Unable to delete parent resource provider ${uuid}: It has child resource providers.`, ErrorCode.PROVIDER_CANNOT_DELETE_PARENT);
    if (this.store.allocationsOnProvider(uuid).length)
      throw conflict(`Unable to delete resource provider ${uuid}: Resource provider has allocations.`, ErrorCode.PROVIDER_IN_USE);
    this.deps.db.tx(() => this.store.deleteProvider(uuid));
    this.publish('provider.deleted', uuid, { name: rp.name });
  }

  // --- inventories -----------------------------------------------------------------------------

  inventories(uuid: string): InventoryRow[] {
    return this.store.inventories(uuid);
  }

  private bump(rp: ProviderRow): void {
    if (!this.store.bumpGeneration(rp.uuid, rp.generation, this.now()))
      throw conflict('Another thread concurrently updated the resource provider data. Please retry your update', ErrorCode.CONCURRENT_UPDATE);
  }

  private checkCapacity(rp: ProviderRow, rc: string, inv: Inventory, reservedCanBeTotal: boolean, prefix: string): void {
    const cap = capacityOf(inv);
    if (reservedCanBeTotal ? cap < 0 : cap <= 0)
      throw badRequest(
        `${prefix}Invalid inventory for '${rc}' on resource provider '${rp.uuid}'. ${reservedCanBeTotal ? 'The reserved value is greater than total.' : 'The reserved value is greater than or equal to total.'}`,
      );
  }

  /** PUT /resource_providers/{uuid}/inventories: replaces the whole set. */
  setInventories(uuid: string, generation: number, invs: Record<string, Inventory>, reservedCanBeTotal: boolean): { provider: ProviderRow; inventories: InventoryRow[] } {
    const rp = this.getProvider(uuid);
    if (generation !== rp.generation) throw conflict('resource provider generation conflict', ErrorCode.CONCURRENT_UPDATE);
    const prefix = `Unable to update inventory for resource provider ${uuid}: `;
    for (const [rc, inv] of Object.entries(invs)) this.checkCapacity(rp, rc, inv, reservedCanBeTotal, prefix);
    for (const rc of Object.keys(invs))
      if (!this.classExists(rc)) throw badRequest(`Unknown resource class in inventory for resource provider ${uuid}: No such resource class ${rc}.`);
    const removed = this.store.inventories(uuid).filter((i) => !(i.resource_class in invs)).map((i) => i.resource_class);
    const inUse = removed.filter((rc) => this.store.used(uuid, rc) > 0);
    if (inUse.length) throw conflict(`update conflict: Inventory for '${inUse.join(', ')}' on resource provider '${uuid}' in use.`, ErrorCode.INVENTORY_INUSE);
    this.deps.db.tx(() => {
      this.bump(rp);
      this.writeInventories(uuid, invs, removed);
    });
    this.publish('provider.inventory.updated', uuid);
    return { provider: this.store.provider(uuid)!, inventories: this.store.inventories(uuid) };
  }

  private writeInventories(uuid: string, invs: Record<string, Inventory>, removed: string[]): void {
    const now = this.now();
    for (const rc of removed) this.store.deleteInventory(uuid, rc);
    for (const [rc, inv] of Object.entries(invs)) {
      const old = this.store.inventory(uuid, rc);
      this.store.upsertInventory({ provider_uuid: uuid, resource_class: rc, ...inv, created_at: old?.created_at ?? now, updated_at: now });
    }
  }

  /** POST /resource_providers/{uuid}/inventories: adds one class. */
  createInventory(uuid: string, rc: string, inv: Inventory, reservedCanBeTotal: boolean): { provider: ProviderRow; inventory: InventoryRow } {
    const rp = this.getProvider(uuid);
    this.checkCapacity(rp, rc, inv, reservedCanBeTotal, `Unable to create inventory for resource provider ${uuid}: `);
    if (!this.classExists(rc)) throw badRequest(`Unable to create inventory for resource provider ${uuid}: No such resource class ${rc}.`);
    if (this.store.inventory(uuid, rc))
      throw conflict(`Update conflict: (sqlite3.IntegrityError) UNIQUE constraint failed: inventories.resource_provider_id, inventories.resource_class_id`, ErrorCode.CONCURRENT_UPDATE);
    this.deps.db.tx(() => {
      this.bump(rp);
      this.writeInventories(uuid, { [rc]: inv }, []);
    });
    this.publish('provider.inventory.updated', uuid, { resource_class: rc });
    return { provider: this.store.provider(uuid)!, inventory: this.store.inventory(uuid, rc)! };
  }

  /** PUT /resource_providers/{uuid}/inventories/{rc}: changes one existing class. */
  updateInventory(uuid: string, rc: string, generation: number, inv: Inventory, reservedCanBeTotal: boolean): { provider: ProviderRow; inventory: InventoryRow } {
    const rp = this.getProvider(uuid);
    if (generation !== rp.generation) throw conflict('resource provider generation conflict', ErrorCode.CONCURRENT_UPDATE);
    this.checkCapacity(rp, rc, inv, reservedCanBeTotal, `Unable to update inventory for resource provider ${uuid}: `);
    this.requireClass(rc);
    if (!this.store.inventory(uuid, rc))
      throw badRequest(`No inventory record with resource class for resource provider ${uuid}: No inventory of class ${rc} found.`);
    this.deps.db.tx(() => {
      this.bump(rp);
      this.writeInventories(uuid, { [rc]: inv }, []);
    });
    this.publish('provider.inventory.updated', uuid, { resource_class: rc });
    return { provider: this.store.provider(uuid)!, inventory: this.store.inventory(uuid, rc)! };
  }

  deleteInventory(uuid: string, rc: string): void {
    const rp = this.getProvider(uuid);
    if (!this.classExists(rc)) throw notFound(`No inventory of class ${rc} found for delete: No such resource class ${rc}.`);
    if (this.store.used(uuid, rc) > 0)
      throw conflict(`Unable to delete inventory of class ${rc}: Inventory for '${rc}' on resource provider '${uuid}' in use.`, ErrorCode.CONCURRENT_UPDATE);
    if (!this.store.inventory(uuid, rc)) throw notFound(`No inventory of class ${rc} found for delete: No inventory of class ${rc} found for delete`);
    this.deps.db.tx(() => {
      this.store.deleteInventory(uuid, rc);
      this.bump(rp);
    });
    this.publish('provider.inventory.updated', uuid, { resource_class: rc });
  }

  /** DELETE /resource_providers/{uuid}/inventories (1.5+). */
  deleteInventories(uuid: string): void {
    const rp = this.getProvider(uuid);
    const classes = this.store.inventories(uuid).map((i) => i.resource_class);
    const inUse = classes.filter((rc) => this.store.used(uuid, rc) > 0);
    if (inUse.length) throw conflict(`Inventory for '${inUse.join(', ')}' on resource provider '${uuid}' in use.`, ErrorCode.INVENTORY_INUSE);
    this.deps.db.tx(() => {
      this.bump(rp);
      this.writeInventories(uuid, {}, classes);
    });
    this.publish('provider.inventory.updated', uuid);
  }

  // --- resource classes ------------------------------------------------------------------------

  classExists(name: string): boolean {
    return STANDARD_RESOURCE_CLASSES.includes(name) || this.store.customClass(name) !== undefined;
  }

  private requireClass(name: string): void {
    if (!this.classExists(name)) throw notFound(`No such resource class ${name}.`);
  }

  listClasses(): string[] {
    return [...STANDARD_RESOURCE_CLASSES, ...this.store.customClasses().map((c) => c.name)];
  }

  getClass(name: string): string {
    this.requireClass(name);
    return name;
  }

  createClass(name: string): void {
    if (this.classExists(name)) throw conflict(`Conflicting resource class already exists: ${name}`);
    this.deps.db.tx(() => this.store.insertClass(name, this.now()));
    this.publish('resource_class.created', name);
  }

  /** PUT /resource_classes/{name} from 1.7: true when it was created. */
  ensureClass(name: string): boolean {
    if (this.classExists(name)) return false;
    this.createClass(name);
    return true;
  }

  /** PUT /resource_classes/{name} 1.2–1.6: renames a custom class. */
  renameClass(from: string, to: string): void {
    this.requireClass(from);
    if (!isCustom(from)) throw badRequest(`Cannot update standard resource class ${from}`);
    if (this.classExists(to)) throw conflict(`Resource class already exists: ${to}`);
    this.deps.db.tx(() => this.store.renameClass(from, to, this.now()));
    this.publish('resource_class.updated', to, { from });
  }

  deleteClass(name: string): void {
    this.requireClass(name);
    if (!isCustom(name)) throw badRequest(`Error in delete resource class: Cannot delete standard resource class ${name}.`);
    if (this.store.inventoryUsesClass(name)) throw conflict(`Error in delete resource class: Cannot delete resource class ${name}. Class is in use in inventory.`);
    this.deps.db.tx(() => this.store.deleteClass(name));
    this.publish('resource_class.deleted', name);
  }

  // --- traits ----------------------------------------------------------------------------------

  traitExists(name: string): boolean {
    return STANDARD_TRAITS.includes(name) || this.store.customTrait(name) !== undefined;
  }

  listTraits(f: { nameIn?: string[]; prefix?: string; associated?: boolean } = {}): string[] {
    let all = [...STANDARD_TRAITS, ...this.store.customTraits().map((t) => t.name)].sort();
    if (f.nameIn) {
      const want = new Set(f.nameIn);
      all = all.filter((t) => want.has(t));
    }
    if (f.prefix !== undefined) all = all.filter((t) => t.startsWith(f.prefix!));
    if (f.associated !== undefined) {
      const used = new Set(this.store.associatedTraits());
      all = all.filter((t) => used.has(t) === f.associated);
    }
    return all;
  }

  /** PUT /traits/{name}: true when created. */
  putTrait(name: string): boolean {
    if (this.traitExists(name)) return false;
    this.deps.db.tx(() => this.store.insertTrait(name, this.now()));
    this.publish('trait.created', name);
    return true;
  }

  deleteTrait(name: string): void {
    if (!this.traitExists(name)) throw notFound(`No such trait(s): ${name}.`);
    if (!isCustom(name)) throw badRequest(`Cannot delete standard trait ${name}.`);
    if (this.store.traitInUse(name)) throw conflict(`The trait ${name} is in use by a resource provider.`);
    this.deps.db.tx(() => this.store.deleteTrait(name));
    this.publish('trait.deleted', name);
  }

  providerTraits(uuid: string): string[] {
    return this.store.providerTraits(uuid);
  }

  setProviderTraits(uuid: string, generation: number | undefined, traits: string[]): ProviderRow {
    const rp = this.getProvider(uuid);
    if (generation !== undefined && generation !== rp.generation)
      throw conflict("Resource provider's generation already changed. Please update the generation and try again.", ErrorCode.CONCURRENT_UPDATE);
    const unknown = [...new Set(traits)].filter((t) => !this.traitExists(t));
    if (unknown.length) throw badRequest(`No such trait ${unknown.join(', ')}`);
    this.deps.db.tx(() => {
      this.store.setProviderTraits(uuid, traits);
      this.bump(rp);
    });
    this.publish('provider.traits.updated', uuid, { traits });
    return this.store.provider(uuid)!;
  }

  // --- aggregates ------------------------------------------------------------------------------

  providerAggregates(uuid: string): string[] {
    return this.store.providerAggregates(uuid);
  }

  /** PUT /resource_providers/{uuid}/aggregates; with a generation (1.19+) it is checked and bumped. */
  setProviderAggregates(uuid: string, aggregates: string[], generation?: number): ProviderRow {
    const rp = this.getProvider(uuid);
    if (generation !== undefined && generation !== rp.generation)
      throw conflict("Resource provider's generation already changed. Please update the generation and try again.", ErrorCode.CONCURRENT_UPDATE);
    this.deps.db.tx(() => {
      this.store.setProviderAggregates(uuid, aggregates);
      if (generation !== undefined) this.bump(rp);
    });
    this.publish('provider.aggregates.updated', uuid, { aggregates });
    return this.store.provider(uuid)!;
  }

  // --- allocations -----------------------------------------------------------------------------

  consumer(uuid: string): ConsumerRow | undefined {
    return this.store.consumer(uuid);
  }

  allocationsOfConsumer(uuid: string): AllocationRow[] {
    return this.store.allocationsOfConsumer(uuid);
  }

  allocationsOnProvider(uuid: string): AllocationRow[] {
    return this.store.allocationsOnProvider(uuid);
  }

  /**
   * Replaces the allocations of every consumer in `requests` in one transaction (PUT /allocations/{c}
   * is one request, POST /allocations several): consumer generations are checked, then each
   * consumer's old allocations are dropped and the new ones checked against every inventory's
   * capacity and unit constraints. Errors are raised as Placement words them for the handler's
   * `context` ('put' names the consumer). Nothing is written when anything fails.
   */
  writeAllocations(requests: ConsumerAllocations[], opts: AllocationWriteOptions, context: 'put' | 'post'): void {
    // every provider named must exist (checked before anything else, as the handlers do)
    for (const r of requests)
      for (const rp of Object.keys(r.allocations)) if (!this.store.provider(rp)) throw badRequest(`Allocation for resource provider '${rp}' that does not exist.`);
    const changedProviders = new Set<string>();
    this.deps.db.tx(() => {
      const now = this.now();
      const touched: { consumer: ConsumerRow; hasAllocations: boolean }[] = [];
      const rows: Omit<AllocationRow, 'id'>[] = [];
      const visitedProviders = new Map<string, ProviderRow>();
      for (const r of requests) {
        let c = this.store.consumer(r.consumer);
        if (opts.checkConsumerGeneration) {
          if (c && c.generation !== r.consumerGeneration)
            throw conflict(`consumer generation conflict - expected ${c.generation} but got ${r.consumerGeneration ?? 'None'}`, ErrorCode.CONCURRENT_UPDATE);
          if (!c && r.consumerGeneration !== null && r.consumerGeneration !== undefined)
            throw conflict(`consumer generation conflict - expected null but got ${r.consumerGeneration}`, ErrorCode.CONCURRENT_UPDATE);
        }
        if (!c) {
          c = { uuid: r.consumer, project_id: r.projectId, user_id: r.userId, generation: 0, consumer_type: opts.setConsumerType ? (r.consumerType ?? null) : null, created_at: now, updated_at: now };
          this.store.insertConsumer(c);
        } else {
          c = { ...c, project_id: r.projectId, user_id: r.userId, consumer_type: opts.setConsumerType && r.consumerType ? r.consumerType : c.consumer_type };
        }
        const entries = Object.entries(r.allocations);
        if (entries.length === 0) {
          // "remove": the consumer's current allocations count as visited, with nothing re-created
          for (const a of this.store.allocationsOfConsumer(r.consumer)) {
            const rp = this.store.provider(a.provider_uuid);
            if (rp) visitedProviders.set(rp.uuid, rp);
          }
        }
        this.store.deleteAllocationsOfConsumer(r.consumer);
        for (const [rp, resources] of entries) for (const [rc, used] of Object.entries(resources)) rows.push({ provider_uuid: rp, consumer_uuid: r.consumer, resource_class: rc, used, created_at: now });
        touched.push({ consumer: c, hasAllocations: entries.length > 0 });
      }
      this.checkCapacityFor(rows, requests, context);
      for (const row of rows) {
        this.store.insertAllocation(row);
        visitedProviders.set(row.provider_uuid, this.store.provider(row.provider_uuid)!);
      }
      for (const rp of visitedProviders.values()) {
        this.bump(rp);
        changedProviders.add(rp.uuid);
      }
      for (const { consumer, hasAllocations } of touched) {
        if (!hasAllocations && this.store.allocationsOfConsumer(consumer.uuid).length === 0) {
          this.store.deleteConsumer(consumer.uuid);
          continue;
        }
        this.store.updateConsumer({ ...consumer, generation: consumer.generation + 1, updated_at: now });
      }
    });
    for (const r of requests) this.publish('allocations.changed', r.consumer, { providers: Object.keys(r.allocations), project_id: r.projectId });
    for (const p of changedProviders) this.publish('provider.usages.changed', p);
  }

  /** _check_capacity_exceeded: runs after the consumers' old allocations are gone, inside the transaction. */
  private checkCapacityFor(rows: Omit<AllocationRow, 'id'>[], requests: ConsumerAllocations[], context: 'put' | 'post'): void {
    const wrapNotFound = (msg: string) =>
      context === 'put' ? badRequest(`Unable to allocate inventory for consumer ${requests[0].consumer}: ${msg}`) : badRequest(`Unable to allocate inventory ${msg}`);
    const invalid = (msg: string) => conflict(`Unable to allocate inventory: ${msg}`);
    const classes = [...new Set(rows.map((r) => r.resource_class))];
    for (const rc of classes) if (!this.classExists(rc)) throw wrapNotFound(`No such resource class ${rc}.`);
    const providers = [...new Set(rows.map((r) => r.provider_uuid))];
    const missing = providers.filter((p) => !classes.some((rc) => this.store.inventory(p, rc)));
    if (missing.length) throw invalid(`Inventory for '${classes.join(', ')}' on resource provider '${missing.join(', ')}' invalid.`);
    const sums = new Map<string, number>();
    for (const a of rows) {
      const key = `${a.provider_uuid}/${a.resource_class}`;
      sums.set(key, (sums.get(key) ?? 0) + a.used);
      if (a.used === 0) continue;
      const inv = this.store.inventory(a.provider_uuid, a.resource_class);
      if (!inv) throw invalid(`Inventory for '${a.resource_class}' on resource provider '${a.provider_uuid}' invalid.`);
      if (a.used < inv.min_unit || a.used > inv.max_unit || a.used % inv.step_size !== 0)
        throw invalid(`Unable to create allocation for '${a.resource_class}' on resource provider '${a.provider_uuid}'. The requested amount would violate inventory constraints.`);
      const used = this.store.used(a.provider_uuid, a.resource_class);
      const cap = capacityOf(inv);
      if (cap < used + a.used || cap < used + sums.get(key)!)
        throw invalid(`Unable to create allocation for '${a.resource_class}' on resource provider '${a.provider_uuid}'. The requested amount would exceed the capacity.`);
    }
  }

  /** DELETE /allocations/{consumer}. */
  deleteAllocations(consumerUuid: string): void {
    const allocs = this.store.allocationsOfConsumer(consumerUuid);
    if (!allocs.length) throw notFound(`No allocations for consumer '${consumerUuid}'`);
    this.deps.db.tx(() => {
      this.store.deleteAllocationsOfConsumer(consumerUuid);
      this.store.deleteConsumer(consumerUuid);
    });
    this.publish('allocations.changed', consumerUuid, { providers: [...new Set(allocs.map((a) => a.provider_uuid))], deleted: true });
  }

  // --- usages ----------------------------------------------------------------------------------

  /** Used amount of every class the provider has inventory of (0 when unused). */
  providerUsages(uuid: string): Resources {
    const out: Resources = {};
    for (const inv of this.store.inventories(uuid)) out[inv.resource_class] = this.store.used(uuid, inv.resource_class);
    return out;
  }

  totalUsages(projectId: string, userId?: string): Resources {
    const out: Resources = {};
    for (const a of this.store.projectAllocations(projectId, userId)) out[a.resource_class] = (out[a.resource_class] ?? 0) + a.used;
    return out;
  }

  /** GET /usages from 1.38: grouped by consumer type ('all' and 'unknown' are special filters). */
  usagesByConsumerType(projectId: string, userId: string | undefined, consumerType: string | undefined): UsageByType[] {
    const allocs = this.store.projectAllocations(projectId, userId);
    const groups = new Map<string | null, { resources: Resources; consumers: Set<string> }>();
    const add = (key: string | null, a: AllocationRow) => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { resources: {}, consumers: new Set() }));
      g.resources[a.resource_class] = (g.resources[a.resource_class] ?? 0) + a.used;
      g.consumers.add(a.consumer_uuid);
    };
    for (const a of allocs) {
      if (consumerType === 'all') add('all', a);
      else if (consumerType === 'unknown') {
        if (a.consumer_type === null) add('unknown', a);
      } else if (consumerType === undefined || a.consumer_type === consumerType) add(a.consumer_type, a);
    }
    return [...groups].map(([t, g]) => ({ consumerType: t, resources: g.resources, consumerCount: g.consumers.size }));
  }

  // --- allocation candidates -------------------------------------------------------------------

  allocationCandidates(req: CandidateRequest): CandidateResult {
    for (const g of Object.values(req.groups)) for (const rc of Object.keys(g.resources)) this.requireClass(rc);
    const traits = new Set<string>();
    for (const g of Object.values(req.groups)) for (const t of [...g.required.flat(), ...g.forbidden]) traits.add(t);
    for (const t of [...(req.rootRequired ?? []), ...(req.rootForbidden ?? [])]) traits.add(t);
    const missing = [...traits].filter((t) => !this.traitExists(t));
    if (missing.length) throw badRequest(`No such trait(s): ${missing.join(', ')}.`);
    return findCandidates(this.snapshot(), req);
  }

  /** Everything the candidate search reads, in one consistent view. */
  private snapshot() {
    const usage = this.store.usageMap();
    const invs = new Map<string, InventoryRow[]>();
    for (const i of this.store.allInventories()) {
      let l = invs.get(i.provider_uuid);
      if (!l) invs.set(i.provider_uuid, (l = []));
      l.push(i);
    }
    return this.store.providers().map((p) => ({
      provider: p,
      inventories: invs.get(p.uuid) ?? [],
      used: (rc: string) => usage.get(`${p.uuid}/${rc}`) ?? 0,
      traits: this.store.providerTraits(p.uuid),
      aggregates: this.store.providerAggregates(p.uuid),
    }));
  }

  // --- reshaper --------------------------------------------------------------------------------

  /**
   * POST /reshaper: new inventories for several providers and new allocations for several consumers,
   * atomically. Inventories are written first (in-use checks are skipped, since the allocations move
   * in the same transaction); then the allocations, whose capacity check sees the new inventory.
   */
  reshape(inventories: Record<string, { generation: number; inventories: Record<string, Inventory> }>, allocations: ConsumerAllocations[], opts: AllocationWriteOptions, reservedCanBeTotal: boolean): void {
    this.deps.db.tx(() => {
      for (const [uuid, body] of Object.entries(inventories)) {
        const rp = this.store.provider(uuid);
        if (!rp) throw badRequest(`Resource provider ${uuid} in inventories not found: No resource provider with uuid ${uuid} found`, ErrorCode.RESOURCE_PROVIDER_NOT_FOUND);
        if (rp.generation !== body.generation)
          throw conflict(`resource provider generation conflict for provider ${uuid}: actual: ${rp.generation}, given: ${body.generation}`, ErrorCode.CONCURRENT_UPDATE);
        for (const [rc, inv] of Object.entries(body.inventories)) {
          this.checkCapacity(rp, rc, inv, reservedCanBeTotal, 'Unable to allocate inventory: ');
          if (!this.classExists(rc)) throw badRequest(`malformed reshaper data: No such resource class ${rc}.`);
        }
        const removed = this.store.inventories(uuid).filter((i) => !(i.resource_class in body.inventories)).map((i) => i.resource_class);
        this.bump(rp);
        this.writeInventories(uuid, body.inventories, removed);
      }
      this.writeAllocations(allocations, opts, 'post');
      // nothing may be left allocated against an inventory that is gone
      for (const uuid of Object.keys(inventories))
        for (const rc of this.store.classesAllocatedOn(uuid))
          if (!this.store.inventory(uuid, rc)) throw conflict(`update conflict: Inventory for '${rc}' on resource provider '${uuid}' in use.`, ErrorCode.INVENTORY_INUSE);
    });
    for (const uuid of Object.keys(inventories)) this.publish('provider.inventory.updated', uuid);
  }

  // --- PlacementClient: what Nova's scheduler and compute host use in-process -----------------

  ensureComputeNode(p: { uuid: string; name: string; inventories: Record<string, InventoryInput>; traits?: string[] }): void {
    let rp = this.store.provider(p.uuid);
    if (!rp) {
      const byName = this.store.providerByName(p.name);
      // a host that comes back with a new hypervisor id keeps its name: the stale provider goes if it is idle
      if (byName && this.store.allocationsOnProvider(byName.uuid).length === 0 && this.store.children(byName.uuid).length === 0) this.deleteProvider(byName.uuid);
      rp = this.createProvider({ uuid: p.uuid, name: p.name });
    } else if (rp.name !== p.name) {
      rp = this.updateProvider(p.uuid, { name: p.name }, false);
    }
    const invs: Record<string, Inventory> = {};
    for (const [rc, i] of Object.entries(p.inventories)) {
      if (!this.classExists(rc) && isCustom(rc)) this.createClass(rc);
      invs[rc] = { ...INVENTORY_DEFAULTS, max_unit: i.total, ...i };
    }
    const current = this.store.inventories(p.uuid);
    const same =
      current.length === Object.keys(invs).length &&
      current.every((c) => {
        const n = invs[c.resource_class];
        return n && n.total === c.total && n.reserved === c.reserved && n.min_unit === c.min_unit && n.max_unit === c.max_unit && n.step_size === c.step_size && n.allocation_ratio === c.allocation_ratio;
      });
    if (!same) {
      // an in-use class the host no longer reports is kept, as the resource tracker would retry
      for (const c of current) if (!(c.resource_class in invs) && this.store.used(p.uuid, c.resource_class) > 0) invs[c.resource_class] = c;
      this.setInventories(p.uuid, this.store.provider(p.uuid)!.generation, invs, true);
    }
    if (p.traits) {
      for (const t of p.traits) if (!this.traitExists(t) && isCustom(t)) this.putTrait(t);
      const want = [...new Set(p.traits)].sort();
      const have = this.store.providerTraits(p.uuid);
      if (want.join(',') !== have.join(',')) this.setProviderTraits(p.uuid, undefined, want.filter((t) => this.traitExists(t)));
    }
    this.publish('provider.updated', p.uuid, { name: p.name, compute_node: true });
  }

  removeProvider(uuid: string): void {
    if (!this.store.provider(uuid)) return;
    this.deleteProvider(uuid);
  }

  candidates(resources: Resources, opts: { memberOf?: string[][]; required?: string[]; forbidden?: string[] } = {}): ProviderCandidate[] {
    const known = (t: string) => this.traitExists(t);
    // an unknown required trait can match nothing; an unknown forbidden one excludes nothing
    if ((opts.required ?? []).some((t) => !known(t))) return [];
    for (const rc of Object.keys(resources)) if (!this.classExists(rc)) return [];
    const usage = this.store.usageMap();
    const out: ProviderCandidate[] = [];
    for (const p of this.store.providers()) {
      const traits = new Set(this.store.providerTraits(p.uuid));
      if (!(opts.required ?? []).every((t) => traits.has(t))) continue;
      if ((opts.forbidden ?? []).some((t) => traits.has(t))) continue;
      if (opts.memberOf?.length) {
        const aggs = new Set(this.store.providerAggregates(p.uuid));
        if (!opts.memberOf.every((any) => any.some((a) => aggs.has(a)))) continue;
      }
      const remaining: Resources = {};
      let ok = true;
      for (const [rc, amount] of Object.entries(resources)) {
        const inv = this.store.inventory(p.uuid, rc);
        const used = usage.get(`${p.uuid}/${rc}`) ?? 0;
        if (!inv || !fits(inv, used, amount)) {
          ok = false;
          break;
        }
        remaining[rc] = Math.floor(capacityOf(inv)) - used - amount;
      }
      if (!ok) continue;
      if (!('MEMORY_MB' in remaining)) {
        const inv = this.store.inventory(p.uuid, 'MEMORY_MB');
        if (inv) remaining.MEMORY_MB = Math.floor(capacityOf(inv)) - (usage.get(`${p.uuid}/MEMORY_MB`) ?? 0);
      }
      out.push({ uuid: p.uuid, name: p.name, remaining });
    }
    return out.sort((a, b) => (b.remaining.MEMORY_MB ?? 0) - (a.remaining.MEMORY_MB ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  claim(consumerUuid: string, providerUuid: string, resources: Resources, projectId: string, userId: string): boolean {
    const existing = this.store.allocationsOfConsumer(consumerUuid);
    const allocations: Record<string, Resources> = {};
    // a claim adds to what the consumer already holds elsewhere (Nova claims per host)
    for (const a of existing) (allocations[a.provider_uuid] ??= {})[a.resource_class] = a.used;
    allocations[providerUuid] = { ...(allocations[providerUuid] ?? {}), ...resources };
    return this.replaceAllocations(consumerUuid, allocations, projectId, userId);
  }

  replaceAllocations(consumerUuid: string, allocations: Record<string, Resources>, projectId: string, userId: string): boolean {
    const cleaned: Record<string, Resources> = {};
    for (const [rp, res] of Object.entries(allocations)) {
      const r = Object.fromEntries(Object.entries(res).filter(([, n]) => n > 0));
      if (Object.keys(r).length) cleaned[rp] = r;
    }
    try {
      this.writeAllocations([{ consumer: consumerUuid, allocations: cleaned, projectId, userId, consumerType: 'INSTANCE' }], { checkConsumerGeneration: false, setConsumerType: true }, 'put');
      return true;
    } catch (e) {
      if (e instanceof Error && 'status' in e && ((e as { status: number }).status === 409 || (e as { status: number }).status === 400)) return false;
      throw e;
    }
  }

  release(consumerUuid: string): void {
    if (this.store.allocationsOfConsumer(consumerUuid).length === 0) return;
    this.deleteAllocations(consumerUuid);
  }

  setAggregates(providerUuid: string, aggregateUuids: string[]): void {
    const rp = this.getProvider(providerUuid);
    this.setProviderAggregates(providerUuid, aggregateUuids, rp.generation);
  }

  usages(providerUuid: string): Resources {
    if (!this.store.provider(providerUuid)) return {};
    return this.providerUsages(providerUuid);
  }
}
