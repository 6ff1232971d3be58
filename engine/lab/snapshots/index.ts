/**
 * Lab snapshots (`stacklab snapshot …`): save, list, restore, delete, diff, export, import. The store
 * (store.ts) keeps them under DATA/snapshots; restore.ts swaps a snapshot in crash-safely;
 * diff.ts compares two; archive.ts moves one between machines.
 */
import { join } from 'node:path';
import { diffDatabases, type SnapshotDiff } from './diff';
import { LAB_DB } from './layout';
import { SnapshotStore } from './store';

export { exportSnapshot, importSnapshot } from './archive';
export { diffDatabases, type SnapshotDiff } from './diff';
export { recoverRestore, restorePending, stageRestore } from './restore';
export { checkSnapshotName, SnapshotError, SnapshotStore, type SnapshotMeta } from './store';

/** Compares two snapshots of a lab by name. */
export function diffSnapshots(store: SnapshotStore, from: string, to: string): SnapshotDiff {
  store.get(from);
  store.get(to);
  return diffDatabases(join(store.stateDir(from), LAB_DB), join(store.stateDir(to), LAB_DB), { from, to });
}
