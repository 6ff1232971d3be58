import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LabClient } from '../../engine/cli/lab-client';
import { qcow2Image } from '../support/images';
import { type Json, neutronCall, openstack, openstackJson, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

/**
 * A lab without --instant: a server really is BUILD (scheduling, networking, spawning) for a
 * moment after the POST, refuses actions meanwhile, turns ACTIVE on its own, tells the GUI
 * through compute.server.* events, and deleting it while it is stopping or building cleans up.
 */
describe('server lifecycle with realistic delays', () => {
  let lab: ServeProcess;
  let token: string;
  let netId: string;
  let imageId: string;

  const compute = async (method: string, path: string, body?: unknown, version = '2.1'): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`http://127.0.0.1:${8774 + lab.portOffset}/v2.1${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': `compute ${version}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
  /** Polls the server until `done` holds (each poll is a GET; no timing is asserted). */
  const until = async (id: string, done: (s: Json | undefined) => boolean): Promise<Json | undefined> => {
    for (let i = 0; i < 200; i++) {
      const r = await compute('GET', `/servers/${id}`);
      const s = r.status === 404 ? undefined : (r.body.server as Json);
      if (done(s)) return s;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`server ${id} never reached the expected state`);
  };

  before(async () => {
    lab = await startServe(tempDir());
    token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir).OS_PASSWORD, 'admin');
    const net = await neutronCall(lab.portOffset, token, 'POST', '/networks', { network: { name: 'intnet' } });
    netId = net.body.network.id;
    await neutronCall(lab.portOffset, token, 'POST', '/subnets', { subnet: { network_id: netId, cidr: '10.5.5.0/24', ip_version: 4 } });
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, qcow2Image());
    imageId = (await openstackJson<Json>(lab.dataDir, ['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', file, 'cirros'])).id;
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('is BUILD right after the POST, refuses stop meanwhile, then turns ACTIVE by itself', async () => {
    const created = await compute('POST', '/servers', { server: { name: 'slow', flavorRef: '1', imageRef: imageId, networks: [{ uuid: netId }] } });
    assert.equal(created.status, 202);
    const id = created.body.server.id as string;
    const first = await compute('GET', `/servers/${id}`);
    assert.equal(first.body.server.status, 'BUILD');
    assert.equal(first.body.server['OS-EXT-STS:vm_state'], 'building');
    assert.deepEqual(first.body.server.addresses, {});
    const stop = await compute('POST', `/servers/${id}/action`, { 'os-stop': null });
    assert.equal(stop.status, 409);
    assert.equal(stop.body.conflictingRequest.message, `Cannot 'stop' instance ${id} while it is in vm_state building`);
    const active = await until(id, (s) => s?.status !== 'BUILD');
    assert.equal(active!.status, 'ACTIVE');
    assert.equal(active!['OS-EXT-STS:power_state'], 1);
    assert.match(JSON.stringify(active!.addresses), /10\.5\.5\./);

    // the GUI follows the same steps through the event stream
    const { events } = await new LabClient(lab.dataDir).call<{ events: { type: string; id?: string; data?: Json }[] }>('GET', '/events?since=0');
    const mine = events.filter((e) => e.id === id && e.type.startsWith('compute.server.'));
    assert.equal(mine[0].type, 'compute.server.created');
    assert.equal(mine[0].data!.status, 'BUILD');
    const tasks = mine.map((e) => e.data!.task_state);
    for (const t of ['scheduling', 'networking', 'spawning']) assert.ok(tasks.includes(t), `${t} in ${tasks.join(',')}`);
    assert.equal(mine[mine.length - 1].data!.status, 'ACTIVE');

    // stop takes a moment too: powering-off first, then SHUTOFF
    const r = await openstack(lab.dataDir, ['server', 'stop', id]);
    assert.equal(r.code, 0, r.stderr);
    const stopped = await until(id, (s) => s?.status === 'SHUTOFF');
    assert.equal(stopped!['OS-EXT-STS:task_state'], null);
  });

  it('PUT answers the short document before 2.75 and the whole server from 2.75', async () => {
    const id = (await compute('GET', '/servers')).body.servers[0].id as string;
    const short = await compute('PUT', `/servers/${id}`, { server: { name: 'renamed' } });
    assert.equal(short.status, 200);
    assert.equal(short.body.server.name, 'renamed');
    for (const k of ['OS-EXT-STS:vm_state', 'OS-EXT-AZ:availability_zone', 'key_name', 'OS-SRV-USG:launched_at', 'OS-EXT-SRV-ATTR:host', 'os-extended-volumes:volumes_attached'])
      assert.ok(!(k in short.body.server), `${k} not in the 2.1 answer`);
    assert.deepEqual(Object.keys(Object.values(short.body.server.addresses as Json)[0][0]).sort(), ['addr', 'version']);
    const whole = await compute('PUT', `/servers/${id}`, { server: { description: 'from 2.75' } }, '2.75');
    assert.equal(whole.body.server.description, 'from 2.75');
    for (const k of ['OS-EXT-STS:vm_state', 'OS-EXT-AZ:availability_zone', 'key_name', 'OS-EXT-SRV-ATTR:host', 'host_status', 'locked_reason'])
      assert.ok(k in whole.body.server, `${k} in the 2.75 answer`);
    const bad = await compute('PUT', `/servers/${id}`, { server: { description: 'x' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.badRequest.message, "Additional properties are not allowed ('description' was unexpected)");
  });

  it('deleting a server while it builds leaves no port and no allocation behind', async () => {
    const created = await compute('POST', '/servers', { server: { name: 'gone', flavorRef: '1', imageRef: imageId, networks: [{ uuid: netId }] } });
    const id = created.body.server.id as string;
    assert.equal((await compute('DELETE', `/servers/${id}`)).status, 204);
    await until(id, (s) => s === undefined);
    const ports = await neutronCall(lab.portOffset, token, 'GET', `/ports?device_id=${id}`);
    assert.deepEqual(ports.body.ports, []);
    const listed = await compute('GET', '/servers/detail?deleted=true', undefined, '2.1');
    assert.ok(listed.body.servers.some((s: Json) => s.id === id && s.status === 'DELETED'));
  });

  it('concurrent creates never pass the instance quota', async () => {
    const r = await openstack(lab.dataDir, ['quota', 'set', '--instances', '3', 'admin']);
    assert.equal(r.code, 0, r.stderr);
    const before = (await compute('GET', '/servers')).body.servers.length as number;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => compute('POST', '/servers', { server: { name: `burst-${i}`, flavorRef: '1', imageRef: imageId, networks: [{ uuid: netId }] } })),
    );
    const accepted = answers.filter((a) => a.status === 202).length;
    assert.equal(accepted, 3 - before);
    for (const a of answers.filter((x) => x.status !== 202)) {
      assert.equal(a.status, 403);
      assert.match(a.body.forbidden.message, /^Quota exceeded for instances: Requested 1, but already used 3 of 3 instances$/);
    }
    assert.equal((await compute('GET', '/servers')).body.servers.length, 3);
  });
});
