/**
 * The lab database: migrations applied once and recorded (also across reopen), a failed
 * migration or transaction leaves nothing behind, and the pragmas that make an acknowledged
 * write durable (WAL, synchronous=FULL, foreign keys).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LabDatabase, type Migration } from './db';

const root = mkdtempSync(join(tmpdir(), 'stacklab-db-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dbPath = () => join(root, `lab-${++n}.db`);

const m1: Migration = { id: '0001_notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)' };
const m2: Migration = { id: '0002_tags', up: (db) => db.exec("CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes(id), tag TEXT NOT NULL); INSERT INTO notes (body) VALUES ('seeded')") };
const m3: Migration = { id: '0003_idx', up: 'CREATE INDEX tags_tag ON tags (tag)' };

const tables = (db: LabDatabase) => (db.raw.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const recorded = (db: LabDatabase, service: string) =>
  (db.raw.prepare('SELECT id FROM schema_migrations WHERE service = ? ORDER BY id').all(service) as { id: string }[]).map((r) => r.id);

describe('LabDatabase migrations', () => {
  let db: LabDatabase;
  let path: string;
  beforeEach(() => {
    path = dbPath();
    db = new LabDatabase(path);
  });
  afterEach(() => db.close());

  it('applies each migration once, in order, and records it per service', () => {
    assert.equal(db.migrate('svc', [m1, m2]), 2);
    assert.deepEqual(recorded(db, 'svc'), ['0001_notes', '0002_tags']);
    assert.equal(db.migrate('svc', [m1, m2]), 0);
    assert.equal((db.raw.prepare('SELECT COUNT(*) AS c FROM notes').get() as { c: number }).c, 1, 'the data migration ran once');
    assert.equal(db.migrate('svc', [m1, m2, m3]), 1, 'only the new one');
    assert.ok(tables(db).includes('tags_tag'));
    const row = db.raw.prepare("SELECT applied_at FROM schema_migrations WHERE service = 'svc' AND id = '0001_notes'").get() as { applied_at: string };
    assert.ok(!Number.isNaN(Date.parse(row.applied_at)));
  });

  it('the same migration id in another service is a separate migration', () => {
    db.migrate('svc', [m1]);
    assert.equal(db.migrate('other', [{ id: '0001_notes', up: 'CREATE TABLE other_notes (id INTEGER)' }]), 1);
    assert.deepEqual(recorded(db, 'other'), ['0001_notes']);
    assert.ok(tables(db).includes('other_notes'));
  });

  it('survives reopening the file: nothing re-applied, data kept', () => {
    db.migrate('svc', [m1, m2]);
    db.raw.prepare("INSERT INTO notes (body) VALUES ('kept')").run();
    db.close();
    db = new LabDatabase(path);
    assert.equal(db.migrate('svc', [m1, m2]), 0);
    assert.deepEqual((db.raw.prepare('SELECT body FROM notes ORDER BY id').all() as { body: string }[]).map((r) => r.body), ['seeded', 'kept']);
    assert.deepEqual(recorded(db, 'svc'), ['0001_notes', '0002_tags']);
  });

  it('a failing migration is rolled back entirely and not recorded; earlier ones stay', () => {
    const bad: Migration = { id: '0002_bad', up: "CREATE TABLE half (x INTEGER); INSERT INTO notes (body) VALUES ('partial'); INSERT INTO nowhere VALUES (1)" };
    assert.throws(() => db.migrate('svc', [m1, bad, m3]));
    assert.deepEqual(recorded(db, 'svc'), ['0001_notes']);
    assert.ok(!tables(db).includes('half'), 'the failed migration left a table behind');
    assert.equal((db.raw.prepare('SELECT COUNT(*) AS c FROM notes').get() as { c: number }).c, 0);
    assert.ok(!tables(db).includes('tags_tag'), 'a migration after the failed one ran');
    // fixed, it applies
    assert.equal(db.migrate('svc', [m1, { id: '0002_bad', up: 'CREATE TABLE half (x INTEGER)' }]), 1);
  });
});

describe('LabDatabase.tx', () => {
  let db: LabDatabase;
  beforeEach(() => {
    db = new LabDatabase(dbPath());
    db.migrate('svc', [m1]);
  });
  afterEach(() => db.close());
  const count = () => (db.raw.prepare('SELECT COUNT(*) AS c FROM notes').get() as { c: number }).c;
  const insert = (body: string) => db.raw.prepare('INSERT INTO notes (body) VALUES (?)').run(body);

  it('commits and returns the value', () => {
    assert.equal(db.tx(() => (insert('a'), 42)), 42);
    assert.equal(count(), 1);
    assert.equal(db.raw.inTransaction, false);
  });

  it('rolls back every write when the function throws, and rethrows', () => {
    insert('before');
    assert.throws(() => db.tx(() => {
      insert('x');
      insert('y');
      throw new Error('boom');
    }), /boom/);
    assert.equal(count(), 1);
    assert.equal(db.raw.inTransaction, false);
  });

  it('nested calls join the outer transaction: an outer failure undoes the inner writes', () => {
    assert.throws(() => db.tx(() => {
      db.tx(() => insert('inner'));
      throw new Error('outer');
    }));
    assert.equal(count(), 0);
  });

  it('an inner failure caught inside the outer transaction does not abort it (nested calls join, no savepoint)', () => {
    db.tx(() => {
      insert('kept');
      try {
        db.tx(() => {
          throw new Error('inner');
        });
      } catch {
        // swallowed by the caller
      }
    });
    assert.equal(count(), 1);
  });

  it('a constraint violation rolls back the whole transaction', () => {
    db.migrate('svc', [{ id: '0002_fk', up: 'CREATE TABLE child (note_id INTEGER NOT NULL REFERENCES notes(id))' }]);
    assert.throws(() => db.tx(() => {
      insert('parent');
      db.raw.prepare('INSERT INTO child (note_id) VALUES (999)').run();
    }), /FOREIGN KEY/);
    assert.equal(count(), 0);
  });
});

describe('LabDatabase pragmas', () => {
  it('a file database runs in WAL mode with synchronous=FULL and foreign keys on', () => {
    const path = dbPath();
    const db = new LabDatabase(path);
    try {
      assert.equal(db.raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.raw.pragma('synchronous', { simple: true }), 2);
      assert.equal(db.raw.pragma('foreign_keys', { simple: true }), 1);
      assert.ok(Number(db.raw.pragma('busy_timeout', { simple: true })) >= 1000);
      db.migrate('svc', [m1]);
      db.raw.prepare("INSERT INTO notes (body) VALUES ('w')").run();
      assert.ok(existsSync(`${path}-wal`), 'no -wal file: not in WAL mode');
      // WAL is persistent: a plain connection sees it, and sees the committed row while we hold ours open
      const other = new Database(path, { readonly: true });
      try {
        assert.equal(other.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal((other.prepare('SELECT COUNT(*) AS c FROM notes').get() as { c: number }).c, 1);
      } finally {
        other.close();
      }
    } finally {
      db.close();
    }
  });

  it('close() is idempotent', () => {
    const db = new LabDatabase(dbPath());
    db.close();
    db.close();
    assert.equal(db.raw.open, false);
  });
});
