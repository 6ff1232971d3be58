import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OsRequest, OsResponse } from '../../../engine/ui/contract';
import { cli, shq } from './cli';
import { OpenStackClient, OpenStackError, faultMessage } from './client';

const AUTH = 'http://127.0.0.1:5000/v3';
const catalog = [
  { type: 'network', name: 'neutron', endpoints: [{ interface: 'public', url: 'http://127.0.0.1:9696' }] },
  { type: 'compute', name: 'nova', endpoints: [{ interface: 'internal', url: 'http://10.0.0.1:8774/v2.1' }, { interface: 'public', url: 'http://127.0.0.1:8774/v2.1' }] },
];

/** A fake Keystone + Neutron + Nova: tokens tok-1, tok-2…; `expired` tokens answer 401. */
function fakeCloud() {
  const seen: OsRequest[] = [];
  const expired = new Set<string>();
  let issued = 0;
  const transport = async (req: OsRequest): Promise<OsResponse> => {
    seen.push(req);
    if (req.url === `${AUTH}/auth/tokens` && req.method === 'POST') {
      const body = JSON.parse(req.body ?? '{}');
      if (body.auth.identity.password?.user.password === 'wrong') return { status: 401, headers: {}, body: JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }) };
      const token = `tok-${++issued}`;
      return {
        status: 201,
        headers: { 'x-subject-token': token },
        body: JSON.stringify({ token: { expires_at: '2099-01-01T00:00:00Z', user: { id: 'u1', name: 'admin' }, project: body.auth.scope ? { id: body.auth.scope.project.id, name: 'admin' } : undefined, roles: [{ id: 'r', name: 'admin' }], catalog } }),
      };
    }
    const token = req.headers?.['x-auth-token'] ?? '';
    if (expired.has(token)) return { status: 401, headers: {}, body: '{"error":{"message":"The request you have made requires authentication."}}' };
    if (req.url.endsWith('/v2.0/networks/missing')) return { status: 404, headers: {}, body: JSON.stringify({ NeutronError: { type: 'NetworkNotFound', message: 'Network missing could not be found.', detail: '' } }) };
    return { status: 200, headers: {}, body: '{"ok":true}' };
  };
  return { transport, seen, expired };
}

function client(cloud = fakeCloud()) {
  let t = 0;
  return { cloud, c: new OpenStackClient({ transport: cloud.transport, authUrl: AUTH, clock: () => (t += 5), now: () => 1000 }) };
}

test('login takes the token from X-Subject-Token and the catalog from the body; calls go to the public endpoint', async () => {
  const { c, cloud } = client();
  const info = await c.login({ username: 'admin', password: 'pw', domain: 'Default' }, 'p1');
  assert.equal(info.token, 'tok-1');
  assert.equal(info.project?.id, 'p1');
  assert.equal(c.endpoint('compute'), 'http://127.0.0.1:8774/v2.1');
  await c.request({ service: 'network', method: 'GET', path: '/v2.0/networks', cli: cli.networkList() });
  const last = cloud.seen.at(-1)!;
  assert.equal(last.url, 'http://127.0.0.1:9696/v2.0/networks');
  assert.equal(last.headers?.['x-auth-token'], 'tok-1');
  const auth = JSON.parse(cloud.seen[0].body!);
  assert.deepEqual(auth.auth.identity.password.user.domain, { name: 'Default' });
});

test('a 401 re-authenticates once with the kept credentials, in the same project, and retries', async () => {
  const { c, cloud } = client();
  await c.login({ username: 'admin', password: 'pw', domain: 'Default' }, 'p1');
  cloud.expired.add('tok-1');
  const r = await c.request<{ ok: boolean }>({ service: 'network', method: 'GET', path: '/v2.0/networks', cli: 'openstack network list' });
  assert.deepEqual(r.body, { ok: true });
  assert.equal(c.token?.token, 'tok-2');
  assert.equal(JSON.parse(cloud.seen[2].body!).auth.scope.project.id, 'p1');
  assert.equal(cloud.seen.at(-1)!.headers?.['x-auth-token'], 'tok-2');
  assert.deepEqual(
    c.log.entries.map((e) => [e.method, e.status]),
    [
      ['POST', 201],
      ['GET', 401],
      ['POST', 201],
      ['GET', 200],
    ],
  );
});

test('a failed login throws the Keystone status and message; a fault body becomes an OpenStackError', async () => {
  const { c } = client();
  await assert.rejects(c.login({ username: 'admin', password: 'wrong', domain: 'Default' }), (e: unknown) => e instanceof OpenStackError && e.status === 401 && /requires authentication/.test(e.message));
  await c.login({ username: 'admin', password: 'pw', domain: 'Default' }, 'p1');
  await assert.rejects(c.request({ service: 'network', method: 'GET', path: '/v2.0/networks/missing', cli: 'openstack network show missing' }), {
    name: 'OpenStackError',
    status: 404,
    message: 'Network missing could not be found.',
  });
  assert.equal(c.log.entries.at(-1)?.error, 'Network missing could not be found.');
});

