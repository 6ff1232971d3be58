import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Json, openstack, openstackJson, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

/**
 * Placement through the real osc-placement plugin against `stacklab serve`: providers, inventory
 * with allocation ratios, traits, aggregates, allocations, usages, allocation candidates, custom
 * resource classes, and the failures a student meets (demo's 403, 404, generation conflicts).
 * Other providers may already exist (Nova registers the lab's compute host): ours are found by name.
 */
describe('placement through the real openstack CLI', () => {
  let lab: ServeProcess;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[]) => openstackJson<T>(lab.dataDir, args);
  let rp = '';
  const consumer = '6f1d2a35-8c1e-4a55-9d0b-3a2f1e0c9b7d';
  let token = '';
  const call = async (method: string, path: string, body?: unknown, version = '1.39'): Promise<{ status: number; body: Json; headers: Headers }> => {
    const res = await fetch(`http://127.0.0.1:${8778 + lab.portOffset}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': `placement ${version}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
  };

  before(async () => {
    lab = await startServe(tempDir());
    const env = rcEnv(lab.dataDir, 'admin');
    token = await passwordToken(lab.keystoneUrl, 'admin', env.OS_PASSWORD, 'admin');
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('lists placement in the catalog on 8778 with no path, and answers version discovery', async () => {
    const r = await os(['endpoint', 'list', '--service', 'placement', '-f', 'value', '-c', 'URL']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^http://127\\.0\\.0\\.1:${8778 + lab.portOffset}$`, 'm'));
    const res = await fetch(`http://127.0.0.1:${8778 + lab.portOffset}/`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Json;
    assert.deepEqual(body.versions[0], { id: 'v1.0', max_version: '1.39', min_version: '1.0', status: 'CURRENT', links: [{ rel: 'self', href: '' }] });
    assert.equal(res.headers.get('openstack-api-version'), 'placement 1.0');
    const too = await call('GET', '/', undefined, '1.40');
    assert.equal(too.status, 406);
    assert.equal(too.body.errors[0].max_version, '1.39');
    assert.equal((await call('GET', '/', undefined, 'one.two')).status, 400);
  });

  it('creates a provider and sets its inventory with an allocation ratio and reserved memory', async () => {
    const created = await json(['resource', 'provider', 'create', 'stacklab-cn1']);
    rp = created.uuid as string;
    assert.equal(created.generation, 0);
    assert.equal(created.root_provider_uuid, rp);
    const list = await json<Json[]>(['resource', 'provider', 'list', '--name', 'stacklab-cn1']);
    assert.deepEqual(list.map((p) => p.uuid), [rp]);
    const set = await os(['resource', 'provider', 'inventory', 'set', rp, '--resource', 'VCPU=4', '--resource', 'VCPU:allocation_ratio=16', '--resource', 'MEMORY_MB=4096', '--resource', 'MEMORY_MB:reserved=512', '--resource', 'DISK_GB=40']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /\| VCPU\s+\|\s+16\.0 \|/);
    const inv = await json<Json[]>(['resource', 'provider', 'inventory', 'list', rp]);
    const vcpu = inv.find((i) => i.resource_class === 'VCPU')!;
    assert.equal(vcpu.total, 4);
    assert.equal(vcpu.allocation_ratio, 16);
    assert.equal(inv.find((i) => i.resource_class === 'MEMORY_MB')!.reserved, 512);
    const show = await json(['resource', 'provider', 'inventory', 'show', rp, 'DISK_GB']);
    assert.equal(show.total, 40);
    assert.equal(show.used, 0);
    // a duplicate name is Placement's 409
    const dup = await os(['resource', 'provider', 'create', 'stacklab-cn1']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Conflicting resource provider name: stacklab-cn1 already exists\. \(HTTP 409\)/);
  });

  it('creates a custom resource class and a custom trait, and sets traits and aggregates on the provider', async () => {
    const rc = await os(['resource', 'class', 'create', 'CUSTOM_X']);
    assert.equal(rc.code, 0, rc.stderr);
    assert.equal((await json(['resource', 'class', 'show', 'CUSTOM_X'])).name, 'CUSTOM_X');
    const classes = await json<Json[]>(['resource', 'class', 'list']);
    assert.ok(classes.some((c) => c.name === 'VCPU') && classes.some((c) => c.name === 'CUSTOM_X'));
    assert.equal((await os(['trait', 'create', 'CUSTOM_GOLD'])).code, 0);
    const traits = await json<Json[]>(['trait', 'list']);
    assert.ok(traits.some((t) => t.name === 'COMPUTE_STATUS_DISABLED') && traits.some((t) => t.name === 'CUSTOM_GOLD'));
    const set = await json<Json[]>(['resource', 'provider', 'trait', 'set', rp, '--trait', 'CUSTOM_GOLD', '--trait', 'HW_CPU_X86_AVX2']);
    assert.deepEqual(set.map((t) => t.name).sort(), ['CUSTOM_GOLD', 'HW_CPU_X86_AVX2']);
    const unknown = await os(['resource', 'provider', 'trait', 'set', rp, '--trait', 'CUSTOM_NOPE']);
    assert.match(unknown.stderr, /No such trait CUSTOM_NOPE \(HTTP 400\)/);
    const gen = (await json(['resource', 'provider', 'show', rp])).generation as number;
    const agg = 'a1b2c3d4-0000-4000-8000-00000000000a';
    const aggs = await json<Json[]>(['resource', 'provider', 'aggregate', 'set', rp, '--aggregate', agg, '--generation', String(gen)]);
    assert.deepEqual(aggs.map((a) => a.uuid), [agg]);
    assert.deepEqual((await json<Json[]>(['resource', 'provider', 'aggregate', 'list', rp])).map((a) => a.uuid), [agg]);
    const stale = await os(['resource', 'provider', 'aggregate', 'set', rp, '--aggregate', agg, '--generation', String(gen)]);
    assert.match(stale.stderr, /generation already changed.*\(HTTP 409\)/);
  });

  it('sets, shows and uses allocations; candidates that fit and that do not', async () => {
    const project = (await json(['project', 'show', 'admin'])).id as string;
    const user = (await json(['user', 'show', 'admin'])).id as string;
    const set = await os(['resource', 'provider', 'allocation', 'set', consumer, '--allocation', `rp=${rp},VCPU=2,MEMORY_MB=1024`, '--project-id', project, '--user-id', user]);
    assert.equal(set.code, 0, set.stderr);
    const shown = await json<Json[]>(['resource', 'provider', 'allocation', 'show', consumer]);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].resource_provider, rp);
    assert.deepEqual(shown[0].resources, { VCPU: 2, MEMORY_MB: 1024 });
    assert.equal(shown[0].project_id, project);
    const usage = await json<Json[]>(['resource', 'provider', 'usage', 'show', rp]);
    assert.deepEqual(Object.fromEntries(usage.map((u) => [u.resource_class, u.usage])), { VCPU: 2, MEMORY_MB: 1024, DISK_GB: 0 });
    const total = await json<Json[]>(['resource', 'usage', 'show', project]);
    assert.equal(total.find((u) => u.resource_class === 'MEMORY_MB')!.usage, 1024);
    const fits = await json<Json[]>(['allocation', 'candidate', 'list', '--resource', 'VCPU=1', '--resource', 'MEMORY_MB=512', '--required', 'CUSTOM_GOLD']);
    const mine = fits.filter((c) => c['resource provider'] === rp);
    assert.equal(mine.length, 1);
    assert.match(String(mine[0]['inventory used/capacity']), /VCPU=2\/64/);
    assert.match(String(mine[0]['inventory used/capacity']), /MEMORY_MB=1024\/3584/);
    // 3584 - 1024 left: 2561 MB does not fit anywhere with CUSTOM_GOLD
    const none = await json<Json[]>(['allocation', 'candidate', 'list', '--resource', 'MEMORY_MB=2561', '--required', 'CUSTOM_GOLD']);
    assert.deepEqual(none, []);
    // over capacity: Placement's 409
    const over = await os(['resource', 'provider', 'allocation', 'set', '7e2d3b46-9d2f-4b66-8e1c-4b3a2f1d0c8e', '--allocation', `rp=${rp},MEMORY_MB=3000`, '--project-id', project, '--user-id', user]);
    assert.match(over.stderr, /The requested amount would exceed the capacity\. \(HTTP 409\)/);
    // in-use inventory cannot be deleted
    const inUse = await os(['resource', 'provider', 'inventory', 'delete', rp, '--resource-class', 'VCPU']);
    assert.match(inUse.stderr, /in use\. \(HTTP 409\)/);
    assert.equal((await os(['resource', 'provider', 'allocation', 'delete', consumer])).code, 0);
    assert.deepEqual(await json<Json[]>(['resource', 'provider', 'allocation', 'show', consumer]), []);
  });

  it("denies the demo user with Placement's policy message", async () => {
    const r = await os(['resource', 'provider', 'list'], 'demo');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Policy does not allow placement:resource_providers:list to be performed\. \(HTTP 403\)/);
    const c = await os(['resource', 'class', 'create', 'CUSTOM_DEMO'], 'demo');
    assert.match(c.stderr, /placement:resource_classes:create/);
  });

  it('answers 404, 405 and 409 the way Placement does over REST', async () => {
    const missing = await call('GET', '/resource_providers/00000000-0000-4000-8000-000000000001');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].title, 'Not Found');
    assert.equal(missing.body.errors[0].detail, 'The resource could not be found.\n\n No resource provider with uuid 00000000-0000-4000-8000-000000000001 found  ');
    assert.equal(missing.body.errors[0].code, 'placement.undefined_code');
    assert.match(missing.body.errors[0].request_id, /^req-/);
    const inv = await call('GET', `/resource_providers/${rp}/inventories`);
    const gen = inv.body.resource_provider_generation as number;
    const stale = await call('PUT', `/resource_providers/${rp}/inventories`, { resource_provider_generation: gen - 1, inventories: { VCPU: { total: 8 } } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.errors[0].code, 'placement.concurrent_update');
    assert.match(stale.body.errors[0].detail, /resource provider generation conflict/);
    const ok = await call('PUT', `/resource_providers/${rp}/inventories/VCPU`, { resource_provider_generation: gen, total: 8, allocation_ratio: 4.0 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.resource_provider_generation, gen + 1);
    const bad = await call('POST', '/resource_providers', { name: 'x', bogus: 1 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0].detail, /JSON does not validate: Additional properties are not allowed \('bogus' was unexpected\)/);
    const patch = await call('PATCH', '/resource_providers');
    assert.equal(patch.status, 405);
    assert.equal(patch.headers.get('allow'), 'GET, POST');
    const old = await call('GET', '/traits', undefined, '1.5');
    assert.equal(old.status, 404);
    const noToken = await fetch(`http://127.0.0.1:${8778 + lab.portOffset}/resource_providers`);
    assert.equal(noToken.status, 401);
  });

  it('deletes the provider once nothing is allocated', async () => {
    const r = await os(['resource', 'provider', 'delete', rp]);
    assert.equal(r.code, 0, r.stderr);
    const gone = await os(['resource', 'provider', 'show', rp]);
    assert.match(gone.stderr, /No resource provider with uuid .* found \(HTTP 404\)/);
  });
});
