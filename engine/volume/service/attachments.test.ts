import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { VolumeService } from '.';
import type { AttachmentCaller } from './attachments';

const alice: AttachmentCaller = { projectId: 'p-alice', userId: 'u-alice', isAdmin: false };
const bob: AttachmentCaller = { projectId: 'p-bob', userId: 'u-bob', isAdmin: false };
const SERVER_1 = '11111111-1111-4111-8111-111111111111';
const SERVER_2 = '22222222-2222-4222-8222-222222222222';
const CONNECTOR = { host: 'localhost', ip: '10.0.2.15', initiator: 'iqn.1994-05.com.redhat:0123456789ab', platform: 'x86_64', os_type: 'linux', multipath: false, mountpoint: '/dev/vdb' };

function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

describe('VolumeAttachments (Cinder attachments and the legacy attach actions, no HTTP)', () => {
  let dir: string;
  let db: LabDatabase;
  let cinder: VolumeService;
  let volumeId: string;
  const status = () => cinder.store.volumes.get(volumeId)!.status;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stacklab-cinder-att-'));
    db = new LabDatabase(join(dir, 'lab.db'));
    cinder = new VolumeService({ db, clock: new ManualClock(), events: new EventBus(), disksDir: join(dir, 'disks') });
    volumeId = cinder.volumes.create(alice, { size: 1, name: 'v1' }).id;
    await cinder.volumes.settled();
  });
  afterEach(async () => {
    await cinder.volumes.settled();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reserve → update (connector) → complete takes the volume reserved → attaching → in-use, and the volume lists the attachment', () => {
    const a = cinder.attachments.create(alice, { volumeId, instance: SERVER_1 });
    assert.equal(a.status, 'reserved');
    assert.equal(a.attach_mode, 'null');
    assert.equal(status(), 'reserved');
    const u = cinder.attachments.update(alice, a.id, CONNECTOR);
    assert.equal(u.status, 'attaching');
    assert.equal(u.attach_mode, 'rw');
    assert.equal(u.mountpoint, '/dev/vdb');
    assert.equal(u.connection_info?.driver_volume_type, 'iscsi');
    assert.equal(u.connection_info?.target_iqn, `iqn.2010-10.org.openstack:volume-${volumeId}`);
    assert.equal(u.connection_info?.attachment_id, a.id);
    assert.equal(status(), 'attaching');
    assert.deepEqual(cinder.store.volumes.get(volumeId)!.attachments, [], 'only attached attachments are listed on the volume');
    cinder.attachments.complete(alice, a.id);
    assert.equal(status(), 'in-use');
    const refs = cinder.store.volumes.get(volumeId)!.attachments;
    assert.equal(refs.length, 1);
    assert.equal(refs[0].server_id, SERVER_1);
    assert.equal(refs[0].attachment_id, a.id);
    assert.equal(refs[0].device, '/dev/vdb');
    assert.equal(refs[0].host_name, 'localhost');
    assert.deepEqual(cinder.attachments.statusesOf(volumeId), { status: 'in-use', attach_status: 'attached' });
  });

  it('an in-use volume (not multiattach) cannot be reserved for a second server, with Cinder\'s message; nothing changes', () => {
    const a = cinder.attachments.create(alice, { volumeId, instance: SERVER_1, connector: CONNECTOR });
    cinder.attachments.complete(alice, a.id);
    const e = failure(() => cinder.attachments.create(alice, { volumeId, instance: SERVER_2 }));
    assert.equal(e.status, 400);
    assert.equal(e.message, `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is in-use.`);
    assert.equal(cinder.attachments.ofVolume(volumeId).length, 1);
    assert.equal(status(), 'in-use');
    // the same server may reserve again (a migration), as Cinder allows
    assert.equal(cinder.attachments.create(alice, { volumeId, instance: SERVER_1 }).status, 'reserved');
  });

  it('the in-use volume is refused by the volume delete; deleting the attachment makes it available and deletable', async () => {
    const a = cinder.attachments.create(alice, { volumeId, instance: SERVER_1, connector: CONNECTOR });
    cinder.attachments.complete(alice, a.id);
    const e = failure(() => cinder.volumes.delete(alice, volumeId));
    assert.equal(e.status, 400);
    assert.match(e.message, /^Invalid volume: Volume status must be available or error/);
    assert.deepEqual(cinder.attachments.delete({ ...alice, service: true }, a.id), []);
    assert.equal(status(), 'available');
    assert.deepEqual(cinder.store.volumes.get(volumeId)!.attachments, []);
    cinder.volumes.delete(alice, volumeId);
    await cinder.volumes.settled();
    assert.equal(cinder.store.volumes.get(volumeId), undefined);
  });

  it('a user may not delete an attachment Nova still uses (409, detach through Nova); Nova itself may', () => {
    const a = cinder.attachments.create(alice, { volumeId, instance: SERVER_1, connector: CONNECTOR });
    cinder.attachments.complete(alice, a.id);
    cinder.attachments.novaAttachmentOf = (server, volume) => (server === SERVER_1 && volume === volumeId ? a.id : undefined);
    const e = failure(() => cinder.attachments.delete(alice, a.id));
    assert.equal(e.status, 409);
    assert.equal(e.message, `Detach volume from instance ${SERVER_1} using the Compute API`);
    assert.equal(status(), 'in-use');
    cinder.attachments.delete({ ...alice, service: true }, a.id);
    assert.equal(status(), 'available');
  });

  it("another project's volume and attachments are 404s", () => {
    const a = cinder.attachments.create(alice, { volumeId, instance: SERVER_1 });
    assert.equal(failure(() => cinder.attachments.create(bob, { volumeId, instance: SERVER_2 })).message, `Volume ${volumeId} could not be found.`);
    assert.equal(failure(() => cinder.attachments.get(bob, a.id)).message, `Volume attachment could not be found with filter: attachment_id = ${a.id}.`);
    assert.deepEqual(cinder.attachments.list(bob, false, {}), []);
    assert.deepEqual(cinder.attachments.list(alice, false, { instance_id: SERVER_1 }).map((x) => x.id), [a.id]);
  });

  it('legacy actions: os-reserve / os-unreserve, os-attach, os-begin_detaching / os-roll_detaching, os-detach', () => {
    cinder.attachments.reserve(alice, volumeId);
    assert.equal(status(), 'attaching');
    assert.equal(failure(() => cinder.attachments.reserve(alice, volumeId)).message, 'Invalid volume: Volume status must be available to reserve, but the status is attaching.');
    cinder.attachments.unreserve(alice, volumeId);
    assert.equal(status(), 'available');
    assert.equal(
      failure(() => cinder.attachments.beginDetaching(alice, volumeId)).message,
      "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
    );
    const a = cinder.attachments.attach(alice, volumeId, { instance: SERVER_1, mountpoint: '/dev/vdb', mode: 'rw' });
    assert.equal(a.status, 'attached');
    assert.equal(status(), 'in-use');
    assert.equal(
      failure(() => cinder.attachments.attach(alice, volumeId, { instance: SERVER_2, mountpoint: '/dev/vdb', mode: 'rw' })).message,
      'Error attaching volume - InvalidVolume: volume is already attached and multiple attachments are not enabled',
    );
    cinder.attachments.beginDetaching(alice, volumeId);
    assert.equal(status(), 'detaching');
    cinder.attachments.rollDetaching(alice, volumeId);
    assert.equal(status(), 'in-use');
    cinder.attachments.detach(alice, volumeId, null);
    assert.equal(status(), 'available');
    assert.equal(cinder.attachments.ofVolume(volumeId).length, 0);
  });

  it('initialize_connection answers iSCSI connection info for the LVM target', () => {
    const info = cinder.attachments.initializeConnection(alice, volumeId, CONNECTOR) as { driver_volume_type: string; data: Record<string, unknown> };
    assert.equal(info.driver_volume_type, 'iscsi');
    assert.equal(info.data.target_portal, '10.0.2.15:3260');
    assert.equal(info.data.volume_id, volumeId);
  });
});
