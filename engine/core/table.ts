import type Database from 'better-sqlite3';

export interface TableSpec {
  /** SQLite table name. */
  name: string;
  /** Columns stored as 0/1 and returned as booleans. */
  bools?: string[];
  /** Columns stored as JSON text. */
  json?: string[];
  /** Columns that exist in the table; any other attribute goes into the `extra` JSON column when `extra` is set. */
  columns: string[];
  /** Keep unknown attributes in an `extra` JSON column and merge them back on read (Keystone's behaviour). */
  extra?: boolean;
  /** Columns never returned to callers (e.g. password hashes). */
  hidden?: string[];
  primaryKey?: string;
}

export type Row = Record<string, unknown>;

/**
 * A small typed gateway over one SQLite table: converts booleans and JSON columns, keeps
 * unknown attributes in `extra`, and caches prepared statements. Services own their
 * queries; this only removes the row-mapping boilerplate.
 */
export class Table<T extends Row = Row> {
  private readonly stmts = new Map<string, Database.Statement>();
  private readonly pk: string;
  private readonly columnSet: Set<string>;

  constructor(
    private readonly db: Database.Database,
    readonly spec: TableSpec,
  ) {
    this.pk = spec.primaryKey ?? 'id';
    this.columnSet = new Set(spec.columns);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Converts a stored row to the entity callers see. */
  decode(r: Row | undefined, opts: { withHidden?: boolean } = {}): T | undefined {
    if (!r) return undefined;
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'extra') continue;
      if (!opts.withHidden && this.spec.hidden?.includes(k)) continue;
      if (this.spec.bools?.includes(k)) out[k] = v === null ? null : Boolean(v);
      else if (this.spec.json?.includes(k)) out[k] = v === null ? null : JSON.parse(String(v));
      else out[k] = v;
    }
    if (this.spec.extra && typeof r.extra === 'string') {
      const extra = JSON.parse(r.extra) as Row;
      for (const [k, v] of Object.entries(extra)) if (!(k in out)) out[k] = v;
    }
    return out as T;
  }

  private encode(entity: Row): Row {
    const row: Row = {};
    const extra: Row = {};
    for (const [k, v] of Object.entries(entity)) {
      if (v === undefined) continue;
      if (!this.columnSet.has(k)) {
        if (this.spec.extra) extra[k] = v;
        continue;
      }
      if (this.spec.bools?.includes(k)) row[k] = v === null ? null : v ? 1 : 0;
      else if (this.spec.json?.includes(k)) row[k] = v === null ? null : JSON.stringify(v);
      else row[k] = v;
    }
    if (this.spec.extra) row.extra = JSON.stringify(extra);
    return row;
  }

  get(id: string, opts: { withHidden?: boolean } = {}): T | undefined {
    return this.decode(this.stmt(`SELECT * FROM ${this.spec.name} WHERE ${this.pk} = ?`).get(id) as Row | undefined, opts);
  }

  /** Rows matching every `where` column exactly (null matches IS NULL), ordered by primary key. */
  find(where: Row = {}, opts: { withHidden?: boolean } = {}): T[] {
    const keys = Object.keys(where).filter((k) => where[k] !== undefined);
    const clauses = keys.map((k) => (where[k] === null ? `${k} IS NULL` : `${k} = @${k}`));
    const sql = `SELECT * FROM ${this.spec.name}${clauses.length ? ' WHERE ' + clauses.join(' AND ') : ''} ORDER BY ${this.pk}`;
    const params: Row = {};
    for (const k of keys) if (where[k] !== null) params[k] = this.encodeValue(k, where[k]);
    return (this.stmt(sql).all(params) as Row[]).map((r) => this.decode(r, opts) as T);
  }

  private encodeValue(k: string, v: unknown): unknown {
    if (this.spec.bools?.includes(k)) return v ? 1 : 0;
    return v;
  }

  insert(entity: Row): void {
    const row = this.encode(entity);
    const keys = Object.keys(row);
    this.stmt(`INSERT INTO ${this.spec.name} (${keys.join(', ')}) VALUES (${keys.map((k) => '@' + k).join(', ')})`).run(row);
  }

  /** Replaces the stored entity with `entity` (same primary key). */
  replace(entity: Row): void {
    const row = this.encode(entity);
    const keys = Object.keys(row).filter((k) => k !== this.pk);
    this.stmt(`UPDATE ${this.spec.name} SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE ${this.pk} = @${this.pk}`).run(row);
  }

  delete(id: string): boolean {
    return this.stmt(`DELETE FROM ${this.spec.name} WHERE ${this.pk} = ?`).run(id).changes > 0;
  }

  count(where: Row = {}): number {
    return this.find(where).length;
  }
}
