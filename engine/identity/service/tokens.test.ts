/**
 * Token issue, scoping, rescoping, expiry and revocation on the IdentityService itself
 * (no HTTP), with a ManualClock and an in-memory lab database.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { makeConfig } from '../../core/config';
import { LabDatabase } from '../../core/db';
import { ServiceError } from '../../core/errors';
import { EventBus } from '../../core/events';
import { bootstrapIdentity } from '../bootstrap';
import { IdentityService } from './index';
import type { AuthRequest } from './tokens';

const tmp = mkdtempSync(join(tmpdir(), 'stacklab-tokens-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Fixture {
  id: IdentityService;
  db: LabDatabase;
  clock: ManualClock;
  adminId: string;
  demoId: string;
  adminProject: string;
  demoProject: string;
  role: (name: string) => string;
}

async function fixture(): Promise<Fixture> {
  const db = new LabDatabase(':memory:');
  const clock = new ManualClock();
  const id = new IdentityService({ db, clock, events: new EventBus(), config: makeConfig({ dataDir: tmp }) });
  await bootstrapIdentity(id, { adminPassword: 'admin-pw', demoPassword: 'demo-pw', region: 'RegionOne' });
  return {
    id, db, clock,
    adminId: id.users.findByName('admin', 'default')!.id,
    demoId: id.users.findByName('demo', 'default')!.id,
    adminProject: id.projects.findByName('admin', 'default')!.id,
    demoProject: id.projects.findByName('demo', 'default')!.id,
    role: (name) => id.roles.findByName(name)!.id,
  };
}

const pw = (name: string, password: string, scope?: AuthRequest['scope']): AuthRequest => ({
  identity: { methods: ['password'], password: { user: { name, domain: { name: 'Default' }, password } } },
  ...(scope ? { scope } : {}),
});
const projectScope = (name: string): AuthRequest['scope'] => ({ project: { name, domain: { name: 'Default' } } });

async function rejectsWith(p: Promise<unknown> | (() => unknown), status: number, message?: RegExp): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (e: unknown) => {
      assert.ok(e instanceof ServiceError, `not a ServiceError: ${String(e)}`);
      assert.equal(e.status, status, `${e.status} ${e.message}`);
      if (message) assert.match(e.message, message);
      return true;
    },
  );
}

const valid = (f: Fixture, token: string) => f.id.tokens.validateToken(token);
const invalid = (f: Fixture, token: string) => rejectsWith(() => f.id.tokens.validateToken(token), 401, /requires authentication/);

describe('password authentication', () => {
  let f: Fixture;
  beforeEach(async () => (f = await fixture()));

  it('issues a token scoped to the requested project with effective (implied) roles', async () => {
    const { token, ctx } = await f.id.tokens.authenticate(pw('admin', 'admin-pw', projectScope('admin')));
    assert.ok(token.length >= 32);
    assert.equal(ctx.userId, f.adminId);
    assert.equal(ctx.projectId, f.adminProject);
    assert.equal(ctx.projectName, 'admin');
    assert.equal(ctx.projectDomainId, 'default');
    assert.deepEqual(ctx.methods, ['password']);
    assert.deepEqual([...ctx.roles].sort(), ['admin', 'member', 'reader']);
    assert.equal(ctx.expiresAt.getTime() - f.clock.now().getTime(), 3600 * 1000);
    assert.equal(ctx.issuedAt.getTime(), f.clock.now().getTime());
    assert.equal(ctx.auditIds.length, 1);
    assert.equal(valid(f, token).projectId, f.adminProject);
  });

  it('authenticates by user id as well as by name', async () => {
    const { ctx } = await f.id.tokens.authenticate({ identity: { methods: ['password'], password: { user: { id: f.demoId, password: 'demo-pw' } } }, scope: projectScope('demo') });
    assert.equal(ctx.userId, f.demoId);
    assert.deepEqual([...ctx.roles].sort(), ['member', 'reader']);
  });

  it('refuses a wrong password, an unknown user and an unknown domain with the same 401', async () => {
    await rejectsWith(f.id.tokens.authenticate(pw('admin', 'wrong')), 401, /^The request you have made requires authentication\.$/);
    await rejectsWith(f.id.tokens.authenticate(pw('nobody', 'admin-pw')), 401, /^The request you have made requires authentication\.$/);
    await rejectsWith(
      f.id.tokens.authenticate({ identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'NoSuchDomain' }, password: 'admin-pw' } } } }),
      401,
    );
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['password'], password: { user: { id: 'nope', password: 'x' } } } }), 401);
  });

  it('without a scope, scopes to the default project when the user has a role there; "unscoped" never does', async () => {
    const def = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    assert.equal(def.ctx.projectId, f.demoProject);
    const unscoped = await f.id.tokens.authenticate(pw('demo', 'demo-pw', 'unscoped'));
    assert.equal(unscoped.ctx.projectId, undefined);
    assert.equal(unscoped.ctx.domainId, undefined);
    assert.equal(unscoped.ctx.system, undefined);
    assert.deepEqual(unscoped.ctx.roles, []);
    assert.equal(valid(f, unscoped.token).userId, f.demoId);
  });

  it('without a scope and with no role on the default project, the token is unscoped', async () => {
    const u = await f.id.users.create({ name: 'norole', password: 'pw', domain_id: 'default', default_project_id: f.demoProject });
    const { ctx } = await f.id.tokens.authenticate(pw('norole', 'pw'));
    assert.equal(ctx.userId, u.id);
    assert.equal(ctx.projectId, undefined);
  });

  it('refuses a project scope the user has no role on (401)', async () => {
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw', projectScope('admin'))), 401);
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw', projectScope('no-such-project'))), 401);
  });

  it('refuses more than one scope (400)', async () => {
    await rejectsWith(f.id.tokens.authenticate(pw('admin', 'admin-pw', { project: { name: 'admin', domain: { name: 'Default' } }, system: { all: true } })), 400);
  });

  it('domain scope needs a role on the domain; the token carries domain and roles', async () => {
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw', { domain: { id: 'default' } })), 401);
    f.id.assignments.grant({ user: f.demoId }, { domain: 'default' }, f.role('reader'));
    const { token, ctx } = await f.id.tokens.authenticate(pw('demo', 'demo-pw', { domain: { name: 'Default' } }));
    assert.equal(ctx.domainId, 'default');
    assert.equal(ctx.domainName, 'Default');
    assert.equal(ctx.projectId, undefined);
    assert.deepEqual(ctx.roles, ['reader']);
    assert.equal(valid(f, token).domainId, 'default');
  });

  it('system scope: admin gets system roles; demo (no system role) is refused', async () => {
    const { ctx } = await f.id.tokens.authenticate(pw('admin', 'admin-pw', { system: { all: true } }));
    assert.equal(ctx.system, 'all');
    assert.equal(ctx.projectId, undefined);
    assert.deepEqual([...ctx.roles].sort(), ['admin', 'member', 'reader']);
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw', { system: { all: true } })), 401);
  });

  it('refuses a disabled user and a user of a disabled domain', async () => {
    await f.id.users.update(f.demoId, { enabled: false });
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw')), 401);
    const d = f.id.domains.create({ name: 'Other' });
    await f.id.users.create({ name: 'o', password: 'pw', domain_id: d.id });
    f.id.domains.update(d.id, { enabled: false });
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['password'], password: { user: { name: 'o', domain: { id: d.id }, password: 'pw' } } } }), 401);
  });

  it('refuses a disabled project as scope', async () => {
    f.id.projects.update(f.demoProject, { enabled: false });
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw', projectScope('demo'))), 401);
  });
});

describe('token rescope (token method)', () => {
  let f: Fixture;
  beforeEach(async () => (f = await fixture()));

  it('an unscoped token rescopes to a project; expiry is kept and the audit chain links back', async () => {
    const first = await f.id.tokens.authenticate(pw('admin', 'admin-pw', 'unscoped'));
    f.clock.advance(600_000);
    const { token, ctx } = await f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: first.token } }, scope: projectScope('admin') });
    assert.notEqual(token, first.token);
    assert.equal(ctx.projectId, f.adminProject);
    assert.equal(ctx.expiresAt.getTime(), first.ctx.expiresAt.getTime(), 'a rescoped token must not outlive its parent');
    assert.equal(ctx.auditIds.length, 2);
    assert.equal(ctx.auditIds[1], first.ctx.auditIds[0]);
    assert.notEqual(ctx.auditIds[0], first.ctx.auditIds[0]);
    // keystone/auth/plugins/token.py: the rescoped token keeps the original methods too
    assert.deepEqual([...ctx.methods].sort(), ['password', 'token']);
    // the parent token stays valid
    assert.equal(valid(f, first.token).userId, f.adminId);
  });

  it('rescoping twice keeps the ORIGINAL audit id as the chain id', async () => {
    const first = await f.id.tokens.authenticate(pw('admin', 'admin-pw', 'unscoped'));
    const second = await f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: first.token } }, scope: projectScope('admin') });
    const third = await f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: second.token } }, scope: { system: { all: true } } });
    assert.equal(third.ctx.system, 'all');
    assert.equal(third.ctx.auditIds[1], first.ctx.auditIds[0], 'audit chain id is the first token\'s audit id');
  });

  it('refuses to rescope an invalid or expired token, or to a scope the user lacks', async () => {
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: 'garbage' } }, scope: projectScope('admin') }), 401);
    const d = await f.id.tokens.authenticate(pw('demo', 'demo-pw', 'unscoped'));
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: d.token } }, scope: projectScope('admin') }), 401);
    f.clock.advance(3601_000);
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: d.token } }, scope: projectScope('demo') }), 401);
  });
});

describe('expiry', () => {
  it('a token is valid until expires_at and refused from then on', async () => {
    const f = await fixture();
    const { token } = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    f.clock.advance(3599_000);
    assert.equal(valid(f, token).userId, f.demoId);
    f.clock.advance(1000);
    await invalid(f, token);
    await rejectsWith(() => f.id.tokens.validateSubject(token), 404, /^Could not find token: /);
  });
});

describe('revocation', () => {
  let f: Fixture;
  beforeEach(async () => (f = await fixture()));

  it('explicit revoke (DELETE /v3/auth/tokens) invalidates the token only', async () => {
    const a = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    const b = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    f.id.tokens.revoke(a.token);
    await invalid(f, a.token);
    assert.equal(valid(f, b.token).userId, f.demoId);
  });

  it('a password change revokes every token of the user, not others', async () => {
    const a = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    const u = await f.id.tokens.authenticate(pw('demo', 'demo-pw', 'unscoped'));
    const other = await f.id.tokens.authenticate(pw('admin', 'admin-pw'));
    valid(f, a.token); // cached
    await f.id.users.changePassword(f.demoId, 'demo-pw', 'new-pw');
    await invalid(f, a.token);
    await invalid(f, u.token);
    assert.equal(valid(f, other.token).userId, f.adminId);
    await rejectsWith(f.id.tokens.authenticate(pw('demo', 'demo-pw')), 401);
    assert.ok((await f.id.tokens.authenticate(pw('demo', 'new-pw'))).token);
  });

  it('an admin password reset (PATCH user password) revokes too', async () => {
    const a = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    await f.id.users.update(f.demoId, { password: 'reset' });
    await invalid(f, a.token);
  });

  it('disabling the user revokes; re-enabling does not bring old tokens back', async () => {
    const a = await f.id.tokens.authenticate(pw('demo', 'demo-pw'));
    valid(f, a.token);
    await f.id.users.update(f.demoId, { enabled: false });
    await invalid(f, a.token);
    await f.id.users.update(f.demoId, { enabled: true });
    await invalid(f, a.token);
  });

  it('deleting the user revokes', async () => {
    const u = await f.id.users.create({ name: 'gone', password: 'pw', domain_id: 'default' });
    f.id.assignments.grant({ user: u.id }, { project: f.demoProject }, f.role('member'));
    const a = await f.id.tokens.authenticate(pw('gone', 'pw', projectScope('demo')));
    f.id.users.delete(u.id);
    await invalid(f, a.token);
  });

  it('disabling the project revokes its tokens; re-enabling does not bring them back', async () => {
    const scoped = await f.id.tokens.authenticate(pw('demo', 'demo-pw', projectScope('demo')));
    const unscoped = await f.id.tokens.authenticate(pw('demo', 'demo-pw', 'unscoped'));
    valid(f, scoped.token);
    f.id.projects.update(f.demoProject, { enabled: false });
    await invalid(f, scoped.token);
    assert.equal(valid(f, unscoped.token).userId, f.demoId, 'a token not scoped to the project is unaffected');
    f.id.projects.update(f.demoProject, { enabled: true });
    await invalid(f, scoped.token);
  });

  it('disabling the domain revokes tokens of its users', async () => {
    const d = f.id.domains.create({ name: 'Dom2' });
    const u = await f.id.users.create({ name: 'd2', password: 'pw', domain_id: d.id });
    const p = f.id.projects.create({ name: 'p2', domain_id: d.id });
    f.id.assignments.grant({ user: u.id }, { project: p.id }, f.role('member'));
    const a = await f.id.tokens.authenticate({ identity: { methods: ['password'], password: { user: { id: u.id, password: 'pw' } } }, scope: { project: { id: p.id } } });
    f.id.domains.update(d.id, { enabled: false });
    await invalid(f, a.token);
  });

  it('role removal: roles shrink at once; with no role left on the project the token stops validating', async () => {
    const u = await f.id.users.create({ name: 'r', password: 'pw', domain_id: 'default' });
    f.id.assignments.grant({ user: u.id }, { project: f.demoProject }, f.role('member'));
    f.id.assignments.grant({ user: u.id }, { project: f.demoProject }, f.role('_member_'));
    const a = await f.id.tokens.authenticate(pw('r', 'pw', projectScope('demo')));
    assert.deepEqual([...valid(f, a.token).roles].sort(), ['_member_', 'member', 'reader']);
    f.id.assignments.revoke({ user: u.id }, { project: f.demoProject }, f.role('member'));
    assert.deepEqual(valid(f, a.token).roles, ['_member_']);
    f.id.assignments.revoke({ user: u.id }, { project: f.demoProject }, f.role('_member_'));
    await invalid(f, a.token);
  });

  it('removing the user from the group that gave the role invalidates the token', async () => {
    const u = await f.id.users.create({ name: 'g', password: 'pw', domain_id: 'default' });
    const g = f.id.groups.create({ name: 'devs', domain_id: 'default' });
    f.id.groups.addUser(g.id, u.id);
    f.id.assignments.grant({ group: g.id }, { project: f.demoProject }, f.role('member'));
    const a = await f.id.tokens.authenticate(pw('g', 'pw', projectScope('demo')));
    assert.ok(valid(f, a.token).roles.includes('member'));
    f.id.groups.removeUser(g.id, u.id);
    await invalid(f, a.token);
  });
});

describe('application credentials', () => {
  let f: Fixture;
  beforeEach(async () => (f = await fixture()));

  async function appCred(input: { name: string; roles?: { name: string }[]; expires_at?: string }) {
    const { ctx } = await f.id.tokens.authenticate(pw('admin', 'admin-pw', projectScope('admin')));
    return f.id.appCreds.create(f.adminId, ctx.projectId, ctx.roleIds, input);
  }
  const acAuth = (id: string, secret: string): AuthRequest => ({ identity: { methods: ['application_credential'], application_credential: { id, secret } } });

  it('authenticates by id+secret and by name+user; the token is project-scoped with only the restricted roles', async () => {
    const ac = await appCred({ name: 'ci', roles: [{ name: 'reader' }] });
    assert.ok(ac.secret.length > 16);
    const { token, ctx } = await f.id.tokens.authenticate(acAuth(ac.id, ac.secret));
    assert.equal(ctx.projectId, f.adminProject);
    assert.deepEqual(ctx.roles, ['reader']);
    assert.deepEqual(ctx.methods, ['application_credential']);
    assert.deepEqual(ctx.applicationCredential, { id: ac.id, name: 'ci', restricted: true });
    assert.deepEqual(valid(f, token).roles, ['reader']);
    const byName = await f.id.tokens.authenticate({
      identity: { methods: ['application_credential'], application_credential: { name: 'ci', secret: ac.secret, user: { name: 'admin', domain: { name: 'Default' } } } },
    });
    assert.equal(byName.ctx.applicationCredential?.id, ac.id);
  });

  it('a wrong secret is refused (401)', async () => {
    const ac = await appCred({ name: 'ci' });
    await rejectsWith(f.id.tokens.authenticate(acAuth(ac.id, 'wrong')), 401);
    await rejectsWith(f.id.tokens.authenticate(acAuth('nope', ac.secret)), 401);
  });

  it('may not ask for a role the creator does not hold', async () => {
    const { ctx } = await f.id.tokens.authenticate(pw('demo', 'demo-pw', projectScope('demo')));
    await rejectsWith(f.id.appCreds.create(f.demoId, ctx.projectId, ctx.roleIds, { name: 'x', roles: [{ name: 'admin' }] }), 403);
  });

  it('an expired application credential is refused; its tokens expire with it', async () => {
    const expires = new Date(f.clock.now().getTime() + 1800_000).toISOString();
    const ac = await appCred({ name: 'short', expires_at: expires });
    const { token, ctx } = await f.id.tokens.authenticate(acAuth(ac.id, ac.secret));
    assert.equal(ctx.expiresAt.toISOString(), expires, 'token capped at the credential\'s expiry');
    f.clock.advance(1800_000);
    await rejectsWith(f.id.tokens.authenticate(acAuth(ac.id, ac.secret)), 401);
    await invalid(f, token);
  });

  it('deleting it invalidates its tokens and refuses new ones', async () => {
    const ac = await appCred({ name: 'temp' });
    const { token } = await f.id.tokens.authenticate(acAuth(ac.id, ac.secret));
    valid(f, token);
    f.id.appCreds.delete(f.adminId, ac.id);
    await invalid(f, token);
    await rejectsWith(f.id.tokens.authenticate(acAuth(ac.id, ac.secret)), 401);
  });

  it('its token cannot be rescoped, and the credential cannot request a scope', async () => {
    const ac = await appCred({ name: 'nosc' });
    const { token } = await f.id.tokens.authenticate(acAuth(ac.id, ac.secret));
    await rejectsWith(f.id.tokens.authenticate({ identity: { methods: ['token'], token: { id: token } }, scope: projectScope('admin') }), 401);
    await rejectsWith(f.id.tokens.authenticate({ ...acAuth(ac.id, ac.secret), scope: projectScope('demo') }), 401);
  });

  it('losing the role on the project takes it away from the app-cred token too', async () => {
    const u = await f.id.users.create({ name: 'acu', password: 'pw', domain_id: 'default' });
    f.id.assignments.grant({ user: u.id }, { project: f.demoProject }, f.role('member'));
    const { ctx } = await f.id.tokens.authenticate(pw('acu', 'pw', projectScope('demo')));
    const ac = await f.id.appCreds.create(u.id, ctx.projectId, ctx.roleIds, { name: 'm' });
    const { token } = await f.id.tokens.authenticate(acAuth(ac.id, ac.secret));
    assert.ok(valid(f, token).roles.includes('member'));
    f.id.assignments.revoke({ user: u.id }, { project: f.demoProject }, f.role('member'));
    await invalid(f, token);
  });
});

describe('storage', () => {
  it('stores only a SHA-256 of each token, never the token; passwords and secrets only as scrypt hashes', async () => {
    const f = await fixture();
    const { token } = await f.id.tokens.authenticate(pw('admin', 'admin-pw', projectScope('admin')));
    const rows = f.db.raw.prepare('SELECT * FROM identity_token').all() as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id_hash, createHash('sha256').update(token).digest('hex'));
    const { ctx } = await f.id.tokens.authenticate(pw('admin', 'admin-pw', projectScope('admin')));
    const ac = await f.id.appCreds.create(f.adminId, ctx.projectId, ctx.roleIds, { name: 'stored', secret: 'app-cred-secret-value' });
    // nothing anywhere in the database holds the token, a password or the app-cred secret in clear
    const tables = (f.db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of tables) {
      const dump = JSON.stringify(f.db.raw.prepare(`SELECT * FROM "${t}"`).all());
      for (const clear of [token, 'admin-pw', 'demo-pw', ac.secret]) assert.ok(!dump.includes(clear), `${t} holds a secret in clear`);
    }
    const hash = (f.db.raw.prepare('SELECT password_hash FROM identity_user WHERE id = ?').get(f.adminId) as { password_hash: string }).password_hash;
    assert.match(hash, /^scrypt\$/);
    // the public user view never carries the hash
    assert.equal(f.id.users.get(f.adminId).password_hash, undefined);
  });
});
