/**
 * Keystone v3 through the real python-openstackclient (Debian's 6.0), against a real
 * `stacklab serve` child process: the identity walkthrough of the seeds exactly as a student
 * types it, then the rest of the identity CLI a student meets (passwords, disabling, groups,
 * domains, catalog, implied roles, credentials, limits, application credentials, token
 * revocation, policy and conflicts). Expected values are what a real Keystone 22 (Zed) with
 * its default policy prints; one lab for the whole file, so the tests run in order.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type CliResult, type ServeProcess, openstack, openstackJson, startServe, tempDir } from '../support/lab';

/** `| Field | Value |` table of a show/create command, as a map (continuation rows are joined with \n). */
function fieldTable(stdout: string): Map<string, string> {
  const rows = stdout.split('\n').filter((l) => l.startsWith('|'));
  assert.ok(rows.length > 0, `no table in:\n${stdout}`);
  const header = cells(rows[0]);
  assert.deepEqual(header, ['Field', 'Value'], `not a Field/Value table:\n${stdout}`);
  const out = new Map<string, string>();
  let last = '';
  for (const row of rows.slice(1)) {
    const [k, v] = cells(row);
    if (k === '') out.set(last, `${out.get(last)}\n${v}`);
    else out.set((last = k), v);
  }
  return out;
}

/** A list table: its column headers and its rows. */
function listTable(stdout: string): { headers: string[]; rows: string[][] } {
  const rows = stdout.split('\n').filter((l) => l.startsWith('|'));
  assert.ok(rows.length > 0, `no table in:\n${stdout}`);
  return { headers: cells(rows[0]), rows: rows.slice(1).map(cells) };
}

function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

