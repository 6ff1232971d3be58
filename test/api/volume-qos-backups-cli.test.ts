import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { type InProcessLab, openstack, openstackJson, startInProcessLab } from '../support/lab';

const CHUNK = 52428800;

/** Writes `text` into a file at `offset` (what a guest writing to its disk leaves there). */
function poke(path: string, offset: number, text: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from(text), 0, text.length, offset);
  closeSync(fd);
}

function peek(path: string, offset: number, length: number): string {
  const fd = openSync(path, 'r');
  const b = Buffer.alloc(length);
  readSync(fd, b, 0, length, offset);
  closeSync(fd);
  return b.toString();
}

/** Cinder QoS specs and volume backups (to the lab's object store) with the real CLI. */
describe('block storage QoS specs and backups through the real openstack CLI', () => {
  let lab: InProcessLab;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const ok = async (args: string[], who: 'admin' | 'demo' = 'admin') => {
    const r = await os(args, who);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  const json = async <T>(args: string[], who: 'admin' | 'demo' = 'admin'): Promise<T> => JSON.parse(await ok([...args, '-f', 'json'], who)) as T;
  /** Polls until `probe` says yes (the backup service works after the API has answered). */
  const until = async (what: string, probe: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`never: ${what}`);
  };
  const backupStatus = async (name: string) => (await json<{ Name: string; Status: string }[]>(['volume', 'backup', 'list'])).find((b) => b.Name === name)?.Status;
  const volumeStatus = async (name: string) => (await json<{ status: string }>(['volume', 'show', name])).status;
  const diskOf = async (name: string) => join(lab.dataDir, 'disks', `volume-${(await json<{ id: string }>(['volume', 'show', name])).id}`);

  before(async () => {
    lab = await startInProcessLab();
    await ok(['volume', 'type', 'create', '--property', 'volume_backend_name=lvm', 'ssd']);
  });
  after(async () => lab?.stop());

  it('volume qos create / list / set / unset / associate / disassociate / delete, as Cinder keeps them', async () => {
    const q1 = await openstackJson<{ id: string; name: string; consumer: string; properties: Record<string, string> }>(lab.dataDir, [
      'volume', 'qos', 'create', '--consumer', 'front-end', '--property', 'read_iops_sec=1000', 'q1',
    ]);
    assert.equal(q1.name, 'q1');
    assert.equal(q1.consumer, 'front-end');
    assert.deepEqual(q1.properties, { read_iops_sec: '1000' });

    const dup = await os(['volume', 'qos', 'create', 'q1']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /QoS Specs q1 already exists\. \(HTTP 409\)/);

    await ok(['volume', 'qos', 'set', '--property', 'write_iops_sec=500', 'q1']);
    await ok(['volume', 'qos', 'unset', '--property', 'read_iops_sec', 'q1']);
    const missingKey = await os(['volume', 'qos', 'unset', '--property', 'nothing', 'q1']);
    assert.notEqual(missingKey.code, 0);
    assert.match(missingKey.stderr, new RegExp(`QoS spec ${q1.id} has no spec with key nothing\\. \\(HTTP 404\\)`));

    // associating sets the type's qos_specs_id; show and list name the type
    await ok(['volume', 'qos', 'associate', 'q1', 'ssd']);
    const ssd = await openstackJson<{ id: string; qos_specs_id: string | null }>(lab.dataDir, ['volume', 'type', 'show', 'ssd']);
    assert.equal(ssd.qos_specs_id, q1.id);
    const shown = await openstackJson<{ associations: string; properties: Record<string, string>; consumer: string }>(lab.dataDir, ['volume', 'qos', 'show', 'q1']);
    assert.deepEqual(shown.properties, { write_iops_sec: '500' });
    assert.match(JSON.stringify(shown.associations), /ssd/);
    const listed = await openstackJson<{ Name: string; Associations: string[]; Consumer: string }[]>(lab.dataDir, ['volume', 'qos', 'list']);
    assert.deepEqual(listed.map((q) => [q.Name, q.Consumer, q.Associations]), [['q1', 'front-end', ['ssd']]]);

    // a second QoS specs cannot take a type that already has one
    await ok(['volume', 'qos', 'create', 'q2']);
    const taken = await os(['volume', 'qos', 'associate', 'q2', 'ssd']);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, new RegExp(`Invalid volume type: Type ${ssd.id} is already associated with another qos specs: ${q1.id} \\(HTTP 400\\)`));

    // in use: refused without --force, and nothing changes
    const inUse = await os(['volume', 'qos', 'delete', 'q1']);
    assert.notEqual(inUse.code, 0);
    assert.match(inUse.stderr, /Qos specs still in use\. \(HTTP 400\)/);
    assert.equal((await openstackJson<{ qos_specs_id: string }>(lab.dataDir, ['volume', 'type', 'show', 'ssd'])).qos_specs_id, q1.id);

    await ok(['volume', 'qos', 'disassociate', '--volume-type', 'ssd', 'q1']);
    assert.equal((await openstackJson<{ qos_specs_id: string | null }>(lab.dataDir, ['volume', 'type', 'show', 'ssd'])).qos_specs_id, null);
    await ok(['volume', 'qos', 'associate', 'q1', 'ssd']);
    await ok(['volume', 'qos', 'delete', '--force', 'q1']);
    assert.equal((await openstackJson<{ qos_specs_id: string | null }>(lab.dataDir, ['volume', 'type', 'show', 'ssd'])).qos_specs_id, null);
    assert.deepEqual((await openstackJson<{ Name: string }[]>(lab.dataDir, ['volume', 'qos', 'list'])).map((q) => q.Name), ['q2']);
    await ok(['volume', 'qos', 'delete', 'q2']);
  });

  it('volume backup create --name b1 v1: the bytes as chunk objects in volumebackups, creating → available; restore; incremental; delete removes the objects', async () => {
    await ok(['volume', 'create', '--size', '1', '--property', 'app=db', 'v1']);
    await until('v1 available', async () => (await volumeStatus('v1')) === 'available');
    const disk = await diskOf('v1');
    poke(disk, 100000000, 'hello-backup');

    const b1 = await json<{ id: string; name: string }>(['volume', 'backup', 'create', '--name', 'b1', 'v1']);
    assert.equal(b1.name, 'b1');
    await until('b1 available', async () => (await backupStatus('b1')) === 'available');
    assert.equal(await volumeStatus('v1'), 'available');
    const shown = await json<Record<string, unknown>>(['volume', 'backup', 'show', 'b1']);
    assert.equal(shown.container, 'volumebackups');
    assert.equal(shown.size, 1);
    // 21 chunks of 50 MiB for 1 GiB; Cinder's count is one more than its chunks
    assert.equal(shown.object_count, 22);
    assert.equal(shown.is_incremental, false);

    // the objects, as Cinder's swift driver names them, in the owner's account
    const v1 = await json<{ id: string }>(['volume', 'show', 'v1']);
    const names = (await json<{ Name: string }[]>(['object', 'list', 'volumebackups'])).map((o) => o.Name);
    assert.equal(names.length, 23);
    const prefix = new RegExp(`^volume_${v1.id}/\\d{14}/az_nova_backup_${b1.id}`);
    assert.ok(names.every((n) => prefix.test(n)), names.join('\n'));
    const meta = names.find((n) => n.endsWith('_metadata'))!;
    assert.ok(names.some((n) => n.endsWith('_sha256file')));
    const metaFile = join(lab.dataDir, 'b1_metadata.json');
    await ok(['object', 'save', '--file', metaFile, 'volumebackups', meta]);
    const doc = JSON.parse(readFileSync(metaFile, 'utf8')) as { backup_id: string; volume_id: string; objects: Record<string, { offset: number; length: number; compression: string }>[] };
    assert.equal(doc.backup_id, b1.id);
    assert.equal(doc.volume_id, v1.id);
    assert.equal(doc.objects.length, 21);
    assert.deepEqual(doc.objects.map((o) => Object.values(o)[0].offset), Array.from({ length: 21 }, (_, i) => i * CHUNK));
    // the chunk holding offset 100000000 has the bytes written there (zlib, as the driver compresses)
    const [chunkName, chunk] = Object.entries(doc.objects[1])[0];
    assert.equal(chunk.compression, 'zlib');
    const chunkFile = join(lab.dataDir, 'chunk2');
    await ok(['object', 'save', '--file', chunkFile, 'volumebackups', chunkName]);
    const data = inflateSync(readFileSync(chunkFile));
    assert.equal(data.length, CHUNK);
    assert.equal(data.subarray(100000000 - CHUNK, 100000000 - CHUNK + 12).toString(), 'hello-backup');

    // restoring into an existing volume: openstackclient 6.0 wants --force, then cannot print Cinder's answer
    poke(disk, 100000000, 'overwritten!');
    const plain = await os(['volume', 'backup', 'restore', 'b1', 'v1']);
    assert.notEqual(plain.code, 0);
    assert.match(plain.stderr, /Volume 'v1' already exists; if you want to restore the backup to it you need to specify the '--force' option/);
    const forced = await os(['volume', 'backup', 'restore', '--force', 'b1', 'v1']);
    assert.ok(forced.code === 0 || /cannot unpack non-iterable VolumeBackupsRestore object/.test(forced.stderr), forced.stderr);
    await until('v1 restored', async () => (await volumeStatus('v1')) === 'available' && (await backupStatus('b1')) === 'available');
    assert.equal(peek(disk, 100000000, 12), 'hello-backup');
    assert.ok(statSync(disk).blocks * 512 < 8 * 1024 * 1024, 'the restored volume stays sparse');

    // into a new volume: made at the backup's size, with the volume's metadata
    const copy = await os(['volume', 'backup', 'restore', 'b1', 'v1-copy']);
    assert.ok(copy.code === 0 || /cannot unpack non-iterable/.test(copy.stderr), copy.stderr);
    await until('v1-copy available', async () => (await json<{ Name: string; Status: string }[]>(['volume', 'list'])).some((v) => v.Name === 'v1-copy' && v.Status === 'available'));
    const v1copy = await json<{ size: number; properties: Record<string, string> }>(['volume', 'show', 'v1-copy']);
    assert.equal(v1copy.size, 1);
    assert.deepEqual(v1copy.properties, { app: 'db' });
    assert.equal(peek(await diskOf('v1-copy'), 100000000, 12), 'hello-backup');

    // an incremental backup writes only what changed since its parent
    poke(disk, 700000000, 'second-write');
    const b2 = await json<{ id: string }>(['volume', 'backup', 'create', '--incremental', '--name', 'b2', 'v1']);
    await until('b2 available', async () => (await backupStatus('b2')) === 'available');
    const inc = await json<Record<string, unknown>>(['volume', 'backup', 'show', 'b2']);
    assert.equal(inc.is_incremental, true);
    assert.equal(inc.object_count, 2);
    assert.equal((await json<Record<string, unknown>>(['volume', 'backup', 'show', 'b1'])).has_dependent_backups, true);
    assert.equal((await json<{ Name: string }[]>(['object', 'list', 'volumebackups'])).filter((o) => o.Name.includes(b2.id)).length, 3);
    // its restore lays the full backup down first, then the increment
    poke(disk, 100000000, 'xxxxxxxxxxxx');
    poke(disk, 700000000, 'xxxxxxxxxxxx');
    await os(['volume', 'backup', 'restore', '--force', 'b2', 'v1']);
    await until('v1 restored from b2', async () => (await volumeStatus('v1')) === 'available' && (await backupStatus('b2')) === 'available');
    assert.equal(peek(disk, 100000000, 12), 'hello-backup');
    assert.equal(peek(disk, 700000000, 12), 'second-write');

    const parentDel = await os(['volume', 'backup', 'delete', 'b1']);
    assert.notEqual(parentDel.code, 0);
    assert.match(parentDel.stderr, /Invalid backup: Incremental backups exist for this backup\. \(HTTP 400\)/);

    // the record export, and an import of a backup that is still there
    const rec = await json<{ backup_service: string; backup_url: string }>(['volume', 'backup', 'record', 'export', 'b1']);
    assert.equal(rec.backup_service, 'cinder.backup.drivers.swift.SwiftBackupDriver');
    assert.equal((JSON.parse(Buffer.from(rec.backup_url, 'base64').toString()) as { id: string }).id, b1.id);
    const again = await os(['volume', 'backup', 'record', 'import', rec.backup_service, rec.backup_url]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /Invalid backup: Backup already exists in database\. \(HTTP 400\)/);

    // the backups quota: refused with Cinder's message, and the volume left as it was
    await ok(['quota', 'set', '--backups', '2', 'admin']);
    const over = await os(['volume', 'backup', 'create', '--name', 'b3', 'v1']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Maximum number of backups allowed \(2\) exceeded \(HTTP 413\)/);
    assert.equal(await volumeStatus('v1'), 'available');
    await ok(['quota', 'set', '--backups', '10', 'admin']);

    // another project's member sees none of it
    assert.deepEqual(await json(['volume', 'backup', 'list'], 'demo'), []);
    const theirs = await os(['volume', 'backup', 'delete', b1.id], 'demo');
    assert.notEqual(theirs.code, 0);

    await ok(['volume', 'backup', 'delete', 'b2']);
    await until('b2 gone', async () => (await backupStatus('b2')) === undefined);
    await ok(['volume', 'backup', 'delete', 'b1']);
    await until('b1 gone', async () => (await backupStatus('b1')) === undefined);
    assert.deepEqual(await json(['object', 'list', 'volumebackups']), []);
  });

  it("refuses QoS specs to a project member with Cinder's policy message", async () => {
    const denied = await os(['volume', 'qos', 'create', 'mine'], 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow volume_extension:qos_specs_manage:create to be performed\. \(HTTP 403\)/);
    const list = await os(['volume', 'qos', 'list'], 'demo');
    assert.notEqual(list.code, 0);
    assert.match(list.stderr, /Policy doesn't allow volume_extension:qos_specs_manage:get_all to be performed\. \(HTTP 403\)/);
  });
});
