import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PolicyNotAuthorized } from '../errors';
import { identityPolicies } from '../../identity/policies';
import { PolicyEnforcer } from './enforcer';
import type { Credentials, RuleDefault } from './types';

/** Project-scoped credentials shaped like Keystone's policy values. */
function projectToken(userId: string, projectId: string, roles: string[]): Credentials {
  return {
    user_id: userId,
    user_domain_id: 'default',
    project_id: projectId,
    project_domain_id: 'default',
    domain_id: null,
    system_scope: null,
    roles,
    is_admin_project: true,
    token: { user: { id: userId, domain: { id: 'default' } }, project: { id: projectId, domain: { id: 'default' } } },
  };
}
const admin = projectToken('u-admin', 'p-admin', ['admin', 'member', 'reader']);
const member = projectToken('u-demo', 'p-demo', ['member', 'reader']);
const reader = projectToken('u-view', 'p-demo', ['reader']);
const systemReader: Credentials = { user_id: 'u-audit', system_scope: 'all', project_id: null, domain_id: null, roles: ['reader'] };

const projectTarget = (id: string) => ({ 'target.project.id': id, 'target.project.domain_id': 'default' });

describe('Keystone default rules', () => {
  const keystone = new PolicyEnforcer(identityPolicies);

  it('are all well formed and only reference defined rules', () => {
    assert.equal(identityPolicies.length, 202);
    assert.deepEqual(keystone.validate(), []);
    assert.equal(keystone.listRules().length, 202);
  });

  it('identity:create_project is admin only', () => {
    assert.equal(keystone.enforce('identity:create_project', {}, admin), true);
    assert.equal(keystone.enforce('identity:create_project', {}, member), false);
    assert.equal(keystone.enforce('identity:create_project', {}, reader), false);
    assert.equal(keystone.enforce('identity:create_project', {}, systemReader), false);
  });

  it('identity:get_project allows the project own members and admins', () => {
    assert.equal(keystone.enforce('identity:get_project', projectTarget('p-demo'), member), true);
    assert.equal(keystone.enforce('identity:get_project', projectTarget('p-demo'), reader), true);
    assert.equal(keystone.enforce('identity:get_project', projectTarget('p-other'), member), false);
    assert.equal(keystone.enforce('identity:get_project', projectTarget('p-other'), admin), true);
    assert.equal(keystone.enforce('identity:get_project', projectTarget('p-other'), systemReader), true);
    // a target built as nested objects works too
    assert.equal(keystone.enforce('identity:get_project', { target: { project: { id: 'p-demo' } } }, member), true);
  });

  it('identity:list_projects and identity:get_user', () => {
    assert.equal(keystone.enforce('identity:list_projects', {}, admin), true);
    assert.equal(keystone.enforce('identity:list_projects', {}, member), false);
    assert.equal(keystone.enforce('identity:list_projects', {}, systemReader), true);
    const self = { 'target.user.id': 'u-demo', 'target.user.domain_id': 'default', user_id: 'u-demo' };
    const other = { 'target.user.id': 'u-x', 'target.user.domain_id': 'default', user_id: 'u-x' };
    assert.equal(keystone.enforce('identity:get_user', self, member), true);
    assert.equal(keystone.enforce('identity:get_user', other, member), false);
    assert.equal(keystone.enforce('identity:get_user', other, admin), true);
  });

  it('token validation: own token, admin, service', () => {
    const own = { 'target.token.user_id': 'u-demo' };
    const foreign = { 'target.token.user_id': 'u-x' };
    assert.equal(keystone.enforce('identity:validate_token', own, member), true);
    assert.equal(keystone.enforce('identity:validate_token', foreign, member), false);
    assert.equal(keystone.enforce('identity:validate_token', foreign, admin), true);
    assert.equal(keystone.enforce('identity:validate_token', foreign, projectToken('nova', 'service', ['service'])), true);
  });

  it('empty check strings allow anyone', () => {
    assert.equal(keystone.enforce('identity:get_auth_catalog', {}, { roles: [] }), true);
    assert.equal(keystone.enforce('identity:list_limits', {}, reader), true);
  });

  it('authorize throws Keystone ForbiddenAction wording', () => {
    assert.doesNotThrow(() => keystone.authorize('identity:create_project', {}, admin));
    assert.throws(
      () => keystone.authorize('identity:create_project', {}, member),
      (e: unknown) =>
        e instanceof PolicyNotAuthorized &&
        e.status === 403 &&
        e.rule === 'identity:create_project' &&
        e.message === 'You are not authorized to perform the requested action: identity:create_project.',
    );
  });
});

