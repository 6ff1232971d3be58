import type Database from 'better-sqlite3';
import type { LabDatabase } from '../../core/db';
import type { AccountRecord, ContainerRecord, ContainerUsage, ObjectRecord } from '../types';
import { objectStoreMigrations } from './migrations';

/** Where a listing starts and stops: names after `marker`, before `endMarker`, starting with `prefix`. */
export interface NameRange {
  prefix: string;
  marker: string;
  /** Inclusive lower bound (forward listings skipping past a subdir). */
  start?: string;
  endMarker: string;
  reverse: boolean;
  limit: number;
}

type Raw = Record<string, unknown>;

const decodeAccount = (r: Raw | undefined): AccountRecord | undefined =>
  r && { account: String(r.account), metadata: JSON.parse(String(r.metadata)) as AccountRecord['metadata'], created_at: String(r.created_at), put_timestamp: String(r.put_timestamp) };

const decodeContainer = (r: Raw | undefined): ContainerRecord | undefined =>
  r && {
    account: String(r.account),
    name: String(r.name),
    metadata: JSON.parse(String(r.metadata)) as ContainerRecord['metadata'],
    read_acl: (r.read_acl as string | null) ?? null,
    write_acl: (r.write_acl as string | null) ?? null,
    created_at: String(r.created_at),
    put_timestamp: String(r.put_timestamp),
  };

const decodeObject = (r: Raw | undefined): ObjectRecord | undefined =>
  r && {
    account: String(r.account),
    container: String(r.container),
    name: String(r.name),
    bytes: Number(r.bytes),
    etag: String(r.etag),
    content_type: String(r.content_type),
    timestamp: String(r.timestamp),
    metadata: JSON.parse(String(r.metadata)) as ObjectRecord['metadata'],
    file: String(r.file),
  };

/**
 * The object store's rows: accounts, containers (with their ACLs) and objects (one row per object,
 * naming its data file). Usage (counts and bytes) is summed from the object rows, so it can never
 * drift from them. Names compare as SQLite's BINARY collation does, byte by byte in UTF-8, as Swift's.
 */
