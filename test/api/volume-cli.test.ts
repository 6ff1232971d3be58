import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, openstack, openstackJson, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Cinder v3 on 8776+offset: version discovery and the catalog entry, with the real CLI. */
describe('block storage (Cinder v3) through the real openstack CLI', () => {
  let lab: InProcessLab;
  const base = () => `http://127.0.0.1:${8776 + lab.portOffset}`;

  before(async () => {
    lab = await startInProcessLab();
  });
  after(async () => lab?.stop());

  it('answers version discovery with the v3 microversion range', async () => {
    const root = await fetch(`${base()}/`);
    assert.equal(root.status, 300);
    const body = (await root.json()) as { versions: { id: string; min_version: string; version: string; status: string }[] };
    assert.deepEqual(body.versions.map((v) => [v.id, v.status, v.min_version, v.version]), [['v3.0', 'CURRENT', '3.0', '3.70']]);
    const v3 = await fetch(`${base()}/v3`);
    assert.equal(v3.status, 200);
  });

  it('is in the catalog as cinderv3 with the project in its URL', async () => {
    const eps = await openstackJson<{ 'Service Name': string; 'Service Type': string; URL: string }[]>(lab.dataDir, ['endpoint', 'list', '--service', 'volumev3']);
    assert.ok(eps.length > 0, 'volumev3 endpoints listed');
    for (const ep of eps) {
      assert.equal(ep['Service Name'], 'cinderv3');
      assert.match(ep.URL, /:\d+\/v3\/%\(tenant_id\)s$/);
    }
    const r = await openstack(lab.dataDir, ['versions', 'show', '--service', 'block-storage', '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { 'Max Microversion': string; 'Min Microversion': string }[];
    assert.ok(rows.some((row) => row['Max Microversion'] === '3.70' && row['Min Microversion'] === '3.0'), r.stdout);
  });

  it('renders faults in Cinder\'s body for an unknown path', async () => {
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    const res = await fetch(`${base()}/v3/nothing-here`, { headers: { 'X-Auth-Token': token } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { itemNotFound?: { code: number; message: string } };
    assert.equal(body.itemNotFound?.code, 404);
  });
  it("refuses a URL naming another project than the token's (Cinder's 400 \"Malformed request url\"), even for admin, and makes nothing", async () => {
    const demo = await openstackJson<{ id: string }>(lab.dataDir, ['project', 'show', 'demo']);
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
    const list = await fetch(`${base()}/v3/${demo.id}/volumes`, { headers });
    assert.equal(list.status, 400);
    assert.deepEqual(await list.json(), { badRequest: { message: 'Malformed request url', code: 400 } });
    const made = await fetch(`${base()}/v3/${demo.id}/volumes`, { method: 'POST', headers, body: JSON.stringify({ volume: { size: 1, name: 'elsewhere' } }) });
    assert.equal(made.status, 400);
    const all = await openstackJson<{ Name: string }[]>(lab.dataDir, ['volume', 'list', '--all-projects']);
    assert.ok(!all.some((v) => v.Name === 'elsewhere'), JSON.stringify(all));
    // the token's own project in the URL still works
    const mine = await openstackJson<{ id: string }>(lab.dataDir, ['project', 'show', 'admin']);
    const ok = await fetch(`${base()}/v3/${mine.id}/volumes`, { headers });
    assert.equal(ok.status, 200);
  });
  it('volume type create --property / list / show / set / delete, with __DEFAULT__ as Cinder has it', async () => {
    const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
    const created = await os(['volume', 'type', 'create', '--property', 'volume_backend_name=lvm', 'ssd', '-f', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const ssd = JSON.parse(created.stdout) as { id: string; name: string; properties: Record<string, string> | string };
    assert.equal(ssd.name, 'ssd');
    const list = await openstackJson<{ Name: string; 'Is Public': boolean }[]>(lab.dataDir, ['volume', 'type', 'list']);
    assert.deepEqual(list.map((t) => t.Name).sort(), ['__DEFAULT__', 'ssd']);
    const shown = await openstackJson<{ id: string; properties: unknown }>(lab.dataDir, ['volume', 'type', 'show', 'ssd']);
    assert.equal(shown.id, ssd.id);
    assert.match(JSON.stringify(shown.properties), /volume_backend_name.*lvm/);
    const again = await os(['volume', 'type', 'create', 'ssd']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already exists.*HTTP 409/s);
    const denied = await os(['volume', 'type', 'create', 'mine'], 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow volume_extension:types_manage to be performed.*HTTP 403/s);
    const demoList = await openstackJson<{ Name: string }[]>(lab.dataDir, ['volume', 'type', 'list'], { who: 'demo' });
    assert.ok(demoList.some((t) => t.Name === 'ssd'));
    const defDel = await os(['volume', 'type', 'delete', '__DEFAULT__']);
    assert.notEqual(defDel.code, 0);
    const setR = await os(['volume', 'type', 'set', '--property', 'iops=100', 'ssd']);
    assert.equal(setR.code, 0, setR.stderr);
    const after1 = await openstackJson<{ properties: unknown }>(lab.dataDir, ['volume', 'type', 'show', 'ssd']);
    assert.match(JSON.stringify(after1.properties), /iops.*100/);
    const del = await os(['volume', 'type', 'delete', 'ssd']);
    assert.equal(del.code, 0, del.stderr);
    const missing = await os(['volume', 'type', 'show', 'ssd']);
    assert.notEqual(missing.code, 0);
  });

  it('a volume type that volumes still have is not deleted (Cinder\'s VolumeTypeInUse)', async () => {
    const os = (args: string[]) => openstack(lab.dataDir, args);
    assert.equal((await os(['volume', 'type', 'create', 'used'])).code, 0);
    const v = await openstackJson<{ id: string }>(lab.dataDir, ['volume', 'create', '--size', '1', '--type', 'used', 'typed']);
    await lab.engine.volume!.volumes.settled();
    const refused = await os(['volume', 'type', 'delete', 'used']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /deletion is not allowed with volumes present with the type/);
    assert.equal((await os(['volume', 'type', 'show', 'used'])).code, 0, 'the type is still there');
    assert.equal((await os(['volume', 'delete', v.id])).code, 0);
    await lab.engine.volume!.volumes.settled();
    assert.equal((await os(['volume', 'type', 'delete', 'used'])).code, 0);
  });
});
