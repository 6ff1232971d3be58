import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, type Json, openstack, openstackJson, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Cinder's os-quota-sets, os-quota-class-sets and limits, through the real CLI (quota show/set/list, limits show). */
describe('block storage quotas and limits through the real openstack CLI', () => {
  let lab: InProcessLab;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const cinder = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${8776 + lab.portOffset}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  before(async () => {
    lab = await startInProcessLab();
  });
  after(async () => lab?.stop());

  it("quota show has Cinder's defaults beside Nova's and Neutron's, per volume type too", async () => {
    const q = await json(['quota', 'show', 'demo']);
    assert.equal(q.volumes, 10);
    assert.equal(q.snapshots, 10);
    assert.equal(q.gigabytes, 1000);
    assert.equal(q.backups, 10);
    assert.equal(q['backup-gigabytes'], 1000);
    assert.equal(q['per-volume-gigabytes'], -1);
    assert.equal(q.volumes___DEFAULT__, -1);
    assert.equal(q.instances, 10, 'the compute part is still there');
  });

  it('quota set changes a project and leaves the defaults; quota list --volume lists only what differs', async () => {
    const set = await os(['quota', 'set', '--volumes', '5', '--gigabytes', '20', '--per-volume-gigabytes', '8', 'demo']);
    assert.equal(set.code, 0, set.stderr);
    const q = await json(['quota', 'show', 'demo']);
    assert.equal(q.volumes, 5);
    assert.equal(q.gigabytes, 20);
    assert.equal(q['per-volume-gigabytes'], 8);
    assert.equal(q.snapshots, 10);
    assert.equal((await json(['quota', 'show', '--default', 'demo'])).volumes, 10);
    const listed = await json<Json[]>(['quota', 'list', '--volume']);
    const demo = await json(['project', 'show', 'demo']);
    assert.deepEqual(listed.map((r) => r['Project ID']), [demo.id], JSON.stringify(listed));
    assert.equal(listed[0].Volumes, 5);
  });

  it('refuses bad values and unknown keys with Cinder\'s 400 and changes nothing', async () => {
    const neg = await os(['quota', 'set', '--volumes', '-5', 'demo']);
    assert.notEqual(neg.code, 0);
    assert.match(neg.stderr, /volumes must be >= -1.*HTTP 400/s);
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    const demo = await json(['project', 'show', 'demo']);
    const admin = await json(['project', 'show', 'admin']);
    const bad = await cinder('PUT', `/v3/${admin.id}/os-quota-sets/${demo.id}`, token, { quota_set: { volumes: 3, bogus: 1 } });
    assert.deepEqual(bad, { status: 400, body: { badRequest: { code: 400, message: 'Bad key(s) in quota set: bogus' } } });
    const notInt = await cinder('PUT', `/v3/${admin.id}/os-quota-sets/${demo.id}`, token, { quota_set: { volumes: 'x' } });
    assert.equal(notInt.status, 400);
    assert.equal(notInt.body.badRequest.message, 'Invalid input received: volumes must be an integer.');
    assert.equal((await json(['quota', 'show', 'demo'])).volumes, 5, 'nothing changed');
  });

  it("the demo member reads its own quotas and limits but may not set them (Cinder's policy)", async () => {
    const token = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
    const demo = await json(['project', 'show', 'demo']);
    const admin = await json(['project', 'show', 'admin']);
    const own = await cinder('GET', `/v3/${demo.id}/os-quota-sets/${demo.id}?usage=True`, token);
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.quota_set.volumes, { limit: 5, in_use: 0, reserved: 0 });
    const other = await cinder('GET', `/v3/${demo.id}/os-quota-sets/${admin.id}`, token);
    assert.deepEqual(other, { status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:show to be performed." } } });
    const denied = await cinder('PUT', `/v3/${demo.id}/os-quota-sets/${demo.id}`, token, { quota_set: { volumes: 50 } });
    assert.deepEqual(denied, { status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:update to be performed." } } });
    const limits = await json<Json[]>(['limits', 'show', '--absolute'], 'demo');
    const byName = Object.fromEntries(limits.map((l) => [l.Name, l.Value]));
    assert.equal(byName.maxTotalVolumes, 5);
    assert.equal(byName.maxTotalVolumeGigabytes, 20);
    assert.equal(byName.totalVolumesUsed, 0);
    assert.equal(byName.maxTotalInstances, 10, "Nova's limits are listed too");
  });

  it('the default quota class sets what every project without its own limits gets', async () => {
    const set = await os(['quota', 'set', '--class', '--snapshots', '12', 'default']);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await json(['quota', 'show', 'admin'])).snapshots, 12);
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    const demo = await json(['project', 'show', 'demo']);
    const admin = await json(['project', 'show', 'admin']);
    // (openstackclient 6.0's `quota show --class` also asks Neutron for a project named like the class, and fails)
    const cls = await cinder('GET', `/v3/${admin.id}/os-quota-class-sets/default`, token);
    assert.equal(cls.body.quota_class_set.snapshots, 12);
    assert.equal(cls.body.quota_class_set.id, 'default');
    const del = await cinder('DELETE', `/v3/${admin.id}/os-quota-sets/${demo.id}`, token);
    assert.equal(del.status, 200);
    assert.equal((await json(['quota', 'show', 'demo'])).volumes, 10, 'back to the defaults');
  });
});
