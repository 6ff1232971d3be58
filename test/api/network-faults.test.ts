/**
 * Neutron's fault behaviour, with ONE table of cases run through two transports: in-process
 * (Fastify `inject` on a network API built over the lab's NetworkService) and real HTTP (`fetch`
 * against the listening lab). Every failure is checked for its status and its
 * {"NeutronError": {"type", "message", "detail"}} body (messages as Neutron 21 / neutron-lib 3.1
 * word them), then for having changed nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildNetworkApi } from '../../engine/network/api';
import { type InProcessLab, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

// --- transports -----------------------------------------------------------------------------

interface Req {
  method: string;
  url: string;
  token?: string | null;
  json?: unknown;
  raw?: string;
}
interface Res {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}
interface Transport {
  name: string;
  send(r: Req): Promise<Res>;
}

function encode(r: Req, admin: string): { headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = {};
  const token = r.token === undefined ? admin : r.token;
  if (token) headers['X-Auth-Token'] = token;
  if (r.json !== undefined) return { headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(r.json) };
  if (r.raw !== undefined) return { headers: { ...headers, 'Content-Type': 'application/json' }, body: r.raw };
  return { headers };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed response bodies are walked freely in assertions
type Json = Record<string, any>;

function body(res: Res): Json {
  try {
    return JSON.parse(res.text) as Json;
  } catch {
    assert.fail(`expected a JSON body, got ${res.status} ${JSON.stringify(res.text.slice(0, 300))}`);
  }
}

/** Asserts Neutron's fault envelope. */
function assertFault(res: Res, status: number, type: string, message: string | RegExp): void {
  assert.equal(res.status, status, `status (body ${res.text.slice(0, 400)})`);
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  const e = body(res).NeutronError as { type: string; message: string; detail: string };
  assert.ok(e, `no "NeutronError" key in ${res.text.slice(0, 300)}`);
  assert.deepEqual(Object.keys(e).sort(), ['detail', 'message', 'type']);
  assert.equal(e.type, type, `type (message ${e.message})`);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
  assert.equal(e.detail, '');
}

// --- the lab ----------------------------------------------------------------------------------

interface Env {
  lab: InProcessLab;
  admin: string;
  demo: string;
  demoProjectId: string;
  ids: Record<string, string>;
  /** Everything Neutron holds, as admin sees it: ids with revision numbers and bindings. */
  state(): Promise<string>;
}

const COLLECTIONS = ['networks', 'subnets', 'ports', 'routers', 'floatingips', 'security-groups', 'security-group-rules'];

/** Runs `fn` and checks Neutron's state is the same afterwards. */
async function unchanged(env: Env, fn: () => Promise<void>): Promise<void> {
  const before = await env.state();
  await fn();
  assert.equal(await env.state(), before, 'a failed request changed something');
}

interface Case {
  name: string;
  run(t: Transport, env: Env): Promise<void>;
}

const NOT_FOUND_ID = '00000000-1111-4222-8333-444444444444';

/** Creates over the transport and returns the created resource (asserting 201). */
async function create(t: Transport, url: string, json: unknown, token?: string): Promise<Json> {
  const res = await t.send({ method: 'POST', url, json, token });
  assert.equal(res.status, 201, `POST ${url}: ${res.text.slice(0, 400)}`);
  const b = body(res);
  return b[Object.keys(b)[0]] as Json;
}
async function del(t: Transport, url: string, token?: string): Promise<void> {
  const res = await t.send({ method: 'DELETE', url, token });
  assert.equal(res.status, 204, `DELETE ${url}: ${res.text.slice(0, 400)}`);
}

