import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Neutron quotas over HTTP: per-project limits, usage details, the listing, and OverQuota. */
describe('neutron quotas', () => {
  let lab: InProcessLab;
  let admin: string;
  let demo: string;
  let demoProject: string;
  let neutron: string;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${neutron}${path}`, { method, headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are checked field by field below
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, any>) };
  };

  before(async () => {
    lab = await startInProcessLab();
    neutron = `http://127.0.0.1:${9696 + lab.portOffset}`;
    admin = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir).OS_PASSWORD, 'admin');
    demo = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
    demoProject = lab.engine.identity!.projects.findByName('demo', 'default')!.id;
  });
  after(async () => lab.stop());

  it('lists only projects whose quotas differ from the defaults', async () => {
    assert.deepEqual((await call(admin, 'GET', '/v2.0/quotas')).body, { quotas: [] });
    const set = await call(admin, 'PUT', `/v2.0/quotas/${demoProject}`, { quota: { network: 1 } });
    assert.equal(set.status, 200);
    assert.equal(set.body!.quota.network, 1);
    const list = await call(admin, 'GET', '/v2.0/quotas');
    assert.deepEqual(list.body!.quotas.map((q: Record<string, unknown>) => [q.project_id, q.network]), [[demoProject, 1]]);
  });

  it('refuses the project past its limit with OverQuota, and the details show the usage', async () => {
    assert.equal((await call(demo, 'POST', '/v2.0/networks', { network: { name: 'one' } })).status, 201);
    const over = await call(demo, 'POST', '/v2.0/networks', { network: { name: 'two' } });
    assert.equal(over.status, 409);
    assert.deepEqual(over.body, { NeutronError: { type: 'OverQuota', message: "Quota exceeded for resources: ['network'].", detail: '' } });
    const details = await call(admin, 'GET', `/v2.0/quotas/${demoProject}/details`);
    assert.deepEqual(details.body!.quota.network, { limit: 1, used: 1, reserved: 0 });
    const nets = await call(demo, 'GET', '/v2.0/networks?name=two');
    assert.deepEqual(nets.body!.networks, [], 'nothing was created');
  });

  it('lets only an admin change quotas', async () => {
    const r = await call(demo, 'PUT', `/v2.0/quotas/${demoProject}`, { quota: { network: 50 } });
    assert.equal(r.status, 403);
    assert.equal(r.body!.NeutronError.type, 'PolicyNotAuthorized');
  });
});
