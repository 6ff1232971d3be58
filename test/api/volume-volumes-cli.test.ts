import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, type Json, openstack, openstackJson, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Cinder volumes and snapshots through the real openstack CLI (and a few raw requests for status codes and fault bodies). */
describe('Cinder volumes and snapshots through the real openstack CLI', () => {
  let lab: InProcessLab;
  const base = () => `http://127.0.0.1:${8776 + lab.portOffset}`;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  /** Waits (on the service's own backend steps, not on time) until every volume and snapshot has settled. */
  const settled = () => lab.engine.volume!.volumes.settled();
  let adminToken = '';
  let adminProject = '';

  const raw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base()}/v3/${adminProject}${path}`, {
      method,
      headers: { 'X-Auth-Token': adminToken, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  before(async () => {
    lab = await startInProcessLab();
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    adminProject = (await json<{ id: string }>(['project', 'show', 'admin'])).id;
  });
  after(async () => lab?.stop());

  it('volume create --size 1 answers creating, becomes available with a sparse 1 GiB file; list/show print Cinder fields', async () => {
    const created = await json(['volume', 'create', '--size', '1', 'v1']);
    assert.equal(created.status, 'creating');
    assert.equal(created.size, 1);
    assert.equal(created.type, '__DEFAULT__');
    assert.equal(created.bootable, 'false');
    await settled();
    const shown = await json(['volume', 'show', 'v1']);
    assert.equal(shown.status, 'available');
    assert.equal(shown.id, created.id);
    assert.equal(shown.availability_zone, 'nova');
    assert.equal(shown['os-vol-host-attr:host'], 'localhost@lvm#lvm');
    assert.equal(shown['os-vol-tenant-attr:tenant_id'], adminProject);
    for (const k of ['attachments', 'consistencygroup_id', 'created_at', 'description', 'encrypted', 'multiattach', 'os-vol-mig-status-attr:migstat', 'os-vol-mig-status-attr:name_id', 'properties', 'replication_status', 'snapshot_id', 'source_volid', 'updated_at', 'user_id']) {
      assert.ok(k in shown, `volume show prints ${k}`);
    }
    const file = join(lab.dataDir, 'disks', `volume-${created.id}`);
    assert.ok(existsSync(file), 'the volume file is in disks/');
    const st = statSync(file);
    assert.equal(st.size, 1024 ** 3);
    assert.ok(st.blocks * 512 < 1024 ** 2, 'the file is sparse');

    const list = await json<Json[]>(['volume', 'list']);
    assert.deepEqual(list.map((v) => [v.Name, v.Status, v.Size]), [['v1', 'available', 1]]);
    const long = await json<Json[]>(['volume', 'list', '--long']);
    assert.equal(long[0].Type, '__DEFAULT__');
    assert.equal(long[0].Bootable, 'false');
    const named = await json<Json[]>(['volume', 'list', '--name', 'nothing-like-it']);
    assert.equal(named.length, 0);
    const byStatus = await json<Json[]>(['volume', 'list', '--status', 'available']);
    assert.equal(byStatus.length, 1);
  });

  it('the demo user sees only its project\'s volumes; admin sees them all with --all-projects', async () => {
    const mine = await json(['volume', 'create', '--size', '1', 'demo-vol'], 'demo');
    await settled();
    const demoList = await json<Json[]>(['volume', 'list'], 'demo');
    assert.deepEqual(demoList.map((v) => v.Name), ['demo-vol']);
    const demoAll = await json<Json[]>(['volume', 'list', '--all-projects'], 'demo');
    assert.deepEqual(demoAll.map((v) => v.Name), ['demo-vol'], 'all_tenants is an admin\'s only');
    const hidden = await os(['volume', 'show', 'v1'], 'demo');
    assert.notEqual(hidden.code, 0);
    assert.match(hidden.stderr, /No volume with a name or ID of 'v1' exists/);
    const adminAll = await json<Json[]>(['volume', 'list', '--all-projects']);
    assert.deepEqual(adminAll.map((v) => v.Name).sort(), ['demo-vol', 'v1']);
    const adminOwn = await json<Json[]>(['volume', 'list']);
    assert.deepEqual(adminOwn.map((v) => v.Name), ['v1']);
    const demoShown = await json(['volume', 'show', mine.id], 'demo');
    assert.equal(demoShown['os-vol-host-attr:host'], undefined, 'the host attribute is admin-only');
    const del = await os(['volume', 'delete', 'demo-vol'], 'demo');
    assert.equal(del.code, 0, del.stderr);
    await settled();
    assert.equal((await json<Json[]>(['volume', 'list'], 'demo')).length, 0);
  });

  it('refuses bad sizes and unknown types with Cinder\'s status and fault', async () => {
    for (const size of [0, -1, 'x']) {
      const r = await raw('POST', '/volumes', { volume: { size, name: 'bad' } });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.badRequest.code, 400);
      assert.match(r.body.badRequest.message, /^Invalid input for field\/attribute size\. Value: /);
    }
    const t = await raw('POST', '/volumes', { volume: { size: 1, volume_type: 'nosuch' } });
    assert.equal(t.status, 404);
    assert.equal(t.body.itemNotFound.message, 'Volume type with name nosuch could not be found.');
    const cli = await os(['volume', 'create', '--size', '1', '--type', 'nosuch', 'vx']);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /Volume type with name nosuch could not be found\. \(HTTP 404\)/);
    const missing = await raw('GET', '/volumes/00000000-0000-0000-0000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, 'Volume 00000000-0000-0000-0000-000000000000 could not be found.');
    assert.equal((await json<Json[]>(['volume', 'list'])).length, 1, 'nothing was created');
  });
});