describe('PolicyEnforcer', () => {
  const base: RuleDefault[] = [
    { name: 'admin_required', checkStr: 'role:admin' },
    { name: 'thing:create', checkStr: 'rule:admin_required', description: 'Create a thing.' },
    { name: 'thing:get', checkStr: 'rule:admin_required or project_id:%(target.thing.project_id)s' },
    { name: 'thing:odd', checkStr: 'rule:nowhere' },
  ];

  it('denies actions with no rule, and unknown rule references, when there is no default rule', () => {
    const enf = new PolicyEnforcer(base);
    assert.equal(enf.enforce('thing:unknown', {}, admin), false);
    assert.equal(enf.enforce('thing:odd', {}, admin), false);
    assert.throws(() => enf.authorize('thing:unknown', {}, admin), PolicyNotAuthorized);
    assert.deepEqual(enf.validate(), [{ rule: 'thing:odd', errors: ['references undefined rule nowhere'] }]);
  });

  it('falls back to the default rule for unknown actions and unknown references', () => {
    const enf = new PolicyEnforcer(base, { overrides: { default: 'role:reader' } });
    assert.equal(enf.enforce('thing:unknown', {}, reader), true);
    assert.equal(enf.enforce('thing:unknown', {}, { roles: [] }), false);
    assert.equal(enf.enforce('thing:odd', {}, reader), true);
  });

  it('overrides win over defaults, also through rule: references, and can be reset', () => {
    const enf = new PolicyEnforcer(base);
    assert.equal(enf.enforce('thing:create', {}, member), false);
    enf.setOverrides({ admin_required: 'role:admin or role:member' });
    assert.equal(enf.enforce('thing:create', {}, member), true);
    assert.equal(enf.enforce('thing:get', {}, member), true);
    enf.setOverrides({ 'thing:create': '!' });
    assert.equal(enf.enforce('thing:create', {}, admin), false);
    assert.equal(enf.enforce('thing:get', {}, member), false);
    enf.setOverrides({});
    assert.equal(enf.enforce('thing:create', {}, admin), true);
  });

  it('treats a malformed override as deny, without throwing, and reports it', () => {
    const enf = new PolicyEnforcer(base, { overrides: { 'thing:create': 'role:admin or (' } });
    assert.equal(enf.enforce('thing:create', {}, admin), false);
    const problems = enf.validate();
    assert.equal(problems.length, 2);
    assert.equal(problems[0].rule, 'thing:create');
    assert.match(problems[0].errors[0], /cannot parse rule/);
  });

  it('lists effective rules with override text and override-only rules', () => {
    const enf = new PolicyEnforcer(base, { overrides: { 'thing:create': 'role:member', extra: '@' } });
    const rules = enf.listRules();
    assert.deepEqual(rules[1], { name: 'thing:create', checkStr: 'role:member', description: 'Create a thing.' });
    assert.deepEqual(rules.at(-1), { name: 'extra', checkStr: '@' });
  });

  it('rejects duplicate defaults', () => {
    assert.throws(() => new PolicyEnforcer([...base, { name: 'thing:get', checkStr: '@' }]), /registered twice/);
  });

  it('uses a custom denial message when given one', () => {
    const enf = new PolicyEnforcer(base, { notAuthorizedMessage: (a) => `Policy doesn't allow ${a} to be performed.` });
    assert.throws(() => enf.authorize('thing:create', {}, member), { message: "Policy doesn't allow thing:create to be performed." });
  });

  describe('policy files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('loads YAML and JSON, replacing earlier overrides', () => {
      const enf = new PolicyEnforcer(base);
      enf.loadOverridesFile(file('policy.yaml', '# operator rules\n"thing:create": "role:member"\n'));
      assert.equal(enf.enforce('thing:create', {}, member), true);
      enf.loadOverridesFile(file('policy.json', '{"thing:get": "@"}'));
      assert.equal(enf.enforce('thing:create', {}, member), false);
      assert.equal(enf.enforce('thing:get', {}, { roles: [] }), true);
      enf.loadOverridesFile(file('empty.yaml', ''));
      assert.equal(enf.enforce('thing:get', {}, { roles: [] }), false);
    });

    it('rejects files that are not a mapping of strings', () => {
      const enf = new PolicyEnforcer(base);
      assert.throws(() => enf.loadOverridesFile(file('list.yaml', '- role:admin\n')), /expected a mapping/);
      assert.throws(() => enf.loadOverridesFile(file('num.yaml', 'thing:get: 1\n')), /must be a string/);
      assert.equal(enf.enforce('thing:create', {}, admin), true);
    });
  });
});