export class ObjectStoreStore {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(readonly db: LabDatabase) {
    db.migrate('object-store', objectStoreMigrations);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.raw.prepare(sql)));
    return s;
  }

  // --- accounts ------------------------------------------------------------------------------------
  account(account: string): AccountRecord | undefined {
    return decodeAccount(this.stmt('SELECT * FROM swift_account WHERE account = ?').get(account) as Raw | undefined);
  }

  putAccount(a: AccountRecord): void {
    this.stmt('INSERT OR REPLACE INTO swift_account (account, metadata, created_at, put_timestamp) VALUES (?, ?, ?, ?)').run(a.account, JSON.stringify(a.metadata), a.created_at, a.put_timestamp);
  }

  accountUsage(account: string): { containers: number; objects: number; bytes: number } {
    const c = this.stmt('SELECT COUNT(*) AS n FROM swift_container WHERE account = ?').get(account) as { n: number };
    const o = this.stmt('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM swift_object WHERE account = ?').get(account) as { n: number; b: number };
    return { containers: c.n, objects: o.n, bytes: o.b };
  }

  // --- containers ----------------------------------------------------------------------------------
  container(account: string, name: string): ContainerRecord | undefined {
    return decodeContainer(this.stmt('SELECT * FROM swift_container WHERE account = ? AND name = ?').get(account, name) as Raw | undefined);
  }

  putContainer(c: ContainerRecord): void {
    this.stmt('INSERT OR REPLACE INTO swift_container (account, name, metadata, read_acl, write_acl, created_at, put_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      c.account,
      c.name,
      JSON.stringify(c.metadata),
      c.read_acl,
      c.write_acl,
      c.created_at,
      c.put_timestamp,
    );
  }

  deleteContainer(account: string, name: string): void {
    this.stmt('DELETE FROM swift_container WHERE account = ? AND name = ?').run(account, name);
  }

  containerUsage(account: string, name: string): { objects: number; bytes: number; last: string | null } {
    const o = this.stmt('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b, MAX(timestamp) AS t FROM swift_object WHERE account = ? AND container = ?').get(account, name) as {
      n: number;
      b: number;
      t: string | null;
    };
    return { objects: o.n, bytes: o.b, last: o.t };
  }

  /** Containers of an account in `range`, each with its usage. */
  containers(account: string, range: NameRange): ContainerUsage[] {
    const { sql, args } = rangeSql('c.name', range);
    const rows = this.db.raw
      .prepare(
        `SELECT c.*, COUNT(o.name) AS object_count, COALESCE(SUM(o.bytes), 0) AS bytes_used FROM swift_container c
         LEFT JOIN swift_object o ON o.account = c.account AND o.container = c.name
         WHERE c.account = ?${sql} GROUP BY c.account, c.name ORDER BY c.name ${range.reverse ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(account, ...args, range.limit) as Raw[];
    return rows.map((r) => ({ ...decodeContainer(r)!, object_count: Number(r.object_count), bytes_used: Number(r.bytes_used) }));
  }

  // --- objects -------------------------------------------------------------------------------------
  object(account: string, container: string, name: string): ObjectRecord | undefined {
    return decodeObject(this.stmt('SELECT * FROM swift_object WHERE account = ? AND container = ? AND name = ?').get(account, container, name) as Raw | undefined);
  }

  putObject(o: ObjectRecord): void {
    this.stmt(
      'INSERT OR REPLACE INTO swift_object (account, container, name, bytes, etag, content_type, timestamp, metadata, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(o.account, o.container, o.name, o.bytes, o.etag, o.content_type, o.timestamp, JSON.stringify(o.metadata), o.file);
  }

  deleteObject(account: string, container: string, name: string): void {
    this.stmt('DELETE FROM swift_object WHERE account = ? AND container = ? AND name = ?').run(account, container, name);
  }

  objects(account: string, container: string, range: NameRange): ObjectRecord[] {
    const { sql, args } = rangeSql('name', range);
    const rows = this.stmt(`SELECT * FROM swift_object WHERE account = ? AND container = ?${sql} ORDER BY name ${range.reverse ? 'DESC' : 'ASC'} LIMIT ?`).all(
      account,
      container,
      ...args,
      range.limit,
    ) as Raw[];
    return rows.map((r) => decodeObject(r)!);
  }

  /** Removes the objects of an account (or one container) whose X-Delete-At is at or before `now`; returns them. */
  deleteExpired(account: string, container: string | undefined, now: number): ObjectRecord[] {
    const { where, args } = expiredWhere(account, container, now);
    const rows = (this.stmt(`SELECT * FROM swift_object WHERE ${where}`).all(...args) as Raw[]).map((r) => decodeObject(r)!);
    if (rows.length) this.stmt(`DELETE FROM swift_object WHERE ${where}`).run(...args);
    return rows;
  }

  /** Whether any object of an account (or one container) has expired (a read, no lock taken). */
  hasExpired(account: string, container: string | undefined, now: number): boolean {
    const { where, args } = expiredWhere(account, container, now);
    return this.stmt(`SELECT 1 FROM swift_object WHERE ${where} LIMIT 1`).get(...args) !== undefined;
  }

  /** Every data file a row names (crash recovery sweeps the others). */
  allFiles(): Set<string> {
    return new Set((this.stmt('SELECT file FROM swift_object').all() as { file: string }[]).map((r) => r.file));
  }
}

function expiredWhere(account: string, container: string | undefined, now: number): { where: string; args: (string | number)[] } {
  const where = `account = ?${container === undefined ? '' : ' AND container = ?'} AND json_extract(metadata, '$."x-delete-at"') IS NOT NULL AND CAST(json_extract(metadata, '$."x-delete-at"') AS INTEGER) <= ?`;
  return { where, args: container === undefined ? [account, now] : [account, container, now] };
}

/** The WHERE clauses of a name range (marker/end_marker swap sides when the listing is reversed). */
function rangeSql(col: string, r: NameRange): { sql: string; args: string[] } {
  let sql = '';
  const args: string[] = [];
  if (r.prefix) {
    sql += ` AND ${col} >= ? AND substr(${col}, 1, length(?)) = ?`;
    args.push(r.prefix, r.prefix, r.prefix);
  }
  if (r.start) {
    sql += ` AND ${col} >= ?`;
    args.push(r.start);
  }
  if (r.marker) {
    sql += ` AND ${col} ${r.reverse ? '<' : '>'} ?`;
    args.push(r.marker);
  }
  if (r.endMarker) {
    sql += ` AND ${col} ${r.reverse ? '>' : '<'} ?`;
    args.push(r.endMarker);
  }
  return { sql, args };
}
