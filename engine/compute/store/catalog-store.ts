import type { LabDatabase, Migration } from '../../core/db';
import { DocTable, docTableSql } from '../../core/doc-table';
import type { FlavorRecord } from '../types';

/** A flavor as stored: the record plus the projects a private flavor is shared with. */
export interface FlavorRow extends FlavorRecord {
  /** Nova's internal flavor id (the `flavors.id` column; sort key "id"). */
  internal_id: number;
  access: string[];
}

export interface KeypairRow {
  /** `<user_id>/<name>`. */
  id: string;
  name: string;
  user_id: string;
  type: 'ssh' | 'x509';
  public_key: string;
  fingerprint: string;
  created_at: string;
  internal_id: number;
}

export interface ServerGroupRow {
  id: string;
  name: string;
  policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  rules: Record<string, number>;
  members: string[];
  project_id: string;
  user_id: string;
  created_at: string;
}

export interface AggregateRow {
  /** The aggregate's uuid. */
  id: string;
  internal_id: number;
  name: string;
  metadata: Record<string, string>;
  hosts: string[];
  created_at: string;
  updated_at: string | null;
}

export interface ServiceRow {
  /** uuid (2.53+). */
  id: string;
  internal_id: number;
  binary: 'nova-compute' | 'nova-scheduler' | 'nova-conductor';
  host: string;
  topic: string;
  disabled: boolean;
  disabled_reason: string | null;
  forced_down: boolean;
  /** Last report (heartbeat) time, ISO. */
  last_seen_up: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface ComputeNodeRow {
  /** uuid: the hypervisor id at 2.53+ and the Placement provider's uuid. */
  id: string;
  internal_id: number;
  hypervisor_hostname: string;
  host: string;
  service_id: string;
  created_at: string;
}

export interface QuotaRow {
  /** `<project_id>/<resource>` or `<project_id>/<user_id>/<resource>`. */
  id: string;
  project_id: string;
  user_id: string | null;
  resource: string;
  hard_limit: number;
}

const doc = (name: string, extra = ''): string => docTableSql(name, extra);

/** Nova's catalog tables (service 'compute-catalog'). Append new migrations; never edit a shipped one. */
export const catalogMigrations: Migration[] = [
  {
    id: '0001_catalog',
    up: `
${doc('nova_flavor', ', name TEXT NOT NULL UNIQUE, internal_id INTEGER NOT NULL')}
${doc('nova_keypair', ', user_id TEXT NOT NULL, internal_id INTEGER NOT NULL')}
CREATE INDEX nova_keypair_user ON nova_keypair (user_id);
${doc('nova_server_group', ', project_id TEXT NOT NULL')}
${doc('nova_aggregate', ', name TEXT NOT NULL UNIQUE, internal_id INTEGER NOT NULL')}
${doc('nova_service', ', binary TEXT NOT NULL, host TEXT NOT NULL, internal_id INTEGER NOT NULL')}
CREATE UNIQUE INDEX nova_service_binary_host ON nova_service (binary, host);
${doc('nova_compute_node', ', host TEXT NOT NULL, internal_id INTEGER NOT NULL')}
${doc('nova_quota', ', project_id TEXT NOT NULL, user_id TEXT')}
${doc('nova_quota_class', '')}
CREATE TABLE nova_catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
];

export interface QuotaClassRow {
  /** `<class>/<resource>`. */
  id: string;
  class_name: string;
  resource: string;
  hard_limit: number;
}

/** Flavors, key pairs, server groups, aggregates, services, compute nodes and quotas. */
export class CatalogStore {
  readonly flavors: DocTable<FlavorRow>;
  readonly keypairs: DocTable<KeypairRow>;
  readonly groups: DocTable<ServerGroupRow>;
  readonly aggregates: DocTable<AggregateRow>;
  readonly services: DocTable<ServiceRow>;
  readonly nodes: DocTable<ComputeNodeRow>;
  readonly quotas: DocTable<QuotaRow>;
  readonly quotaClasses: DocTable<QuotaClassRow>;

  constructor(readonly db: LabDatabase) {
    db.migrate('compute-catalog', catalogMigrations);
    this.flavors = new DocTable<FlavorRow>(db.raw, 'nova_flavor', { name: (f) => f.name, internal_id: (f) => f.internal_id });
    this.keypairs = new DocTable<KeypairRow>(db.raw, 'nova_keypair', { user_id: (k) => k.user_id, internal_id: (k) => k.internal_id });
    this.groups = new DocTable<ServerGroupRow>(db.raw, 'nova_server_group', { project_id: (g) => g.project_id });
    this.aggregates = new DocTable<AggregateRow>(db.raw, 'nova_aggregate', { name: (a) => a.name, internal_id: (a) => a.internal_id });
    this.services = new DocTable<ServiceRow>(db.raw, 'nova_service', { binary: (s) => s.binary, host: (s) => s.host, internal_id: (s) => s.internal_id });
    this.nodes = new DocTable<ComputeNodeRow>(db.raw, 'nova_compute_node', { host: (n) => n.host, internal_id: (n) => n.internal_id });
    this.quotas = new DocTable<QuotaRow>(db.raw, 'nova_quota', { project_id: (q) => q.project_id, user_id: (q) => q.user_id });
    this.quotaClasses = new DocTable<QuotaClassRow>(db.raw, 'nova_quota_class', {});
  }

  /** The next internal id of a table (never reused). */
  nextId(table: 'flavor' | 'keypair' | 'aggregate' | 'service' | 'compute_node'): number {
    const key = `seq:${table}`;
    const r = this.db.raw.prepare('SELECT value FROM nova_catalog_meta WHERE key = ?').get(key) as { value: string } | undefined;
    const next = (r ? Number(r.value) : 0) + 1;
    this.db.raw.prepare('INSERT INTO nova_catalog_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, String(next));
    return next;
  }

  meta(key: string): string | undefined {
    return (this.db.raw.prepare('SELECT value FROM nova_catalog_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.raw.prepare('INSERT INTO nova_catalog_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

const stores = new WeakMap<LabDatabase, CatalogStore>();

/** The one catalog store of a lab database (the catalog managers share it). */
export function catalogStore(db: LabDatabase): CatalogStore {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = new CatalogStore(db)));
  return s;
}
