import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { ObjectStoreService } from '../../object-store/service';
import { VolumeService } from '.';
import { blockShas, isZero, objectPrefix, SHA_BLOCK } from './backups';
import type { VolumeCaller } from './volumes';

const alice: VolumeCaller = { projectId: 'p-alice', userId: 'u-alice', isAdmin: false };
const bob: VolumeCaller = { projectId: 'p-bob', userId: 'u-bob', isAdmin: false };

function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

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

describe('the swift backup driver helpers', () => {
  it('knows zeros, hashes 32 KiB blocks and names objects as Cinder does', () => {
    assert.ok(isZero(Buffer.alloc(3 * 1024 * 1024 + 5)));
    const b = Buffer.alloc(2 * SHA_BLOCK + 10);
    assert.ok(isZero(b));
    b[SHA_BLOCK + 1] = 1;
    assert.ok(!isZero(b));
    const shas = blockShas(b);
    assert.equal(shas.length, 3);
    assert.notEqual(shas[0], shas[1]);
    assert.equal(shas[0], blockShas(Buffer.alloc(SHA_BLOCK))[0]);
    assert.equal(
      objectPrefix({ id: 'b1', volume_id: 'v1', availability_zone: 'nova' }, new Date('2026-12-07T01:02:03.456Z')),
      'volume_v1/20261207010203/az_nova_backup_b1',
    );
  });
});

