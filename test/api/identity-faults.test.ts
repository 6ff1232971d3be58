/**
 * Keystone's fault behaviour, checked through two transports with ONE table of cases (the
 * moto pattern): in-process (Fastify `inject` on an app built over the lab's IdentityService)
 * and real HTTP (`fetch` against the listening lab). Every failure is checked for status,
 * `error.code`, `error.title` and message, and for having changed nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../engine/core/clock';
import { buildIdentityApi } from '../../engine/identity/api';
import type { IdentityService } from '../../engine/identity/service';
import { type InProcessLab, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

// --- transports -----------------------------------------------------------------------------

interface Req {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (set Content-Type yourself). */
  raw?: string;
}
interface Res {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}
interface Transport {
  name: string;
  /** The base URL the client used (what Keystone puts in links and WWW-Authenticate). */
  base: string;
  send(r: Req): Promise<Res>;
}

function encode(r: Req): { headers: Record<string, string>; body?: string } {
  const headers = { ...(r.headers ?? {}) };
  if (r.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    return { headers, body: JSON.stringify(r.json) };
  }
  return { headers, body: r.raw };
}

function injectTransport(app: FastifyInstance): Transport {
  return {
    name: 'inject',
    base: 'http://localhost:80',
    async send(r) {
      const { headers, body } = encode(r);
      const res = await app.inject({ method: r.method as 'GET', url: r.url, headers, payload: body });
      const h: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(res.headers)) h[k.toLowerCase()] = v === undefined ? undefined : String(v);
      return { status: res.statusCode, headers: h, text: res.body };
    },
  };
}

function httpTransport(base: string): Transport {
  return {
    name: 'http',
    base,
    async send(r) {
      const { headers, body } = encode(r);
      const res = await fetch(base + r.url, { method: r.method, headers, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : body });
      const h: Record<string, string | undefined> = {};
      res.headers.forEach((v, k) => (h[k.toLowerCase()] = v));
      return { status: res.status, headers: h, text: await res.text() };
    },
  };
}

// --- helpers ----------------------------------------------------------------------------------

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
};
const CLIENT_ERROR = 'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';
const INVALID_JSON = `Expecting to find valid JSON in request body. ${CLIENT_ERROR}`;
const AUTH_REQUIRED = 'The request you have made requires authentication.';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed response bodies are walked freely in assertions
type Json = Record<string, any>;

function body(res: Res): Json {
  try {
    return JSON.parse(res.text) as Json;
  } catch {
    assert.fail(`expected a JSON body, got ${res.status} ${JSON.stringify(res.text.slice(0, 300))}`);
  }
}

/** Asserts Keystone's fault envelope: {"error": {"code", "title", "message"}}. */
function assertFault(res: Res, status: number, message: string | RegExp): void {
  assert.equal(res.status, status, `status (body ${res.text.slice(0, 300)})`);
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  const e = body(res).error as { code: number; title: string; message: string };
  assert.ok(e, `no "error" key in ${res.text.slice(0, 300)}`);
  assert.equal(e.code, status);
  assert.equal(e.title, TITLES[status]);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
}

interface Env {
  lab: InProcessLab;
  identity: IdentityService;
  clock: ManualClock;
  adminPassword: string;
  demoPassword: string;
  admin: string;
  demo: string;
  demoProjectId: string;
  /** Issues fresh admin/demo tokens (after the clock moved). */
  refresh(): Promise<void>;
  counts(): Record<string, number>;
}

const adm = (env: Env, extra: Record<string, string> = {}) => ({ 'X-Auth-Token': env.admin, ...extra });

/** The resource counts a failed request must leave unchanged. */
function counts(identity: IdentityService): Record<string, number> {
  return {
    projects: identity.projects.list().length,
    domains: identity.domains.list().length,
    users: identity.users.list().length,
    groups: identity.groups.list().length,
    roles: identity.roles.list().length,
    limits: identity.limits.list({}).length,
    assignments: identity.assignments.list({}).length,
  };
}

/** Runs `fn` and checks nothing changed in identity meanwhile. */
async function unchanged(env: Env, fn: () => Promise<void>): Promise<void> {
  const before = env.counts();
  const gen = env.identity.core.generation;
  await fn();
  assert.deepEqual(env.counts(), before, 'a failed request changed identity');
  assert.equal(env.identity.core.generation, gen, 'a failed request committed a write');
}

