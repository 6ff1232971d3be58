/**
 * Lab snapshots: DATA/snapshots/<name>/ holds meta.json and state/ (a consistent copy of the lab
 * database, made with SQLite's VACUUM INTO on the engine's own connection, plus the lab's files:
 * image data hard-linked, the host's files cloned). A save is built in a temporary directory and
 * renamed into place, so a snapshot either exists whole or not at all.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { copyTree, fsyncDir, fsyncTree, type CopyStats } from './files';
import { LAB_DB, LAB_ENTRIES, SNAPSHOT_FORMAT, SNAPSHOT_NAME, SNAPSHOTS_DIR } from './layout';

export interface SnapshotMeta {
  format: typeof SNAPSHOT_FORMAT;
  name: string;
  createdAt: string;
  /** Rows in the lab's tables when it was taken (every resource of every service). */
  resources: number;
  files: number;
  bytes: number;
}

export type SnapshotErrorKind = 'BadRequest' | 'NotFound' | 'Conflict' | 'Corrupt';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
  constructor(
    readonly kind: SnapshotErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function checkSnapshotName(name: string): string {
  if (typeof name !== 'string' || !SNAPSHOT_NAME.test(name)) {
    throw new SnapshotError('BadRequest', `invalid snapshot name ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)`);
  }
  return name;
}

/** Rows in every table of a database but the migrations log: how many resources it holds. */
export function countRows(db: Database.Database): number {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as { name: string }[];
  let n = 0;
  for (const t of tables) n += (db.prepare(`SELECT count(*) AS n FROM "${t.name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  return n;
}

export class SnapshotStore {
  readonly root: string;

  constructor(readonly dataDir: string) {
    this.root = join(dataDir, SNAPSHOTS_DIR);
  }

  dir(name: string): string {
    return join(this.root, checkSnapshotName(name));
  }

  stateDir(name: string): string {
    return join(this.dir(name), 'state');
  }

  exists(name: string): boolean {
    return existsSync(join(this.dir(name), 'meta.json'));
  }

  get(name: string): SnapshotMeta {
    const file = join(this.dir(name), 'meta.json');
    if (!existsSync(file)) throw new SnapshotError('NotFound', `No snapshot named ${name} in ${this.dataDir}.`);
    return JSON.parse(readFileSync(file, 'utf8')) as SnapshotMeta;
  }

  /** Every snapshot, oldest first. */
  list(): SnapshotMeta[] {
    if (!existsSync(this.root)) return [];
    const out: SnapshotMeta[] = [];
    for (const name of readdirSync(this.root)) {
      if (SNAPSHOT_NAME.test(name) && existsSync(join(this.root, name, 'meta.json'))) out.push(this.get(name));
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  /**
   * Takes a snapshot of the lab whose database connection is `db` (the running engine's, so the copy
   * is consistent with every acknowledged write). Files are copied after the database: a file the
   * database does not know yet is harmless, the reverse would not be.
   */
  save(name: string, db: Database.Database, now: Date = new Date()): SnapshotMeta {
    checkSnapshotName(name);
    if (this.exists(name)) throw new SnapshotError('Conflict', `A snapshot named ${name} already exists; delete it first or pick another name.`);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const tmp = join(this.root, `.tmp-${randomBytes(6).toString('hex')}`);
    const state = join(tmp, 'state');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    try {
      const dbFile = join(state, LAB_DB);
      db.prepare('VACUUM INTO ?').run(dbFile);
      const resources = countRows(db);
      const stats: CopyStats = { files: 1, bytes: statSync(dbFile).size, linked: 0 };
      for (const entry of LAB_ENTRIES) {
        if (entry === LAB_DB) continue;
        // image and object data files are never rewritten in place: a hard link is a copy
        copyTree(join(this.dataDir, entry), join(state, entry), entry === 'images' || entry === 'objects' ? 'link' : 'clone', stats);
      }
      const meta: SnapshotMeta = { format: SNAPSHOT_FORMAT, name, createdAt: now.toISOString(), resources, files: stats.files, bytes: stats.bytes };
      writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2) + '\n', { mode: 0o600 });
      fsyncTree(tmp);
      renameSync(tmp, join(this.root, name));
      fsyncDir(this.root);
      return meta;
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
  }

  /** Clears what a crash left half-written (saves, imports, deletes). Only with the lab's lock held. */
  sweep(): void {
    if (!existsSync(this.root)) return;
    for (const name of readdirSync(this.root)) if (name.startsWith('.')) rmSync(join(this.root, name), { recursive: true, force: true });
  }

  delete(name: string): void {
    const dir = this.dir(name);
    if (!existsSync(join(dir, 'meta.json'))) throw new SnapshotError('NotFound', `No snapshot named ${name} in ${this.dataDir}.`);
    const trash = join(this.root, `.del-${randomBytes(6).toString('hex')}`);
    renameSync(dir, trash);
    rmSync(trash, { recursive: true, force: true });
  }

  /** Moves a complete, verified snapshot directory (an import) into place under `name`. */
  adopt(name: string, dir: string): SnapshotMeta {
    checkSnapshotName(name);
    if (this.exists(name)) throw new SnapshotError('Conflict', `A snapshot named ${name} already exists; delete it first or pick another name.`);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SnapshotMeta;
    meta.name = name;
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n', { mode: 0o600 });
    fsyncTree(dir);
    renameSync(dir, join(this.root, name));
    fsyncDir(this.root);
    return meta;
  }
}