const cases: Case[] = [
  {
    name: 'an unknown attribute on create → 400 HTTPBadRequest "Unrecognized attribute(s) \'…\'"',
    run: (t, env) =>
      unchanged(env, async () => {
        assertFault(await t.send({ method: 'POST', url: '/v2.0/networks', json: { network: { name: 'x', colour: 'blue' } } }), 400, 'HTTPBadRequest', "Unrecognized attribute(s) 'colour'");
        assertFault(
          await t.send({ method: 'POST', url: '/v2.0/subnets', json: { subnet: { network_id: env.ids.intnet, ip_version: 4, cidr: '10.77.0.0/24', vlan: 3 } } }),
          400,
          'HTTPBadRequest',
          "Unrecognized attribute(s) 'vlan'",
        );
        assertFault(await t.send({ method: 'POST', url: '/v2.0/routers', json: { router: { name: 'r', size: 'big' } } }), 400, 'HTTPBadRequest', "Unrecognized attribute(s) 'size'");
      }),
  },
  {
    name: 'an invalid CIDR → 400 InvalidInput "… is not in a CIDR format"',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const cidr of ['10.0.0.0/33', 'not-a-cidr', '10.0.0.256/24']) {
          const res = await t.send({ method: 'POST', url: '/v2.0/subnets', json: { subnet: { network_id: env.ids.iso, ip_version: 4, cidr } } });
          assertFault(res, 400, 'InvalidInput', `Invalid input for operation: ${cidr} is not in a CIDR format.`);
        }
      }),
  },
  {
    name: 'a CIDR overlapping another subnet of the same network → 400 InvalidInput; the same CIDR on another network is fine',
    run: async (t, env) => {
      await unchanged(env, async () => {
        for (const cidr of ['10.5.5.128/25', '10.5.0.0/16', '10.5.5.0/24']) {
          const res = await t.send({ method: 'POST', url: '/v2.0/subnets', json: { subnet: { network_id: env.ids.intnet, ip_version: 4, cidr } } });
          assertFault(res, 400, 'InvalidInput', `Invalid input for operation: Requested subnet with cidr: ${cidr} for network: ${env.ids.intnet} overlaps with another subnet.`);
        }
      });
      const net = await create(t, '/v2.0/networks', { network: { name: `overlap-${t.name}` } });
      const s = await create(t, '/v2.0/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '10.5.5.0/24' } });
      assert.equal(s.cidr, '10.5.5.0/24');
      assert.equal(s.gateway_ip, '10.5.5.1');
      await del(t, `/v2.0/networks/${net.id}`);
    },
  },
  {
    name: 'gateway inside an allocation pool → 409 GatewayConflictWithAllocationPools; outside the pool it is fine; the network address → 400',
    run: async (t, env) => {
      await unchanged(env, async () => {
        const res = await t.send({
          method: 'POST',
          url: '/v2.0/subnets',
          json: { subnet: { network_id: env.ids.iso, ip_version: 4, cidr: '10.20.0.0/24', gateway_ip: '10.20.0.50', allocation_pools: [{ start: '10.20.0.10', end: '10.20.0.100' }] } },
        });
        assertFault(res, 409, 'GatewayConflictWithAllocationPools', 'Gateway ip 10.20.0.50 conflicts with allocation pool 10.20.0.10-10.20.0.100.');
        const edge = await t.send({
          method: 'POST',
          url: '/v2.0/subnets',
          json: { subnet: { network_id: env.ids.iso, ip_version: 4, cidr: '10.20.0.0/24', gateway_ip: '10.20.0.10', allocation_pools: [{ start: '10.20.0.10', end: '10.20.0.100' }] } },
        });
        assertFault(edge, 409, 'GatewayConflictWithAllocationPools', 'Gateway ip 10.20.0.10 conflicts with allocation pool 10.20.0.10-10.20.0.100.');
        for (const gw of ['10.20.0.0', '10.20.0.255']) {
          const bad = await t.send({ method: 'POST', url: '/v2.0/subnets', json: { subnet: { network_id: env.ids.iso, ip_version: 4, cidr: '10.20.0.0/24', gateway_ip: gw } } });
          assertFault(bad, 400, 'InvalidInput', 'Invalid input for operation: Gateway is not valid on subnet.');
        }
      });
      const net = await create(t, '/v2.0/networks', { network: { name: `gw-${t.name}` } });
      const s = await create(t, '/v2.0/subnets', {
        subnet: { network_id: net.id, ip_version: 4, cidr: '10.20.0.0/24', gateway_ip: '10.20.0.1', allocation_pools: [{ start: '10.20.0.10', end: '10.20.0.100' }] },
      });
      assert.equal(s.gateway_ip, '10.20.0.1');
      assert.deepEqual(s.allocation_pools, [{ start: '10.20.0.10', end: '10.20.0.100' }]);
      await del(t, `/v2.0/networks/${net.id}`);
    },
  },
  {
    name: 'an allocation pool beyond the CIDR → 400 OutOfBoundsAllocationPool',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const [start, end] of [
          ['10.30.0.10', '10.30.1.5'],
          ['10.30.0.10', '10.30.0.255'],
          ['10.30.0.0', '10.30.0.20'],
          ['10.31.0.10', '10.31.0.20'],
        ]) {
          const res = await t.send({ method: 'POST', url: '/v2.0/subnets', json: { subnet: { network_id: env.ids.iso, ip_version: 4, cidr: '10.30.0.0/24', allocation_pools: [{ start, end }] } } });
          assertFault(res, 400, 'OutOfBoundsAllocationPool', `The allocation pool ${start}-${end} spans beyond the subnet cidr 10.30.0.0/24.`);
        }
      }),
  },
  {
    name: 'deleting a network with a port → 409 NetworkInUse naming the port',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'DELETE', url: `/v2.0/networks/${env.ids.iso}` });
        assertFault(
          res,
          409,
          'NetworkInUse',
          `Unable to complete operation on network ${env.ids.iso}. There are one or more ports still in use on the network, id for these ports is: ${env.ids.isoPort}.`,
        );
      }),
  },
  {
    name: 'deleting a subnet with a port → 409 SubnetInUse',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'DELETE', url: `/v2.0/subnets/${env.ids.isoSubnet}` });
        assertFault(res, 409, 'SubnetInUse', `Unable to complete operation on subnet ${env.ids.isoSubnet}: One or more ports have an IP allocation from this subnet.`);
        // a router interface holds subnet1 too
        const res2 = await t.send({ method: 'DELETE', url: `/v2.0/subnets/${env.ids.subnet1}` });
        assertFault(res2, 409, 'SubnetInUse', `Unable to complete operation on subnet ${env.ids.subnet1}: One or more ports have an IP allocation from this subnet.`);
      }),
  },
  {
    name: 'deleting a router with an interface → 409 RouterInUse "has ports still attached: …"',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'DELETE', url: `/v2.0/routers/${env.ids.router}` });
        assertFault(res, 409, 'RouterInUse', `Router ${env.ids.router} has ports still attached: ${env.ids.qrPort}`);
      }),
  },
  {
    name: 'removing the router interface a floating IP needs → 409 RouterInterfaceInUseByFloatingIP',
    run: (t, env) =>
      unchanged(env, async () => {
        const msg = `Router interface for subnet ${env.ids.subnet1} on router ${env.ids.router} cannot be deleted, as it is required by one or more floating IPs.`;
        const bySubnet = await t.send({ method: 'PUT', url: `/v2.0/routers/${env.ids.router}/remove_router_interface`, json: { subnet_id: env.ids.subnet1 } });
        assertFault(bySubnet, 409, 'RouterInterfaceInUseByFloatingIP', msg);
        const byPort = await t.send({ method: 'PUT', url: `/v2.0/routers/${env.ids.router}/remove_router_interface`, json: { port_id: env.ids.qrPort } });
        assertFault(byPort, 409, 'RouterInterfaceInUseByFloatingIP', msg);
      }),
  },
  {
    name: 'a floating IP for a port whose subnet has no router to the external network → 404 ExternalGatewayForFloatingIPNotFound',
    run: (t, env) =>
      unchanged(env, async () => {
        const msg = `External network ${env.ids.ext} is not reachable from subnet ${env.ids.isoSubnet}.  Therefore, cannot associate Port ${env.ids.isoPort} with a Floating IP.`;
        const put = await t.send({ method: 'PUT', url: `/v2.0/floatingips/${env.ids.freeFip}`, json: { floatingip: { port_id: env.ids.isoPort } } });
        assertFault(put, 404, 'ExternalGatewayForFloatingIPNotFound', msg);
        const post = await t.send({ method: 'POST', url: '/v2.0/floatingips', json: { floatingip: { floating_network_id: env.ids.ext, port_id: env.ids.isoPort } } });
        assertFault(post, 404, 'ExternalGatewayForFloatingIPNotFound', msg);
      }),
  },
  {
    name: 'a duplicate security group rule → 409 SecurityGroupRuleExists naming the existing rule',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({
          method: 'POST',
          url: '/v2.0/security-group-rules',
          json: { security_group_rule: { security_group_id: env.ids.sg, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22 } },
        });
        assertFault(res, 409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${env.ids.sshRule}.`);
      }),
  },
  {
    name: 'a fixed IP already in use → 409 IpAddressAlreadyAllocated',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v2.0/ports', json: { port: { network_id: env.ids.iso, fixed_ips: [{ subnet_id: env.ids.isoSubnet, ip_address: env.ids.isoPortIp }] } } });
        assertFault(res, 409, 'IpAddressAlreadyAllocated', `IP address ${env.ids.isoPortIp} already allocated in subnet ${env.ids.isoSubnet}`);
        const byIp = await t.send({ method: 'POST', url: '/v2.0/ports', json: { port: { network_id: env.ids.iso, fixed_ips: [{ ip_address: env.ids.isoPortIp }] } } });
        assertFault(byIp, 409, 'IpAddressAlreadyAllocated', `IP address ${env.ids.isoPortIp} already allocated in subnet ${env.ids.isoSubnet}`);
      }),
  },
  {
    name: 'GET of an unknown id → 404 with each resource\'s own type and message',
    run: (t, env) =>
      unchanged(env, async () => {
        const expect: [string, string, string][] = [
          ['networks', 'NetworkNotFound', `Network ${NOT_FOUND_ID} could not be found.`],
          ['subnets', 'SubnetNotFound', `Subnet ${NOT_FOUND_ID} could not be found.`],
          ['ports', 'PortNotFound', `Port ${NOT_FOUND_ID} could not be found.`],
          ['routers', 'RouterNotFound', `Router ${NOT_FOUND_ID} could not be found`],
          ['floatingips', 'FloatingIPNotFound', `Floating IP ${NOT_FOUND_ID} could not be found`],
          ['security-groups', 'SecurityGroupNotFound', `Security group ${NOT_FOUND_ID} does not exist`],
          ['security-group-rules', 'SecurityGroupRuleNotFound', `Security group rule ${NOT_FOUND_ID} does not exist`],
        ];
        // compared all at once, so one report names every resource that answers differently
        const got: unknown[] = [];
        for (const [coll] of expect) {
          const res = await t.send({ method: 'GET', url: `/v2.0/${coll}/${NOT_FOUND_ID}` });
          const e = (JSON.parse(res.text) as Json).NeutronError as Json | undefined;
          got.push([coll, res.status, e?.type, e?.message, e?.detail]);
        }
        assert.deepEqual(
          got,
          expect.map(([coll, type, msg]) => [coll, 404, type, msg, '']),
        );
        // and the same for DELETE and PUT of networks
        assertFault(await t.send({ method: 'DELETE', url: `/v2.0/networks/${NOT_FOUND_ID}` }), 404, 'NetworkNotFound', `Network ${NOT_FOUND_ID} could not be found.`);
        assertFault(await t.send({ method: 'PUT', url: `/v2.0/networks/${NOT_FOUND_ID}`, json: { network: { name: 'y' } } }), 404, 'NetworkNotFound', `Network ${NOT_FOUND_ID} could not be found.`);
      }),
  },
  {
    name: 'no token, or a bad one → 401 with keystonemiddleware\'s body and WWW-Authenticate',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const token of [null, 'not-a-token']) {
          for (const r of [
            { method: 'GET', url: '/v2.0/networks' },
            { method: 'POST', url: '/v2.0/networks', json: { network: { name: 'anon' } } },
          ]) {
            const res = await t.send({ ...r, token });
            assert.equal(res.status, 401, res.text);
            assert.deepEqual(body(res), { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
            assert.match(res.headers['www-authenticate'] ?? '', /^Keystone uri="https?:\/\/[^"]+"$/);
          }
        }
      }),
  },
  {
    name: 'a demo member creating a provider or external network → 403 PolicyNotAuthorized with Neutron\'s match rule',
    run: (t, env) =>
      unchanged(env, async () => {
        const flat = await t.send({
          method: 'POST',
          url: '/v2.0/networks',
          token: env.demo,
          json: { network: { name: 'p', 'provider:network_type': 'flat', 'provider:physical_network': 'extnet' } },
        });
        assertFault(
          flat,
          403,
          'PolicyNotAuthorized',
          '((rule:create_network and rule:create_network:provider:network_type) and rule:create_network:provider:physical_network) is disallowed by policy',
        );
        const vx = await t.send({ method: 'POST', url: '/v2.0/networks', token: env.demo, json: { network: { name: 'p', 'provider:network_type': 'vxlan' } } });
        assertFault(vx, 403, 'PolicyNotAuthorized', '(rule:create_network and rule:create_network:provider:network_type) is disallowed by policy');
        const ext = await t.send({ method: 'POST', url: '/v2.0/networks', token: env.demo, json: { network: { name: 'p', 'router:external': true } } });
        assertFault(ext, 403, 'PolicyNotAuthorized', '(rule:create_network and rule:create_network:router:external) is disallowed by policy');
      }),
  },
  {
    name: 'a demo member cannot see, change or delete the admin project\'s private network (404)',
    run: (t, env) =>
      unchanged(env, async () => {
        const msg = `Network ${env.ids.intnet} could not be found.`;
        assertFault(await t.send({ method: 'GET', url: `/v2.0/networks/${env.ids.intnet}`, token: env.demo }), 404, 'NetworkNotFound', msg);
        assertFault(await t.send({ method: 'DELETE', url: `/v2.0/networks/${env.ids.intnet}`, token: env.demo }), 404, 'NetworkNotFound', msg);
        assertFault(await t.send({ method: 'PUT', url: `/v2.0/networks/${env.ids.intnet}`, token: env.demo, json: { network: { name: 'mine' } } }), 404, 'NetworkNotFound', msg);
        const list = await t.send({ method: 'GET', url: '/v2.0/networks', token: env.demo });
        assert.equal(list.status, 200);
        const ids = (body(list).networks as Json[]).map((n) => n.id);
        assert.ok(!ids.includes(env.ids.intnet), 'the private network is not listed');
        assert.ok(ids.includes(env.ids.ext), 'the external network is listed (router:external makes it visible)');
        assertFault(await t.send({ method: 'GET', url: `/v2.0/subnets/${env.ids.subnet1}`, token: env.demo }), 404, 'SubnetNotFound', `Subnet ${env.ids.subnet1} could not be found.`);
      }),
  },
  {
    name: 'a demo member creates its own network, subnet and router (owned by the demo project)',
    run: async (t, env) => {
      const net = await create(t, '/v2.0/networks', { network: { name: `demo-net-${t.name}` } }, env.demo);
      assert.equal(net.project_id, env.demoProjectId);
      assert.equal(net['provider:network_type'], undefined, 'provider attributes are admin-only to read');
      const sub = await create(t, '/v2.0/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '192.168.50.0/24' } }, env.demo);
      assert.equal(sub.project_id, env.demoProjectId);
      const r = await create(t, '/v2.0/routers', { router: { name: `demo-r-${t.name}` } }, env.demo);
      assert.equal(r.project_id, env.demoProjectId);
      const add = await t.send({ method: 'PUT', url: `/v2.0/routers/${r.id}/add_router_interface`, token: env.demo, json: { subnet_id: sub.id } });
      assert.equal(add.status, 200, add.text);
      const gw = await t.send({ method: 'PUT', url: `/v2.0/routers/${r.id}`, token: env.demo, json: { router: { external_gateway_info: { network_id: env.ids.ext } } } });
      assert.equal(gw.status, 200, gw.text);
      const rm = await t.send({ method: 'PUT', url: `/v2.0/routers/${r.id}/remove_router_interface`, token: env.demo, json: { subnet_id: sub.id } });
      assert.equal(rm.status, 200, rm.text);
      await del(t, `/v2.0/routers/${r.id}`, env.demo);
      await del(t, `/v2.0/networks/${net.id}`, env.demo);
    },
  },
  {
    name: 'a malformed JSON body → 400 HTTPBadRequest "Body contains invalid data"',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const raw of ['{"network": {"name": "broken"', '[{"network": {}}]', '"network"']) {
          assertFault(await t.send({ method: 'POST', url: '/v2.0/networks', raw }), 400, 'HTTPBadRequest', 'Body contains invalid data');
        }
        assertFault(await t.send({ method: 'PUT', url: `/v2.0/networks/${env.ids.intnet}`, raw: '{"network":' }), 400, 'HTTPBadRequest', 'Body contains invalid data');
        assertFault(await t.send({ method: 'POST', url: '/v2.0/networks', json: { net: { name: 'x' } } }), 400, 'HTTPBadRequest', "Unable to find 'network' in request body");
      }),
  },
  {
    name: 'an unknown URL → 404 HTTPNotFound "The resource could not be found."',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const url of ['/v2.0/widgets', '/v2.0/widgets/1', '/v3/networks', `/v2.0/networks/${env.ids.intnet}/nonsense`]) {
          assertFault(await t.send({ method: 'GET', url }), 404, 'HTTPNotFound', 'The resource could not be found.');
        }
      }),
  },
];

// --- running ------------------------------------------------------------------------------------

describe('Neutron faults', () => {
  let env: Env;
  let app: FastifyInstance;
  const transports: Transport[] = [];

  before(async () => {
    const lab = await startInProcessLab();
    const admin = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir).OS_PASSWORD, 'admin');
    const demo = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
    app = buildNetworkApi({ network: lab.engine.network!, tokens: lab.engine.identity!, bodyLimit: lab.engine.config.maxRequestBodySize });
    await app.ready();
    const base = `http://127.0.0.1:${9696 + lab.portOffset}`;
    transports.push(
      {
        name: 'inject',
        async send(r) {
          const { headers, body: payload } = encode(r, admin);
          const res = await app.inject({ method: r.method as 'GET', url: r.url, headers, payload });
          const h: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) h[k.toLowerCase()] = v === undefined ? undefined : String(v);
          return { status: res.statusCode, headers: h, text: res.body };
        },
      },
      {
        name: 'http',
        async send(r) {
          const { headers, body: payload } = encode(r, admin);
          const res = await fetch(base + r.url, { method: r.method, headers, body: r.method === 'GET' ? undefined : payload });
          const h: Record<string, string | undefined> = {};
          res.headers.forEach((v, k) => (h[k.toLowerCase()] = v));
          return { status: res.status, headers: h, text: await res.text() };
        },
      },
    );
    const http = transports[1];
    const ids: Record<string, string> = {};
    env = {
      lab,
      admin,
      demo,
      demoProjectId: '',
      ids,
      async state() {
        const parts: Record<string, unknown> = {};
        for (const c of COLLECTIONS) {
          const res = await http.send({ method: 'GET', url: `/v2.0/${c}` });
          assert.equal(res.status, 200, res.text);
          const items = body(res)[c.replace(/-/g, '_')] as Json[];
          parts[c] = items
            .map((x) => JSON.stringify([x.id, x.revision_number, x.fixed_ips, x.port_id, x.device_id, x.subnets, x.allocation_pools, x.gateway_ip, x.external_gateway_info]))
            .sort();
        }
        return JSON.stringify(parts);
      },
    };
    // who the demo token belongs to (Keystone's token body)
    const who = await fetch(`${lab.keystoneUrl}/v3/auth/tokens`, { headers: { 'X-Auth-Token': admin, 'X-Subject-Token': demo } });
    env.demoProjectId = ((await who.json()) as Json).token.project.id as string;

    // the seed's topology, plus an isolated network with a port and a free floating IP
    ids.ext = (await create(http, '/v2.0/networks', { network: { name: 'external_network', 'provider:network_type': 'flat', 'provider:physical_network': 'extnet', 'router:external': true } })).id;
    ids.publicSubnet = (
      await create(http, '/v2.0/subnets', {
        subnet: { name: 'public_subnet', network_id: ids.ext, ip_version: 4, cidr: '10.0.2.0/24', enable_dhcp: false, gateway_ip: '10.0.2.1', allocation_pools: [{ start: '10.0.2.100', end: '10.0.2.200' }] },
      })
    ).id;
    ids.intnet = (await create(http, '/v2.0/networks', { network: { name: 'intnet' } })).id;
    ids.subnet1 = (await create(http, '/v2.0/subnets', { subnet: { name: 'subnet1', network_id: ids.intnet, ip_version: 4, cidr: '10.5.5.0/24' } })).id;
    ids.router = (await create(http, '/v2.0/routers', { router: { name: 'R2' } })).id;
    let res = await http.send({ method: 'PUT', url: `/v2.0/routers/${ids.router}/add_router_interface`, json: { subnet_id: ids.subnet1 } });
    assert.equal(res.status, 200, res.text);
    ids.qrPort = body(res).port_id as string;
    res = await http.send({ method: 'PUT', url: `/v2.0/routers/${ids.router}`, json: { router: { external_gateway_info: { network_id: ids.ext } } } });
    assert.equal(res.status, 200, res.text);
    const vm = await create(http, '/v2.0/ports', { port: { network_id: ids.intnet, name: 'vm' } });
    ids.fip = (await create(http, '/v2.0/floatingips', { floatingip: { floating_network_id: ids.ext, port_id: vm.id } })).id;
    ids.freeFip = (await create(http, '/v2.0/floatingips', { floatingip: { floating_network_id: ids.ext } })).id;
    ids.iso = (await create(http, '/v2.0/networks', { network: { name: 'isolated' } })).id;
    ids.isoSubnet = (await create(http, '/v2.0/subnets', { subnet: { name: 'isolated-subnet', network_id: ids.iso, ip_version: 4, cidr: '10.9.9.0/24', enable_dhcp: false } })).id;
    const isoPort = await create(http, '/v2.0/ports', { port: { network_id: ids.iso, name: 'lonely' } });
    ids.isoPort = isoPort.id;
    ids.isoPortIp = isoPort.fixed_ips[0].ip_address;
    ids.sg = (await create(http, '/v2.0/security-groups', { security_group: { name: 'allow-ssh' } })).id;
    ids.sshRule = (
      await create(http, '/v2.0/security-group-rules', {
        security_group_rule: { security_group_id: ids.sg, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22 },
      })
    ).id;
  });

  after(async () => {
    await app?.close();
    await env?.lab.stop();
  });

  for (const transport of ['inject', 'http']) {
    describe(transport, () => {
      for (const c of cases) it(c.name, () => c.run(transports.find((t) => t.name === transport)!, env));
    });
  }
});
