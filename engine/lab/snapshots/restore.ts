/**
 * Putting a snapshot's state in place of the lab's, so that a crash (kill -9) at any moment leaves
 * either the previous lab or the restored one, never a mix:
 *
 * 1. stage: the snapshot's state is copied into DATA/.restore-staging (then flushed to disk);
 * 2. commit: that directory is renamed to DATA/.restore-ready — the one atomic step that decides;
 * 3. roll forward: each lab entry is moved aside (into .restore-ready/.old) and the staged one moved
 *    in, every step a rename that can be repeated; then the journal is dropped.
 *
 * A crash before 2 leaves a staging directory that the next open deletes (previous lab); a crash
 * after 2 is finished by the next open (restored lab). Everything that opens a lab calls
 * recoverRestore() first.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyTree, fsyncDir, fsyncTree, type CopyStats } from './files';
import { LAB_DB, LAB_ENTRIES, SQLITE_SIDE_FILES } from './layout';

const STAGING = '.restore-staging';
const READY = '.restore-ready';
const DONE = '.restore-done';
const OLD = '.old';
const MANIFEST = 'manifest.json';

interface RestoreManifest {
  snapshot: string;
  /** The entries the snapshot holds; lab entries not listed are removed from the lab. */
  entries: string[];
}

/** Copies a snapshot's state directory into the staging area and commits it (steps 1 and 2). */
export function stageRestore(dataDir: string, snapshotName: string, stateDir: string): CopyStats {
  const staging = join(dataDir, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const stats: CopyStats = { files: 0, bytes: 0, linked: 0 };
  const entries: string[] = [];
  for (const entry of LAB_ENTRIES) {
    const src = join(stateDir, entry);
    if (!existsSync(src)) continue;
    // the database is rewritten in place once the lab runs: never share its inode with the snapshot
    copyTree(src, join(staging, entry), entry === LAB_DB || entry === 'hostfs' ? 'clone' : 'link', stats);
    entries.push(entry);
  }
  const manifest: RestoreManifest = { snapshot: snapshotName, entries };
  writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest) + '\n');
  fsyncTree(staging);
  renameSync(staging, join(dataDir, READY));
  fsyncDir(dataDir);
  return stats;
}

/** Whether a committed restore waits to be rolled forward. */
export function restorePending(dataDir: string): boolean {
  return existsSync(join(dataDir, READY));
}

/**
 * Finishes (or discards) whatever a crash left: an uncommitted staging area is deleted, a committed
 * restore is rolled forward. Idempotent; call it before opening the lab. Returns the restored
 * snapshot's name when it finished one.
 */
export function recoverRestore(dataDir: string): string | undefined {
  rmSync(join(dataDir, STAGING), { recursive: true, force: true });
  rmSync(join(dataDir, DONE), { recursive: true, force: true });
  const ready = join(dataDir, READY);
  if (!existsSync(ready)) return undefined;
  const manifest = JSON.parse(readFileSync(join(ready, MANIFEST), 'utf8')) as RestoreManifest;
  const old = join(ready, OLD);
  mkdirSync(old, { recursive: true });
  const incoming = new Set(manifest.entries);
  // the database's WAL and shared-memory files belong to the old database: they go first
  for (const entry of [...SQLITE_SIDE_FILES, ...LAB_ENTRIES]) {
    const live = join(dataDir, entry);
    const staged = join(ready, entry);
    const aside = join(old, entry);
    const stagedThere = existsSync(staged);
    // already moved in on an earlier run (listed, no longer staged): leave it
    if (incoming.has(entry) && !stagedThere) continue;
    if (existsSync(live)) {
      if (existsSync(aside)) rmSync(live, { recursive: true, force: true });
      else renameSync(live, aside);
    }
    if (stagedThere) renameSync(staged, live);
  }
  fsyncDir(dataDir);
  // from here the lab is the restored one; dropping the journal may be interrupted harmlessly
  renameSync(ready, join(dataDir, DONE));
  rmSync(join(dataDir, DONE), { recursive: true, force: true });
  return manifest.snapshot;
}
