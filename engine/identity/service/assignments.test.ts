/**
 * Effective roles (direct, via group, inherited with OS-INHERIT, implied) and the
 * GET /v3/role_assignments listing with its filters, `effective` and `include_names`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../core/clock';
import { makeConfig } from '../../core/config';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { buildIdentityApi } from '../api';
import { bootstrapIdentity } from '../bootstrap';
import type { RoleAssignment } from './assignments';
import { IdentityService } from './index';

const tmp = mkdtempSync(join(tmpdir(), 'stacklab-assign-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Fixture {
  id: IdentityService;
  role: (name: string) => string;
  names: (ids: Iterable<string>) => string[];
  user: (name: string) => Promise<string>;
  project: (name: string, parent?: string, domain?: string) => string;
}

async function fixture(): Promise<Fixture> {
  const id = new IdentityService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: makeConfig({ dataDir: tmp }) });
  await bootstrapIdentity(id, { adminPassword: 'admin-pw', demoPassword: 'demo-pw', region: 'RegionOne' });
  return {
    id,
    role: (name) => id.roles.findByName(name)!.id,
    names: (ids) => [...ids].map((r) => id.roles.get(r).name).sort(),
    user: async (name) => (await id.users.create({ name, password: 'pw', domain_id: 'default' })).id,
    project: (name, parent, domain = 'default') => id.projects.create({ name, domain_id: domain, ...(parent ? { parent_id: parent } : {}) }).id,
  };
}

describe('effective roles', () => {
  let f: Fixture;
  beforeEach(async () => (f = await fixture()));

  it('implied roles: admin → member → reader, transitively', () => {
    assert.deepEqual(f.names(f.id.roles.closure([f.role('admin')])), ['admin', 'member', 'reader']);
    assert.deepEqual(f.names(f.id.roles.closure([f.role('member')])), ['member', 'reader']);
    assert.deepEqual(f.names(f.id.roles.closure([f.role('reader')])), ['reader']);
    assert.deepEqual(f.names(f.id.roles.closure([f.role('_member_')])), ['_member_']);
  });

  it('a new inference rule applies at once; loops and implying admin are refused', () => {
    const auditor = f.id.roles.create({ name: 'auditor' }).id;
    f.id.roles.createImplied(auditor, f.role('reader'));
    assert.deepEqual(f.names(f.id.roles.closure([auditor])), ['auditor', 'reader']);
    assert.throws(() => f.id.roles.createImplied(f.role('reader'), f.role('admin')), (e: ServiceError) => e.status === 403);
    assert.throws(() => f.id.roles.createImplied(f.role('reader'), auditor), (e: ServiceError) => e.status === 400);
    assert.throws(() => f.id.roles.createImplied(auditor, auditor), (e: ServiceError) => e.status === 400);
  });

  it('direct grant on a project, with implied roles; nothing on other projects', async () => {
    const u = await f.user('alice');
    const p = f.project('p1');
    const other = f.project('p2');
    f.id.assignments.grant({ user: u }, { project: p }, f.role('member'));
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: p })), ['member', 'reader']);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: other }).size, 0);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { domain: 'default' }).size, 0);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { system: 'all' }).size, 0);
  });

  it('via group membership, gone when the user leaves the group', async () => {
    const u = await f.user('bob');
    const p = f.project('gp');
    const g = f.id.groups.create({ name: 'ops', domain_id: 'default' }).id;
    f.id.assignments.grant({ group: g }, { project: p }, f.role('admin'));
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: p }).size, 0);
    f.id.groups.addUser(g, u);
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: p })), ['admin', 'member', 'reader']);
    f.id.groups.removeUser(g, u);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: p }).size, 0);
  });

  it('OS-INHERIT from the domain: every project of the domain, not the domain itself', async () => {
    const u = await f.user('carol');
    const p = f.project('ip');
    const child = f.project('ip-child', p);
    f.id.assignments.grant({ user: u }, { domain: 'default' }, f.role('reader'), true);
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: p })), ['reader']);
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: child })), ['reader']);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { domain: 'default' }).size, 0, 'an inherited grant does not apply to the domain itself');
    // a project of another domain does not inherit
    const d2 = f.id.domains.create({ name: 'D2' }).id;
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: f.project('elsewhere', undefined, d2) }).size, 0);
  });

  it('a plain (non-inherited) domain grant does not reach the projects', async () => {
    const u = await f.user('dave');
    const p = f.project('np');
    f.id.assignments.grant({ user: u }, { domain: 'default' }, f.role('member'));
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { domain: 'default' })), ['member', 'reader']);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: p }).size, 0);
  });

  it('OS-INHERIT from a parent project: the whole subtree, not the parent itself', async () => {
    const u = await f.user('erin');
    const parent = f.project('parent');
    const child = f.project('child', parent);
    const grandchild = f.project('grandchild', child);
    const sibling = f.project('sibling');
    f.id.assignments.grant({ user: u }, { project: parent }, f.role('member'), true);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: parent }).size, 0);
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: child })), ['member', 'reader']);
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: grandchild })), ['member', 'reader']);
    assert.equal(f.id.assignments.effectiveRoleIds(u, { project: sibling }).size, 0);
  });

  it('inherited grants to a group combine with direct ones', async () => {
    const u = await f.user('frank');
    const p = f.project('combo');
    const g = f.id.groups.create({ name: 'readers', domain_id: 'default' }).id;
    f.id.groups.addUser(g, u);
    f.id.assignments.grant({ group: g }, { domain: 'default' }, f.role('reader'), true);
    f.id.assignments.grant({ user: u }, { project: p }, f.role('_member_'));
    assert.deepEqual(f.names(f.id.assignments.effectiveRoleIds(u, { project: p })), ['_member_', 'reader']);
  });

  it('grant/check/revoke: a missing assignment is 404, and an inherited grant is distinct from a direct one', async () => {
    const u = await f.user('gina');
    const p = f.project('chk');
    f.id.assignments.grant({ user: u }, { project: p }, f.role('member'), true);
    assert.throws(() => f.id.assignments.check({ user: u }, { project: p }, f.role('member')), (e: ServiceError) => e.status === 404);
    f.id.assignments.check({ user: u }, { project: p }, f.role('member'), true);
    assert.throws(() => f.id.assignments.revoke({ user: u }, { project: p }, f.role('member')), (e: ServiceError) => e.status === 404);
    f.id.assignments.revoke({ user: u }, { project: p }, f.role('member'), true);
    assert.throws(() => f.id.assignments.grant({ user: u }, { project: 'nope' }, f.role('member')), (e: ServiceError) => e.status === 404 && /project: nope/.test(e.message));
    assert.throws(() => f.id.assignments.grant({ user: 'nope' }, { project: p }, f.role('member')), (e: ServiceError) => e.status === 404 && /user: nope/.test(e.message));
    assert.throws(() => f.id.assignments.grant({ user: u }, { project: p }, 'nope'), (e: ServiceError) => e.status === 404 && /role: nope/.test(e.message));
  });

  it('deleting the project, the user or the role removes their assignments', async () => {
    const u = await f.user('hank');
    const p = f.project('tmp');
    const r = f.id.roles.create({ name: 'temp-role' }).id;
    f.id.assignments.grant({ user: u }, { project: p }, r);
    f.id.assignments.grant({ user: u }, { project: f.id.projects.findByName('demo', 'default')!.id }, f.role('member'));
    f.id.roles.delete(r);
    assert.deepEqual(f.id.assignments.list({ roleId: r }), []);
    f.id.projects.delete(p);
    assert.deepEqual(f.id.assignments.list({ projectId: p }), []);
    f.id.users.delete(u);
    assert.deepEqual(f.id.assignments.list({ userId: u }), []);
  });
});

describe('role_assignments listing', () => {
  let f: Fixture;
  let u: string;
  let g: string;
  let p: string;
  let child: string;
  beforeEach(async () => {
    f = await fixture();
    u = await f.user('lister');
    g = f.id.groups.create({ name: 'team', domain_id: 'default' }).id;
    f.id.groups.addUser(g, u);
    p = f.project('lp');
    child = f.project('lp-child', p);
    f.id.assignments.grant({ user: u }, { project: p }, f.role('admin'));
    f.id.assignments.grant({ group: g }, { project: child }, f.role('_member_'));
    f.id.assignments.grant({ user: u }, { domain: 'default' }, f.role('reader'), true);
  });

  const key = (r: RoleAssignment, f: Fixture) =>
    [f.id.roles.get(r.roleId).name, r.userId ? 'u' : 'g', r.projectId ?? r.domainId ?? 'system', r.inherited ? 'inh' : ''].join(':');

  it('without effective: the stored grants only, filterable by user, group, role, project, domain, system', () => {
    assert.deepEqual(f.id.assignments.list({ userId: u }).map((r) => key(r, f)).sort(), ['admin:u:' + p + ':', 'reader:u:default:inh']);
    assert.deepEqual(f.id.assignments.list({ groupId: g }).map((r) => key(r, f)), ['_member_:g:' + child + ':']);
    assert.deepEqual(f.id.assignments.list({ roleId: f.role('admin'), projectId: p }).map((r) => r.userId), [u]);
    assert.deepEqual(f.id.assignments.list({ domainId: 'default', userId: u }).map((r) => key(r, f)), ['reader:u:default:inh']);
    assert.deepEqual(f.id.assignments.list({ inherited: true, userId: u }).map((r) => key(r, f)), ['reader:u:default:inh']);
    const sys = f.id.assignments.list({ system: true });
    assert.ok(sys.length >= 1 && sys.every((r) => r.system === 'all'));
    assert.deepEqual(sys.map((r) => f.id.users.get(r.userId!).name), ['admin']);
  });

  it('effective: groups become their members, inherited grants land on each project, implied roles appear with prior_role', () => {
    const rows = f.id.assignments.list({ userId: u, effective: true });
    const keys = rows.map((r) => key(r, f)).sort();
    // direct admin on p, plus its implied member and reader
    for (const k of [`admin:u:${p}:`, `member:u:${p}:`, `reader:u:${p}:`]) assert.ok(keys.includes(k), `${k} in ${keys.join(' ')}`);
    // the group's _member_ on the child, as the user, with the membership noted
    const viaGroup = rows.find((r) => key(r, f) === `_member_:u:${child}:`);
    assert.ok(viaGroup, 'group assignment expanded to the member');
    assert.equal(viaGroup.viaGroupId, g);
    // inherited reader: on each project of the domain, never on the domain itself, never flagged inherited
    assert.ok(keys.includes(`reader:u:${child}:`));
    assert.ok(keys.includes(`reader:u:${f.id.projects.findByName('demo', 'default')!.id}:`));
    assert.ok(!rows.some((r) => r.domainId), 'no domain-level row for an inherited grant');
    assert.ok(!rows.some((r) => r.inherited));
    assert.ok(!rows.some((r) => r.groupId));
    const implied = rows.find((r) => key(r, f) === `member:u:${p}:`)!;
    assert.equal(implied.priorRoleId, f.role('admin'));
  });

  it('effective + scope.project.id: everything the user gets on that project', () => {
    const rows = f.id.assignments.list({ projectId: child, effective: true, userId: u });
    assert.deepEqual(f.names(rows.map((r) => r.roleId)), ['_member_', 'reader']);
  });

  async function api(): Promise<{ app: FastifyInstance; token: string }> {
    const app = buildIdentityApi({ identity: f.id, bodyLimit: 114688 });
    await app.ready();
    const { token } = await f.id.tokens.authenticate({
      identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'admin-pw' } } },
      scope: { project: { name: 'admin', domain: { name: 'Default' } } },
    });
    return { app, token };
  }

  describe('over the API', () => {
    let app: FastifyInstance;
    let token: string;
    beforeEach(async () => ({ app, token } = await api()));
    afterEach(async () => app?.close());

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed response bodies are walked freely in assertions
    type Json = Record<string, any>;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { 'X-Auth-Token': token } });
      return { status: res.statusCode, body: res.json() as Json };
    };

    it('include_names adds names and domains to role, user, group and scope', async () => {
      const res = await get(`/v3/role_assignments?user.id=${u}&scope.project.id=${p}&include_names`);
      assert.equal(res.status, 200);
      assert.equal(res.body.role_assignments.length, 1);
      const a = res.body.role_assignments[0];
      assert.deepEqual(a.role, { id: f.role('admin'), name: 'admin' });
      assert.deepEqual(a.user, { id: u, name: 'lister', domain: { id: 'default', name: 'Default' } });
      assert.deepEqual(a.scope, { project: { id: p, name: 'lp', domain: { id: 'default', name: 'Default' } } });
      assert.equal(a.links.assignment, `http://localhost:80/v3/projects/${p}/users/${u}/roles/${f.role('admin')}`);
      const grp = await get(`/v3/role_assignments?group.id=${g}&include_names=true`);
      assert.deepEqual(grp.body.role_assignments[0].group, { id: g, name: 'team', domain: { id: 'default', name: 'Default' } });
      const plain = await get(`/v3/role_assignments?user.id=${u}&scope.project.id=${p}`);
      assert.deepEqual(plain.body.role_assignments[0].user, { id: u });
      assert.deepEqual(plain.body.role_assignments[0].role, { id: f.role('admin') });
    });

    it('an inherited grant is listed with scope OS-INHERIT:inherited_to and its inherited link', async () => {
      const res = await get(`/v3/role_assignments?user.id=${u}&scope.domain.id=default`);
      assert.equal(res.body.role_assignments.length, 1);
      const a = res.body.role_assignments[0];
      assert.deepEqual(a.scope, { domain: { id: 'default' }, 'OS-INHERIT:inherited_to': 'projects' });
      assert.equal(a.links.assignment, `http://localhost:80/v3/OS-INHERIT/domains/default/users/${u}/roles/${f.role('reader')}/inherited_to_projects`);
    });

    it('effective rows carry membership and prior_role links', async () => {
      const res = await get(`/v3/role_assignments?user.id=${u}&effective`);
      const rows = res.body.role_assignments as { role: { id: string }; scope: { project?: { id: string } }; links: Record<string, string> }[];
      const viaGroup = rows.find((r) => r.scope.project?.id === child && r.role.id === f.role('_member_'))!;
      assert.equal(viaGroup.links.membership, `http://localhost:80/v3/groups/${g}/users/${u}`);
      assert.equal(viaGroup.links.assignment, `http://localhost:80/v3/projects/${child}/groups/${g}/roles/${f.role('_member_')}`);
      const implied = rows.find((r) => r.scope.project?.id === p && r.role.id === f.role('member'))!;
      assert.equal(implied.links.prior_role, `http://localhost:80/v3/roles/${f.role('admin')}`);
    });

    it('refuses effective with a group filter, and user with group (400)', async () => {
      const a = await get(`/v3/role_assignments?group.id=${g}&effective`);
      assert.equal(a.status, 400);
      assert.equal(a.body.error.message, 'Combining effective and group filter will always result in an empty list.');
      const b = await get(`/v3/role_assignments?group.id=${g}&user.id=${u}`);
      assert.equal(b.status, 400);
    });

    it('include_subtree lists the assignments below a project', async () => {
      const res = await get(`/v3/role_assignments?scope.project.id=${p}&include_subtree=true`);
      assert.equal(res.status, 200);
      const projects = new Set((res.body.role_assignments as { scope: { project: { id: string } } }[]).map((r) => r.scope.project.id));
      assert.deepEqual([...projects].sort(), [p, child].sort());
    });
  });
});
