import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, openstack, openstackJson, startInProcessLab } from '../support/lab';

/** Cinder QoS specs and volume backups (to the lab's object store) with the real CLI. */
describe('block storage QoS specs and backups through the real openstack CLI', () => {
  let lab: InProcessLab;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const ok = async (args: string[], who: 'admin' | 'demo' = 'admin') => {
    const r = await os(args, who);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

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

  it("refuses QoS specs to a project member with Cinder's policy message", async () => {
    const denied = await os(['volume', 'qos', 'create', 'mine'], 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow volume_extension:qos_specs_manage:create to be performed\. \(HTTP 403\)/);
    const list = await os(['volume', 'qos', 'list'], 'demo');
    assert.notEqual(list.code, 0);
    assert.match(list.stderr, /Policy doesn't allow volume_extension:qos_specs_manage:get_all to be performed\. \(HTTP 403\)/);
  });
});
