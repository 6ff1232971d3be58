import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rawDisk } from '../support/images';
import { cinder, type InProcessLab, type Json, openstack, openstackJson, startInProcessLab } from '../support/lab';

const sha256 = (file: string, end?: number) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file, end === undefined ? {} : { start: 0, end })
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });

/** Cinder volume backups with the swift driver, into the lab's object store, with the real CLI. */
describe('block storage backups through the real openstack CLI', () => {
  let lab: InProcessLab;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const ok = async (args: string[], who: 'admin' | 'demo' = 'admin') => {
    const r = await os(args, who);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const settled = () => lab.engine.volume!.volumes.settled();
  const diskFile = (id: string) => join(lab.dataDir, 'disks', `volume-${id}`);

  before(async () => {
    lab = await startInProcessLab();
  });
  after(async () => lab?.stop());

  it('backup create writes the volume as chunk objects + _metadata in volumebackups; restore brings the bytes back; delete removes the objects', async () => {
    const img = join(lab.dataDir, 'data.raw');
    writeFileSync(img, rawDisk(3 * 1024 * 1024 + 1234));
    await ok(['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', img, 'data']);
    const v1 = await json(['volume', 'create', '--image', 'data', '--size', '1', 'v1']);
    await settled();
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'available');

    const created = await json(['volume', 'backup', 'create', '--name', 'b1', '--description', 'first', 'v1']);
    assert.equal(created.name, 'b1');
    await settled();
    const b1 = await json(['volume', 'backup', 'show', 'b1']);
    assert.equal(b1.status, 'available');
    assert.equal(b1.volume_id, v1.id);
    assert.equal(b1.size, 1);
    assert.equal(b1.container, 'volumebackups');
    assert.equal(b1.is_incremental, false);
    assert.equal(b1.description, 'first');
    // 1 GiB in 21 chunks of 50 MiB; Cinder's chunked driver counts one more (its next object id), 22 as a real cloud shows
    assert.equal(b1.object_count, 22);
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'available', 'the volume is back from backing-up');

    const objects = (await json<{ Name: string }[]>(['object', 'list', 'volumebackups'])).map((o) => o.Name);
    const prefix = new RegExp(`^volume_${v1.id}/\\d{14}/az_nova_backup_${b1.id}`);
    assert.ok(objects.every((n) => prefix.test(n)), objects.join(', '));
    assert.ok(objects.some((n) => n.endsWith(`backup_${b1.id}-00001`)));
    assert.ok(objects.some((n) => n.endsWith(`backup_${b1.id}-00021`)));
    assert.ok(objects.some((n) => n.endsWith(`backup_${b1.id}_metadata`)));
    assert.ok(objects.some((n) => n.endsWith(`backup_${b1.id}_sha256file`)));
    assert.equal(objects.length, 23);

    const listed = await json<Json[]>(['volume', 'backup', 'list']);
    assert.deepEqual(listed.map((b) => [b.Name, b.Status, b.Size]), [['b1', 'available', 1]]);
    const long = await json<Json[]>(['volume', 'backup', 'list', '--long']);
    assert.equal(long[0].Volume, v1.id);
    assert.equal(long[0].Container, 'volumebackups');
    assert.equal(long[0]['Availability Zone'], 'nova');

    // restore onto a second (blank) volume: same bytes
    const v2 = await json(['volume', 'create', '--size', '1', 'v2']);
    await settled();
    // openstackclient 6.0's ShowOne returns cinderclient's restore object unformatted and exits 1 with
    // "cannot unpack non-iterable VolumeBackupsRestore object" after Cinder's 202: the restore itself runs
    const restoreCli = async (args: string[]) => {
      const r = await os(['volume', 'backup', 'restore', ...args]);
      if (r.code !== 0) assert.match(r.stderr, /cannot unpack non-iterable VolumeBackupsRestore object/);
      await settled();
    };
    await restoreCli(['--force', 'b1', 'v2']);
    assert.equal((await json(['volume', 'show', 'v2'])).status, 'available');
    assert.equal(await sha256(diskFile(v2.id)), await sha256(diskFile(v1.id)));

    // restore without an existing volume: Cinder makes a new one of the backup's size
    await restoreCli(['b1', 'v3']);
    const v3 = await json(['volume', 'show', 'v3']);
    assert.equal(v3.status, 'available');
    assert.equal(v3.size, 1);
    assert.equal(await sha256(diskFile(v3.id)), await sha256(diskFile(v1.id)));

    // a volume from a backup (3.47; openstackclient 6.0 has no --backup, cinderclient's create has --backup-id)
    const made = await cinder(lab.dataDir, ['--os-volume-api-version', '3.47', 'create', '--backup-id', b1.id, '--name', 'v4', '1']);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /\|\s+name\s+\|\s+v4\s+\|/);
    await settled();
    const v4 = await json(['volume', 'show', 'v4']);
    assert.equal(v4.status, 'available');
    assert.equal(await sha256(diskFile(v4.id)), await sha256(diskFile(v1.id)));
    assert.equal((await cinder(lab.dataDir, ['--os-volume-api-version', '3.47', 'create', '--backup-id', b1.id, '--name', 'v5', '2'])).code, 0);
    await settled();
    assert.equal((await json(['volume', 'show', 'v5'])).size, 2);
    assert.equal((await json(['volume', 'show', 'v5'])).status, 'available');
    // its first GiB is the backup's, the rest zeros
    const v5 = await json(['volume', 'show', 'v5']);
    assert.equal(await sha256(diskFile(v5.id), (1 << 30) - 1), await sha256(diskFile(v1.id)));
    // an unknown backup: Cinder's 404, and no volume made
    const count = (await json<Json[]>(['volume', 'list'])).length;
    const missing = await cinder(lab.dataDir, ['--os-volume-api-version', '3.47', 'create', '--backup-id', '00000000-0000-4000-8000-000000000000', '1']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Backup 00000000-0000-4000-8000-000000000000 could not be found\. \(HTTP 404\)/);
    assert.equal((await json<Json[]>(['volume', 'list'])).length, count);
    for (const n of ['v4', 'v5']) await ok(['volume', 'delete', n]);
    await settled();

    // delete: the backup goes, and every object with it
    await ok(['volume', 'backup', 'delete', 'b1']);
    await settled();
    assert.deepEqual(await json<Json[]>(['volume', 'backup', 'list']), []);
    assert.deepEqual(await json<Json[]>(['object', 'list', 'volumebackups']), []);
    const gone = await os(['volume', 'backup', 'show', b1.id]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /No volumebackup with a name or ID of/);
  });

  it('refuses an in-use volume without --force, a missing volume, demo seeing admin backups, and over quota (413)', async () => {
    const v = await json(['volume', 'create', '--size', '1', 'qv']);
    await settled();
    // in-use without force: Cinder's InvalidVolume, nothing created
    lab.engine.volume!.store.db.tx(() => lab.engine.volume!.store.volumes.put({ ...lab.engine.volume!.store.volumes.get(v.id)!, status: 'in-use' }));
    const inUse = await os(['volume', 'backup', 'create', '--name', 'nf', 'qv']);
    assert.notEqual(inUse.code, 0);
    assert.match(inUse.stderr, /Invalid volume: Backing up an in-use volume must use the force flag\. \(HTTP 400\)/);
    assert.deepEqual(await json<Json[]>(['volume', 'backup', 'list']), []);
    await ok(['volume', 'backup', 'create', '--force', '--name', 'forced', 'qv']);
    await settled();
    assert.equal((await json(['volume', 'backup', 'show', 'forced'])).status, 'available');
    assert.equal((await json(['volume', 'show', 'qv'])).status, 'in-use', 'back to its previous status');
    lab.engine.volume!.store.db.tx(() => lab.engine.volume!.store.volumes.put({ ...lab.engine.volume!.store.volumes.get(v.id)!, status: 'available' }));

    // demo cannot see or delete admin's backup
    assert.deepEqual(await json<Json[]>(['volume', 'backup', 'list'], 'demo'), []);
    const forced = await json(['volume', 'backup', 'show', 'forced']);
    const hidden = await os(['volume', 'backup', 'delete', forced.id], 'demo');
    assert.notEqual(hidden.code, 0);
    assert.equal((await json(['volume', 'backup', 'show', 'forced'])).status, 'available');

    // quota: backups 1 for admin's project, a second is 413
    const project = (await json(['token', 'issue'])).project_id as string;
    await ok(['quota', 'set', '--backups', '1', project]);
    const over = await os(['volume', 'backup', 'create', '--name', 'over', 'qv']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Maximum number of backups allowed \(1\) exceeded \(HTTP 413\)/);
    assert.equal((await json(['volume', 'show', 'qv'])).status, 'available', 'the volume stays available');
    const quota = await json<Json>(['quota', 'show', project]);
    assert.equal(quota.backups, 1);
    await ok(['volume', 'backup', 'delete', 'forced']);
    await settled();
    assert.deepEqual(await json<Json[]>(['object', 'list', 'volumebackups']), []);
  });
});