function ok(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} failed (${r.code}): ${r.stderr}`);
  return r;
}

const HEX32 = /^[0-9a-f]{32}$/;
/** Every Keystone response carries oslo's request id, and keystoneauth appends it to error messages. */
const REQUEST_ID = /\(Request-ID: req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)/;

describe('identity through the real openstack CLI (stacklab serve)', () => {
  let dataDir: string;
  let lab: ServeProcess;
  let url: string;
  const os = (args: string[], opts: Parameters<typeof openstack>[2] = {}) => openstack(dataDir, args, opts);
  const osJson = <T>(args: string[], opts: Parameters<typeof openstack>[2] = {}) => openstackJson<T>(dataDir, args, opts);
  /** Log in as someone else than the rc file's user (what a student does by editing a copy of keystonerc). */
  const as = (user: string, password: string, project: string) => ({ env: { OS_USERNAME: user, OS_PASSWORD: password, OS_PROJECT_NAME: project } });
  /** No password credentials left in the environment (for other auth types). */
  const noPassword = { OS_USERNAME: '', OS_PASSWORD: '', OS_PROJECT_NAME: '', OS_USER_DOMAIN_NAME: '', OS_PROJECT_DOMAIN_NAME: '' };

  // State the walkthrough builds and later tests use.
  let adminUserId = '';
  let adminProjectId = '';
  let newProjectId = '';
  let developerId = '';
  let appCred = { id: '', secret: '' };
  let svcId = '';
  const stderrs: { what: string; stderr: string }[] = [];

  before(async () => {
    dataDir = tempDir('stacklab-identity-cli-');
    lab = await startServe(dataDir);
    url = lab.keystoneUrl;
  });

  after(async () => {
    if (lab) await lab.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the seeds walkthrough, as typed', () => {
    it('openstack token issue prints expires, id, project_id, user_id', async () => {
      const t = fieldTable(ok(await os(['token', 'issue']), 'token issue').stdout);
      assert.deepEqual([...t.keys()], ['expires', 'id', 'project_id', 'user_id']);
      assert.match(t.get('project_id')!, HEX32);
      assert.match(t.get('user_id')!, HEX32);
      assert.ok(t.get('id')!.length >= 32, 'token id');
      // Keystone's default token lifetime is one hour ([token] expiration = 3600).
      const expires = Date.parse(t.get('expires')!.replace(/\+0000$/, 'Z'));
      const inMin = (expires - Date.now()) / 60000;
      assert.ok(inMin > 55 && inMin <= 61, `token expires in ${inMin} min, expected ~60`);
      adminUserId = t.get('user_id')!;
      adminProjectId = t.get('project_id')!;
    });

    it('openstack endpoint list / catalog list show keystone public, internal and admin on 5000+offset', async () => {
      const keystone = `http://127.0.0.1:${5000 + lab.portOffset}`;
      const eps = listTable(ok(await os(['endpoint', 'list']), 'endpoint list').stdout);
      assert.deepEqual(eps.headers, ['ID', 'Region', 'Service Name', 'Service Type', 'Enabled', 'Interface', 'URL']);
      const ks = eps.rows.filter((r) => r[2] === 'keystone');
      assert.deepEqual(ks.map((r) => r[5]).sort(), ['admin', 'internal', 'public']);
      for (const r of ks) {
        assert.match(r[0], HEX32);
        assert.deepEqual([r[1], r[3], r[4], r[6]], ['RegionOne', 'identity', 'True', keystone]);
      }

      const cat = listTable(ok(await os(['catalog', 'list']), 'catalog list').stdout);
      assert.deepEqual(cat.headers, ['Name', 'Type', 'Endpoints']);
      const start = cat.rows.findIndex((r) => r[0] === 'keystone');
      assert.ok(start >= 0, 'keystone in the catalog');
      assert.equal(cat.rows[start][1], 'identity');
      const lines: string[] = [cat.rows[start][2]];
      for (let i = start + 1; i < cat.rows.length && cat.rows[i][0] === ''; i++) lines.push(cat.rows[i][2]);
      for (const iface of ['public', 'internal', 'admin']) assert.ok(lines.includes(`${iface}: ${keystone}`), `catalog has ${iface}: ${keystone}\n${lines.join('\n')}`);
      assert.equal(lines.filter((l) => l === 'RegionOne').length, 3);
    });

    it('openstack project create / set --description / show newProject', async () => {
      const created = fieldTable(ok(await os(['project', 'create', 'newProject']), 'project create').stdout);
      assert.deepEqual([...created.keys()], ['description', 'domain_id', 'enabled', 'id', 'is_domain', 'name', 'options', 'parent_id', 'tags']);
      newProjectId = created.get('id')!;
      assert.match(newProjectId, HEX32);

      const set = ok(await os(['project', 'set', '--description', 'for testing purpose', 'newProject']), 'project set');
      assert.equal(set.stdout, '');

      const shown = fieldTable(ok(await os(['project', 'show', 'newProject']), 'project show').stdout);
      assert.deepEqual(Object.fromEntries(shown), {
        description: 'for testing purpose',
        domain_id: 'default',
        enabled: 'True',
        id: newProjectId,
        is_domain: 'False',
        name: 'newProject',
        options: '{}',
        parent_id: 'default',
        tags: '[]',
      });
    });

    it('openstack user create --project newProject --password secret developer1', async () => {
      const u = fieldTable(ok(await os(['user', 'create', '--project', 'newProject', '--password', 'secret', 'developer1']), 'user create').stdout);
      assert.deepEqual([...u.keys()], ['default_project_id', 'domain_id', 'enabled', 'id', 'name', 'options', 'password_expires_at']);
      assert.equal(u.get('default_project_id'), newProjectId);
      assert.equal(u.get('domain_id'), 'default');
      assert.equal(u.get('enabled'), 'True');
      assert.equal(u.get('name'), 'developer1');
      assert.equal(u.get('password_expires_at'), 'None');
      developerId = u.get('id')!;
      assert.match(developerId, HEX32);
    });

    it('openstack role list shows admin, member, reader and _member_', async () => {
      const t = listTable(ok(await os(['role', 'list']), 'role list').stdout);
      assert.deepEqual(t.headers, ['ID', 'Name']);
      assert.deepEqual(t.rows.map((r) => r[1]).sort(), ['_member_', 'admin', 'member', 'reader']);
      for (const r of t.rows) assert.match(r[0], HEX32);
    });

    it('a new user has no role until one is added; role add admin and _member_; assignment list --names', async () => {
      assert.deepEqual(await osJson(['role', 'assignment', 'list', '--project', 'newProject', '--user', 'developer1']), []);
      for (const role of ['admin', '_member_']) {
        const r = ok(await os(['role', 'add', '--project', 'newProject', '--user', 'developer1', role]), `role add ${role}`);
        assert.equal(r.stdout, '');
      }
      const t = listTable(ok(await os(['role', 'assignment', 'list', '--project', 'newProject', '--user', 'developer1', '--names']), 'assignment list').stdout);
      assert.deepEqual(t.headers, ['Role', 'User', 'Group', 'Project', 'Domain', 'System', 'Inherited']);
      assert.deepEqual(
        t.rows.sort((a, b) => a[0].localeCompare(b[0])),
        [
          ['_member_', 'developer1@Default', '', 'newProject@Default', '', '', 'False'],
          ['admin', 'developer1@Default', '', 'newProject@Default', '', '', 'False'],
        ],
      );
    });

    it('openstack domain create d2; group create g1; group add user g1 developer1', async () => {
      const d = fieldTable(ok(await os(['domain', 'create', 'd2']), 'domain create').stdout);
      assert.deepEqual([...d.keys()], ['description', 'enabled', 'id', 'name', 'options', 'tags']);
      assert.deepEqual([d.get('enabled'), d.get('name'), d.get('options'), d.get('tags')], ['True', 'd2', '{}', '[]']);
      assert.match(d.get('id')!, HEX32);

      const g = fieldTable(ok(await os(['group', 'create', 'g1']), 'group create').stdout);
      assert.deepEqual([...g.keys()], ['description', 'domain_id', 'id', 'name']);
      assert.deepEqual([g.get('domain_id'), g.get('name')], ['default', 'g1']);

      const add = ok(await os(['group', 'add', 'user', 'g1', 'developer1']), 'group add user');
      assert.equal(add.stdout, '');
      const contains = ok(await os(['group', 'contains', 'user', 'g1', 'developer1']), 'group contains user');
      assert.equal(contains.stdout, 'developer1 in group g1\n');
    });

    it('openstack application credential create app1', async () => {
      const a = fieldTable(ok(await os(['application', 'credential', 'create', 'app1']), 'application credential create').stdout);
      // No access_rules row: Keystone's app-cred driver adds that key only when there are rules.
      assert.deepEqual([...a.keys()], ['description', 'expires_at', 'id', 'name', 'project_id', 'roles', 'secret', 'system', 'unrestricted', 'user_id']);
      assert.equal(a.get('name'), 'app1');
      assert.equal(a.get('project_id'), adminProjectId);
      assert.equal(a.get('user_id'), adminUserId);
      assert.equal(a.get('unrestricted'), 'False');
      assert.equal(a.get('expires_at'), 'None');
      // The token's roles, implied ones included.
      assert.deepEqual(a.get('roles')!.split(' ').sort(), ['admin', 'member', 'reader']);
      assert.ok(a.get('secret')!.length >= 32, 'a secret is shown once');
      appCred = { id: a.get('id')!, secret: a.get('secret')! };
      assert.match(appCred.id, HEX32);
    });

    it('openstack --os-cloud stacklab-admin project list (clouds.yaml, no password in the environment)', async () => {
      const r = ok(await os(['--os-cloud', 'stacklab-admin', 'project', 'list'], { env: { OS_USERNAME: '', OS_PASSWORD: '', OS_AUTH_URL: '' } }), 'project list');
      const t = listTable(r.stdout);
      assert.deepEqual(t.headers, ['ID', 'Name']);
      assert.deepEqual(t.rows.map((x) => x[1]).sort(), ['admin', 'demo', 'newProject', 'service']);
      assert.ok(t.rows.some((x) => x[0] === newProjectId && x[1] === 'newProject'));
    });
  });

  describe('users and passwords', () => {
    it('developer1 logs in with its password, scoped to newProject', async () => {
      const t = await osJson<Record<string, string>>(['token', 'issue'], as('developer1', 'secret', 'newProject'));
      assert.equal(t.user_id, developerId);
      assert.equal(t.project_id, newProjectId);
    });

    it('user set --password: the old password is refused (401), the new one works', async () => {
      ok(await os(['user', 'set', '--password', 'secret2', 'developer1']), 'user set --password');
      const old = await os(['token', 'issue'], as('developer1', 'secret', 'newProject'));
      assert.notEqual(old.code, 0);
      assert.match(old.stderr, /The request you have made requires authentication\. \(HTTP 401\)/);
      stderrs.push({ what: 'token issue with a wrong password', stderr: old.stderr });
      const t = await osJson<Record<string, string>>(['token', 'issue'], as('developer1', 'secret2', 'newProject'));
      assert.equal(t.user_id, developerId);
    });

    it('user set --disable: that user can no longer get a token', async () => {
      const u = await osJson<Record<string, unknown>>(['user', 'create', '--password', 'pw-intern', '--project', 'newProject', 'intern']);
      ok(await os(['role', 'add', '--project', 'newProject', '--user', 'intern', 'member']), 'role add member');
      const before = await osJson<Record<string, string>>(['token', 'issue'], as('intern', 'pw-intern', 'newProject'));
      assert.equal(before.user_id, u.id);
      ok(await os(['user', 'set', '--disable', 'intern']), 'user set --disable');
      const r = await os(['token', 'issue'], as('intern', 'pw-intern', 'newProject'));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /The request you have made requires authentication\. \(HTTP 401\)/);
    });
  });

  describe('roles and groups', () => {
    it('role remove takes one assignment away', async () => {
      const r = ok(await os(['role', 'remove', '--project', 'newProject', '--user', 'developer1', '_member_']), 'role remove');
      assert.equal(r.stdout, '');
      const rows = await osJson<Record<string, unknown>[]>(['role', 'assignment', 'list', '--project', 'newProject', '--user', 'developer1', '--names']);
      assert.deepEqual(rows, [{ Role: 'admin', User: 'developer1@Default', Group: '', Project: 'newProject@Default', Domain: '', System: '', Inherited: false }]);
    });

    it('group remove user; group contains user then says "not in group"', async () => {
      ok(await os(['group', 'remove', 'user', 'g1', 'developer1']), 'group remove user');
      const r = ok(await os(['group', 'contains', 'user', 'g1', 'developer1']), 'group contains user');
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'developer1 not in group g1\n');
    });

    it('implied role create --implied-role reader _member_; implied role list', async () => {
      const roles = new Map((await osJson<{ ID: string; Name: string }[]>(['role', 'list'])).map((r) => [r.Name, r.ID]));
      const c = fieldTable(ok(await os(['implied', 'role', 'create', '--implied-role', 'reader', '_member_']), 'implied role create').stdout);
      assert.deepEqual(Object.fromEntries(c), { implies: roles.get('reader'), prior_role: roles.get('_member_') });
      const list = await osJson<Record<string, string>[]>(['implied', 'role', 'list']);
      const pairs = list.map((r) => `${r['Prior Role Name']}>${r['Implied Role Name']}`).sort();
      assert.deepEqual(pairs, ['_member_>reader', 'admin>member', 'member>reader']);
      // [assignment] prohibited_implied_role = admin: nothing may imply admin.
      const prohibited = await os(['implied', 'role', 'create', '--implied-role', 'admin', 'member']);
      assert.notEqual(prohibited.code, 0);
      assert.match(prohibited.stderr, new RegExp(`${roles.get('admin')} is not permitted to be an implied role\\. \\(HTTP 403\\)`));
      const row = list.find((r) => r['Prior Role Name'] === '_member_')!;
      assert.deepEqual(row, { 'Prior Role ID': roles.get('_member_'), 'Prior Role Name': '_member_', 'Implied Role ID': roles.get('reader'), 'Implied Role Name': 'reader' });
    });
  });

  describe('domains, regions, services and endpoints', () => {
    it('an enabled domain cannot be deleted (403); domain set --disable then domain delete', async () => {
      const refused = await os(['domain', 'delete', 'd2']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /Cannot delete a domain that is enabled, please disable it first\. \(HTTP 403\)/);
      ok(await os(['domain', 'set', '--disable', 'd2']), 'domain set --disable');
      ok(await os(['domain', 'delete', 'd2']), 'domain delete');
      const names = (await osJson<{ Name: string }[]>(['domain', 'list'])).map((d) => d.Name);
      assert.deepEqual(names, ['Default']);
    });

    it('region create RegionTwo', async () => {
      const r = fieldTable(ok(await os(['region', 'create', 'RegionTwo']), 'region create').stdout);
      assert.equal(r.get('region'), 'RegionTwo');
      assert.equal(r.get('parent_region'), 'None');
      assert.ok(r.has('description'));
    });

    it('service create, endpoint create, endpoint show', async () => {
      const s = await osJson<Record<string, unknown>>(['service', 'create', '--name', 'svc1', '--description', 'test service', 'compute']);
      assert.deepEqual({ ...s, id: 'x' }, { description: 'test service', enabled: true, id: 'x', name: 'svc1', type: 'compute' });
      svcId = String(s.id);
      assert.match(svcId, HEX32);
      const e = await osJson<Record<string, unknown>>(['endpoint', 'create', '--region', 'RegionTwo', 'svc1', 'public', 'http://127.0.0.1:9999/v2.1']);
      const shown = fieldTable(ok(await os(['endpoint', 'show', String(e.id)]), 'endpoint show').stdout);
      assert.deepEqual(Object.fromEntries(shown), {
        enabled: 'True',
        id: String(e.id),
        interface: 'public',
        region: 'RegionTwo',
        region_id: 'RegionTwo',
        service_id: svcId,
        service_name: 'svc1',
        service_type: 'compute',
        url: 'http://127.0.0.1:9999/v2.1',
      });
    });
  });

  describe('credentials and limits', () => {
    it('credential create developer1 <blob>; credential list', async () => {
      const blob = '{"access": "a1", "secret": "s1"}';
      const c = fieldTable(ok(await os(['credential', 'create', 'developer1', blob]), 'credential create').stdout);
      assert.deepEqual([...c.keys()], ['blob', 'id', 'project_id', 'type', 'user_id']);
      assert.deepEqual([c.get('blob'), c.get('type'), c.get('user_id'), c.get('project_id')], [blob, 'cert', developerId, 'None']);
      const list = await osJson<Record<string, unknown>[]>(['credential', 'list']);
      assert.deepEqual(list, [{ ID: c.get('id'), Type: 'cert', 'User ID': developerId, Data: blob, 'Project ID': null }]);
    });

    it('registered limit create --default-limit 10 cores; limit create --project newProject --resource-limit 5 cores', async () => {
      const rl = fieldTable(ok(await os(['registered', 'limit', 'create', '--service', svcId, '--default-limit', '10', 'cores']), 'registered limit create').stdout);
      assert.deepEqual([...rl.keys()], ['default_limit', 'description', 'id', 'region_id', 'resource_name', 'service_id']);
      assert.deepEqual([rl.get('default_limit'), rl.get('resource_name'), rl.get('service_id'), rl.get('region_id')], ['10', 'cores', svcId, 'None']);
      const l = fieldTable(ok(await os(['limit', 'create', '--project', 'newProject', '--service', svcId, '--resource-limit', '5', 'cores']), 'limit create').stdout);
      assert.deepEqual([...l.keys()], ['description', 'domain_id', 'id', 'project_id', 'region_id', 'resource_limit', 'resource_name', 'service_id']);
      assert.deepEqual([l.get('project_id'), l.get('resource_limit'), l.get('resource_name'), l.get('service_id'), l.get('domain_id')], [newProjectId, '5', 'cores', svcId, 'None']);
    });
  });

  describe('application credentials and tokens', () => {
    it('authenticates with the application credential (v3applicationcredential) and issues a token', async () => {
      const args = ['--os-auth-type', 'v3applicationcredential', '--os-application-credential-id', appCred.id];
      const t = fieldTable(ok(await os([...args, '--os-application-credential-secret', appCred.secret, 'token', 'issue'], { env: noPassword }), 'token issue (app cred)').stdout);
      assert.deepEqual([...t.keys()], ['expires', 'id', 'project_id', 'user_id']);
      assert.equal(t.get('user_id'), adminUserId);
      assert.equal(t.get('project_id'), adminProjectId);
      const bad = await os([...args, '--os-application-credential-secret', 'not-the-secret', 'token', 'issue'], { env: noPassword });
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /The request you have made requires authentication\. \(HTTP 401\)/);
    });

    it('token revoke: the revoked token no longer authenticates, and a second revoke is 404', async () => {
      const id = (await osJson<Record<string, string>>(['token', 'issue'])).id;
      const useIt = ['--os-auth-type', 'v3token', '--os-token', id, '--os-project-name', 'admin', '--os-project-domain-name', 'Default', 'project', 'list', '-f', 'value', '-c', 'Name'];
      assert.match(ok(await os(useIt, { env: noPassword }), 'project list with the token').stdout, /^admin$/m);
      const rv = ok(await os(['token', 'revoke', id]), 'token revoke');
      assert.equal(rv.stdout, '');
      const after = await os(useIt, { env: noPassword });
      assert.notEqual(after.code, 0);
      assert.match(after.stderr, /The request you have made requires authentication\. \(HTTP 401\)/);
      const again = await os(['token', 'revoke', id]);
      assert.notEqual(again.code, 0);
      assert.match(again.stderr, new RegExp(`Could not find token: ${id.replace(/[-_]/g, '\\$&')}\\. \\(HTTP 404\\)`));
    });
  });

  describe('policy (Keystone 22 defaults) and conflicts', () => {
    it('demo (member of demo) may not create a project: 403 identity:create_project', async () => {
      const r = await os(['project', 'create', 'x'], { who: 'demo' });
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /You are not authorized to perform the requested action: identity:create_project\. \(HTTP 403\)/);
      stderrs.push({ what: 'demo project create x', stderr: r.stderr });
      const list = await openstackJson<{ Name: string }[]>(dataDir, ['project', 'list']);
      assert.ok(!list.some((p) => p.Name === 'x'), 'nothing was created');
    });

    it('demo can issue a token and show its own project, but not another one or the user list', async () => {
      const t = await osJson<Record<string, string>>(['token', 'issue'], { who: 'demo' });
      const own = await osJson<Record<string, unknown>>(['project', 'show', 'demo'], { who: 'demo' });
      assert.equal(own.id, t.project_id);
      assert.equal(own.name, 'demo');
      assert.equal(own.description, 'default tenant');
      // Not its project: GET /v3/projects/admin is refused, and so is the name lookup (list_projects).
      const other = await os(['project', 'show', 'admin'], { who: 'demo' });
      assert.notEqual(other.code, 0);
      assert.match(other.stderr, /You are not authorized to perform the requested action: identity:list_projects\. \(HTTP 403\)/);
      const users = await os(['user', 'list'], { who: 'demo' });
      assert.notEqual(users.code, 0);
      assert.match(users.stderr, /You are not authorized to perform the requested action: identity:list_users\. \(HTTP 403\)/);
    });

    it('project create newProject again is a 409 Conflict', async () => {
      const r = await os(['project', 'create', 'newProject']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Conflict occurred attempting to store project - Duplicate entry found with name newProject at domain ID default\. \(HTTP 409\)/);
      stderrs.push({ what: 'project create newProject (duplicate)', stderr: r.stderr });
    });

    it('error messages end with the Request-ID Keystone sends (x-openstack-request-id)', () => {
      assert.ok(stderrs.length >= 3);
      for (const { what, stderr } of stderrs) assert.match(stderr, REQUEST_ID, `${what}: ${stderr}`);
    });

    const badLogin = () =>
      fetch(`${url}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'developer1', domain: { name: 'Default' }, password: 'nope' } } } } }),
      });

    it('a 401 carries x-openstack-request-id (what keystoneauth turns into "(Request-ID: req-…)")', async () => {
      const res = await badLogin();
      assert.equal(res.status, 401);
      const body = (await res.json()) as { error: { code: number; title: string; message: string } };
      assert.deepEqual([body.error.code, body.error.title, body.error.message], [401, 'Unauthorized', 'The request you have made requires authentication.']);
      assert.match(res.headers.get('x-openstack-request-id') ?? '', /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('a 401 names this Keystone (its own URL, not localhost:5000) in WWW-Authenticate', async () => {
      const res = await badLogin();
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), `Keystone uri="${url}"`);
    });
  });

  it('stacklab serve stops on SIGTERM with exit code 0', async () => {
    assert.equal(await lab.stop(), 0);
  });
});
