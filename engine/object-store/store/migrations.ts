import type { Migration } from '../../core/db';

/** The object store's tables. Append new migrations; never edit one that has shipped. */
export const objectStoreMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
CREATE TABLE swift_account (
  account TEXT PRIMARY KEY, metadata TEXT NOT NULL, created_at TEXT NOT NULL, put_timestamp TEXT NOT NULL);
CREATE TABLE swift_container (
  account TEXT NOT NULL, name TEXT NOT NULL, metadata TEXT NOT NULL, read_acl TEXT, write_acl TEXT,
  created_at TEXT NOT NULL, put_timestamp TEXT NOT NULL,
  PRIMARY KEY (account, name));
CREATE TABLE swift_object (
  account TEXT NOT NULL, container TEXT NOT NULL, name TEXT NOT NULL, bytes INTEGER NOT NULL, etag TEXT NOT NULL,
  content_type TEXT NOT NULL, timestamp TEXT NOT NULL, metadata TEXT NOT NULL, file TEXT NOT NULL UNIQUE,
  PRIMARY KEY (account, container, name),
  FOREIGN KEY (account, container) REFERENCES swift_container (account, name));
`,
  },
];
