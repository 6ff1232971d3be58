import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openstack, openstackJson, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

/**
 * Address scopes and subnet pools with the real python-openstackclient against `stacklab serve`:
 * a scope, a pool in it, subnets allocated from the pool (default and explicit prefix lengths),
 * the network's ipv4_address_scope, growing the pool, and the deletions Neutron refuses.
 */
describe('address scopes and subnet pools through the real openstack CLI', () => {
  let lab: ServeProcess;
  const os = (args: string[]) => openstack(lab.dataDir, args);
  const json = <T = Record<string, unknown>>(args: string[]) => openstackJson<T>(lab.dataDir, args);
  const ids: Record<string, string> = {};

  before(async () => {
    lab = await startServe(tempDir());
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('lists the subnet allocation extensions', async () => {
    const r = await os(['extension', 'list', '--network', '-f', 'value', '-c', 'Alias']);
    assert.equal(r.code, 0, r.stderr);
    for (const alias of ['subnet_allocation', 'address-scope', 'default-subnetpools', 'subnetpool-prefix-ops']) assert.match(r.stdout, new RegExp(`^${alias}$`, 'm'));
  });

  it('creates address scope as1 for IPv4', async () => {
    const s = await json(['address', 'scope', 'create', '--ip-version', '4', 'as1']);
    ids.scope = s.id as string;
    assert.equal(s.name, 'as1');
    assert.equal(s.ip_version, 4);
    assert.equal(s.shared, false);
    const listed = await json<Record<string, unknown>[]>(['address', 'scope', 'list']);
    assert.ok(listed.some((x) => x.ID === ids.scope && x.Name === 'as1'));
  });

  it('creates pool1 in as1 with a /16 and default prefix length 24', async () => {
    const p = await json(['subnet', 'pool', 'create', '--pool-prefix', '10.10.0.0/16', '--default-prefix-length', '24', '--address-scope', 'as1', 'pool1']);
    ids.pool = p.id as string;
    assert.deepEqual(p.prefixes, ['10.10.0.0/16']);
    assert.equal(Number(p.default_prefixlen), 24);
    assert.equal(Number(p.min_prefixlen), 8);
    assert.equal(Number(p.max_prefixlen), 32);
    assert.equal(p.ip_version, 4);
    assert.equal(p.address_scope_id, ids.scope);
    assert.equal(p.is_default, false);
  });

  it('allocates subnets from pool1: 10.10.0.0/24, then 10.10.1.0/24, then a /26', async () => {
    ids.net = ((await json(['network', 'create', 'poolnet'])).id as string);
    const a = await json(['subnet', 'create', '--subnet-pool', 'pool1', '--network', 'poolnet', 's-a']);
    assert.equal(a.cidr, '10.10.0.0/24');
    assert.equal(a.gateway_ip, '10.10.0.1');
    assert.equal(a.subnetpool_id, ids.pool);
    assert.deepEqual(a.allocation_pools, [{ start: '10.10.0.2', end: '10.10.0.254' }]);
    const b = await json(['subnet', 'create', '--subnet-pool', 'pool1', '--network', 'poolnet', 's-b']);
    assert.equal(b.cidr, '10.10.1.0/24');
    const c = await json(['subnet', 'create', '--subnet-pool', 'pool1', '--prefix-length', '26', '--network', 'poolnet', 's-c']);
    assert.equal(c.cidr, '10.10.2.0/26');
    ids.subnetC = c.id as string;
  });

  it('refuses prefix lengths outside the pool bounds', async () => {
    const r = await os(['subnet', 'create', '--subnet-pool', 'pool1', '--prefix-length', '4', '--network', 'poolnet', 's-bad']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unable to allocate subnet with prefix length 4, minimum allowed prefix is 8/);
  });

  it('answers exhaustion as Neutron 21 does: SubnetAllocationError (an unmapped NeutronException, so a 500)', async () => {
    await json(['subnet', 'pool', 'create', '--pool-prefix', '192.168.50.0/24', '--default-prefix-length', '24', 'tiny']);
    const net = await json(['network', 'create', 'tinynet']);
    const first = await json(['subnet', 'create', '--subnet-pool', 'tiny', '--network', 'tinynet', 'tiny-1']);
    assert.equal(first.cidr, '192.168.50.0/24');
    const r = await os(['subnet', 'create', '--subnet-pool', 'tiny', '--network', 'tinynet', 'tiny-2']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Failed to allocate subnet: Insufficient prefix space to allocate subnet size \/24\./);
    for (const args of [['subnet', 'delete', 'tiny-1'], ['subnet', 'pool', 'delete', 'tiny'], ['network', 'delete', String(net.id)]]) assert.equal((await os(args)).code, 0);
  });

  it('shows pool1 and the network address scope', async () => {
    const p = await json(['subnet', 'pool', 'show', 'pool1']);
    assert.equal(p.id, ids.pool);
    assert.equal(p.name, 'pool1');
    assert.deepEqual(p.prefixes, ['10.10.0.0/16']);
    const n = await json(['network', 'show', 'poolnet']);
    assert.equal(n.ipv4_address_scope, ids.scope);
    assert.equal(n.ipv6_address_scope, null);
  });

  it('grows pool1 with --pool-prefix 10.20.0.0/16', async () => {
    const r = await os(['subnet', 'pool', 'set', '--pool-prefix', '10.20.0.0/16', 'pool1']);
    assert.equal(r.code, 0, r.stderr);
    const p = await json(['subnet', 'pool', 'show', 'pool1']);
    assert.deepEqual(p.prefixes, ['10.10.0.0/16', '10.20.0.0/16']);
  });

  it('adds and removes prefixes with the subnetpool-prefix-ops actions', async () => {
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir).OS_PASSWORD, 'admin');
    const put = async (action: string, prefixes: string[]) => {
      const res = await fetch(`http://127.0.0.1:${9696 + lab.portOffset}/v2.0/subnetpools/${ids.pool}/${action}`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ prefixes }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const shown = (await (await fetch(`http://127.0.0.1:${9696 + lab.portOffset}/v2.0/subnetpools/${ids.pool}`, { headers: { 'X-Auth-Token': token } })).json()) as { subnetpool: Record<string, unknown> };
    // _make_subnetpool_dict: the prefix lengths are strings on GET
    assert.deepEqual([shown.subnetpool.default_prefixlen, shown.subnetpool.min_prefixlen, shown.subnetpool.max_prefixlen], ['24', '8', '32']);
    assert.equal(shown.subnetpool.default_quota, null);
    assert.deepEqual(await put('add_prefixes', ['10.11.0.0/16']), { status: 200, body: { prefixes: ['10.10.0.0/15', '10.20.0.0/16'] } });
    assert.deepEqual(await put('remove_prefixes', ['10.11.0.0/16']), { status: 200, body: { prefixes: ['10.10.0.0/16', '10.20.0.0/16'] } });
    const inUse = await put('remove_prefixes', ['10.10.0.0/16']);
    assert.equal(inUse.status, 400);
    assert.deepEqual(inUse.body, {
      NeutronError: { type: 'IllegalSubnetPoolPrefixUpdate', message: 'Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet.', detail: '' },
    });
  });

  it('refuses to delete a pool with subnets, and a scope with pools', async () => {
    const pool = await os(['subnet', 'pool', 'delete', 'pool1']);
    assert.notEqual(pool.code, 0);
    assert.match(pool.stderr, /Subnet pool has existing allocations/);
    const scope = await os(['address', 'scope', 'delete', 'as1']);
    assert.notEqual(scope.code, 0);
    assert.match(scope.stderr, /There are one or more subnet pools in use on the address scope/);
  });

  it('deletes everything in order once nothing uses it', async () => {
    for (const args of [['subnet', 'delete', 's-a', 's-b', 's-c'], ['subnet', 'pool', 'delete', 'pool1'], ['address', 'scope', 'delete', 'as1']]) {
      const r = await os(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const n = await json(['network', 'show', 'poolnet']);
    assert.equal(n.ipv4_address_scope, null);
    const pools = await json<unknown[]>(['subnet', 'pool', 'list']);
    assert.equal(pools.length, 0);
  });
});
