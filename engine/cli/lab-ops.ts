/**
 * Lab-wide operations shared by several verbs (snapshot, lab): each goes through the running
 * engine's control socket when one serves the lab, and works on the files under the lab's lock
 * otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabDatabase } from '../core/db';
import { LabLock } from '../lab/lock';
import { recoverRestore, stageRestore } from '../lab/snapshots/restore';
import { SnapshotStore, type SnapshotMeta } from '../lab/snapshots/store';
import { LabClient } from './lab-client';

/** Whether an engine serves the lab now. */
export const labRunning = (dataDir: string): boolean => existsSync(join(dataDir, 'engine.sock')) && existsSync(join(dataDir, 'engine.json'));

export function requireLab(dataDir: string): void {
  if (!existsSync(join(dataDir, 'lab.db'))) throw new Error(`no lab in ${dataDir}; create it with: npx stacklab serve --data-dir ${dataDir}`);
}

/** With the engine stopped: the lab's lock, a finished restore, then `fn`. */
export function offline<T>(dataDir: string, fn: () => T): T {
  requireLab(dataDir);
  const lock = new LabLock(dataDir);
  lock.acquire();
  try {
    recoverRestore(dataDir);
    return fn();
  } finally {
    lock.release();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After a restore request: waits until the engine serves again under a new generation. */
async function waitForRestart(client: LabClient, before: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const s = await client.call<{ generation: number }>('GET', '/status');
      if (s.generation > before) return;
    } catch {
      // the socket is down while the engine restarts
    }
    if (Date.now() > deadline) throw new Error('the lab did not come back within 60 s after the restore; see the serve output');
    await sleep(50);
  }
}

/** Saves a snapshot of the lab, running or not. */
export async function saveSnapshot(dataDir: string, name: string): Promise<SnapshotMeta> {
  if (labRunning(dataDir)) return new LabClient(dataDir).call<SnapshotMeta>('POST', '/snapshots', { name });
  return offline(dataDir, () => {
    const db = new LabDatabase(join(dataDir, 'lab.db'));
    try {
      return new SnapshotStore(dataDir).save(name, db.raw);
    } finally {
      db.close();
    }
  });
}

/** Restores a snapshot; a running lab restarts on it and this resolves once it serves again. */
export async function restoreSnapshot(dataDir: string, name: string): Promise<void> {
  const store = new SnapshotStore(dataDir);
  store.get(name);
  if (labRunning(dataDir)) {
    const client = new LabClient(dataDir);
    const { generation } = await client.call<{ generation: number }>('POST', `/snapshots/${encodeURIComponent(name)}/restore`);
    await waitForRestart(client, generation);
  } else {
    offline(dataDir, () => {
      stageRestore(dataDir, name, store.stateDir(name));
      recoverRestore(dataDir);
    });
  }
}