test('compute calls carry the microversion in both headers; the log records it', async () => {
  const { c, cloud } = client();
  await c.login({ username: 'admin', password: 'pw', domain: 'Default' }, 'p1');
  await c.request({ service: 'compute', method: 'GET', path: '/servers/detail', cli: 'openstack server list', microversion: '2.47' });
  const h = cloud.seen.at(-1)!.headers!;
  assert.equal(h['openstack-api-version'], 'compute 2.47');
  assert.equal(h['x-openstack-nova-api-version'], '2.47');
  await c.request({ service: 'network', method: 'GET', path: '/v2.0/networks', cli: 'openstack network list' });
  assert.equal(cloud.seen.at(-1)!.headers!['openstack-api-version'], undefined, 'Neutron has no microversions');
  const entry = c.log.entries.find((e) => e.url.endsWith('/servers/detail'))!;
  assert.equal(entry.microversion, 'compute 2.47');
  assert.equal(entry.cli, 'openstack server list');
  assert.equal(entry.status, 200);
  assert.equal(entry.durationMs, 5);
});

test('the call log records a transport failure with a null status, and is bounded', async () => {
  const c = new OpenStackClient({
    authUrl: AUTH,
    transport: async () => {
      throw new Error('The connection to the lab was lost.');
    },
  });
  await assert.rejects(c.login({ username: 'a', password: 'b', domain: 'Default' }), /connection to the lab was lost/);
  assert.equal(c.log.entries[0].status, null);
  for (let i = 0; i < 400; i++) c.log.add({ at: 0, method: 'GET', url: 'u', status: 200, durationMs: 1, cli: 'x' });
  assert.equal(c.log.entries.length, 300);
});

test('faultMessage reads Keystone, Neutron and Nova fault bodies', () => {
  assert.equal(faultMessage(403, '{"error":{"code":403,"message":"You are not authorized"}}'), 'You are not authorized');
  assert.equal(faultMessage(409, '{"NeutronError":{"type":"NetworkInUse","message":"Unable to complete operation"}}'), 'Unable to complete operation');
  assert.equal(faultMessage(404, '{"itemNotFound":{"code":404,"message":"Flavor x could not be found."}}'), 'Flavor x could not be found.');
  assert.equal(faultMessage(502, ''), 'HTTP 502');
});

test('GUI actions map to the openstack commands a student would type', () => {
  assert.equal(cli.networkCreate({ name: 'intnet', networkType: 'vxlan', mtu: 1450 }), 'openstack network create --provider-network-type vxlan --mtu 1450 intnet');
  assert.equal(
    cli.networkCreate({ name: 'external_network', external: true, shared: true, networkType: 'flat', physicalNetwork: 'extnet' }),
    'openstack network create --share --external --provider-network-type flat --provider-physical-network extnet external_network',
  );
  assert.equal(
    cli.subnetCreate({ name: 'public_subnet', network: 'external_network', cidr: '10.0.2.0/24', enableDhcp: false, gatewayIp: '10.0.2.1', allocationPool: { start: '10.0.2.100', end: '10.0.2.200' } }),
    'openstack subnet create --network external_network --subnet-range 10.0.2.0/24 --gateway 10.0.2.1 --no-dhcp --allocation-pool start=10.0.2.100,end=10.0.2.200 public_subnet',
  );
  assert.equal(cli.routerAddSubnet('R2', 'subnet1'), 'openstack router add subnet R2 subnet1');
  assert.equal(cli.routerSetGateway('R2', 'external_network'), 'openstack router set --external-gateway external_network R2');
  assert.equal(cli.securityGroupRuleCreate({ group: 'default', direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portMin: 22, portMax: 22, remoteIpPrefix: '0.0.0.0/0' }), 'openstack security group rule create --ingress --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 default');
  assert.equal(cli.securityGroupRuleCreate({ group: 'default', direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp' }), 'openstack security group rule create --ingress --protocol icmp default');
  assert.equal(cli.roleAdd({ role: 'member', project: 'demo', user: 'alice' }), 'openstack role add --project demo --user alice member');
  assert.equal(cli.projectCreate({ name: 'my project', description: "it's mine", domain: 'default' }), `openstack project create --domain default --description 'it'\\''s mine' 'my project'`);
  assert.equal(shq('plain-name_1'), 'plain-name_1');
});
