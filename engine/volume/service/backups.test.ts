import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { ObjectStoreService } from '../../object-store/service';
import { VolumeService } from '.';
import { CHUNK_SIZE } from './backups';
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

describe('VolumeBackups (the swift backup driver into the lab object store, no HTTP)', () => {
  let dir: string;
  let db: LabDatabase;
  let events: EventBus;
  let clock: ManualClock;
  let objects: ObjectStoreService;
  let cinder: VolumeService;
  const open = () => new VolumeService({ db, clock, events, disksDir: join(dir, 'disks'), objectStore: objects });
  const file = (id: string) => join(dir, 'disks', `volume-${id}`);
  const write = (id: string, offset: number, data: Buffer) => {
    const fd = openSync(file(id), 'r+');
    writeSync(fd, data, 0, data.length, offset);
    closeSync(fd);
  };
  const sha = (id: string) => createHash('sha256').update(readFileSync(file(id))).digest('hex');
  const names = (c: VolumeCaller) => objects.listObjects(`AUTH_${c.projectId}`, 'volumebackups', { prefix: '', marker: '', endMarker: '', delimiter: '', limit: 10000, reverse: false }).flatMap((e) => (e.kind === 'item' ? [e.item.name] : []));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacklab-backup-'));
    db = new LabDatabase(join(dir, 'lab.db'));
    events = new EventBus();
    clock = new ManualClock();
    objects = new ObjectStoreService({ db, clock, events, objectsDir: join(dir, 'objects') });
    cinder = open();
  });
  afterEach(async () => {
    await cinder.volumes.settled();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('full then incremental: the incremental writes only the changed extents, and restoring it lays down both', async () => {
    const v = cinder.volumes.create(alice, { size: 1, name: 'v' });
    await cinder.volumes.settled();
    write(v.id, 0, Buffer.alloc(4096, 0xaa));
    const full = cinder.backups.create(alice, { volume_id: v.id, name: 'full' });
    assert.equal(cinder.store.volumes.get(v.id)!.status, 'backing-up');
    await cinder.volumes.settled();
    assert.equal(cinder.store.backups.get(full.id)!.status, 'available');
    assert.equal(cinder.store.volumes.get(v.id)!.status, 'available');

    // change one block in the second chunk; the incremental holds just that 32 KiB extent
    write(v.id, CHUNK_SIZE + 100, Buffer.from('changed after the full backup'));
    clock.advance(2000);
    const inc = cinder.backups.create(alice, { volume_id: v.id, name: 'inc', incremental: true });
    await cinder.volumes.settled();
    const incRow = cinder.store.backups.get(inc.id)!;
    assert.equal(incRow.status, 'available');
    assert.equal(incRow.is_incremental, true);
    assert.equal(incRow.parent_id, full.id);
    assert.equal(incRow.object_count, 2, 'one changed extent (the count is the next object id)');
    assert.equal(cinder.store.backups.get(full.id)!.num_dependent_backups, 1);
    const incChunks = names(alice).filter((n) => n.includes(`backup_${inc.id}-`));
    assert.equal(incChunks.length, 1);

    // the full backup cannot go while the incremental depends on it
    const refused = failure(() => cinder.backups.delete(alice, full.id));
    assert.equal(refused.status, 400);
    assert.equal(refused.message, 'Invalid backup: Incremental backups exist for this backup.');

    const target = cinder.volumes.create(alice, { size: 1, name: 'target' });
    await cinder.volumes.settled();
    await cinder.backups.restore(alice, inc.id, { volumeId: target.id });
    assert.equal(cinder.store.volumes.get(target.id)!.status, 'restoring-backup');
    await cinder.volumes.settled();
    assert.equal(cinder.store.volumes.get(target.id)!.status, 'available');
    assert.equal(sha(target.id), sha(v.id));
  });

  it('counts backups and backup_gigabytes for the quotas, refuses over quota with 413 and changes nothing', async () => {
    const v = cinder.volumes.create(alice, { size: 1, name: 'v' });
    await cinder.volumes.settled();
    cinder.backups.create(alice, { volume_id: v.id });
    await cinder.volumes.settled();
    const used = cinder.quotas.usage(alice.projectId);
    assert.equal(used.backups, 1);
    assert.equal(used.backup_gigabytes, 1);
    cinder.quotas.update(alice.projectId, { backups: 1 });
    const over = failure(() => cinder.backups.create(alice, { volume_id: v.id }));
    assert.equal(over.status, 413);
    assert.equal(over.message, 'Maximum number of backups allowed (1) exceeded');
    assert.equal(cinder.store.volumes.get(v.id)!.status, 'available');
    assert.equal(cinder.store.backups.count({ project_id: alice.projectId }), 1);
  });

  it("another project cannot see a backup; a backup still creating when the engine stopped goes to error at start", async () => {
    const v = cinder.volumes.create(alice, { size: 1, name: 'v' });
    await cinder.volumes.settled();
    const b = cinder.backups.create(alice, { volume_id: v.id });
    await cinder.volumes.settled();
    const hidden = failure(() => cinder.backups.get(bob, b.id));
    assert.equal(hidden.status, 404);
    assert.equal(hidden.message, `Backup ${b.id} could not be found.`);
    assert.deepEqual(cinder.backups.list(bob), []);

    // a stop in the middle: the row says creating, the volume backing-up
    db.tx(() => {
      cinder.store.backups.put({ ...cinder.store.backups.get(b.id)!, status: 'creating' });
      cinder.store.volumes.put({ ...cinder.store.volumes.get(v.id)!, status: 'backing-up' });
    });
    cinder = open();
    await cinder.volumes.settled();
    assert.equal(cinder.store.backups.get(b.id)!.status, 'error');
    assert.equal(cinder.store.volumes.get(v.id)!.status, 'available');
  });
});
