import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hostShell, openstack, openstackJson, stacklab, startServe, tempDir, type ServeProcess } from '../support/lab';

// Whole-lab snapshots on a running lab, checked with the real openstack CLI and the host shell:
// save, change the cloud, diff, restore (the engine restarts on the restored lab), export/import
// with checksums, refusals that change nothing, and a restore with the engine stopped.

let lab: ServeProcess;
let dataDir: string;

const snapshot = (...args: string[]) => stacklab(['snapshot', ...args, '--data-dir', dataDir]);
const names = async (what: string) => (await openstackJson<{ Name: string }[]>(dataDir, [what, 'list'])).map((r) => r.Name).sort();

before(async () => {
  dataDir = tempDir('stacklab-snap-');
  lab = await startServe(dataDir, undefined, ['--instant']);
});

after(async () => {
  await lab?.stop();
});

test('save, change, diff and restore a running lab', async () => {
  const net = await openstackJson<{ id: string }>(dataDir, ['network', 'create', 'before-net']);
  await openstack(dataDir, ['subnet', 'create', '--network', 'before-net', '--subnet-range', '10.1.0.0/24', 'before-subnet']);
  const saved = await snapshot('save', 'step1');
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, /^saved snapshot step1: \d+ resources, \d+ files/);

  await openstack(dataDir, ['subnet', 'delete', 'before-subnet']);
  await openstack(dataDir, ['network', 'set', '--name', 'renamed-net', net.id]);
  await openstack(dataDir, ['router', 'create', 'after-router']);
  assert.equal((await snapshot('save', 'step2')).code, 0);

  const diff = JSON.parse((await snapshot('diff', 'step1', 'step2', '--json')).stdout) as {
    added: { type: string; name?: string }[];
    removed: { type: string; name?: string }[];
    changed: { type: string; name?: string; fields: string[] }[];
  };
  assert.ok(diff.added.some((e) => e.type === 'neutron router' && e.name === 'after-router'), JSON.stringify(diff.added));
  assert.ok(diff.removed.some((e) => e.type === 'neutron subnet' && e.name === 'before-subnet'), JSON.stringify(diff.removed));
  const renamed = diff.changed.find((e) => e.type === 'neutron network' && e.name === 'renamed-net');
  assert.ok(renamed?.fields.includes('name'), JSON.stringify(diff.changed));
  const table = await snapshot('diff', 'step1', 'step2');
  assert.match(table.stdout, /\| \+ added +\| neutron router +\| after-router/);
  assert.match(table.stdout, /step1 → step2: \d+ added, \d+ removed, \d+ changed/);

  const restored = await snapshot('restore', 'step1');
  assert.equal(restored.code, 0, restored.stderr);
  assert.deepEqual(await names('network'), ['before-net']);
  assert.deepEqual(await names('subnet'), ['before-subnet']);
  assert.deepEqual(await names('router'), []);
  // the restarted engine serves writes as before, and the host shell follows the restored state
  await openstack(dataDir, ['router', 'create', 'r-after-restore']);
  assert.deepEqual(await names('router'), ['r-after-restore']);
  const netns = await hostShell(dataDir, 'ip netns');
  assert.match(netns.stdout, /qdhcp-/);

  const list = JSON.parse((await snapshot('list', '--json')).stdout) as { name: string }[];
  assert.deepEqual(
    list.map((s) => s.name),
    ['step1', 'step2'],
  );
});

test('refusals change nothing: unknown snapshot, bad name, existing name', async () => {
  const before = await names('network');
  const unknown = await snapshot('restore', 'nope');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No snapshot named nope/);
  const bad = await snapshot('save', '../escape');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid snapshot name/);
  const dup = await snapshot('save', 'step1');
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /already exists/);
  assert.deepEqual(await names('network'), before);
});

test('export and import move a snapshot with checksums; damaged or foreign files are refused', async () => {
  const file = join(tempDir('stacklab-export-'), 'step2.tar.gz');
  const exported = await snapshot('export', 'step2', file);
  assert.equal(exported.code, 0, exported.stderr);

  const other = tempDir('stacklab-import-');
  const imported = await stacklab(['snapshot', 'import', file, '--data-dir', other]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^imported snapshot step2: \d+ resources/);

  // a damaged archive (one byte flipped in the middle) and a foreign file are refused; nothing is kept
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  const damaged = join(tempDir('stacklab-export-'), 'damaged.tar.gz');
  writeFileSync(damaged, bytes);
  const refused = await stacklab(['snapshot', 'import', damaged, '--name', 'broken', '--data-dir', other]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /damaged|does not match|not a StackLab snapshot/);
  const foreign = join(tempDir('stacklab-export-'), 'foreign.tar.gz');
  writeFileSync(foreign, 'just some text\n');
  const notOurs = await stacklab(['snapshot', 'import', foreign, '--name', 'foreign', '--data-dir', other]);
  assert.equal(notOurs.code, 1);
  assert.match(notOurs.stderr, /is not a StackLab snapshot archive/);
  const kept = JSON.parse((await stacklab(['snapshot', 'list', '--json', '--data-dir', other])).stdout) as { name: string }[];
  assert.deepEqual(
    kept.map((s) => s.name),
    ['step2'],
  );
});

test('with the engine stopped, restore works offline and the next start serves the restored lab', async () => {
  const offset = lab.portOffset;
  await lab.stop();
  const r = await snapshot('restore', 'step2');
  assert.equal(r.code, 0, r.stderr);
  // the same lab comes back on its own ports
  lab = await startServe(dataDir, offset, ['--instant']);
  assert.deepEqual(await names('router'), ['after-router']);
  assert.deepEqual(await names('network'), ['renamed-net']);
  const deleted = await snapshot('delete', 'step1');
  assert.equal(deleted.code, 0);
  const list = JSON.parse((await snapshot('list', '--json')).stdout) as { name: string }[];
  assert.deepEqual(
    list.map((s) => s.name),
    ['step2'],
  );
});
