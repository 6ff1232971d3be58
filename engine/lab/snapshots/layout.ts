/**
 * What a lab is on disk, as far as snapshots are concerned: every entry of the data directory that
 * holds the lab's state. Run-time files (engine.lock, engine.sock, engine.json) and the snapshots
 * themselves are not part of it.
 */

/** The lab database (every service's tables, the host's saved state). */
export const LAB_DB = 'lab.db';

/** SQLite's files beside an open database: they belong to the database they were made with. */
export const SQLITE_SIDE_FILES = ['lab.db-wal', 'lab.db-shm'] as const;

/** The lab's state, in the order a restore moves it. */
export const LAB_ENTRIES = [LAB_DB, 'images', 'disks', 'objects', 'hostfs', 'policy', 'guided', 'keystonerc_admin', 'keystonerc_demo', 'clouds.yaml'] as const;

/** Where a lab keeps its snapshots. */
export const SNAPSHOTS_DIR = 'snapshots';

/** A snapshot's name: what a student types, safe as a file name. */
export const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SNAPSHOT_FORMAT = 'stacklab-snapshot/1';
