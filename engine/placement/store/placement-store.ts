import type Database from 'better-sqlite3';
import type { LabDatabase } from '../../core/db';
import { placementMigrations } from './migrations';

export interface ProviderRow {
  id: number;
  uuid: string;
  name: string;
  generation: number;
  parent_uuid: string | null;
  root_uuid: string;
  created_at: string;
  updated_at: string;
}

export interface InventoryRow {
  provider_uuid: string;
  resource_class: string;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
  created_at: string;
  updated_at: string;
}

export interface ConsumerRow {
  uuid: string;
  project_id: string;
  user_id: string;
  generation: number;
  consumer_type: string | null;
  created_at: string;
  updated_at: string;
}

export interface AllocationRow {
  id: number;
  provider_uuid: string;
  consumer_uuid: string;
  resource_class: string;
  used: number;
  created_at: string;
}

/** Placement's tables and the queries on them; no rules, no HTTP. */
export class PlacementStore {
  readonly raw: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(readonly db: LabDatabase) {
    db.migrate('placement', placementMigrations);
    this.raw = db.raw;
  }

  private q(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.raw.prepare(sql)));
    return s;
  }

  // --- providers ---------------------------------------------------------------------------------

  provider(uuid: string): ProviderRow | undefined {
    return this.q('SELECT * FROM placement_provider WHERE uuid = ?').get(uuid) as ProviderRow | undefined;
  }
  providerByName(name: string): ProviderRow | undefined {
    return this.q('SELECT * FROM placement_provider WHERE name = ?').get(name) as ProviderRow | undefined;
  }
  providers(): ProviderRow[] {
    return this.q('SELECT * FROM placement_provider ORDER BY id').all() as ProviderRow[];
  }
  treeOf(rootUuid: string): ProviderRow[] {
    return this.q('SELECT * FROM placement_provider WHERE root_uuid = ? ORDER BY id').all(rootUuid) as ProviderRow[];
  }
  children(uuid: string): ProviderRow[] {
    return this.q('SELECT * FROM placement_provider WHERE parent_uuid = ? ORDER BY id').all(uuid) as ProviderRow[];
  }
  insertProvider(p: Omit<ProviderRow, 'id'>): void {
    this.q('INSERT INTO placement_provider (uuid, name, generation, parent_uuid, root_uuid, created_at, updated_at) VALUES (@uuid, @name, @generation, @parent_uuid, @root_uuid, @created_at, @updated_at)').run(p);
  }
  updateProvider(p: Pick<ProviderRow, 'uuid' | 'name' | 'parent_uuid' | 'root_uuid' | 'updated_at'>): void {
    this.q('UPDATE placement_provider SET name = @name, parent_uuid = @parent_uuid, root_uuid = @root_uuid, updated_at = @updated_at WHERE uuid = @uuid').run(p);
  }
  setRoot(uuid: string, rootUuid: string): void {
    this.q('UPDATE placement_provider SET root_uuid = ? WHERE uuid = ?').run(rootUuid, uuid);
  }
  /** Bumps the generation if it still is `expected`; false when someone else did first. */
  bumpGeneration(uuid: string, expected: number, now: string): boolean {
    return this.q('UPDATE placement_provider SET generation = generation + 1, updated_at = ? WHERE uuid = ? AND generation = ?').run(now, uuid, expected).changes === 1;
  }
  deleteProvider(uuid: string): void {
    this.q('DELETE FROM placement_provider WHERE uuid = ?').run(uuid);
  }

  // --- inventories -------------------------------------------------------------------------------

  inventories(providerUuid: string): InventoryRow[] {
    return this.q('SELECT * FROM placement_inventory WHERE provider_uuid = ? ORDER BY rowid').all(providerUuid) as InventoryRow[];
  }
  allInventories(): InventoryRow[] {
    return this.q('SELECT * FROM placement_inventory ORDER BY rowid').all() as InventoryRow[];
  }
  inventory(providerUuid: string, rc: string): InventoryRow | undefined {
    return this.q('SELECT * FROM placement_inventory WHERE provider_uuid = ? AND resource_class = ?').get(providerUuid, rc) as InventoryRow | undefined;
  }
  upsertInventory(r: InventoryRow): void {
    this.q(`INSERT INTO placement_inventory (provider_uuid, resource_class, total, reserved, min_unit, max_unit, step_size, allocation_ratio, created_at, updated_at)
      VALUES (@provider_uuid, @resource_class, @total, @reserved, @min_unit, @max_unit, @step_size, @allocation_ratio, @created_at, @updated_at)
      ON CONFLICT (provider_uuid, resource_class) DO UPDATE SET total = excluded.total, reserved = excluded.reserved, min_unit = excluded.min_unit,
        max_unit = excluded.max_unit, step_size = excluded.step_size, allocation_ratio = excluded.allocation_ratio, updated_at = excluded.updated_at`).run(r);
  }
  deleteInventory(providerUuid: string, rc: string): boolean {
    return this.q('DELETE FROM placement_inventory WHERE provider_uuid = ? AND resource_class = ?').run(providerUuid, rc).changes > 0;
  }
  inventoryUsesClass(rc: string): boolean {
    return this.q('SELECT 1 FROM placement_inventory WHERE resource_class = ? LIMIT 1').get(rc) !== undefined;
  }

  // --- resource classes and traits ---------------------------------------------------------------

  customClasses(): { id: number; name: string; created_at: string; updated_at: string }[] {
    return this.q('SELECT * FROM placement_resource_class ORDER BY id').all() as { id: number; name: string; created_at: string; updated_at: string }[];
  }
  customClass(name: string): { id: number; name: string; created_at: string } | undefined {
    return this.q('SELECT * FROM placement_resource_class WHERE name = ?').get(name) as { id: number; name: string; created_at: string } | undefined;
  }
  insertClass(name: string, now: string): void {
    this.q('INSERT INTO placement_resource_class (name, created_at, updated_at) VALUES (?, ?, ?)').run(name, now, now);
  }
  renameClass(from: string, to: string, now: string): void {
    this.q('UPDATE placement_resource_class SET name = ?, updated_at = ? WHERE name = ?').run(to, now, from);
  }
  deleteClass(name: string): void {
    this.q('DELETE FROM placement_resource_class WHERE name = ?').run(name);
  }
  customTraits(): { name: string; created_at: string }[] {
    return this.q('SELECT * FROM placement_trait ORDER BY name').all() as { name: string; created_at: string }[];
  }
  customTrait(name: string): { name: string; created_at: string } | undefined {
    return this.q('SELECT * FROM placement_trait WHERE name = ?').get(name) as { name: string; created_at: string } | undefined;
  }
  insertTrait(name: string, now: string): void {
    this.q('INSERT INTO placement_trait (name, created_at) VALUES (?, ?)').run(name, now);
  }
  deleteTrait(name: string): void {
    this.q('DELETE FROM placement_trait WHERE name = ?').run(name);
  }
  traitInUse(name: string): boolean {
    return this.q('SELECT 1 FROM placement_provider_trait WHERE trait = ? LIMIT 1').get(name) !== undefined;
  }
  associatedTraits(): string[] {
    return (this.q('SELECT DISTINCT trait FROM placement_provider_trait').all() as { trait: string }[]).map((r) => r.trait);
  }
  providerTraits(uuid: string): string[] {
    return (this.q('SELECT trait FROM placement_provider_trait WHERE provider_uuid = ? ORDER BY trait').all(uuid) as { trait: string }[]).map((r) => r.trait);
  }
  setProviderTraits(uuid: string, traits: readonly string[]): void {
    this.q('DELETE FROM placement_provider_trait WHERE provider_uuid = ?').run(uuid);
    for (const t of new Set(traits)) this.q('INSERT INTO placement_provider_trait (provider_uuid, trait) VALUES (?, ?)').run(uuid, t);
  }

  // --- aggregates --------------------------------------------------------------------------------

  providerAggregates(uuid: string): string[] {
    return (this.q('SELECT aggregate_uuid FROM placement_provider_aggregate WHERE provider_uuid = ? ORDER BY rowid').all(uuid) as { aggregate_uuid: string }[]).map((r) => r.aggregate_uuid);
  }
  setProviderAggregates(uuid: string, aggs: readonly string[]): void {
    this.q('DELETE FROM placement_provider_aggregate WHERE provider_uuid = ?').run(uuid);
    for (const a of new Set(aggs)) this.q('INSERT INTO placement_provider_aggregate (provider_uuid, aggregate_uuid) VALUES (?, ?)').run(uuid, a);
  }

  // --- consumers and allocations -----------------------------------------------------------------

  consumer(uuid: string): ConsumerRow | undefined {
    return this.q('SELECT * FROM placement_consumer WHERE uuid = ?').get(uuid) as ConsumerRow | undefined;
  }
  insertConsumer(c: ConsumerRow): void {
    this.q('INSERT INTO placement_consumer (uuid, project_id, user_id, generation, consumer_type, created_at, updated_at) VALUES (@uuid, @project_id, @user_id, @generation, @consumer_type, @created_at, @updated_at)').run(c);
  }
  updateConsumer(c: ConsumerRow): void {
    this.q('UPDATE placement_consumer SET project_id = @project_id, user_id = @user_id, generation = @generation, consumer_type = @consumer_type, updated_at = @updated_at WHERE uuid = @uuid').run(c);
  }
  deleteConsumer(uuid: string): void {
    this.q('DELETE FROM placement_consumer WHERE uuid = ?').run(uuid);
  }
  allocationsOfConsumer(uuid: string): AllocationRow[] {
    return this.q('SELECT * FROM placement_allocation WHERE consumer_uuid = ? ORDER BY id').all(uuid) as AllocationRow[];
  }
  allocationsOnProvider(uuid: string): AllocationRow[] {
    return this.q('SELECT * FROM placement_allocation WHERE provider_uuid = ? ORDER BY id').all(uuid) as AllocationRow[];
  }
  deleteAllocationsOfConsumer(uuid: string): void {
    this.q('DELETE FROM placement_allocation WHERE consumer_uuid = ?').run(uuid);
  }
  insertAllocation(a: Omit<AllocationRow, 'id'>): void {
    this.q('INSERT INTO placement_allocation (provider_uuid, consumer_uuid, resource_class, used, created_at) VALUES (@provider_uuid, @consumer_uuid, @resource_class, @used, @created_at)').run(a);
  }
  /** Used amount per (provider, class). */
  usageMap(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.q('SELECT provider_uuid, resource_class, SUM(used) AS used FROM placement_allocation GROUP BY provider_uuid, resource_class').all() as { provider_uuid: string; resource_class: string; used: number }[])
      m.set(`${r.provider_uuid}/${r.resource_class}`, r.used);
    return m;
  }
  used(providerUuid: string, rc: string): number {
    return (this.q('SELECT COALESCE(SUM(used), 0) AS n FROM placement_allocation WHERE provider_uuid = ? AND resource_class = ?').get(providerUuid, rc) as { n: number }).n;
  }
  classesAllocatedOn(providerUuid: string): string[] {
    return (this.q('SELECT DISTINCT resource_class FROM placement_allocation WHERE provider_uuid = ?').all(providerUuid) as { resource_class: string }[]).map((r) => r.resource_class);
  }
  classInUseByAllocations(rc: string): boolean {
    return this.q('SELECT 1 FROM placement_allocation WHERE resource_class = ? LIMIT 1').get(rc) !== undefined;
  }
  /** Usages of a project (and user), with the consumer type of each allocation. */
  projectAllocations(projectId: string, userId?: string): (AllocationRow & { consumer_type: string | null })[] {
    const sql = `SELECT a.*, c.consumer_type FROM placement_allocation a JOIN placement_consumer c ON c.uuid = a.consumer_uuid WHERE c.project_id = ?${userId !== undefined ? ' AND c.user_id = ?' : ''} ORDER BY a.id`;
    const args = userId !== undefined ? [projectId, userId] : [projectId];
    return this.q(sql).all(...args) as (AllocationRow & { consumer_type: string | null })[];
  }
}