describe('VolumeBackups (Cinder backups into the object store, no HTTP)', () => {
  let dir: string;
  let db: LabDatabase;
  let cinder: VolumeService;
  let swift: ObjectStoreService;
  const open = (withSwift = true) => {
    const clock = new ManualClock();
    const events = new EventBus();
    swift = new ObjectStoreService({ db, clock, events, objectsDir: join(dir, 'objects') });
    return new VolumeService({ db, clock, events, disksDir: join(dir, 'disks'), objectStore: withSwift ? swift : undefined });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacklab-cinder-backups-'));
    db = new LabDatabase(join(dir, 'lab.db'));
    cinder = open();
  });
  afterEach(async () => {
    await cinder.volumes.settled();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const volume = async (caller: VolumeCaller, name: string) => {
    const v = cinder.volumes.create(caller, { size: 1, name });
    await cinder.volumes.settled();
    return cinder.volumes.get(caller, v.id);
  };
  const names = (project: string) =>
    swift.listObjects(`AUTH_${project}`, 'volumebackups', { prefix: '', marker: '', endMarker: '', delimiter: '', limit: 10000, reverse: false }).map((e) => (e.kind === 'item' ? e.item.name : ''));

  it('backs the bytes up into the owner account, restores them into a new volume, and deletes every object', async () => {
    const v = await volume(alice, 'v');
    poke(cinder.disks.abs(v.path), 123456789, 'real-bytes');
    const b = cinder.backups.create(alice, { volume_id: v.id, name: 'b' });
    assert.equal(b.status, 'creating');
    assert.equal(cinder.volumes.get(alice, v.id).status, 'backing-up');
    await cinder.volumes.settled();
    const done = cinder.backups.get(alice, b.id);
    assert.equal(done.status, 'available', done.fail_reason ?? '');
    assert.equal(done.object_count, 22);
    assert.equal(cinder.volumes.get(alice, v.id).status, 'available');
    assert.equal(names('p-alice').length, 23);
    assert.equal(cinder.quotas.usage('p-alice').backups, 1);
    assert.equal(cinder.quotas.usage('p-alice').backup_gigabytes, 1);

    const r = await cinder.backups.restore(alice, b.id, { name: 'copy' });
    assert.equal(r.volume_name, 'copy');
    await cinder.volumes.settled();
    const copy = cinder.volumes.get(alice, r.volume_id);
    assert.equal(copy.status, 'available');
    assert.equal(peek(cinder.disks.abs(copy.path), 123456789, 10), 'real-bytes');
    assert.ok(statSync(cinder.disks.abs(copy.path)).blocks * 512 < 8 * 1024 * 1024, 'sparse');

    cinder.backups.delete(alice, b.id);
    await cinder.volumes.settled();
    assert.deepEqual(names('p-alice'), []);
    assert.equal(cinder.store.backups.count(), 0);
  });

  it('refuses as Cinder does and writes nothing: in-use without force, no parent for an incremental, over quota, another project', async () => {
    const v = await volume(alice, 'v');
    cinder.store.volumes.put({ ...v, status: 'in-use' });
    assert.equal(failure(() => cinder.backups.create(alice, { volume_id: v.id })).message, 'Invalid volume: Backing up an in-use volume must use the force flag.');
    cinder.store.volumes.put({ ...v, status: 'available' });
    assert.equal(failure(() => cinder.backups.create(alice, { volume_id: v.id, incremental: true })).message, 'Invalid backup: No backups available to do an incremental backup.');
    cinder.quotas.update('p-alice', { backup_gigabytes: 0 });
    const over = failure(() => cinder.backups.create(alice, { volume_id: v.id }));
    assert.equal(over.status, 413);
    assert.match(over.message, /^Requested backup exceeds allowed Backup gigabytes quota\./);
    assert.equal(failure(() => cinder.backups.create(bob, { volume_id: v.id })).status, 404);
    assert.equal(cinder.store.backups.count(), 0);
    assert.equal(cinder.volumes.get(alice, v.id).status, 'available');
  });

  it('an incremental backup stores only the changed extent; restoring it lays the full one down first', async () => {
    const v = await volume(alice, 'v');
    const disk = cinder.disks.abs(v.path);
    poke(disk, 1000, 'first');
    const full = cinder.backups.create(alice, { volume_id: v.id });
    await cinder.volumes.settled();
    poke(disk, 600000000, 'second');
    const inc = cinder.backups.create(alice, { volume_id: v.id, incremental: true });
    await cinder.volumes.settled();
    const row = cinder.backups.get(alice, inc.id);
    assert.equal(row.status, 'available', row.fail_reason ?? '');
    assert.equal(row.parent_id, full.id);
    assert.equal(row.object_count, 2);
    assert.equal(cinder.backups.get(alice, full.id).num_dependent_backups, 1);
    assert.equal(failure(() => cinder.backups.delete(alice, full.id)).message, 'Invalid backup: Incremental backups exist for this backup.');

    poke(disk, 1000, 'XXXXX');
    poke(disk, 600000000, 'XXXXXX');
    await cinder.backups.restore(alice, inc.id, { volumeId: v.id });
    assert.equal(cinder.volumes.get(alice, v.id).status, 'restoring-backup');
    await cinder.volumes.settled();
    assert.equal(cinder.volumes.get(alice, v.id).status, 'available');
    assert.equal(peek(disk, 1000, 5), 'first');
    assert.equal(peek(disk, 600000000, 6), 'second');
  });

  it('a backup left creating by a stop goes to error at start and its volume back to available; no object store is a 503', async () => {
    const v = await volume(alice, 'v');
    cinder.store.volumes.put({ ...v, status: 'backing-up', previous_status: 'available' });
    cinder.store.backups.insert({
      id: 'b-stuck', project_id: 'p-alice', user_id: 'u-alice', volume_id: v.id, snapshot_id: null, name: 'stuck', description: null, status: 'creating',
      fail_reason: null, size: 1, object_count: 0, container: null, availability_zone: 'nova', service: 'x', service_metadata: null, parent_id: null,
      is_incremental: false, num_dependent_backups: 0, data_timestamp: '', metadata: {}, restore_volume_id: null, volume_previous_status: 'available',
      created_at: '', updated_at: null,
    });
    const again = open(false);
    const b = again.backups.get(alice, 'b-stuck');
    assert.equal(b.status, 'error');
    assert.equal(b.fail_reason, 'incomplete backup reset on manager restart');
    assert.equal(again.volumes.get(alice, v.id).status, 'available');
    const e = failure(() => again.backups.create(alice, { volume_id: v.id }));
    assert.equal(e.status, 503);
  });
});
