import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../engine/core/clock';
import { type InProcessLab, type Json, passwordToken, rcEnv, startInProcessLab, tempDir } from '../support/lab';

/**
 * Nova's compute hosts as the lab runs them: each host's service, compute node and Placement
 * provider; nova-compute going down service_down_time after its unit stops; aggregates mirrored
 * into Placement; quota checks worded as Nova words them; the default flavors created only once.
 */
describe('compute services, hosts and quotas in a running lab', () => {
  let lab: InProcessLab;
  let token = '';
  const dataDir = tempDir();
  const clock = new ManualClock(new Date());
  const nova = () => lab.engine.compute!;
  const sh = async (line: string) => {
    const s = lab.engine.host!.openSession();
    return lab.engine.host!.run(s.id, line);
  };
  const call = async (port: number, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port + lab.portOffset}${path}`, { headers: { 'X-Auth-Token': token, ...headers } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const state = () => nova().services.list({ binary: 'nova-compute' })[0].state;

  before(async () => {
    lab = await startInProcessLab({ clock, dataDir });
    token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(dataDir, 'admin').OS_PASSWORD, 'admin');
  });
  after(async () => lab.stop());

  it('registers the host\'s compute node in Placement under the hypervisor id', async () => {
    const hv = (await call(8774, '/v2.1/os-hypervisors/detail', { 'OpenStack-API-Version': 'compute 2.53' })).body.hypervisors[0];
    assert.equal(hv.hypervisor_hostname, 'localhost');
    const rp = await call(8778, `/resource_providers/${hv.id}`);
    assert.equal(rp.status, 200);
    assert.equal(rp.body.name, 'localhost');
    const inv = (await call(8778, `/resource_providers/${hv.id}/inventories`)).body.inventories;
    assert.equal(inv.VCPU.total, hv.vcpus);
    assert.equal(inv.VCPU.allocation_ratio, 16);
    assert.equal(inv.MEMORY_MB.total, hv.memory_mb);
    assert.equal(inv.MEMORY_MB.reserved, 512);
    assert.equal(inv.DISK_GB.total, hv.local_gb);
    assert.equal(nova().services.nodeUuid('localhost'), hv.id);
  });

  it('shows nova-compute down once its unit has been stopped longer than service_down_time', async () => {
    assert.equal(state(), 'up');
    assert.equal((await sh('systemctl stop openstack-nova-compute')).code, 0);
    clock.advance(30_000);
    assert.equal(state(), 'up', 'still within service_down_time');
    assert.equal(nova().services.isUp('localhost'), true);
    clock.advance(31_000);
    assert.equal(state(), 'down');
    assert.equal(nova().services.isUp('localhost'), false);
    const hv = (await call(8774, '/v2.1/os-hypervisors')).body.hypervisors[0];
    assert.equal(hv.state, 'down');
    assert.equal((await sh('systemctl start openstack-nova-compute')).code, 0);
    assert.equal(state(), 'up');
  });

  it('forces a service down at once and back up', () => {
    const id = nova().services.list({ binary: 'nova-compute' })[0].id;
    nova().services.update(id, { forced_down: true });
    assert.equal(nova().services.isUp('localhost'), false);
    nova().services.update(id, { forced_down: false });
    assert.equal(nova().services.isUp('localhost'), true);
    nova().services.update(id, { disabled: true, disabled_reason: 'x' });
    assert.equal(nova().services.isEnabled('localhost'), false);
    nova().services.update(id, { disabled: false });
    assert.equal(nova().services.isEnabled('localhost'), true);
  });

  it('mirrors aggregate membership onto the compute node\'s provider', async () => {
    const a = nova().aggregates.create('agg-p', 'az9');
    nova().aggregates.addHost(a.id, 'localhost');
    const node = nova().services.nodeUuid('localhost')!;
    const aggs = (await call(8778, `/resource_providers/${node}/aggregates`, { 'OpenStack-API-Version': 'placement 1.19' })).body.aggregates;
    assert.deepEqual(aggs, [a.uuid]);
    assert.equal(nova().aggregates.zoneOf('localhost'), 'az9');
    nova().aggregates.removeHost(a.id, 'localhost');
    assert.deepEqual((await call(8778, `/resource_providers/${node}/aggregates`, { 'OpenStack-API-Version': 'placement 1.19' })).body.aggregates, []);
    assert.equal(nova().aggregates.zoneOf('localhost'), 'nova');
    nova().aggregates.delete(a.id);
  });

  it('words over-quota refusals as Nova does', () => {
    const q = nova().quotas;
    assert.throws(() => q.check('p1', 'u1', { instances: 11, cores: 11, ram: 512 }), {
      status: 403,
      message: 'Quota exceeded for instances: Requested 11, but already used 0 of 10 instances',
    });
    assert.throws(() => q.check('p1', 'u1', { instances: 11, cores: 22, ram: 512 }), {
      status: 403,
      message: 'Quota exceeded for cores, instances: Requested 22, 11, but already used 0, 0 of 20, 10 cores, instances',
    });
    q.check('p1', 'u1', { instances: 10, cores: 20, ram: 51200 });
    q.update('p1', null, { ram: 1024 }, false);
    assert.throws(() => q.check('p1', 'u1', { instances: 1, cores: 1, ram: 2048 }), { message: 'Quota exceeded for ram: Requested 2048, but already used 0 of 1024 ram' });
    q.update('p1', null, { key_pairs: 1 }, false);
    nova().keypairs.create('u1', 'p1', 'only', 'ssh');
    assert.throws(() => nova().keypairs.create('u1', 'p1', 'second', 'ssh'), { status: 403, message: 'Quota exceeded, too many key pairs.' });
    q.update('p1', null, { server_groups: 0 }, false);
    assert.throws(() => nova().serverGroups.create({ name: 'g', policy: 'affinity', projectId: 'p1', userId: 'u1' }), { status: 403, message: 'Quota exceeded, too many server groups.' });
    assert.throws(() => q.update('p1', null, { key_pairs: -2 }, false));
  });

  it('deletes a compute service, which registers again only when nova-compute restarts', async () => {
    const old = nova().services.list({ binary: 'nova-compute' })[0];
    const node = nova().services.nodeUuid('localhost')!;
    const del = await fetch(`http://127.0.0.1:${8774 + lab.portOffset}/v2.1/os-services/${old.id}`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': 'compute 2.53' },
    });
    assert.equal(del.status, 204);
    assert.deepEqual(nova().services.list({ binary: 'nova-compute' }), []);
    assert.equal(nova().services.isUp('localhost'), false);
    assert.equal((await call(8778, `/resource_providers/${node}`)).status, 404);
    assert.equal((await sh('systemctl restart openstack-nova-compute')).code, 0);
    assert.deepEqual(nova().services.list({ binary: 'nova-compute' }), [], 'a restart the service never noticed changes nothing');
    await sh('systemctl stop openstack-nova-compute');
    assert.deepEqual(nova().services.list({ binary: 'nova-compute' }), []);
    await sh('systemctl start openstack-nova-compute');
    const again = nova().services.list({ binary: 'nova-compute' });
    assert.equal(again.length, 1);
    assert.notEqual(again[0].id, old.id);
    assert.equal(again[0].state, 'up');
    const newNode = nova().services.nodeUuid('localhost')!;
    assert.notEqual(newNode, node);
    assert.equal((await call(8778, `/resource_providers/${newNode}`)).body.name, 'localhost');
  });

  it('creates the default flavors only on the first start', async () => {
    nova().flavors.delete('1');
    await lab.stop();
    lab = await startInProcessLab({ clock, dataDir, portOffset: lab.portOffset });
    token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(dataDir, 'admin').OS_PASSWORD, 'admin');
    const ids = nova()
      .flavors.list({ isPublic: null, projectId: null, isAdmin: true })
      .map((f) => f.id);
    assert.deepEqual(ids, ['2', '3', '4', '5']);
    // the compute service and node survive the restart with the same ids
    assert.equal(nova().services.list({ binary: 'nova-compute' }).length, 1);
    assert.equal(nova().services.nodes().length, 1);
  });
});
