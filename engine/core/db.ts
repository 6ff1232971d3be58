import Database from 'better-sqlite3';

export interface Migration {
  /** Unique within its service, applied in array order, never edited once released. */
  id: string;
  up: string | ((db: Database.Database) => void);
}

/**
 * The lab's SQLite database (lab.db). WAL journal, synchronous=FULL so an acknowledged
 * write survives a crash, foreign keys on. Every service keeps its tables here and applies
 * its own migrations, recorded in `schema_migrations`.
 */
export class LabDatabase {
  readonly raw: Database.Database;

  constructor(path: string) {
    this.raw = new Database(path);
    this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('synchronous = FULL');
    this.raw.pragma('foreign_keys = ON');
    this.raw.pragma('busy_timeout = 5000');
    this.raw.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      service TEXT NOT NULL, id TEXT NOT NULL, applied_at TEXT NOT NULL,
      PRIMARY KEY (service, id))`);
  }

  /** Applies the migrations of `service` not applied yet, each in its own transaction. */
  migrate(service: string, migrations: Migration[]): number {
    const done = new Set(
      (this.raw.prepare('SELECT id FROM schema_migrations WHERE service = ?').all(service) as { id: string }[]).map((r) => r.id),
    );
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      this.tx(() => {
        if (typeof m.up === 'string') this.raw.exec(m.up);
        else m.up(this.raw);
        this.raw.prepare('INSERT INTO schema_migrations (service, id, applied_at) VALUES (?, ?, ?)').run(service, m.id, new Date().toISOString());
      });
      applied++;
    }
    return applied;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    if (this.raw.inTransaction) return fn();
    return this.raw.transaction(fn).immediate();
  }

  close(): void {
    if (this.raw.open) this.raw.close();
  }
}
