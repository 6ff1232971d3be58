import type { Migration } from '../../core/db';

/** Glance's tables. Append new migrations; never edit one that has shipped. */
export const imageMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
CREATE TABLE glance_image (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL, visibility TEXT NOT NULL, status TEXT NOT NULL, name TEXT,
  body TEXT NOT NULL);
CREATE INDEX glance_image_owner ON glance_image (owner);
CREATE TABLE glance_image_member (
  image_id TEXT NOT NULL REFERENCES glance_image (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (image_id, member_id));
CREATE INDEX glance_image_member_member ON glance_image_member (member_id);
`,
  },
];
