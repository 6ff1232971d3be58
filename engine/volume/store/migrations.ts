import type { Migration } from '../../core/db';

/** Cinder's tables. Append new migrations; never edit one that has shipped. */
export const volumeMigrations: Migration[] = [
  {
    id: '0001_volume_types',
    up: `
CREATE TABLE cinder_volume_type (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
`,
  },
  {
    id: '0002_volumes_snapshots_attachments_quotas',
    up: `
CREATE TABLE cinder_volume (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL, group_id TEXT, body TEXT NOT NULL);
CREATE INDEX cinder_volume_project ON cinder_volume (project_id);
CREATE TABLE cinder_snapshot (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, volume_id TEXT NOT NULL, name TEXT, group_snapshot_id TEXT, body TEXT NOT NULL);
CREATE INDEX cinder_snapshot_volume ON cinder_snapshot (volume_id);
CREATE TABLE cinder_attachment (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, volume_id TEXT NOT NULL, instance TEXT, status TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX cinder_attachment_volume ON cinder_attachment (volume_id);
CREATE TABLE cinder_quota (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL, owner TEXT NOT NULL, resource TEXT NOT NULL, body TEXT NOT NULL);
`,
  },
  {
    id: '0003_groups_qos_backups',
    up: `
CREATE TABLE cinder_group_type (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
CREATE TABLE cinder_group (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL, group_type_id TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX cinder_group_project ON cinder_group (project_id);
CREATE TABLE cinder_group_snapshot (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, group_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX cinder_group_snapshot_group ON cinder_group_snapshot (group_id);
CREATE TABLE cinder_qos_specs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
CREATE TABLE cinder_backup (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL, volume_id TEXT NOT NULL, name TEXT, status TEXT NOT NULL, parent_id TEXT, body TEXT NOT NULL);
CREATE INDEX cinder_backup_project ON cinder_backup (project_id);
CREATE INDEX cinder_backup_volume ON cinder_backup (volume_id);
`,
  },
];
