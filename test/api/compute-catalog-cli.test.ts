import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Json, openstack, openstackJson, passwordToken, rcEnv, repoRoot, type ServeProcess, startServe, tempDir } from '../support/lab';

const run = promisify(execFile);

/**
 * Nova's catalog half through the real python-openstackclient against `stacklab serve`: flavors
 * (the seed's 403 and create table), key pairs, server groups, aggregates and zones, quotas and
 * limits, hypervisors, compute services, usage — and the compute API's microversions and faults.
 */
describe('compute catalog through the real openstack CLI', () => {
  let lab: ServeProcess;
  let adminToken = '';
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const nova = async (method: string, path: string, opts: { version?: string; legacy?: string; body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = { 'X-Auth-Token': opts.token ?? adminToken };
    if (opts.version) headers['OpenStack-API-Version'] = `compute ${opts.version}`;
    if (opts.legacy) headers['X-OpenStack-Nova-API-Version'] = opts.legacy;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`http://127.0.0.1:${8774 + lab.portOffset}/v2.1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Json };
  };

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  // --- flavors ---------------------------------------------------------------------------------
  it('lists PackStack\'s five default flavors on a fresh lab', async () => {
    const r = await os(['flavor', 'list']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '+----+-----------+-------+------+-----------+-------+-----------+',
        '| ID | Name      |   RAM | Disk | Ephemeral | VCPUs | Is Public |',
        '+----+-----------+-------+------+-----------+-------+-----------+',
        '| 1  | m1.tiny   |   512 |    1 |         0 |     1 | True      |',
        '| 2  | m1.small  |  2048 |   20 |         0 |     1 | True      |',
        '| 3  | m1.medium |  4096 |   40 |         0 |     2 | True      |',
        '| 4  | m1.large  |  8192 |   80 |         0 |     4 | True      |',
        '| 5  | m1.xlarge | 16384 |  160 |         0 |     8 | True      |',
        '+----+-----------+-------+------+-----------+-------+-----------+',
        '',
      ].join('\n'),
    );
  });

  it('refuses the demo member\'s flavor create with Nova\'s policy message', async () => {
    const r = await os(['flavor', 'create', '--disk', '1', '--ram', '768', '--id', '20', 'newflavor'], 'demo');
    assert.notEqual(r.code, 0);
    assert.equal(
      r.stderr.trim(),
      `HttpException: 403: Client Error for url: http://127.0.0.1:${8774 + lab.portOffset}/v2.1/flavors, Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.`,
    );
  });

  it('creates the seed\'s newflavor as admin with the same table', async () => {
    const r = await os(['flavor', 'create', '--disk', '1', '--ram', '768', '--id', '20', 'newflavor']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '+----------------------------+-----------+',
        '| Field                      | Value     |',
        '+----------------------------+-----------+',
        '| OS-FLV-DISABLED:disabled   | False     |',
        '| OS-FLV-EXT-DATA:ephemeral  | 0         |',
        '| description                | None      |',
        '| disk                       | 1         |',
        '| id                         | 20        |',
        '| name                       | newflavor |',
        '| os-flavor-access:is_public | True      |',
        '| properties                 |           |',
        '| ram                        | 768       |',
        '| rxtx_factor                | 1.0       |',
        '| swap                       |           |',
        '| vcpus                      | 1         |',
        '+----------------------------+-----------+',
        '',
      ].join('\n'),
    );
    const again = await os(['flavor', 'create', '--disk', '1', '--ram', '768', '--id', '21', 'newflavor']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /409.*Flavor with name newflavor already exists\./);
    const del = await os(['flavor', 'delete', 'newflavor']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal((await os(['flavor', 'show', '20'])).code, 1);
  });

  it('shares a private flavor with demo only while it has access', async () => {
    const demo = await json<Json>(['project', 'show', 'demo']);
    const f = await json<Json>(['flavor', 'create', '--private', '--ram', '256', '--disk', '1', '--vcpus', '1', 'priv1']);
    assert.equal(f['os-flavor-access:is_public'], false);
    const names = async () => (await json<Json[]>(['flavor', 'list'], 'demo')).map((x) => x.Name);
    assert.ok(!(await names()).includes('priv1'));
    assert.equal((await os(['flavor', 'set', '--project', 'demo', 'priv1'])).code, 0);
    assert.deepEqual((await json<Json>(['flavor', 'show', 'priv1'])).access_project_ids, [demo.id]);
    assert.ok((await names()).includes('priv1'));
    const dup = await os(['flavor', 'set', '--project', 'demo', 'priv1']);
    assert.notEqual(dup.code, 0);
    assert.equal((await os(['flavor', 'unset', '--project', 'demo', 'priv1'])).code, 0);
    assert.ok(!(await names()).includes('priv1'));
    const all = (await json<Json[]>(['flavor', 'list', '--all'])).map((x) => x.Name);
    assert.ok(all.includes('priv1') && all.includes('m1.tiny'));
    const priv = (await json<Json[]>(['flavor', 'list', '--private'])).map((x) => x.Name);
    assert.deepEqual(priv, ['priv1']);
  });

  it('sets, shows and unsets extra specs, refusing malformed keys', async () => {
    assert.equal((await os(['flavor', 'set', '--property', 'hw:cpu_policy=dedicated', '--property', 'quota:disk_read_bytes_sec=10240', 'm1.small'])).code, 0);
    const f = await json<Json>(['flavor', 'show', 'm1.small']);
    assert.deepEqual(f.properties, { 'hw:cpu_policy': 'dedicated', 'quota:disk_read_bytes_sec': '10240' });
    const bad = await os(['flavor', 'set', '--property', 'bad key!=1', 'm1.small']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /'bad key!' does not match any of the regexes/);
    assert.equal((await os(['flavor', 'unset', '--property', 'hw:cpu_policy', 'm1.small'])).code, 0);
    assert.deepEqual((await json<Json>(['flavor', 'show', 'm1.small'])).properties, { 'quota:disk_read_bytes_sec': '10240' });
    // Nova validates known extra specs from 2.86 on
    const strict = await os(['--os-compute-api-version', '2.86', 'flavor', 'set', '--property', 'hw:cpu_policy=fast', 'm1.small']);
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /Validation failed; 'fast' is not one of: dedicated, shared, mixed\./);
  });

  // --- key pairs -------------------------------------------------------------------------------
  it('creates a key pair whose printed private key matches its public key', async () => {
    const r = await os(['keypair', 'create', 'k1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(r.stdout);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const pem = join(lab.dataDir, 'k1.pem');
    writeFileSync(pem, r.stdout);
    chmodSync(pem, 0o600);
    const derived = execFileSync('ssh-keygen', ['-y', '-f', pem], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
    const shown = await os(['keypair', 'show', '--public-key', 'k1']);
    assert.equal(shown.stdout.trim().split(' ').slice(0, 2).join(' '), derived);
    const k = await json<Json>(['keypair', 'show', 'k1']);
    assert.equal(k.type, 'ssh');
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', pem], { encoding: 'utf8' }).split(' ')[1].replace(/^MD5:/, '');
    assert.equal(k.fingerprint, fp);
    const dup = await os(['keypair', 'create', 'k1']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Key pair 'k1' already exists\./);
  });

  it('imports a public key, lists per user and deletes', async () => {
    const base = join(lab.dataDir, 'ed');
    execFileSync('ssh-keygen', ['-t', 'ed25519', '-N', '', '-q', '-f', base]);
    const r = await json<Json>(['keypair', 'create', '--public-key', `${base}.pub`, 'k2']);
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${base}.pub`], { encoding: 'utf8' }).split(' ')[1].replace(/^MD5:/, '');
    assert.equal(r.fingerprint, fp);
    assert.deepEqual((await json<Json[]>(['keypair', 'list'])).map((x) => x.Name), ['k1', 'k2']);
    assert.deepEqual(await json<Json[]>(['keypair', 'list'], 'demo'), []);
    writeFileSync(`${base}.bad`, 'ssh-rsa not-a-key\n');
    const bad = await os(['keypair', 'create', '--public-key', `${base}.bad`, 'k3']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Keypair data is invalid: failed to generate fingerprint/);
    assert.equal((await os(['keypair', 'delete', 'k2'])).code, 0);
    assert.deepEqual((await json<Json[]>(['keypair', 'list'])).map((x) => x.Name), ['k1']);
    assert.equal(readFileSync(`${base}.pub`, 'utf8').startsWith('ssh-ed25519 '), true);
  });

  // --- server groups ---------------------------------------------------------------------------
  it('creates, lists and deletes server groups', async () => {
    const g = await json<Json>(['server', 'group', 'create', '--policy', 'anti-affinity', 'g1']);
    assert.equal(g.policy, 'anti-affinity');
    assert.equal(g.name, 'g1');
    const soft = await json<Json>(['server', 'group', 'create', '--policy', 'soft-affinity', 'g2'], 'demo');
    assert.equal(soft.policy, 'soft-affinity');
    assert.deepEqual((await json<Json[]>(['server', 'group', 'list'])).map((x) => x.Name), ['g1']);
    const all = await json<Json[]>(['server', 'group', 'list', '--all-projects', '--long']);
    assert.deepEqual(all.map((x) => x.Name).sort(), ['g1', 'g2']);
    assert.equal((await os(['server', 'group', 'delete', 'g1'])).code, 0);
    assert.equal((await os(['server', 'group', 'delete', 'g2'], 'demo')).code, 0);
    assert.deepEqual(await json<Json[]>(['server', 'group', 'list', '--all-projects']), []);
  });

  // --- aggregates and zones ----------------------------------------------------------------------
  it('makes az2 from an aggregate with a host, and refuses what Nova refuses', async () => {
    const a = await json<Json>(['aggregate', 'create', '--zone', 'az2', 'agg1']);
    assert.equal(a.availability_zone, 'az2');
    const zones = async () => (await json<Json[]>(['availability', 'zone', 'list', '--compute'])).map((z) => z['Zone Name']);
    assert.deepEqual(await zones(), ['internal', 'nova']);
    const unknown = await os(['aggregate', 'add', 'host', 'agg1', 'nohost']);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /Compute host nohost could not be found\./);
    assert.equal((await os(['aggregate', 'add', 'host', 'agg1', 'localhost'])).code, 0);
    assert.deepEqual(await zones(), ['az2', 'internal']);
    assert.equal((await os(['aggregate', 'set', '--property', 'ssd=true', 'agg1'])).code, 0);
    const shown = await json<Json>(['aggregate', 'show', 'agg1']);
    assert.deepEqual(shown.hosts, ['localhost']);
    assert.deepEqual(shown.properties, { ssd: 'true' });
    const svc = await json<Json[]>(['compute', 'service', 'list', '--service', 'nova-compute']);
    assert.equal(svc[0].Zone, 'az2');
    const busy = await os(['aggregate', 'delete', 'agg1']);
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /Host aggregate is not empty/);
    // the whole CLI command (compute, network and the absent volume) still answers
    const long = await os(['availability', 'zone', 'list', '--long']);
    assert.equal(long.code, 0, long.stderr);
    assert.match(long.stdout, /\| az2\s+\| available\s+\|\s+\| localhost\s+\| nova-compute\s+\| enabled :-\)/);
    assert.equal((await os(['aggregate', 'remove', 'host', 'agg1', 'localhost'])).code, 0);
    assert.deepEqual(await zones(), ['internal', 'nova']);
    assert.equal((await os(['aggregate', 'delete', 'agg1'])).code, 0);
    assert.deepEqual(await json<Json[]>(['aggregate', 'list']), []);
  });

  // --- quotas and limits ---------------------------------------------------------------------------
  it('shows, sets and defaults quotas, and absolute limits', async () => {
    const q = await json<Json>(['quota', 'show', 'demo']);
    assert.equal(q.instances, 10);
    assert.equal(q.cores, 20);
    assert.equal(q.ram, 51200);
    assert.equal(q['key-pairs'], 100);
    assert.equal(q['server-groups'], 10);
    assert.equal((await os(['quota', 'set', '--instances', '5', 'demo'])).code, 0);
    assert.equal((await json<Json>(['quota', 'show', 'demo'])).instances, 5);
    assert.equal((await json<Json>(['quota', 'show', '--default'])).instances, 10);
    const demoToken = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
    const demo = await json<Json>(['project', 'show', 'demo']);
    const denied = await nova('PUT', `/os-quota-sets/${demo.id}`, { token: demoToken, body: { quota_set: { instances: 7 } } });
    assert.deepEqual(denied.body, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed." } });
    const own = await nova('GET', `/os-quota-sets/${demo.id}`, { token: demoToken });
    assert.equal(own.body.quota_set.instances, 5);
    const limits = await json<Json[]>(['limits', 'show', '--absolute'], 'demo');
    const byName = Object.fromEntries(limits.map((l) => [l.Name, l.Value]));
    assert.equal(byName.maxTotalInstances, 5);
    assert.equal(byName.maxTotalCores, 20);
    assert.equal(byName.totalInstancesUsed, 0);
    assert.equal(byName.maxTotalKeypairs, 100);
  });

  // --- hypervisors and services ------------------------------------------------------------------
  it('lists and shows the hypervisor with its usage and the statistics', async () => {
    const list = await json<Json[]>(['hypervisor', 'list']);
    assert.equal(list.length, 1);
    assert.equal(list[0]['Hypervisor Hostname'], 'localhost');
    assert.equal(list[0]['Hypervisor Type'], 'QEMU');
    assert.equal(list[0]['Host IP'], '10.0.2.15');
    assert.equal(list[0].State, 'up');
    const h = await json<Json>(['hypervisor', 'show', 'localhost']);
    assert.equal(h.vcpus, 2);
    assert.equal(h.memory_mb_used, 512);
    assert.equal(h.free_ram_mb, h.memory_mb - 512);
    assert.equal(h.running_vms, 0);
    assert.equal(h.status, 'enabled');
    assert.equal(h.service_host, 'localhost');
    const stats = await json<Json>(['hypervisor', 'stats', 'show']);
    assert.equal(stats.count, 1);
    assert.equal(stats.memory_mb, h.memory_mb);
    assert.equal(stats.vcpus_used, 0);
  });

  it('lists compute services and disables nova-compute with a reason', async () => {
    const list = await json<Json[]>(['compute', 'service', 'list']);
    assert.deepEqual(list.map((s) => [s.Binary, s.Host, s.Zone, s.Status, s.State]), [
      ['nova-conductor', 'localhost', 'internal', 'enabled', 'up'],
      ['nova-scheduler', 'localhost', 'internal', 'enabled', 'up'],
      ['nova-compute', 'localhost', 'nova', 'enabled', 'up'],
    ]);
    const r = await os(['compute', 'service', 'set', '--disable', '--disable-reason', 'maintenance', 'localhost', 'nova-compute']);
    assert.equal(r.code, 0, r.stderr);
    const long = await json<Json[]>(['compute', 'service', 'list', '--long', '--service', 'nova-compute']);
    assert.equal(long[0].Status, 'disabled');
    assert.equal(long[0]['Disabled Reason'], 'maintenance');
    assert.equal((await json<Json>(['hypervisor', 'show', 'localhost'])).status, 'disabled');
    const conductor = await os(['compute', 'service', 'set', '--disable', 'localhost', 'nova-conductor']);
    assert.notEqual(conductor.code, 0);
    assert.equal((await os(['compute', 'service', 'set', '--enable', 'localhost', 'nova-compute'])).code, 0);
    const again = await json<Json[]>(['compute', 'service', 'list', '--long', '--service', 'nova-compute']);
    assert.equal(again[0].Status, 'enabled');
    assert.equal(again[0]['Disabled Reason'], null);
    const denied = await os(['compute', 'service', 'list'], 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow os_compute_api:os-services:list to be performed\./);
  });

  it('reports usage for the period', async () => {
    const r = await os(['usage', 'list']);
    assert.equal(r.code, 0, r.stderr);
    // no instance has run yet: OSC prints the header only above a non-empty table
    assert.equal(r.stdout.trim(), '');
    const j = await json<Json[]>(['usage', 'list']);
    assert.deepEqual(j, []);
    const res = await nova('GET', '/os-simple-tenant-usage?start=2026-01-01T00:00:00&end=2026-01-02T00:00:00&detailed=1');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { tenant_usages: [] });
    const backwards = await nova('GET', '/os-simple-tenant-usage?start=2026-01-02T00:00:00&end=2026-01-01T00:00:00');
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.badRequest.message, 'Invalid start time. The start time cannot occur after the end time.');
  });

  it('counts a running server in the hypervisor, quotas, limits and usage, and refuses one over quota', async () => {
    assert.equal((await os(['network', 'create', 'catnet'])).code, 0);
    assert.equal((await os(['subnet', 'create', '--network', 'catnet', '--subnet-range', '10.77.0.0/24', 'catsub'])).code, 0);
    const img = join(lab.dataDir, 'tiny.qcow2');
    writeFileSync(img, Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(65536)]));
    assert.equal((await os(['image', 'create', '--disk-format', 'qcow2', '--file', img, 'catimg'])).code, 0);
    const s = await json<Json>(['server', 'create', '--flavor', 'm1.tiny', '--image', 'catimg', '--network', 'catnet', '--wait', 'cat1']);
    assert.equal(s.status, 'ACTIVE');
    const h = await json<Json>(['hypervisor', 'show', 'localhost']);
    assert.equal(h.running_vms, 1);
    assert.equal(h.vcpus_used, 1);
    assert.equal(h.memory_mb_used, 512 + 512);
    assert.equal(h.local_gb_used, 1);
    const limits = Object.fromEntries((await json<Json[]>(['limits', 'show', '--absolute'])).map((l) => [l.Name, l.Value]));
    assert.equal(limits.totalInstancesUsed, 1);
    assert.equal(limits.totalCoresUsed, 1);
    assert.equal(limits.totalRAMUsed, 512);
    const admin = await json<Json>(['project', 'show', 'admin']);
    const detail = (await nova('GET', `/os-quota-sets/${admin.id}/detail`)).body.quota_set;
    assert.deepEqual(detail.instances, { limit: 10, in_use: 1, reserved: 0 });
    const usage = await json<Json[]>(['usage', 'list']);
    assert.equal(usage.length, 1);
    assert.equal(usage[0].Project, admin.id);
    assert.deepEqual((usage[0].Servers as Json[]).map((u) => [u.instance_id, u.flavor, u.vcpus, u.memory_mb, u.state]), [[s.id, 'm1.tiny', 1, 512, 'active']]);
    // below what is in use is refused, then the quota is full
    const tooLow = await nova('PUT', `/os-quota-sets/${admin.id}`, { body: { quota_set: { instances: 0 } } });
    assert.deepEqual(tooLow.body, { badRequest: { code: 400, message: 'Quota limit 0 for instances must be greater than or equal to already used and reserved 1.' } });
    assert.equal((await os(['quota', 'set', '--instances', '1', 'admin'])).code, 0);
    const over = await os(['server', 'create', '--flavor', 'm1.tiny', '--image', 'catimg', '--network', 'catnet', 'cat2']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Quota exceeded for instances: Requested 1, but already used 1 of 1 instances/);
    assert.match(over.stderr, /HTTP 403/);
    // a compute service hosting an instance cannot be deleted
    const svc = (await nova('GET', '/os-services?binary=nova-compute')).body.services[0];
    const busy = await nova('DELETE', `/os-services/${svc.id}`);
    assert.deepEqual(busy.body, { conflictingRequest: { code: 409, message: 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.' } });
    assert.equal((await os(['quota', 'set', '--instances', '10', 'admin'])).code, 0);
    assert.equal((await os(['server', 'delete', '--wait', 'cat1'])).code, 0);
    assert.equal((await json<Json>(['hypervisor', 'show', 'localhost'])).running_vms, 0);
  });

  it('works the same through openstacksdk (which negotiates its own microversions)', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
    env.OS_CLIENT_CONFIG_FILE = join(lab.dataDir, 'clouds.yaml');
    // Debian's python (the one with python3-openstacksdk)
    const r = await run('/usr/bin/python3', [join(repoRoot, 'test', 'api', 'sdk_compute_catalog.py'), 'stacklab-admin'], { env, timeout: 120000 });
    const out = JSON.parse(r.stdout) as Json;
    // flavors sort by flavor id as strings: a private flavor's random UUID may sort between '1' and '2'
    assert.deepEqual((out.flavors as [string][]).filter((f) => f[0].startsWith('m1.')).slice(0, 2), [
      ['m1.tiny', 512, 1, 1, true],
      ['m1.small', 2048, 1, 20, true],
    ]);
    assert.equal(out.tiny.swap, '');
    assert.deepEqual(out.flavor, { name: 'sdkflavor', description: 'from the sdk', specs: { 'hw:cpu_policy': 'shared' } });
    assert.equal(out.flavor_gone, true);
    assert.deepEqual(out.keypair, { name: 'sdkkey', type: 'ssh', has_private: true, fingerprint_len: 47 });
    assert.ok(out.keypairs.includes('sdkkey'));
    assert.deepEqual(out.group, { policy: 'anti-affinity', rules: { max_server_per_host: 1 }, members: [] });
    assert.deepEqual(out.zones, ['sdkzone']);
    assert.deepEqual(out.aggregate, { hosts: ['localhost'], metadata: { availability_zone: 'sdkzone', ssd: 'true' }, zone: 'sdkzone', has_uuid: true });
    assert.deepEqual(out.hypervisors, [{ name: 'localhost', state: 'up', status: 'enabled', type: 'QEMU' }]);
    assert.deepEqual(out.services, [
      ['nova-compute', 'localhost', 'enabled', 'up', 'nova'],
      ['nova-conductor', 'localhost', 'enabled', 'up', 'internal'],
      ['nova-scheduler', 'localhost', 'enabled', 'up', 'internal'],
    ]);
    assert.deepEqual(out.limits, { instances: 10, cores: 20, keypairs: 100 });
    assert.deepEqual(out.quotas, { instances: 10, cores: 20, ram: 51200 });
    assert.deepEqual(out.missing_flavor, { raised: 'ResourceNotFound', status_code: 404, message: 'Flavor nope could not be found.' });
  });

  // --- REST: microversions, shapes and faults ----------------------------------------------------
  it('negotiates microversions as Nova does', async () => {
    const none = await nova('GET', '/flavors/1');
    assert.equal(none.status, 200);
    assert.equal(none.headers.get('openstack-api-version'), 'compute 2.1');
    assert.equal(none.headers.get('x-openstack-nova-api-version'), '2.1');
    assert.match(none.headers.get('vary') ?? '', /OpenStack-API-Version/);
    const latest = await nova('GET', '/flavors/1', { version: 'latest' });
    assert.equal(latest.headers.get('openstack-api-version'), 'compute 2.93');
    const legacy = await nova('GET', '/flavors/1', { legacy: '2.55' });
    assert.equal(legacy.headers.get('openstack-api-version'), 'compute 2.55');
    const high = await nova('GET', '/flavors/1', { version: '3.0' });
    assert.equal(high.status, 406);
    assert.deepEqual(high.body, { computeFault: { code: 406, message: 'Version 3.0 is not supported by the API. Minimum is 2.1 and maximum is 2.93.' } });
    const bad = await nova('GET', '/flavors/1', { version: 'abc' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.badRequest.message, 'API Version String abc is of invalid format. Must be of format MajorNum.MinorNum.');
  });

  it('renders flavors, key pairs, groups, services, hypervisors, quotas and limits per microversion', async () => {
    const f21 = (await nova('GET', '/flavors/1')).body.flavor;
    assert.equal(f21.swap, '');
    assert.equal('description' in f21, false);
    assert.equal('extra_specs' in f21, false);
    const f261 = (await nova('GET', '/flavors/2', { version: '2.61' })).body.flavor;
    assert.equal(f261.description, null);
    assert.deepEqual(f261.extra_specs, { 'quota:disk_read_bytes_sec': '10240' });
    assert.equal(f261.swap, '');
    assert.equal((await nova('GET', '/flavors/1', { version: '2.75' })).body.flavor.swap, 0);
    const brief = (await nova('GET', '/flavors', { version: '2.55' })).body.flavors[0];
    assert.deepEqual(Object.keys(brief).sort(), ['description', 'id', 'links', 'name']);
    const upd = await nova('PUT', '/flavors/1', { version: '2.55', body: { flavor: { description: 'tiny one' } } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.flavor.description, 'tiny one');
    assert.equal((await nova('PUT', '/flavors/1', { body: { flavor: { description: 'x' } } })).status, 405);

    const kp21 = await nova('POST', '/os-keypairs', { body: { keypair: { name: 'rest1' } } });
    assert.equal(kp21.status, 200);
    assert.equal('type' in kp21.body.keypair, false);
    assert.match(kp21.body.keypair.private_key, /BEGIN RSA PRIVATE KEY/);
    assert.equal((await nova('DELETE', '/os-keypairs/rest1')).status, 202);
    const kp22 = await nova('POST', '/os-keypairs', { version: '2.2', body: { keypair: { name: 'rest2' } } });
    assert.equal(kp22.status, 201);
    assert.equal(kp22.body.keypair.type, 'ssh');
    assert.equal((await nova('DELETE', '/os-keypairs/rest2', { version: '2.2' })).status, 204);
    const kp292 = await nova('POST', '/os-keypairs', { version: '2.92', body: { keypair: { name: 'rest3' } } });
    assert.equal(kp292.status, 400);
    assert.equal(kp292.body.badRequest.message, "Invalid input for field/attribute keypair. Value: {'name': 'rest3'}. 'public_key' is a required property");

    const g21 = (await nova('POST', '/os-server-groups', { body: { server_group: { name: 'r1', policies: ['affinity'] } } })).body.server_group;
    assert.deepEqual(g21.policies, ['affinity']);
    assert.deepEqual(g21.metadata, {});
    assert.equal('project_id' in g21, false);
    const g264 = (await nova('GET', `/os-server-groups/${g21.id}`, { version: '2.64' })).body.server_group;
    assert.equal(g264.policy, 'affinity');
    assert.deepEqual(g264.rules, {});
    assert.equal('policies' in g264, false);
    assert.equal(typeof g264.project_id, 'string');
    const rules = await nova('POST', '/os-server-groups', { version: '2.64', body: { server_group: { name: 'r2', policy: 'affinity', rules: { max_server_per_host: 1 } } } });
    assert.equal(rules.status, 400);
    assert.equal(rules.body.badRequest.message, 'Only anti-affinity policy supports rules.');
    assert.equal((await nova('DELETE', `/os-server-groups/${g21.id}`)).status, 204);

    const s21 = (await nova('GET', '/os-services')).body.services;
    assert.equal(typeof s21[0].id, 'number');
    assert.equal('forced_down' in s21[0], false);
    const s253 = (await nova('GET', '/os-services?binary=nova-compute', { version: '2.53' })).body.services;
    assert.equal(s253.length, 1);
    assert.match(s253[0].id, /^[0-9a-f-]{36}$/);
    assert.equal(s253[0].forced_down, false);
    const forced = await nova('PUT', `/os-services/${s253[0].id}`, { version: '2.53', body: { forced_down: true } });
    assert.equal(forced.body.service.state, 'down');
    assert.equal((await nova('GET', '/os-hypervisors', { version: '2.53' })).body.hypervisors[0].state, 'down');
    await nova('PUT', `/os-services/${s253[0].id}`, { version: '2.53', body: { forced_down: false } });
    const nothing = await nova('PUT', `/os-services/${s253[0].id}`, { version: '2.53', body: {} });
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.badRequest.message, "No updates were requested. Fields 'status' or 'forced_down' should be specified.");

    const h21 = (await nova('GET', '/os-hypervisors/detail')).body.hypervisors[0];
    assert.equal(typeof h21.id, 'number');
    assert.equal(typeof h21.cpu_info, 'string');
    const h288 = (await nova('GET', '/os-hypervisors/detail', { version: '2.88' })).body.hypervisors[0];
    assert.match(h288.id, /^[0-9a-f-]{36}$/);
    assert.equal('memory_mb' in h288, false);
    assert.equal('vcpus_used' in h288, false);
    assert.equal(typeof h288.uptime, 'string');
    assert.equal((await nova('GET', '/os-hypervisors/statistics', { version: '2.88' })).status, 404);

    const demo = (await nova('GET', '/os-quota-sets/x')).body.quota_set;
    assert.equal(demo.floating_ips, -1);
    assert.equal(demo.injected_files, 5);
    const q236 = (await nova('GET', '/os-quota-sets/x', { version: '2.36' })).body.quota_set;
    assert.equal('floating_ips' in q236, false);
    assert.equal(q236.injected_files, 5);
    const q257 = (await nova('GET', '/os-quota-sets/x', { version: '2.57' })).body.quota_set;
    assert.equal('injected_files' in q257, false);
    assert.deepEqual(Object.keys(q257).sort(), ['cores', 'id', 'instances', 'key_pairs', 'metadata_items', 'ram', 'server_group_members', 'server_groups']);
    const detail = (await nova('GET', '/os-quota-sets/x/detail', { version: '2.57' })).body.quota_set;
    assert.deepEqual(detail.instances, { limit: 10, in_use: 0, reserved: 0 });
    const low = await nova('PUT', '/os-quota-sets/x', { body: { quota_set: { instances: -2 } } });
    assert.equal(low.status, 400);
    const l21 = (await nova('GET', '/limits')).body.limits;
    assert.deepEqual(l21.rate, []);
    assert.equal(l21.absolute.maxImageMeta, 128);
    assert.equal(l21.absolute.maxSecurityGroups, -1);
    const l257 = (await nova('GET', '/limits', { version: '2.57' })).body.limits.absolute;
    assert.equal('maxImageMeta' in l257, false);
    assert.equal('maxPersonality' in l257, false);
    assert.equal('maxSecurityGroups' in l257, false);
    assert.equal(l257.maxTotalInstances, 10);
    const qc = (await nova('GET', '/os-quota-class-sets/default', { version: '2.50' })).body.quota_class_set;
    assert.equal(qc.id, 'default');
    assert.equal(qc.server_groups, 10);
    assert.equal('floating_ips' in qc, false);

    const agg = (await nova('POST', '/os-aggregates', { version: '2.41', body: { aggregate: { name: 'ragg' } } })).body.aggregate;
    assert.match(agg.uuid, /^[0-9a-f-]{36}$/);
    assert.equal('hosts' in agg, false);
    const agg21 = (await nova('GET', `/os-aggregates/${agg.id}`)).body.aggregate;
    assert.equal('uuid' in agg21, false);
    assert.deepEqual(agg21.hosts, []);
    assert.equal((await nova('DELETE', `/os-aggregates/${agg.id}`)).status, 200);
  });

  it('answers with Nova\'s fault bodies', async () => {
    const missing = await nova('GET', '/flavors/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Flavor nope could not be found.' } });
    const kp = await nova('GET', '/os-keypairs/nope');
    assert.deepEqual(kp.body, { itemNotFound: { code: 404, message: `Keypair nope not found for user ${kp.body.itemNotFound.message.split(' ').pop()}` } });
    const group = await nova('DELETE', '/os-server-groups/00000000-0000-0000-0000-000000000000');
    assert.deepEqual(group.body, { itemNotFound: { code: 404, message: 'Instance group 00000000-0000-0000-0000-000000000000 could not be found.' } });
    const agg = await nova('GET', '/os-aggregates/99');
    assert.deepEqual(agg.body, { itemNotFound: { code: 404, message: 'Aggregate 99 could not be found.' } });
    const aggId = await nova('GET', '/os-aggregates/abc');
    assert.deepEqual(aggId.body, { badRequest: { code: 400, message: 'Invalid input received: id must be an integer.' } });
    const body = await nova('POST', '/flavors', { body: { flavor: { name: 'x', ram: 'lots', vcpus: 1, disk: 0 } } });
    assert.deepEqual(body.body, { badRequest: { code: 400, message: "Invalid input for field/attribute ram. Value: lots. 'lots' does not match '^[0-9]+$'" } });
    const missingField = await nova('POST', '/flavors', { body: { flavor: { name: 'x', ram: 1, vcpus: 1 } } });
    assert.equal(missingField.body.badRequest.message, "Invalid input for field/attribute flavor. Value: {'name': 'x', 'ram': 1, 'vcpus': 1}. 'disk' is a required property");
    const demoToken = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
    const denied = await nova('POST', '/os-aggregates', { token: demoToken, body: { aggregate: { name: 'no' } } });
    assert.deepEqual(denied.body, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-aggregates:create to be performed." } });
    const publicAccess = await nova('GET', '/flavors/1/os-flavor-access');
    assert.deepEqual(publicAccess.body, { itemNotFound: { code: 404, message: 'Access list not available for public flavors.' } });
  });
});
