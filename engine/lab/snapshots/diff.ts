/**
 * What changed between two snapshots: resources added, removed and changed, table by table, read
 * from their databases (read-only). A row is a resource; its key is its `id` column, or its
 * primary key's columns otherwise; a change lists the fields (columns, or keys of a JSON `body`)
 * that differ.
 */
import Database from 'better-sqlite3';

export interface DiffEntry {
  /** `<service> <resource>` as the table names them: `neutron network`, `nova instance`. */
  type: string;
  id: string;
  name?: string;
}

export interface DiffChange extends DiffEntry {
  fields: string[];
}

export interface SnapshotDiff {
  from: string;
  to: string;
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffChange[];
}

/** Tables that are bookkeeping, not resources a student made. */
const SKIPPED = new Set(['schema_migrations', 'sqlite_sequence', 'identity_token']);
/** Columns that are storage details, not a resource's fields. */
const HIDDEN_COLUMNS = new Set(['seq', 'internal_id']);

type Row = Record<string, unknown>;

interface TableRows {
  key: (row: Row) => string;
  rows: Map<string, Row>;
}

function typeOf(table: string): string {
  const i = table.indexOf('_');
  return i < 0 ? table : `${table.slice(0, i)} ${table.slice(i + 1).replace(/_/g, ' ')}`;
}

function readTables(path: string): Map<string, TableRows> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const out = new Map<string, TableRows>();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      if (SKIPPED.has(name) || name.startsWith('sqlite_')) continue;
      const q = `"${name.replace(/"/g, '""')}"`;
      const cols = db.prepare(`PRAGMA table_info(${q})`).all() as { name: string; pk: number }[];
      const pk = cols.filter((c) => c.pk > 0 && !HIDDEN_COLUMNS.has(c.name)).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const keyCols = cols.some((c) => c.name === 'id') ? ['id'] : pk.length ? pk : cols.map((c) => c.name);
      const key = (row: Row) => keyCols.map((c) => String(row[c])).join('/');
      const rows = new Map<string, Row>();
      for (const row of db.prepare(`SELECT * FROM ${q}`).all() as Row[]) rows.set(key(row), row);
      out.set(name, { key, rows });
    }
    return out;
  } finally {
    db.close();
  }
}

function parsedBody(row: Row): Row | undefined {
  for (const col of ['body', 'data']) {
    const v = row[col];
    if (typeof v === 'string' && v.startsWith('{')) {
      try {
        return JSON.parse(v) as Row;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function nameOf(row: Row): string | undefined {
  if (typeof row.name === 'string' && row.name) return row.name;
  const body = parsedBody(row);
  return typeof body?.name === 'string' && body.name ? body.name : undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedFields(a: Row, b: Row): string[] {
  const fields: string[] = [];
  for (const col of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (HIDDEN_COLUMNS.has(col) || same(a[col], b[col])) continue;
    const ba = (col === 'body' || col === 'data') && parsedBody(a);
    const bb = (col === 'body' || col === 'data') && parsedBody(b);
    if (ba && bb) {
      for (const k of new Set([...Object.keys(ba), ...Object.keys(bb)])) if (!same(ba[k], bb[k])) fields.push(k);
    } else fields.push(col);
  }
  return fields;
}

/** Compares two lab databases (a snapshot's state/lab.db, or a lab's). */
export function diffDatabases(fromPath: string, toPath: string, labels: { from: string; to: string }): SnapshotDiff {
  const a = readTables(fromPath);
  const b = readTables(toPath);
  const diff: SnapshotDiff = { from: labels.from, to: labels.to, added: [], removed: [], changed: [] };
  for (const table of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const type = typeOf(table);
    const ra = a.get(table)?.rows ?? new Map<string, Row>();
    const rb = b.get(table)?.rows ?? new Map<string, Row>();
    for (const [id, row] of rb) {
      const before = ra.get(id);
      if (!before) diff.added.push({ type, id, name: nameOf(row) });
      else {
        const fields = changedFields(before, row);
        if (fields.length) diff.changed.push({ type, id, name: nameOf(row) ?? nameOf(before), fields });
      }
    }
    for (const [id, row] of ra) if (!rb.has(id)) diff.removed.push({ type, id, name: nameOf(row) });
  }
  return diff;
}
