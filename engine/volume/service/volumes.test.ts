import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { VolumeService } from '.';
import { GiB } from './disks';
import type { VolumeCaller } from './volumes';

const alice: VolumeCaller = { projectId: 'p-alice', userId: 'u-alice', isAdmin: false };
const bob: VolumeCaller = { projectId: 'p-bob', userId: 'u-bob', isAdmin: false };
const admin: VolumeCaller = { projectId: 'p-admin', userId: 'u-admin', isAdmin: true };

/** The ServiceError `fn` throws (status and message are what the API renders). */
function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

describe('VolumeManager and SnapshotManager (Cinder volumes and snapshots, no HTTP)', () => {
  let dir: string;
  let db: LabDatabase;
  let events: EventBus;
  let cinder: VolumeService;
  const open = () => new VolumeService({ db, clock: new ManualClock(), events, disksDir: join(dir, 'disks') });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacklab-cinder-'));
    db = new LabDatabase(join(dir, 'lab.db'));
    events = new EventBus();
    cinder = open();
  });
  afterEach(async () => {
    await cinder.volumes.settled();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creating → available once the backend step has run; the file is in disks/ with the size', async () => {
    const v = cinder.volumes.create(alice, { size: 2, name: 'v' });
    assert.equal(v.status, 'creating');
    assert.equal(v.host, '');
    await cinder.volumes.settled();
    const row = cinder.volumes.get(alice, v.id);
    assert.equal(row.status, 'available');
    assert.equal(row.host, 'localhost@lvm#lvm');
    assert.equal(statSync(cinder.disks.abs(row.path)).size, 2 * GiB);
    assert.deepEqual(events.since(0).events.filter((e) => e.id === v.id).map((e) => e.type), ['volume.volume.created', 'volume.volume.updated']);
  });

  it('a project sees only its own volumes (another project\'s is a 404), an admin every one with allProjects', async () => {
    const a = cinder.volumes.create(alice, { size: 1, name: 'a' });
    cinder.volumes.create(bob, { size: 1, name: 'b' });
    await cinder.volumes.settled();
    assert.deepEqual(cinder.volumes.list(alice, { allProjects: true }).map((v) => v.name), ['a']);
    assert.deepEqual(cinder.volumes.list(admin, { allProjects: true }).map((v) => v.name), ['b', 'a'], 'newest first');
    assert.deepEqual(cinder.volumes.list(admin, { allProjects: true, projectId: 'p-alice' }).map((v) => v.name), ['a']);
    const e = failure(() => cinder.volumes.get(bob, a.id));
    assert.equal(e.status, 404);
    assert.equal(e.message, `Volume ${a.id} could not be found.`);
  });

  it('the quota is checked in the insert\'s transaction: over the limit nothing is written (413)', async () => {
    cinder.quotas.update('p-alice', { volumes: 1, gigabytes: 3 });
    cinder.volumes.create(alice, { size: 1 });
    const count = failure(() => cinder.volumes.create(alice, { size: 1 }));
    assert.equal(count.status, 413);
    assert.equal(count.message, "Maximum number of volumes allowed (1) exceeded for quota 'volumes'.");
    cinder.quotas.update('p-alice', { volumes: 5 });
    const size = failure(() => cinder.volumes.create(alice, { size: 3 }));
    assert.equal(size.status, 413);
    assert.match(size.message, /^Requested volume or snapshot exceeds allowed gigabytes quota\. Requested 3G, quota is 3G and 1G has been consumed\.$/);
    assert.equal(cinder.store.volumes.count({ project_id: 'p-alice' }), 1);
    await cinder.volumes.settled();
    const v = cinder.volumes.list(alice)[0];
    const ext = failure(() => cinder.volumes.extend(alice, v.id, 4));
    assert.equal(ext.status, 413);
    assert.equal(cinder.volumes.get(alice, v.id).status, 'available', 'a refused extend leaves the status');
    // 1G used of 3G: two 1G snapshots fit, the third is over the gigabytes quota
    cinder.snapshots.create(alice, { volumeId: v.id });
    cinder.snapshots.create(alice, { volumeId: v.id });
    const snapOver = failure(() => cinder.snapshots.create(alice, { volumeId: v.id }));
    assert.equal(snapOver.status, 413, 'snapshots count against gigabytes too');
    assert.equal(cinder.store.snapshots.count(), 2);
  });

  it('from a snapshot and from a volume: sizes checked as Cinder does, bytes copied, source statuses checked', async () => {
    const v = cinder.volumes.create(alice, { size: 2 });
    const early = failure(() => cinder.snapshots.create(alice, { volumeId: v.id }));
    assert.equal(early.message, 'Invalid volume: The snapshot cannot be created because volume has not been scheduled to any host.');
    await cinder.volumes.settled();
    const s = cinder.snapshots.create(alice, { volumeId: v.id, name: 's' });
    const notYet = failure(() => cinder.volumes.create(alice, { snapshotId: s.id }));
    assert.equal(notYet.message, "Invalid snapshot: Originating snapshot status must be one of 'available' values");
    await cinder.volumes.settled();
    assert.equal(cinder.snapshots.get(alice, s.id).status, 'available');
    const small = failure(() => cinder.volumes.create(alice, { snapshotId: s.id, size: 1 }));
    assert.equal(small.message, "Invalid input received: Volume size '1'GB cannot be smaller than the snapshot size 2GB. They must be >= original snapshot size.");
    const fromSnap = cinder.volumes.create(alice, { snapshotId: s.id });
    assert.equal(fromSnap.size, 2, 'the size defaults to the snapshot\'s');
    const clone = cinder.volumes.create(alice, { sourceVolid: v.id, size: 3 });
    const smallClone = failure(() => cinder.volumes.create(alice, { sourceVolid: v.id, size: 1 }));
    assert.equal(smallClone.message, "Invalid input received: Volume size '1'GB cannot be smaller than original volume size  2GB. They must be >= original volume size.");
    await cinder.volumes.settled();
    assert.equal(statSync(cinder.disks.abs(cinder.volumes.get(alice, clone.id).path)).size, 3 * GiB);
    assert.equal(cinder.volumes.get(alice, fromSnap.id).status, 'available');
    const other = failure(() => cinder.volumes.create(bob, { snapshotId: s.id }));
    assert.equal(other.status, 404);
    assert.equal(other.message, `Snapshot ${s.id} could not be found.`);
  });

  it('delete: refused with snapshots, cascade takes the available ones; force ignores the status but not an attachment', async () => {
    const v = cinder.volumes.create(alice, { size: 1 });
    await cinder.volumes.settled();
    cinder.snapshots.create(alice, { volumeId: v.id });
    await cinder.volumes.settled();
    const refused = failure(() => cinder.volumes.delete(alice, v.id));
    assert.equal(refused.status, 400);
    assert.match(refused.message, /^Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots/);
    cinder.volumes.delete(alice, v.id, { cascade: true });
    assert.equal(cinder.volumes.get(alice, v.id).status, 'deleting');
    await cinder.volumes.settled();
    assert.equal(cinder.store.volumes.count(), 0);
    assert.equal(cinder.store.snapshots.count(), 0);
    assert.deepEqual(cinder.volumes.list(alice), []);

    const stuck = cinder.volumes.create(alice, { size: 1 });
    await cinder.volumes.settled();
    cinder.volumes.resetStatus(admin, stuck.id, { status: 'extending' });
    const noForce = failure(() => cinder.volumes.delete(alice, stuck.id));
    assert.equal(noForce.status, 400);
    const row = cinder.store.volumes.get(stuck.id)!;
    const ref = { id: stuck.id, attachment_id: 'a-1', volume_id: stuck.id, server_id: 's-1', host_name: 'localhost', device: '/dev/vdb', attached_at: null };
    cinder.store.volumes.put({ ...row, attachments: [ref] });
    const attached = failure(() => cinder.volumes.delete(admin, stuck.id, { force: true }));
    assert.equal(attached.message, 'Invalid volume: Volume must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.');
    cinder.store.volumes.put({ ...row, attachments: [] });
    cinder.volumes.delete(admin, stuck.id, { force: true });
    await cinder.volumes.settled();
    assert.ok(!existsSync(cinder.disks.abs(stuck.path)));
  });

  it('extend grows the file and returns to the status it came from; retype to another backend changes nothing', async () => {
    cinder.types.create({ name: 'ssd', extra_specs: { volume_backend_name: 'lvm' } });
    cinder.types.create({ name: 'ceph', extra_specs: { volume_backend_name: 'ceph' } });
    const v = cinder.volumes.create(alice, { size: 1 });
    await cinder.volumes.settled();
    cinder.volumes.extend(alice, v.id, 3);
    assert.equal(cinder.volumes.get(alice, v.id).status, 'extending');
    await cinder.volumes.settled();
    const grown = cinder.volumes.get(alice, v.id);
    assert.equal(grown.size, 3);
    assert.equal(grown.status, 'available');
    assert.equal(statSync(cinder.disks.abs(grown.path)).size, 3 * GiB);
    cinder.volumes.retype(alice, v.id, 'ceph', 'on-demand');
    await cinder.volumes.settled();
    assert.equal(cinder.volumes.typeOf(cinder.volumes.get(alice, v.id))?.name, '__DEFAULT__');
    cinder.volumes.retype(alice, v.id, 'ssd', 'never');
    await cinder.volumes.settled();
    const retyped = cinder.volumes.get(alice, v.id);
    assert.equal(cinder.volumes.typeOf(retyped)?.name, 'ssd');
    assert.equal(retyped.status, 'available');
    const gone = failure(() => cinder.volumes.retype(alice, v.id, 'gold'));
    assert.equal(gone.status, 404);
    assert.equal(gone.message, 'Volume type with name gold could not be found.');
  });

  it('what an engine stop interrupted finishes when the service is built again', async () => {
    const v = cinder.volumes.create(alice, { size: 1 });
    // the backend step has not run: a new service over the same database picks the volume up
    const again = open();
    await again.volumes.settled();
    await cinder.volumes.settled();
    const row = again.volumes.get(alice, v.id);
    assert.equal(row.status, 'available');
    assert.ok(existsSync(again.disks.abs(row.path)));
  });

  it('bad input changes nothing: zone, metadata, sizes', () => {
    const zone = failure(() => cinder.volumes.create(alice, { size: 1, availabilityZone: 'az9' }));
    assert.equal(zone.message, "Availability zone 'az9' is invalid.");
    const meta = failure(() => cinder.volumes.create(alice, { size: 1, metadata: { k: 'x'.repeat(256) } }));
    assert.equal(meta.message, 'Invalid metadata size: Metadata property key k value greater than 255 characters.');
    const none = failure(() => cinder.volumes.create(alice, {}));
    assert.equal(none.message, "Invalid input received: Volume size 'None' must be an integer and greater than 0");
    const zero = failure(() => cinder.volumes.create(alice, { size: 0 }));
    assert.match(zero.message, /^Invalid input received: Invalid volume size provided for create request: 0 /);
    assert.equal(cinder.store.volumes.count(), 0);
  });
});
