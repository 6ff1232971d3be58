import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { VolumeService } from '.';
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

describe('group types, groups, group snapshots and QoS specs (Cinder, no HTTP)', () => {
  let dir: string;
  let db: LabDatabase;
  let cinder: VolumeService;
  let ssd: string;
  const open = () => new VolumeService({ db, clock: new ManualClock(), events: new EventBus(), disksDir: join(dir, 'disks') });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacklab-cinder-groups-'));
    db = new LabDatabase(join(dir, 'lab.db'));
    cinder = open();
    ssd = cinder.types.create({ name: 'ssd' }).id;
    cinder.groupTypes.create({ name: 'gt1' });
  });
  afterEach(async () => {
    await cinder.volumes.settled();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const volumeIn = async (caller: VolumeCaller, name: string, type = 'ssd') => {
    const v = cinder.volumes.create(caller, { size: 1, name, volumeType: type });
    await cinder.volumes.settled();
    return v;
  };

  it('default_cgsnapshot_type is there once, and groups of it are refused', () => {
    open();
    const reserved = cinder.store.groupTypes.where({ name: 'default_cgsnapshot_type' });
    assert.equal(reserved.length, 1);
    assert.deepEqual(reserved[0].group_specs, { consistent_group_snapshot_enabled: '<is> True' });
    const e = failure(() => cinder.groups.create(alice, { group_type: 'default_cgsnapshot_type', volume_types: ['ssd'] }));
    assert.equal(e.status, 400);
    assert.match(e.message, /is reserved for migrating CGs to groups/);
    assert.equal(cinder.store.groups.count(), 0);
  });

  it('a bad group create writes nothing: unknown types are 404s, the groups quota a 413', () => {
    assert.equal(failure(() => cinder.groups.create(alice, { group_type: 'nope', volume_types: ['ssd'] })).message, 'Group type with name nope could not be found.');
    assert.equal(failure(() => cinder.groups.create(alice, { group_type: 'gt1', volume_types: ['ssd', 'hdd'] })).message, 'Volume type hdd could not be found.');
    assert.equal(failure(() => cinder.groups.create(alice, { group_type: 'gt1', volume_types: [] })).status, 400);
    cinder.quotas.update('p-alice', { groups: 1 });
    cinder.groups.create(alice, { group_type: 'gt1', volume_types: ['ssd'], name: 'g1' });
    const over = failure(() => cinder.groups.create(alice, { group_type: 'gt1', volume_types: ['ssd'], name: 'g2' }));
    assert.equal(over.status, 413);
    assert.equal(over.message, 'Maximum number of groups allowed (1) exceeded');
    assert.deepEqual(cinder.store.groups.all().map((g) => g.name), ['g1']);
    assert.equal(cinder.quotas.usage('p-alice').groups, 1);
  });

  it('creating → available after the call; a group left creating by a stop is finished at start', async () => {
    const g = cinder.groups.create(alice, { group_type: 'gt1', volume_types: [ssd] });
    assert.equal(g.status, 'creating');
    await cinder.volumes.settled();
    assert.equal(cinder.groups.get(alice, g.id).status, 'available');
    cinder.store.groups.put({ ...cinder.store.groups.get(g.id)!, status: 'creating' });
    const again = open();
    await again.volumes.settled();
    assert.equal(again.groups.get(alice, g.id).status, 'available');
  });

  it('add_volumes checks every volume before any joins; remove_volumes only members', async () => {
    const g = cinder.groups.create(alice, { group_type: 'gt1', volume_types: [ssd] });
    await cinder.volumes.settled();
    const v1 = await volumeIn(alice, 'v1');
    const plain = await volumeIn(alice, 'plain', '__DEFAULT__');
    const theirs = await volumeIn(bob, 'theirs');
    const wrongType = failure(() => cinder.groups.update(alice, g.id, { add_volumes: `${v1.id},${plain.id}` }));
    assert.match(wrongType.message, /because volume type .* is not supported by the group\.$/);
    assert.equal(cinder.store.volumes.get(v1.id)!.group_id, null, 'nothing joined');
    assert.match(failure(() => cinder.groups.update(alice, g.id, { add_volumes: theirs.id })).message, /as they belong to different projects\.$/);
    assert.match(failure(() => cinder.groups.update(alice, g.id, { add_volumes: v1.id, remove_volumes: v1.id })).message, /are in both add and remove volume list\.$/);
    cinder.groups.update(alice, g.id, { add_volumes: v1.id });
    assert.equal(cinder.store.volumes.get(v1.id)!.group_id, g.id);
    assert.match(failure(() => cinder.groups.update(alice, g.id, { remove_volumes: plain.id })).message, /because it is not in the group\.$/);
    cinder.groups.update(alice, g.id, { remove_volumes: v1.id });
    assert.equal(cinder.store.volumes.get(v1.id)!.group_id, null);
    // group_id on a volume create goes through the same checks
    assert.match(failure(() => cinder.volumes.create(alice, { size: 1, groupId: g.id })).message, /not supported by the group/);
    assert.equal(failure(() => cinder.volumes.create(bob, { size: 1, volumeType: 'ssd', groupId: g.id })).status, 404);
  });

  it('a group snapshot takes one snapshot per member; over the snapshots quota nothing is written', async () => {
    const g = cinder.groups.create(alice, { group_type: 'gt1', volume_types: [ssd] });
    const a = await volumeIn(alice, 'a');
    const b = await volumeIn(alice, 'b');
    cinder.groups.update(alice, g.id, { add_volumes: `${a.id},${b.id}` });
    cinder.quotas.update('p-alice', { snapshots: 1 });
    const over = failure(() => cinder.groupSnapshots.create(alice, { group_id: g.id, name: 'gs' }));
    assert.equal(over.status, 413);
    assert.equal(cinder.store.groupSnapshots.count(), 0);
    assert.equal(cinder.store.snapshots.count(), 0);
    cinder.quotas.update('p-alice', { snapshots: 10 });
    const gs = cinder.groupSnapshots.create(alice, { group_id: g.id, name: 'gs' });
    await cinder.volumes.settled();
    assert.equal(cinder.groupSnapshots.get(alice, gs.id).status, 'available');
    const snaps = cinder.groupSnapshots.snapshots(gs.id);
    assert.deepEqual(snaps.map((s) => s.volume_id).sort(), [a.id, b.id].sort());
    assert.ok(snaps.every((s) => s.status === 'available' && s.name === 'gs' && existsSync(cinder.disks.abs(s.path))));
    // the group stays while it has group snapshots; the group snapshot takes its snapshots with it
    assert.equal(failure(() => cinder.groups.delete(alice, g.id, true)).message, 'Invalid Group: Group has existing snapshots.');
    cinder.groupSnapshots.delete(alice, gs.id);
    await cinder.volumes.settled();
    assert.equal(cinder.store.snapshots.count(), 0);
    assert.ok(snaps.every((s) => !existsSync(cinder.disks.abs(s.path))));
    // delete-volumes takes the members, rows and files
    assert.match(failure(() => cinder.groups.delete(alice, g.id, false)).message, /still contains volumes\. The delete-volumes flag is required to delete it\.$/);
    cinder.groups.delete(alice, g.id, true);
    await cinder.volumes.settled();
    assert.equal(cinder.store.groups.count(), 0);
    assert.equal(cinder.store.volumes.count(), 0);
    assert.ok(!existsSync(cinder.disks.abs(a.path)));
  });

  it('create-from-src makes one volume per snapshot of the group snapshot, in the new group; an empty source is refused', async () => {
    const g = cinder.groups.create(alice, { group_type: 'gt1', volume_types: [ssd] });
    const a = await volumeIn(alice, 'a');
    cinder.groups.update(alice, g.id, { add_volumes: a.id });
    const gs = cinder.groupSnapshots.create(alice, { group_id: g.id });
    await cinder.volumes.settled();
    const g2 = cinder.groups.createFromSource(alice, { group_snapshot_id: gs.id, name: 'g2' });
    assert.equal(g2.status, 'creating');
    await cinder.volumes.settled();
    assert.equal(cinder.groups.get(alice, g2.id).status, 'available');
    const made = cinder.groups.volumes(g2.id);
    assert.equal(made.length, 1);
    assert.equal(made[0].snapshot_id, cinder.groupSnapshots.snapshots(gs.id)[0].id);
    assert.equal(made[0].status, 'available');
    const empty = cinder.groups.create(alice, { group_type: 'gt1', volume_types: [ssd] });
    assert.equal(failure(() => cinder.groups.createFromSource(alice, { source_group_id: empty.id })).message, 'Invalid Group: Source Group is empty. No group will be created.');
    assert.equal(failure(() => cinder.groups.createFromSource(alice, {})).status, 400);
    assert.equal(cinder.store.groups.count(), 3);
  });

  it('a group type in use is kept; its specs change only as a whole valid map', () => {
    const gt = cinder.groupTypes.byNameOrId('gt1');
    cinder.groups.create(alice, { group_type: gt.id, volume_types: [ssd] });
    assert.equal(failure(() => cinder.groupTypes.delete(gt.id)).message, `Group Type ${gt.id} deletion is not allowed with groups present with the type.`);
    assert.equal(failure(() => cinder.groupTypes.setSpecs(gt.id, { ok: 'x', bad: { nested: 1 } })).status, 400);
    assert.deepEqual(cinder.groupTypes.get(gt.id).group_specs, {});
    assert.equal(failure(() => cinder.groupTypes.create({ name: 'gt1' })).message, 'Group Type gt1 already exists.');
  });

  it('QoS specs: a type takes one; delete_keys and an in-use delete are all or nothing', () => {
    const q1 = cinder.qos.create({ name: 'q1', consumer: 'front-end', read_iops_sec: '1000', write_iops_sec: 500 });
    assert.deepEqual(q1.specs, { read_iops_sec: '1000', write_iops_sec: '500' });
    assert.equal(cinder.qos.create({ name: 'q0' }).consumer, 'back-end');
    assert.equal(failure(() => cinder.qos.create({ name: 'q9', consumer: 'sideways' })).status, 400);
    const q2 = cinder.qos.create({ name: 'q2' });
    cinder.qos.associate(q1.id, ssd);
    assert.equal(cinder.types.get('ssd').qos_specs_id, q1.id);
    assert.match(failure(() => cinder.qos.associate(q2.id, ssd)).message, /^Invalid volume type: Type .* is already associated with another qos specs: /);
    assert.equal(failure(() => cinder.qos.deleteKeys(q1.id, ['read_iops_sec', 'nothing'])).status, 404);
    assert.deepEqual(cinder.qos.get(q1.id).specs, { read_iops_sec: '1000', write_iops_sec: '500' });
    assert.equal(failure(() => cinder.qos.delete(q1.id, false)).message, 'Qos specs still in use.');
    assert.equal(cinder.types.get('ssd').qos_specs_id, q1.id);
    cinder.qos.delete(q1.id, true);
    assert.equal(cinder.types.get('ssd').qos_specs_id, null);
    assert.deepEqual(cinder.qos.list().map((q) => q.name), ['q0', 'q2']);
  });
});