/** Deterministic PRNG (mulberry32), so a failing fuzz run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the cases (written once) -------------------------------------------------------------------

interface Case {
  name: string;
  run(t: Transport, env: Env): Promise<void>;
}

const cases: Case[] = [
  {
    name: 'malformed JSON body → 400 "Expecting to find valid JSON in request body"',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env, { 'Content-Type': 'application/json' }), raw: '{"project": {"name": "broken"' });
        assertFault(res, 400, INVALID_JSON);
      }),
  },
  {
    // Keystone's json_body hook: a body that decodes to anything but a dict is "not valid JSON"
    name: 'JSON body that is not an object → 400 "Expecting to find valid JSON in request body"',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const raw of ['[{"project": {"name": "arr"}}]', '"project"', '42', 'null', 'true']) {
          const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env, { 'Content-Type': 'application/json' }), raw });
          assertFault(res, 400, INVALID_JSON);
        }
      }),
  },
  {
    name: 'wrong type {"project": {"name": 5}} → 400 schema error on name',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name: 5 } } });
        // keystone.common.validation: "Invalid input for field '<path>': <jsonschema message>"
        assertFault(res, 400, /^Invalid input for field '(project\/)?name': 5 is not of type 'string'/);
      }),
  },
  {
    name: 'wrong type enabled: "yes" → 400',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name: `bad-enabled-${t.name}`, enabled: 'yes' } } });
        assertFault(res, 400, /^Invalid input for field '(project\/)?enabled': 'yes' is not of type 'boolean'/);
      }),
  },
  {
    name: 'missing required {"project": {}} → 400 naming name',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: {} } });
        assertFault(res, 400, /'name' is a required property/);
      }),
  },
  {
    name: 'missing wrapper key {"name": "x"} → 400',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { name: `nowrap-${t.name}` } });
        assert.equal(res.status, 400);
        assert.equal(body(res).error.code, 400);
        assert.equal(body(res).error.title, 'Bad Request');
      }),
  },
  {
    name: 'password change with an extra key → 400 additionalProperties',
    run: async (t, env) => {
      const u = await env.identity.users.create({ name: `pwx-${t.name}`, password: 'old-secret', domain_id: 'default' });
      await unchanged(env, async () => {
        const res = await t.send({
          method: 'POST', url: `/v3/users/${u.id}/password`, headers: adm(env),
          json: { user: { password: 'new-secret', original_password: 'old-secret', extra: 'nope' } },
        });
        assertFault(res, 400, /Additional properties are not allowed \('extra' was unexpected\)/);
      });
      // and the password did not change
      const auth = await env.identity.tokens.authenticate({ identity: { methods: ['password'], password: { user: { id: u.id, password: 'old-secret' } } }, scope: 'unscoped' });
      assert.ok(auth.token);
    },
  },
  {
    // keystone/api/users.py UserChangePasswordResource.post is @unenforced_api: no token needed
    name: 'password change needs no X-Auth-Token (original password proves it) → 204',
    run: async (t, env) => {
      const u = await env.identity.users.create({ name: `pwself-${t.name}`, password: 'old-secret', domain_id: 'default' });
      const res = await t.send({ method: 'POST', url: `/v3/users/${u.id}/password`, json: { user: { password: 'new-secret', original_password: 'old-secret' } } });
      assert.equal(res.status, 204, `got ${res.status} ${res.text}`);
    },
  },
  {
    name: 'password change with a wrong original password → 401, password unchanged',
    run: async (t, env) => {
      const u = await env.identity.users.create({ name: `pwbad-${t.name}`, password: 'old-secret', domain_id: 'default' });
      await unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: `/v3/users/${u.id}/password`, headers: adm(env), json: { user: { password: 'new-secret', original_password: 'WRONG' } } });
        assert.equal(res.status, 401);
        assert.equal(body(res).error.code, 401);
        assert.equal(body(res).error.title, 'Unauthorized');
      });
    },
  },
  {
    name: 'limits with an extra key → 400 additionalProperties',
    run: (t, env) =>
      unchanged(env, async () => {
        const svc = env.identity.catalog.listServices({ type: 'identity' })[0];
        const res = await t.send({
          method: 'POST', url: '/v3/limits', headers: adm(env),
          json: { limits: [{ service_id: svc.id, project_id: env.demoProjectId, resource_name: 'cores', resource_limit: 10, extra: 'nope' }] },
        });
        assertFault(res, 400, /Additional properties are not allowed \('extra' was unexpected\)/);
      }),
  },
  {
    name: 'project create keeps an unknown attribute and echoes it back (201)',
    run: async (t, env) => {
      const before = env.counts().projects;
      const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name: `extra-${t.name}`, color: 'blue', tier: { level: 2 } } } });
      assert.equal(res.status, 201, res.text);
      const p = body(res).project;
      assert.equal(p.color, 'blue');
      assert.deepEqual(p.tier, { level: 2 });
      assert.equal(env.counts().projects, before + 1);
      const got = body(await t.send({ method: 'GET', url: `/v3/projects/${p.id}`, headers: adm(env) })).project;
      assert.equal(got.color, 'blue');
    },
  },
  {
    name: 'body over 114688 bytes → 413',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name: `huge-${t.name}`, description: 'x'.repeat(120000) } } });
        assertFault(res, 413, /^Request is too large\./);
      }),
  },
  {
    name: 'a body just under the limit is not refused for size',
    run: async (t, env) => {
      const res = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name: `big-${t.name}`, description: 'x'.repeat(60000) } } });
      assert.equal(res.status, 201, res.text.slice(0, 200));
    },
  },
  {
    name: 'unknown ids → 404 "Could not find <kind>: nope."',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const [path, kind] of [['projects', 'project'], ['users', 'user'], ['roles', 'role'], ['domains', 'domain'], ['groups', 'group']]) {
          const res = await t.send({ method: 'GET', url: `/v3/${path}/nope`, headers: adm(env) });
          assertFault(res, 404, `Could not find ${kind}: nope.`);
        }
        for (const [path, kind] of [['projects', 'project'], ['users', 'user'], ['groups', 'group']]) {
          const res = await t.send({ method: 'DELETE', url: `/v3/${path}/nope`, headers: adm(env) });
          assertFault(res, 404, `Could not find ${kind}: nope.`);
          const patch = await t.send({ method: 'PATCH', url: `/v3/${path}/nope`, headers: adm(env), json: { [kind]: { description: 'x' } } });
          assertFault(patch, 404, `Could not find ${kind}: nope.`);
        }
      }),
  },
  {
    name: 'duplicate project name in the same domain → 409; same name in another domain → 201',
    run: async (t, env) => {
      const name = `dup-${t.name}`;
      const first = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name } } });
      assert.equal(first.status, 201, first.text);
      await unchanged(env, async () => {
        const again = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name, description: 'second' } } });
        assertFault(again, 409, `Conflict occurred attempting to store project - Duplicate entry found with name ${name} at domain ID default.`);
      });
      const dom = await t.send({ method: 'POST', url: '/v3/domains', headers: adm(env), json: { domain: { name: `dom-${t.name}` } } });
      assert.equal(dom.status, 201, dom.text);
      const other = await t.send({ method: 'POST', url: '/v3/projects', headers: adm(env), json: { project: { name, domain_id: body(dom).domain.id } } });
      assert.equal(other.status, 201, other.text);
      assert.equal(body(other).project.domain_id, body(dom).domain.id);
    },
  },
  {
    name: 'no token → 401 with WWW-Authenticate',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const r of [{ method: 'GET', url: '/v3/projects' }, { method: 'POST', url: '/v3/projects', json: { project: { name: `anon-${t.name}` } } }]) {
          const res = await t.send(r);
          assertFault(res, 401, AUTH_REQUIRED);
          assert.equal(res.headers['www-authenticate'], `Keystone uri="${t.base}"`);
        }
      }),
  },
  {
    name: 'garbage token → 401',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const tok of ['garbage', 'gAAAAABnot-a-real-fernet-token', 'x'.repeat(300)]) {
          const res = await t.send({ method: 'GET', url: '/v3/projects', headers: { 'X-Auth-Token': tok } });
          assertFault(res, 401, AUTH_REQUIRED);
        }
      }),
  },
  {
    name: 'expired token → 401 (ManualClock)',
    run: async (t, env) => {
      const tok = await passwordToken(env.lab.keystoneUrl, 'admin', env.adminPassword, 'admin');
      assert.equal((await t.send({ method: 'GET', url: '/v3/projects', headers: { 'X-Auth-Token': tok } })).status, 200);
      env.clock.advance(env.lab.engine.config.tokenExpirationSeconds * 1000 - 1000);
      assert.equal((await t.send({ method: 'GET', url: '/v3/projects', headers: { 'X-Auth-Token': tok } })).status, 200, 'valid 1 s before expiry');
      env.clock.advance(2000);
      await unchanged(env, async () => {
        assertFault(await t.send({ method: 'GET', url: '/v3/projects', headers: { 'X-Auth-Token': tok } }), 401, AUTH_REQUIRED);
        assertFault(await t.send({ method: 'POST', url: '/v3/projects', headers: { 'X-Auth-Token': tok }, json: { project: { name: `late-${t.name}` } } }), 401, AUTH_REQUIRED);
        // as a subject token it is simply not found
        const head = await t.send({ method: 'GET', url: '/v3/auth/tokens', headers: { 'X-Auth-Token': tok, 'X-Subject-Token': tok } });
        assert.equal(head.status, 401);
      });
      await env.refresh();
    },
  },
  {
    name: 'demo member → 403 on POST /v3/projects, with the policy rule named',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'POST', url: '/v3/projects', headers: { 'X-Auth-Token': env.demo }, json: { project: { name: `by-demo-${t.name}` } } });
        assertFault(res, 403, 'You are not authorized to perform the requested action: identity:create_project.');
      }),
  },
  {
    name: 'reader-only user: reads what readers may, 403 on writes',
    run: async (t, env) => {
      const id = env.identity;
      const u = await id.users.create({ name: `viewer-${t.name}`, password: 'viewer-pw', domain_id: 'default' });
      id.assignments.grant({ user: u.id }, { project: env.demoProjectId }, id.roles.findByName('reader')!.id);
      const tok = await passwordToken(env.lab.keystoneUrl, u.name, 'viewer-pw', 'demo');
      const h = { 'X-Auth-Token': tok };
      const ok = async (url: string) => {
        const res = await t.send({ method: 'GET', url, headers: h });
        assert.equal(res.status, 200, `GET ${url}: ${res.status} ${res.text.slice(0, 200)}`);
        return body(res);
      };
      assert.equal((await ok(`/v3/projects/${env.demoProjectId}`)).project.id, env.demoProjectId);
      assert.equal((await ok(`/v3/users/${u.id}`)).user.id, u.id);
      assert.deepEqual((await ok('/v3/auth/projects')).projects.map((p: { id: string }) => p.id), [env.demoProjectId]);
      assert.ok(Array.isArray((await ok('/v3/auth/catalog')).catalog));
      assert.ok((await ok('/v3/regions')).regions.some((r: { id: string }) => r.id === 'RegionOne'));
      const validate = await t.send({ method: 'GET', url: '/v3/auth/tokens', headers: { ...h, 'X-Subject-Token': tok } });
      assert.equal(validate.status, 200);
      assert.deepEqual(body(validate).token.roles.map((r: { name: string }) => r.name), ['reader']);

      await unchanged(env, async () => {
        const denied: [Req, string][] = [
          [{ method: 'GET', url: '/v3/projects', headers: h }, 'identity:list_projects'],
          [{ method: 'GET', url: '/v3/users', headers: h }, 'identity:list_users'],
          [{ method: 'POST', url: '/v3/projects', headers: h, json: { project: { name: `by-reader-${t.name}` } } }, 'identity:create_project'],
          [{ method: 'PATCH', url: `/v3/projects/${env.demoProjectId}`, headers: h, json: { project: { description: 'hacked' } } }, 'identity:update_project'],
          [{ method: 'DELETE', url: `/v3/projects/${env.demoProjectId}`, headers: h }, 'identity:delete_project'],
          [{ method: 'POST', url: '/v3/users', headers: h, json: { user: { name: `by-reader-${t.name}` } } }, 'identity:create_user'],
          [{ method: 'PUT', url: `/v3/projects/${env.demoProjectId}/users/${u.id}/roles/${id.roles.findByName('admin')!.id}`, headers: h }, 'identity:create_grant'],
        ];
        for (const [r, rule] of denied) assertFault(await t.send(r), 403, `You are not authorized to perform the requested action: ${rule}.`);
      });
    },
  },
  {
    name: 'deleting an enabled domain → 403, domain kept',
    run: async (t, env) => {
      const dom = env.identity.domains.create({ name: `keep-${t.name}` });
      await unchanged(env, async () => {
        const res = await t.send({ method: 'DELETE', url: `/v3/domains/${dom.id}`, headers: adm(env) });
        assertFault(res, 403, 'Cannot delete a domain that is enabled, please disable it first.');
      });
      assert.ok(env.identity.domains.find(dom.id));
    },
  },
  {
    name: 'version discovery at / (300) and /v3 (200) without a token',
    run: async (t) => {
      const root = await t.send({ method: 'GET', url: '/' });
      assert.equal(root.status, 300);
      const values = body(root).versions.values as { id: string; status: string; links: { rel: string; href: string }[] }[];
      assert.equal(values[0].id, 'v3.14');
      assert.equal(values[0].status, 'stable');
      assert.equal(values[0].links.find((l) => l.rel === 'self')?.href, `${t.base}/v3/`);
      const v3 = await t.send({ method: 'GET', url: '/v3' });
      assert.equal(v3.status, 200);
      assert.equal(body(v3).version.id, 'v3.14');
    },
  },
  {
    name: 'HEAD /v3/auth/tokens → 200 for a valid subject token, 404 for an invalid one',
    run: (t, env) =>
      unchanged(env, async () => {
        const ok = await t.send({ method: 'HEAD', url: '/v3/auth/tokens', headers: { 'X-Auth-Token': env.admin, 'X-Subject-Token': env.demo } });
        assert.equal(ok.status, 200);
        assert.equal(ok.text, '');
        const bad = await t.send({ method: 'HEAD', url: '/v3/auth/tokens', headers: { 'X-Auth-Token': env.admin, 'X-Subject-Token': 'not-a-token' } });
        assert.equal(bad.status, 404);
        assert.equal(bad.text, '');
        const get = await t.send({ method: 'GET', url: '/v3/auth/tokens', headers: { 'X-Auth-Token': env.admin, 'X-Subject-Token': 'not-a-token' } });
        assertFault(get, 404, 'Could not find token: not-a-token.');
      }),
  },
  {
    name: 'unknown route → 404 JSON',
    run: (t, env) =>
      unchanged(env, async () => {
        for (const r of [
          { method: 'GET', url: '/v3/no-such-thing', headers: adm(env) },
          { method: 'GET', url: '/v3/no-such-thing' },
          { method: 'POST', url: '/v4/projects', json: {} },
        ]) {
          const res = await t.send(r);
          assert.equal(res.status, 404);
          assert.equal(body(res).error.code, 404);
          assert.equal(body(res).error.title, 'Not Found');
        }
      }),
  },
  {
    // werkzeug decodes a bad escape leniently; whatever the status, the fault is Keystone's envelope
    name: 'a malformed percent-escape in the path → a Keystone fault body (not the framework\'s)',
    run: (t, env) =>
      unchanged(env, async () => {
        const res = await t.send({ method: 'GET', url: '/v3/projects/%ff', headers: adm(env) });
        assert.ok(res.status === 400 || res.status === 404, `status ${res.status}`);
        assertFault(res, res.status, /./);
      }),
  },
  {
    name: 'a 300-character unknown id → 404 "Could not find project: <id>."',
    run: (t, env) =>
      unchanged(env, async () => {
        const long = 'a'.repeat(300);
        assertFault(await t.send({ method: 'GET', url: `/v3/projects/${long}`, headers: adm(env) }), 404, `Could not find project: ${long}.`);
      }),
  },
  {
    name: '50 random/garbage requests: never a 5xx, the server still answers',
    run: async (t, env) => {
      const seed = 0x5eed + (t.name === 'http' ? 1 : 0);
      const rnd = prng(seed);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
      const segs = ['projects', 'users', 'groups', 'roles', 'domains', 'auth', 'tokens', 'role_assignments', 'limits', 'registered_limits', 'regions', 'services',
        'endpoints', 'credentials', 'OS-INHERIT', 'system', 'implies', 'password', 'application_credentials', 'catalog', '..', '%00', '%ff', '%C3%A9', 'nope',
        'a'.repeat(300), '🙂', '%2F', 'users%2Fx', '*', '$', '?x=%', ''];
      const bodies: (() => string | undefined)[] = [
        () => undefined, () => '', () => '{', () => 'null', () => '[]', () => '{"project": null}', () => '{"user": {"name": []}}',
        () => JSON.stringify({ project: { name: 'x'.repeat(1000), enabled: 'maybe', tags: [1, 2] } }), () => '\u0000\u0001binary',
        () => JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 5 } } } } }),
        () => JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: 'garbage' } }, scope: { project: { id: 'nope' } } } }),
        () => JSON.stringify({ auth: 'x' }), () => JSON.stringify({ limits: [{}] }), () => JSON.stringify({ role: { name: { nested: true } } }),
        () => '{"a":' + '['.repeat(500) + ']'.repeat(500) + '}',
      ];
      const contentTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/json; charset=latin1', 'multipart/form-data', 'application/vnd.api+json'];
      const tokens = [undefined, 'garbage', env.admin, env.demo];
      const sent: string[] = [];
      const badEnvelope: string[] = [];
      for (let i = 0; i < 50; i++) {
        const method = pick(methods);
        const depth = 1 + Math.floor(rnd() * 4);
        let url = '/v3';
        for (let d = 0; d < depth; d++) url += '/' + pick(segs);
        if (rnd() < 0.3) url += `?${pick(['name', 'domain_id', 'effective', 'include_names', 'user.id', 'scope.project.id', 'nocatalog'])}=${pick(['', 'x', '%', 'true', 'nope'])}`;
        const headers: Record<string, string> = {};
        const tok = pick(tokens);
        if (tok) headers['X-Auth-Token'] = tok;
        if (rnd() < 0.3) headers['X-Subject-Token'] = pick(['garbage', env.demo]);
        const b = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies)();
        if (b !== undefined && rnd() < 0.9) headers['Content-Type'] = pick(contentTypes);
        // DELETE with an admin token could remove real things; only random ids ever appear in these paths
        const r: Req = { method, url, headers, raw: b };
        sent.push(`${method} ${url} ${JSON.stringify(headers['Content-Type'] ?? '')} ${JSON.stringify((b ?? '').slice(0, 60))}`);
        const res = await t.send(r);
        assert.ok(res.status < 500, `seed ${seed} request ${i}: ${sent[i]} → ${res.status} ${res.text.slice(0, 300)}`);
        if (method !== 'HEAD' && res.status >= 400 && res.text) {
          let code: unknown;
          try {
            code = (JSON.parse(res.text) as { error?: { code?: unknown } }).error?.code;
          } catch {
            code = undefined;
          }
          if (code !== res.status) badEnvelope.push(`${sent[i]} → ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
      assert.deepEqual(badEnvelope, [], `seed ${seed}: faults not in Keystone's {"error": {...}} envelope`);
      const v3 = await t.send({ method: 'GET', url: '/v3' });
      assert.equal(v3.status, 200);
      const list = await t.send({ method: 'GET', url: '/v3/projects', headers: adm(env) });
      assert.equal(list.status, 200);
    },
  },
];

// --- the two transports ---------------------------------------------------------------------------

for (const transport of ['inject', 'http'] as const) {
  describe(`identity faults over ${transport}`, () => {
    const clock = new ManualClock();
    let env: Env;
    let app: FastifyInstance;
    let t: Transport;

    before(async () => {
      const lab = await startInProcessLab({ clock });
      const identity = lab.engine.identity!;
      const adminPassword = rcEnv(lab.dataDir, 'admin').OS_PASSWORD;
      const demoPassword = rcEnv(lab.dataDir, 'demo').OS_PASSWORD;
      env = {
        lab, identity, clock, adminPassword, demoPassword, admin: '', demo: '',
        demoProjectId: identity.projects.findByName('demo', 'default')!.id,
        async refresh() {
          this.admin = await passwordToken(lab.keystoneUrl, 'admin', adminPassword, 'admin');
          this.demo = await passwordToken(lab.keystoneUrl, 'demo', demoPassword, 'demo');
        },
        counts: () => counts(identity),
      };
      await env.refresh();
      app = buildIdentityApi({ identity, bodyLimit: lab.engine.config.maxRequestBodySize });
      await app.ready();
      t = transport === 'inject' ? injectTransport(app) : httpTransport(lab.keystoneUrl);
    });

    after(async () => {
      await app?.close();
      await env?.lab.stop();
    });

    for (const c of cases) it(c.name, () => c.run(t, env));
  });
}
