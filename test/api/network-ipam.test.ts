/**
 * Neutron's IPAM under concurrency, over HTTP against `stacklab serve`: a burst of port creations
 * on a small pool hands out each free address exactly once, the rest get Neutron's 409
 * IpAddressGenerationFailure; deleted ports give their addresses back; requested fixed IPs outside
 * the subnet are 400s and the gateway a router holds is a 409.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Json, neutronCall, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';


const ipToInt = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);

function assertFault(r: { status: number; body: Json }, status: number, type: string, message: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.deepEqual(r.body, { NeutronError: { type, message, detail: '' } });
}

describe('IPAM under concurrency (stacklab serve, HTTP)', () => {
  let lab: ServeProcess;
  let token: string;
  const ids: Record<string, string> = {};

  const neutron = (method: string, path: string, body?: unknown) => neutronCall(lab.portOffset, token, method, path, body);
  const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await neutron(method, path, body);
    assert.equal(r.status, method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const portsOn = async (netId: string): Promise<Json[]> => (await ok('GET', `/ports?network_id=${netId}`)).ports as Json[];
  /** Fires `n` port creations at once; returns every answer. */
  const burst = (netId: string, n: number, prefix: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => neutron('POST', '/ports', { port: { network_id: netId, name: `${prefix}-${i}` } })));

  before(async () => {
    lab = await startServe(tempDir());
    token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir).OS_PASSWORD, 'admin');
    // a pool of exactly 10 addresses, no DHCP port
    ids.net = (await ok('POST', '/networks', { network: { name: 'small' } })).network.id;
    ids.subnet = (
      await ok('POST', '/subnets', {
        subnet: { name: 'small-subnet', network_id: ids.net, ip_version: 4, cidr: '10.40.0.0/24', gateway_ip: '10.40.0.1', enable_dhcp: false, allocation_pools: [{ start: '10.40.0.10', end: '10.40.0.19' }] },
      })
    ).subnet.id;
    // a /28 with DHCP: the default pool .2–.14 (13 addresses), one of them the DHCP port's
    ids.net28 = (await ok('POST', '/networks', { network: { name: 'slash28' } })).network.id;
    ids.subnet28 = (await ok('POST', '/subnets', { subnet: { name: 'slash28-subnet', network_id: ids.net28, ip_version: 4, cidr: '10.41.0.0/28' } })).subnet.id;
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('30 concurrent creations on a pool of 10: exactly 10 succeed with distinct pool addresses, 20 get 409 IpAddressGenerationFailure', async () => {
    const answers = await burst(ids.net, 30, 'burst');
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.port as Json);
    const refused = answers.filter((a) => a.status !== 201);
    assert.equal(created.length, 10, `successes: ${answers.map((a) => a.status).join(',')}`);
    assert.equal(refused.length, 20);
    for (const r of refused) assertFault(r, 409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${ids.net}.`);
    const ips = created.map((p) => {
      assert.equal(p.fixed_ips.length, 1);
      assert.equal(p.fixed_ips[0].subnet_id, ids.subnet);
      return p.fixed_ips[0].ip_address as string;
    });
    assert.equal(new Set(ips).size, 10, `distinct: ${ips.join(' ')}`);
    for (const ip of ips) {
      assert.ok(ipToInt(ip) >= ipToInt('10.40.0.10') && ipToInt(ip) <= ipToInt('10.40.0.19'), `${ip} in the pool`);
      assert.notEqual(ip, '10.40.0.1');
    }
    assert.equal(new Set(created.map((p) => p.mac_address)).size, 10, 'distinct MACs');
    // what the API holds afterwards is exactly what was answered
    const held = await portsOn(ids.net);
    assert.deepEqual(held.map((p) => p.id).sort(), created.map((p) => p.id).sort());
    assert.deepEqual(held.map((p) => p.fixed_ips[0].ip_address).sort(), [...ips].sort());
    const avail = await ok('GET', `/network-ip-availabilities/${ids.net}`);
    assert.equal(avail.network_ip_availability.total_ips, 10);
    assert.equal(avail.network_ip_availability.used_ips, 10);
  });

  it('one more port on the full pool → 409, and nothing is created', async () => {
    const before = (await portsOn(ids.net)).length;
    assertFault(await neutron('POST', '/ports', { port: { network_id: ids.net } }), 409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${ids.net}.`);
    assert.equal((await portsOn(ids.net)).length, before);
  });

  it('deleting ports returns their addresses: a new burst gets exactly those back', async () => {
    const held = await portsOn(ids.net);
    const freed = held.slice(0, 3);
    await Promise.all(freed.map((p) => ok('DELETE', `/ports/${p.id}`)));
    const freedIps = freed.map((p) => p.fixed_ips[0].ip_address as string).sort();
    const answers = await burst(ids.net, 8, 'again');
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.port as Json);
    assert.equal(created.length, 3, `statuses: ${answers.map((a) => a.status).join(',')}`);
    for (const r of answers.filter((a) => a.status !== 201)) assertFault(r, 409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${ids.net}.`);
    assert.deepEqual(created.map((p) => p.fixed_ips[0].ip_address as string).sort(), freedIps);
    const all = (await portsOn(ids.net)).map((p) => p.fixed_ips[0].ip_address as string);
    assert.equal(all.length, 10);
    assert.equal(new Set(all).size, 10);
  });

  it('deleting every port concurrently empties the pool, and a burst fills it again', async () => {
    await Promise.all((await portsOn(ids.net)).map((p) => ok('DELETE', `/ports/${p.id}`)));
    assert.equal((await ok('GET', `/network-ip-availabilities/${ids.net}`)).network_ip_availability.used_ips, 0);
    const answers = await burst(ids.net, 12, 'refill');
    assert.equal(answers.filter((a) => a.status === 201).length, 10);
    assert.equal(answers.filter((a) => a.status === 409).length, 2);
    const ips = answers.filter((a) => a.status === 201).map((a) => a.body.port.fixed_ips[0].ip_address as string);
    assert.equal(new Set(ips).size, 10);
  });

  it('a /28 with DHCP: 30 concurrent creations, 12 succeed (13 pool addresses less the DHCP port), never .0/.1/.15', async () => {
    const dhcp = (await portsOn(ids.net28)).filter((p) => p.device_owner === 'network:dhcp');
    assert.equal(dhcp.length, 1, 'the DHCP port holds one pool address');
    const answers = await burst(ids.net28, 30, 'p28');
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.port as Json);
    assert.equal(created.length, 12, `statuses: ${answers.map((a) => a.status).join(',')}`);
    for (const r of answers.filter((a) => a.status !== 201)) assertFault(r, 409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${ids.net28}.`);
    const ips = [...created.map((p) => p.fixed_ips[0].ip_address as string), dhcp[0].fixed_ips[0].ip_address as string];
    assert.equal(new Set(ips).size, 13);
    for (const ip of ips) {
      const n = ipToInt(ip) - ipToInt('10.41.0.0');
      assert.ok(n >= 2 && n <= 14, `${ip} in 10.41.0.2-10.41.0.14`);
    }
  });

  it('a requested fixed IP outside the subnet (or its network/broadcast address) → 400 InvalidIpForSubnet', async () => {
    for (const ip of ['10.99.0.5', '10.40.0.0', '10.40.0.255']) {
      assertFault(
        await neutron('POST', '/ports', { port: { network_id: ids.net28, fixed_ips: [{ subnet_id: ids.subnet28, ip_address: ip }] } }),
        400,
        'InvalidIpForSubnet',
        `IP address ${ip} is not a valid IP for the specified subnet.`,
      );
    }
    assert.equal((await portsOn(ids.net28)).length, 13, 'nothing created');
  });

  it('a requested fixed IP on no subnet of the network (no subnet_id) → 400 InvalidIpForNetwork', async () => {
    assertFault(
      await neutron('POST', '/ports', { port: { network_id: ids.net28, fixed_ips: [{ ip_address: '10.99.0.5' }] } }),
      400,
      'InvalidIpForNetwork',
      'IP address 10.99.0.5 is not a valid IP for any of the subnets on the specified network.',
    );
    assert.equal((await portsOn(ids.net28)).length, 13, 'nothing created');
  });

  it('an address of the subnet outside its pool can be requested; two requests for one address → one 201, one 409 IpAddressAlreadyAllocated', async () => {
    // the small pool is full, yet an address of the subnet outside its pool can be asked for by name
    const p = (await ok('POST', '/ports', { port: { network_id: ids.net, fixed_ips: [{ subnet_id: ids.subnet, ip_address: '10.40.0.100' }] } })).port;
    assert.deepEqual(p.fixed_ips, [{ subnet_id: ids.subnet, ip_address: '10.40.0.100' }]);
    // and twice at once: one wins, the other is told the address is taken
    const race = await Promise.all(
      [0, 1].map(() => neutron('POST', '/ports', { port: { network_id: ids.net, fixed_ips: [{ subnet_id: ids.subnet, ip_address: '10.40.0.101' }] } })),
    );
    assert.deepEqual(race.map((r) => r.status).sort(), [201, 409]);
    assertFault(race.find((r) => r.status === 409)!, 409, 'IpAddressAlreadyAllocated', `IP address 10.40.0.101 already allocated in subnet ${ids.subnet}`);
  });

  it('the gateway address while a router holds it → 409 IpAddressAlreadyAllocated', async () => {
    const router = (await ok('POST', '/routers', { router: { name: 'gw-holder' } })).router;
    await ok('PUT', `/routers/${router.id}/add_router_interface`, { subnet_id: ids.subnet });
    const before = (await portsOn(ids.net)).length;
    assertFault(
      await neutron('POST', '/ports', { port: { network_id: ids.net, fixed_ips: [{ subnet_id: ids.subnet, ip_address: '10.40.0.1' }] } }),
      409,
      'IpAddressAlreadyAllocated',
      `IP address 10.40.0.1 already allocated in subnet ${ids.subnet}`,
    );
    assert.equal((await portsOn(ids.net)).length, before, 'nothing created');
  });
});
