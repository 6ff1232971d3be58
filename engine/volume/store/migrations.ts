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
];
