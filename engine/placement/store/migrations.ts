import type { Migration } from '../../core/db';

/** Placement's tables. Append new migrations; never edit one that has shipped. */
export const placementMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
CREATE TABLE placement_provider (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  generation INTEGER NOT NULL DEFAULT 0,
  parent_uuid TEXT REFERENCES placement_provider (uuid),
  root_uuid TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE INDEX placement_provider_root ON placement_provider (root_uuid);
CREATE INDEX placement_provider_parent ON placement_provider (parent_uuid);
CREATE TABLE placement_inventory (
  provider_uuid TEXT NOT NULL REFERENCES placement_provider (uuid) ON DELETE CASCADE,
  resource_class TEXT NOT NULL,
  total INTEGER NOT NULL, reserved INTEGER NOT NULL, min_unit INTEGER NOT NULL, max_unit INTEGER NOT NULL,
  step_size INTEGER NOT NULL, allocation_ratio REAL NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (provider_uuid, resource_class));
-- custom resource classes only; the standard ones are Placement's fixed vocabulary
CREATE TABLE placement_resource_class (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
-- custom traits only, likewise
CREATE TABLE placement_trait (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE placement_provider_trait (
  provider_uuid TEXT NOT NULL REFERENCES placement_provider (uuid) ON DELETE CASCADE,
  trait TEXT NOT NULL,
  PRIMARY KEY (provider_uuid, trait));
CREATE INDEX placement_provider_trait_name ON placement_provider_trait (trait);
CREATE TABLE placement_provider_aggregate (
  provider_uuid TEXT NOT NULL REFERENCES placement_provider (uuid) ON DELETE CASCADE,
  aggregate_uuid TEXT NOT NULL,
  PRIMARY KEY (provider_uuid, aggregate_uuid));
CREATE INDEX placement_provider_aggregate_agg ON placement_provider_aggregate (aggregate_uuid);
CREATE TABLE placement_consumer (
  uuid TEXT PRIMARY KEY, project_id TEXT NOT NULL, user_id TEXT NOT NULL, generation INTEGER NOT NULL DEFAULT 0,
  consumer_type TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX placement_consumer_project ON placement_consumer (project_id, user_id);
CREATE TABLE placement_allocation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  provider_uuid TEXT NOT NULL REFERENCES placement_provider (uuid),
  consumer_uuid TEXT NOT NULL REFERENCES placement_consumer (uuid),
  resource_class TEXT NOT NULL, used INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX placement_allocation_provider ON placement_allocation (provider_uuid, resource_class);
CREATE INDEX placement_allocation_consumer ON placement_allocation (consumer_uuid);
`,
  },
];
