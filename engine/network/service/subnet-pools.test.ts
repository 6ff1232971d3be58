import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { parseNetwork, type Prefix } from '../../core/net/ip';
import { NeutronFault } from '../faults';
import { type Caller, defaultNetworkConfig } from './core';
import { NetworkService } from './index';
import { compactPrefixes, spanDifference, spansOf, spansToPrefixes } from './subnet-pools';

const admin: Caller = { projectId: 'p-admin', isAdmin: true };
const alice: Caller = { projectId: 'p-a', isAdmin: false };
const bob: Caller = { projectId: 'p-b', isAdmin: false };

const P = (c: string): Prefix => parseNetwork(c)!;

/** Asserts `fn` throws Neutron's fault with this status, type and message. */
function fails(fn: () => unknown, status: number, type: string, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof NeutronFault, String(e));
    assert.equal(e.status, status, e.message);
    assert.equal(e.type, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('address sets (netaddr IPSet semantics)', () => {
  it('compacts overlapping and adjacent prefixes into the fewest CIDRs, in address order', () => {
    assert.deepEqual(compactPrefixes(['10.10.0.0/16', '10.10.0.0/24', '10.11.0.0/16', '10.20.5.0/24'].map(P)), ['10.10.0.0/15', '10.20.5.0/24']);
    assert.deepEqual(compactPrefixes(['10.0.1.0/24', '10.0.0.0/24'].map(P)), ['10.0.0.0/23']);
    assert.deepEqual(compactPrefixes(['10.0.1.0/24', '10.0.2.0/24'].map(P)), ['10.0.1.0/24', '10.0.2.0/24']);
    assert.deepEqual(compactPrefixes(['2001:db8::/64', '2001:db8:0:1::/64'].map(P)), ['2001:db8::/63']);
  });

  it('subtracts allocations, leaving maximal aligned blocks', () => {
    const free = spansToPrefixes(spanDifference(spansOf([P('10.10.0.0/16')]), spansOf([P('10.10.0.0/24')])));
    assert.deepEqual(
      free.map((p) => `${p.len}`),
      ['24', '23', '22', '21', '20', '19', '18', '17'],
    );
  });
});

describe('address scopes and subnet pools (service)', () => {
  let net: NetworkService;
  beforeEach(() => {
    net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
  });

  const network = (c: Caller = admin, name = 'n') => net.networks.create(c, { name });

  it('creates a pool with Neutron defaults: /8 min, /32 max, default = min, ip_version from the prefixes', () => {
    const p = net.subnetPools.create(alice, { name: 'p', prefixes: ['10.10.0.0/16', '10.10.1.0/24'] });
    assert.deepEqual(
      { prefixes: p.prefixes, ip_version: p.ip_version, min: p.min_prefixlen, max: p.max_prefixlen, def: p.default_prefixlen, quota: p.default_quota, scope: p.address_scope_id, project: p.project_id },
      { prefixes: ['10.10.0.0/16'], ip_version: 4, min: 8, max: 32, def: 8, quota: null, scope: null, project: 'p-a' },
    );
    const v6 = net.subnetPools.create(alice, { name: 'p6', prefixes: ['2001:db8::/48'] });
    assert.deepEqual([v6.ip_version, v6.min_prefixlen, v6.max_prefixlen, v6.default_prefixlen], [6, 64, 128, 64]);
  });

  it('refuses empty, mixed-family and out-of-bounds pools as Neutron does', () => {
    fails(() => net.subnetPools.create(alice, { name: 'p', prefixes: [] }), 400, 'EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.');
    fails(() => net.subnetPools.create(alice, { name: 'p', prefixes: ['10.0.0.0/8', '2001:db8::/32'] }), 400, 'PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.');
    fails(() => net.subnetPools.create(alice, { name: 'p', prefixes: ['10.0.0.0/8'], min_prefixlen: 24, max_prefixlen: 20 }), 400, 'IllegalSubnetPoolPrefixBounds', 'Illegal prefix bounds: min_prefixlen=24, max_prefixlen=20.');
    fails(() => net.subnetPools.create(alice, { name: 'p', prefixes: ['10.0.0.0/8'], max_prefixlen: 33 }), 400, 'IllegalSubnetPoolPrefixBounds', 'Illegal prefix bounds: max_prefixlen=33, ip_version_max=32.');
    fails(() => net.subnetPools.create(alice, { name: 'p', prefixes: ['10.0.0.0/8'], min_prefixlen: 16, default_prefixlen: 12 }), 400, 'IllegalSubnetPoolPrefixBounds', 'Illegal prefix bounds: default_prefixlen=12, min_prefixlen=16.');
  });

  it('allocates best-fit lowest prefixes from the pool, honours bounds and a specific cidr, and reports exhaustion', () => {
    const pool = net.subnetPools.create(admin, { name: 'pool1', prefixes: ['10.10.0.0/16'], default_prefixlen: 24, max_prefixlen: 28 });
    const n = network();
    const sub = (extra: Record<string, unknown> = {}) => net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id, ...extra });
    const a = sub();
    assert.equal(a.cidr, '10.10.0.0/24');
    assert.equal(a.gateway_ip, '10.10.0.1');
    assert.deepEqual(a.allocation_pools, [{ start: '10.10.0.2', end: '10.10.0.254' }]);
    assert.equal(a.subnetpool_id, pool.id);
    assert.equal(sub().cidr, '10.10.1.0/24');
    assert.equal(sub({ prefixlen: 26 }).cidr, '10.10.2.0/26');
    assert.equal(sub({ prefixlen: 26 }).cidr, '10.10.2.64/26');
    assert.equal(sub({ cidr: '10.10.200.0/24' }).cidr, '10.10.200.0/24');
    fails(() => sub({ cidr: '10.10.200.0/25' }), 500, 'SubnetAllocationError', 'Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.');
    fails(() => sub({ cidr: '10.11.0.0/24' }), 500, 'SubnetAllocationError', 'Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.');
    fails(() => sub({ prefixlen: 29 }), 400, 'MaxPrefixSubnetAllocationError', 'Unable to allocate subnet with prefix length 29, maximum allowed prefix is 28.');
    fails(() => sub({ prefixlen: 7 }), 400, 'MinPrefixSubnetAllocationError', 'Unable to allocate subnet with prefix length 7, minimum allowed prefix is 8.');
    fails(() => sub({ prefixlen: 16 }), 500, 'SubnetAllocationError', 'Failed to allocate subnet: Insufficient prefix space to allocate subnet size /16.');
    fails(() => sub({ cidr: '10.10.3.0/24', prefixlen: 24 }), 400, 'BadRequest', 'Bad subnets request: cidr and prefixlen must not be supplied together.');
    fails(() => sub({ allocation_pools: [{ start: '10.10.9.2', end: '10.10.9.9' }] }), 400, 'BadRequest', 'Bad subnets request: allocation_pools allowed only for specific subnet requests.');
    fails(() => sub({ ip_version: 6 }), 400, 'BadRequest', 'Bad subnets request: Cannot allocate IPv6 subnet from IPv4 subnet pool.');
    fails(() => net.subnets.create(admin, { network_id: n.id }), 400, 'BadRequest', 'Bad subnets request: a subnetpool must be specified in the absence of a cidr.');
    fails(() => net.subnets.create(admin, { network_id: n.id, subnetpool_id: 'nope' }), 404, 'SubnetPoolNotFound', 'Subnet pool nope could not be found.');
  });

  it('exhausts a small pool', () => {
    const pool = net.subnetPools.create(admin, { name: 'tiny', prefixes: ['192.168.0.0/23'], default_prefixlen: 24 });
    const n = network();
    net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id });
    net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id });
    fails(() => net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id }), 500, 'SubnetAllocationError', 'Failed to allocate subnet: Insufficient prefix space to allocate subnet size /24.');
  });

  it('uses the default pool of the family, one default per family', () => {
    const n = network();
    fails(() => net.subnets.create(admin, { network_id: n.id, use_default_subnetpool: true, ip_version: 4 }), 400, 'BadRequest', 'Bad subnets request: No default subnetpool found for IPv4.');
    const def = net.subnetPools.create(admin, { name: 'def', prefixes: ['172.16.0.0/12'], default_prefixlen: 26, is_default: true, shared: true });
    fails(() => net.subnetPools.create(admin, { name: 'def2', prefixes: ['172.32.0.0/12'], is_default: true }), 400, 'InvalidInput', 'Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family.');
    const s = net.subnets.create(admin, { network_id: n.id, use_default_subnetpool: true, ip_version: 4 });
    assert.equal(s.cidr, '172.16.0.0/26');
    assert.equal(s.subnetpool_id, def.id);
    fails(() => net.subnets.create(admin, { network_id: n.id, use_default_subnetpool: true, subnetpool_id: def.id }), 400, 'BadRequest', 'Bad subnets request: subnetpool_id and use_default_subnetpool cannot both be specified.');
  });

  it('keeps one pool per family on a network', () => {
    const p1 = net.subnetPools.create(admin, { name: 'p1', prefixes: ['10.1.0.0/16'], default_prefixlen: 24 });
    const p2 = net.subnetPools.create(admin, { name: 'p2', prefixes: ['10.2.0.0/16'], default_prefixlen: 24 });
    const n = network();
    net.subnets.create(admin, { network_id: n.id, subnetpool_id: p1.id });
    const msg = 'Subnets hosted on the same network must be allocated from the same subnet pool.';
    fails(() => net.subnets.create(admin, { network_id: n.id, subnetpool_id: p2.id }), 400, 'NetworkSubnetPoolAffinityError', msg);
    fails(() => net.subnets.create(admin, { network_id: n.id, cidr: '192.168.9.0/24' }), 400, 'NetworkSubnetPoolAffinityError', msg);
  });

  it('reflects the address scope on the network, and refuses to delete what is in use', () => {
    const scope = net.addressScopes.create(alice, { name: 'as1', ip_version: 4 });
    assert.deepEqual(scope, { id: scope.id, name: 'as1', tenant_id: 'p-a', project_id: 'p-a', shared: false, ip_version: 4 });
    const pool = net.subnetPools.create(alice, { name: 'pool1', prefixes: ['10.10.0.0/16'], default_prefixlen: 24, address_scope_id: scope.id });
    const n = network(alice);
    const s = net.subnets.create(alice, { network_id: n.id, subnetpool_id: pool.id });
    assert.equal(net.networks.find(n.id)!.ipv4_address_scope, scope.id);
    assert.equal(net.networks.find(n.id)!.ipv6_address_scope, null);
    fails(() => net.addressScopes.delete(alice, scope.id), 409, 'AddressScopeInUse', `Unable to complete operation on address scope ${scope.id}. There are one or more subnet pools in use on the address scope.`);
    fails(() => net.subnetPools.delete(alice, pool.id), 400, 'SubnetPoolDeleteError', 'Unable to delete subnet pool: Subnet pool has existing allocations.');
    // leaving the scope clears the network's, joining it again sets it
    net.subnetPools.update(alice, pool.id, { address_scope_id: null });
    assert.equal(net.networks.find(n.id)!.ipv4_address_scope, null);
    net.subnetPools.update(alice, pool.id, { address_scope_id: scope.id });
    assert.equal(net.networks.find(n.id)!.ipv4_address_scope, scope.id);
    net.subnets.delete(alice, s.id);
    assert.equal(net.networks.find(n.id)!.ipv4_address_scope, null);
    net.subnetPools.delete(alice, pool.id);
    net.addressScopes.delete(alice, scope.id);
    assert.equal(net.addressScopes.list(admin).length, 0);
  });

  it('checks scope membership: family, visibility and unique prefixes', () => {
    const s4 = net.addressScopes.create(alice, { name: 'as4', ip_version: 4 });
    const s6 = net.addressScopes.create(alice, { name: 'as6', ip_version: 6 });
    net.subnetPools.create(alice, { name: 'a', prefixes: ['10.0.0.0/16'], address_scope_id: s4.id });
    fails(() => net.subnetPools.create(alice, { name: 'b', prefixes: ['10.0.128.0/17'], address_scope_id: s4.id }), 409, 'AddressScopePrefixConflict', 'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.');
    fails(() => net.subnetPools.create(alice, { name: 'c', prefixes: ['10.1.0.0/16'], address_scope_id: s6.id }), 400, 'IllegalSubnetPoolIpVersionAssociationToAddressScope', /because subnetpool ip_version is not 6\.$/);
    fails(() => net.subnetPools.create(bob, { name: 'd', prefixes: ['10.2.0.0/16'], address_scope_id: s4.id }), 404, 'AddressScopeNotFound', `Address scope ${s4.id} could not be found.`);
    fails(() => net.addressScopes.get(bob, s4.id), 404, 'AddressScopeNotFound', `Address scope ${s4.id} could not be found.`);
    const shared = net.addressScopes.create(admin, { name: 'sh', ip_version: 4, shared: true });
    assert.ok(net.addressScopes.list(bob).some((s) => s.id === shared.id));
    fails(() => net.addressScopes.update(admin, shared.id, { shared: false }), 400, 'AddressScopeUpdateError', `Unable to update address scope ${shared.id} : Shared address scope can't be unshared.`);
  });

  it('updates prefixes only to supersets, and adds / removes prefixes as Neutron does', () => {
    const pool = net.subnetPools.create(alice, { name: 'p', prefixes: ['10.10.0.0/16'], default_prefixlen: 24 });
    fails(() => net.subnetPools.update(alice, pool.id, { prefixes: ['10.20.0.0/16'] }), 400, 'IllegalSubnetPoolPrefixUpdate', 'Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.');
    assert.deepEqual(net.subnetPools.update(alice, pool.id, { prefixes: ['10.20.0.0/16', '10.10.0.0/16'] }).prefixes, ['10.10.0.0/16', '10.20.0.0/16']);
    assert.deepEqual(net.subnetPools.addPrefixes(alice, pool.id, ['10.11.0.0/16']).prefixes, ['10.10.0.0/15', '10.20.0.0/16']);
    const n = network(alice);
    // best fit: the smallest free block that holds a /24 is 10.20.0.0/16, not the lower /15
    assert.equal(net.subnets.create(alice, { network_id: n.id, subnetpool_id: pool.id }).cidr, '10.20.0.0/24');
    fails(() => net.subnetPools.removePrefixes(alice, pool.id, ['10.20.0.0/16']), 400, 'IllegalSubnetPoolPrefixUpdate', 'Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet.');
    assert.deepEqual(net.subnetPools.removePrefixes(alice, pool.id, ['10.11.0.0/16']).prefixes, ['10.10.0.0/16', '10.20.0.0/16']);
    assert.deepEqual(net.subnetPools.removePrefixes(alice, pool.id, ['192.168.0.0/16']).prefixes, ['10.10.0.0/16', '10.20.0.0/16']);
    fails(() => net.subnetPools.addPrefixes(alice, pool.id, ['bogus']), 400, 'AddrFormatError', 'invalid IPNetwork bogus');
    assert.equal(net.subnetPools.find(pool.id)!.revision_number, 3);
  });

  it('enforces default_quota in prefix units of the pool owner', () => {
    const pool = net.subnetPools.create(admin, { name: 'q', prefixes: ['10.0.0.0/16'], default_prefixlen: 24, default_quota: 512 });
    const n = network();
    net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id });
    net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id });
    fails(() => net.subnets.create(admin, { network_id: n.id, subnetpool_id: pool.id }), 409, 'SubnetPoolQuotaExceeded', 'Per-tenant subnet pool prefix quota exceeded.');
  });

  it('hides private pools from other projects', () => {
    const pool = net.subnetPools.create(alice, { name: 'p', prefixes: ['10.10.0.0/16'] });
    fails(() => net.subnetPools.get(bob, pool.id), 404, 'SubnetPoolNotFound', `Subnet pool ${pool.id} could not be found.`);
    assert.equal(net.subnetPools.list(bob).length, 0);
    assert.equal(net.subnetPools.list(alice).length, 1);
  });
});
