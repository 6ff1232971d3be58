import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { recoverRestore } from '../../engine/lab/snapshots';
import { openstack, repoRoot, stacklab, startServe, tempDir, type ServeProcess } from '../support/lab';

// A restore killed with SIGKILL at a random moment leaves the previous lab or the restored one,
// never a mix: after each kill the lab is opened as the engine opens it (recoverRestore first) and
// its database, its networks and its host files must all be those of one snapshot.

const TRIALS = 50;
let dataDir: string;
let lab: ServeProcess | undefined;

/** The marker each state writes into the host's files (8 MiB, so copying it takes a while). */
const marker = (state: string) => `${state}\n`.padEnd(8 * 1024 * 1024, state.toLowerCase());
const markerPath = () => join(dataDir, 'hostfs', 'root', 'marker.txt');

before(async () => {
  dataDir = tempDir('stacklab-crash-');
  lab = await startServe(dataDir, undefined, ['--instant']);
  await openstack(dataDir, ['network', 'create', 'a-net']);
  writeFileSync(markerPath(), marker('A'));
  assert.equal((await stacklab(['snapshot', 'save', 'A', '--data-dir', dataDir])).code, 0);
  await openstack(dataDir, ['network', 'delete', 'a-net']);
  await openstack(dataDir, ['network', 'create', 'b-net']);
  await openstack(dataDir, ['network', 'create', 'b-net2']);
  writeFileSync(markerPath(), marker('B'));
  assert.equal((await stacklab(['snapshot', 'save', 'B', '--data-dir', dataDir])).code, 0);
  await lab.stop();
  lab = undefined;
});

after(async () => {
  await lab?.stop();
});

/** Which snapshot the lab is now, checked whole: database integrity, networks and host files agree. */
function labState(): 'A' | 'B' {
  recoverRestore(dataDir);
  const db = new Database(join(dataDir, 'lab.db'), { readonly: true });
  let nets: string;
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    nets = (db.prepare('SELECT name FROM neutron_network ORDER BY name').all() as { name: string }[]).map((r) => r.name).join(',');
  } finally {
    db.close();
  }
  const file = readFileSync(markerPath(), 'utf8');
  const fromDb = nets === 'a-net' ? 'A' : nets === 'b-net,b-net2' ? 'B' : `mixed networks ${nets}`;
  const fromFiles = file === marker('A') ? 'A' : file === marker('B') ? 'B' : `a torn marker (${file.length} bytes)`;
  assert.equal(fromDb, fromFiles, 'the database and the host files come from different snapshots');
  assert.ok(fromDb === 'A' || fromDb === 'B', fromDb);
  for (const leftover of ['.restore-staging', '.restore-ready', '.restore-done']) assert.ok(!existsSync(join(dataDir, leftover)), `${leftover} left behind`);
  return fromDb;
}

/** `stacklab snapshot restore` in a child process; resolves with how it ended. */
function restore(name: string, killAfterMs?: number): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'snapshot', 'restore', name, '--data-dir', dataDir], { stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ killed: true, ms: performance.now() - t0 });
      else if (code === 0) resolve({ killed: false, ms: performance.now() - t0 });
      else reject(new Error(`restore exited ${code}`));
    });
  });
}

test(`a restore killed at ${TRIALS} random moments leaves the previous or the restored lab, never a mix`, async (t) => {
  assert.equal(labState(), 'B');
  // how long a whole restore takes here, process start included: the kills land anywhere in it
  const full = await restore('A');
  assert.equal(full.killed, false);
  assert.equal(labState(), 'A');
  const outcomes = { previous: 0, restored: 0, finished: 0 };
  for (let i = 0; i < TRIALS; i++) {
    const was = labState();
    const target = was === 'A' ? 'B' : 'A';
    const r = await restore(target, Math.random() * full.ms * 1.2);
    const now = labState();
    if (!r.killed) outcomes.finished++;
    else if (now === was) outcomes.previous++;
    else outcomes.restored++;
    if (!r.killed) assert.equal(now, target);
  }
  t.diagnostic(`outcomes of ${TRIALS} trials (a full restore took ${full.ms.toFixed(0)} ms): ${JSON.stringify(outcomes)}`);
  // the kills fell both before and after the commit point
  assert.ok(outcomes.previous > 0, JSON.stringify(outcomes));
  assert.ok(outcomes.restored + outcomes.finished > 0, JSON.stringify(outcomes));
  assert.deepEqual(
    readdirSync(join(dataDir, 'snapshots')).sort(),
    ['A', 'B'],
  );
  // and the lab still starts and serves what the database holds
  lab = await startServe(dataDir, undefined, ['--instant']);
  const nets = (await openstack(dataDir, ['network', 'list', '-f', 'value', '-c', 'Name'])).stdout.trim().split('\n').sort();
  assert.deepEqual(nets, labState() === 'A' ? ['a-net'] : ['b-net', 'b-net2']);
});
