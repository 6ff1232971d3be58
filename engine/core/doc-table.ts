import type Database from 'better-sqlite3';

/**
 * The CREATE TABLE a DocTable reads: insertion order (`seq`), the id, the indexed `columns`
 * (", name TEXT NOT NULL UNIQUE, …", each as the caller declares it) and the JSON body.
 */
export function docTableSql(name: string, columns = ''): string {
  return `CREATE TABLE ${name} (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE${columns}, body TEXT NOT NULL);`;
}

/**
 * A table of JSON documents with a few indexed columns copied out of each document, for
 * services whose resources have many attributes (Neutron). The document is the entity in
 * wire names; `index` columns must exist in the table and are kept in step on every write.
 */
export class DocTable<T extends { id: string }> {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly name: string,
    /** Column name → how to read it from the document. */
    private readonly index: Record<string, (doc: T) => string | number | null>,
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private row(doc: T): Record<string, unknown> {
    const r: Record<string, unknown> = { id: doc.id, body: JSON.stringify(doc) };
    for (const [col, f] of Object.entries(this.index)) r[col] = f(doc);
    return r;
  }

  get(id: string): T | undefined {
    const r = this.stmt(`SELECT body FROM ${this.name} WHERE id = ?`).get(id) as { body: string } | undefined;
    return r ? (JSON.parse(r.body) as T) : undefined;
  }

  /** Documents whose indexed columns equal the given values (in insertion order). */
  where(filter: Record<string, string | number | null> = {}): T[] {
    const keys = Object.keys(filter);
    const sql = `SELECT body FROM ${this.name}${keys.length ? ' WHERE ' + keys.map((k) => (filter[k] === null ? `${k} IS NULL` : `${k} = @${k}`)).join(' AND ') : ''} ORDER BY seq`;
    const params: Record<string, unknown> = {};
    for (const k of keys) if (filter[k] !== null) params[k] = filter[k];
    return (this.stmt(sql).all(params) as { body: string }[]).map((r) => JSON.parse(r.body) as T);
  }

  all(): T[] {
    return this.where();
  }

  insert(doc: T): void {
    const r = this.row(doc);
    const cols = Object.keys(r);
    this.stmt(`INSERT INTO ${this.name} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(r);
  }

  put(doc: T): void {
    const r = this.row(doc);
    const cols = Object.keys(r).filter((c) => c !== 'id');
    this.stmt(`UPDATE ${this.name} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(r);
  }

  /** Reads a document, lets `change` edit it and writes it back; undefined (nothing written) when it is gone. */
  modify(id: string, change: (doc: T) => void): T | undefined {
    const doc = this.get(id);
    if (!doc) return undefined;
    change(doc);
    this.put(doc);
    return doc;
  }

  delete(id: string): boolean {
    return this.stmt(`DELETE FROM ${this.name} WHERE id = ?`).run(id).changes > 0;
  }

  count(filter: Record<string, string | number | null> = {}): number {
    const keys = Object.keys(filter);
    const sql = `SELECT COUNT(*) AS n FROM ${this.name}${keys.length ? ' WHERE ' + keys.map((k) => (filter[k] === null ? `${k} IS NULL` : `${k} = @${k}`)).join(' AND ') : ''}`;
    const params: Record<string, unknown> = {};
    for (const k of keys) if (filter[k] !== null) params[k] = filter[k];
    return (this.stmt(sql).get(params) as { n: number }).n;
  }
}
