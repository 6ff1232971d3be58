import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, formatCheck, parseRule, ruleReferences, validate, type Check } from './rules';
import type { Credentials } from './types';

const member: Credentials = {
  user_id: 'u2',
  project_id: 'p1',
  domain_id: null,
  system_scope: null,
  roles: ['Member', 'reader'],
  is_admin: true,
  token: { project: { id: 'p1', domain: { id: 'd1' } }, methods: ['password'] },
};
const named: Record<string, Check> = {
  yes: { type: 'true' },
  no: { type: 'false' },
};
const resolve = (name: string): Check | undefined => named[name];

function check(rule: string, target: Record<string, unknown> = {}, creds: Credentials = member): boolean {
  return evaluate(parseRule(rule).check, target, creds, resolve);
}
const fmt = (rule: string): string => formatCheck(parseRule(rule).check);

describe('parsing', () => {
  it('gives not > and > or precedence, left to right', () => {
    assert.equal(fmt('a:1 or b:2 and c:3'), '(a:1 or (b:2 and c:3))');
    assert.equal(fmt('a:1 and b:2 or c:3 and d:4'), '((a:1 and b:2) or (c:3 and d:4))');
    assert.equal(fmt('not a:1 and b:2'), '(not a:1 and b:2)');
    assert.equal(fmt('not (a:1 and b:2) or c:3'), '(not (a:1 and b:2) or c:3)');
    assert.equal(fmt('a:1 or b:2 or c:3'), '(a:1 or b:2 or c:3)');
    assert.equal(fmt('not not a:1'), 'not not a:1');
  });

  it('reads keywords in any case and parentheses glued to checks', () => {
    assert.equal(fmt('((role:a) AND NOT role:b) Or role:c'), '((role:a and not role:b) or role:c)');
    assert.equal(fmt('(role:a or user_id:%(target.user.id)s)'), '(role:a or user_id:%(target.user.id)s)');
    assert.equal(fmt('(user_id:%(target.user.id)s)'), 'user_id:%(target.user.id)s');
  });

  it('treats the empty string as always and @ / ! as always / never', () => {
    assert.equal(check(''), true);
    assert.equal(check('@'), true);
    assert.equal(check('!'), false);
    assert.equal(check('not !'), true);
  });

  it('turns malformed strings into a never-true check and reports them', () => {
    for (const bad of ['role:a and', 'or role:a', '(role:a', 'role:a)', 'role:a role:b', '()', '   ', "'quoted'", 'not']) {
      const { check: c, errors } = parseRule(bad);
      assert.deepEqual(c, { type: 'false' }, bad);
      assert.equal(errors.length, 1, bad);
      assert.equal(check(bad), false, bad);
      assert.equal(check(`not (${bad})`), false, `not (${bad})`);
    }
    assert.deepEqual(validate('role:admin or (role:reader and system_scope:all)'), []);
  });

  it('keeps a rule whose only problem is a bad leaf, failing just that leaf', () => {
    assert.equal(validate('garbage or role:reader').length, 1);
    assert.equal(check('garbage or role:reader'), true);
    assert.equal(check('not garbage'), true);
    assert.equal(validate('http://policy.example/check or role:x').length, 1);
    assert.equal(check('http://policy.example/check'), false);
    assert.equal(validate('user_id:%(x)d').length, 1);
    assert.equal(check('user_id:%(x)d', { x: 1 }), false);
  });

  it('lists rule references', () => {
    assert.deepEqual(ruleReferences(parseRule('rule:a or (not rule:b and role:c)').check), ['a', 'b']);
  });
});

describe('evaluation', () => {
  it('matches roles case-insensitively, with substitution', () => {
    assert.equal(check('role:member'), true);
    assert.equal(check('role:READER'), true);
    assert.equal(check('role:admin'), false);
    assert.equal(check('role:%(r)s', { r: 'MEMBER' }), true);
    assert.equal(check('role:%(r)s'), false);
    assert.equal(check('role:member', {}, { roles: [] }), false);
  });

  it('compares credentials with literal right sides', () => {
    assert.equal(check('project_id:p1'), true);
    assert.equal(check('project_id:p2'), false);
    assert.equal(check('is_admin:True'), true);
    assert.equal(check('is_admin:False'), false);
    assert.equal(check('nonexistent:x'), false);
  });

  it('never matches is_admin:1 against a boolean is_admin (Python str(True) is "True")', () => {
    assert.equal(check('is_admin:1'), false);
  });

  it('substitutes target keys, flat first then as nested paths', () => {
    assert.equal(check('project_id:%(target.project.id)s', { 'target.project.id': 'p1' }), true);
    assert.equal(check('project_id:%(target.project.id)s', { target: { project: { id: 'p1' } } }), true);
    assert.equal(check('project_id:%(target.project.id)s', { target: { project: { id: 'p2' } } }), false);
    // the flat key wins over the nested one
    assert.equal(check('project_id:%(target.project.id)s', { 'target.project.id': 'p2', target: { project: { id: 'p1' } } }), false);
    assert.equal(check('project_id:x-%(a)s-%(b)s%%', { a: 'p', b: 1 }, { roles: [], project_id: 'x-p-1%' }), true);
  });

  it('is false when a substituted target key is missing', () => {
    assert.equal(check('project_id:%(target.project.id)s', {}), false);
    assert.equal(check('project_id:%(target.project.id)s', { target: { project: {} } }), false);
    assert.equal(check('not project_id:%(target.project.id)s', {}), true);
  });

  it('walks dotted credential paths and lists', () => {
    assert.equal(check('token.project.domain.id:%(target.domain_id)s', { 'target.domain_id': 'd1' }), true);
    assert.equal(check('token.domain.id:%(target.domain_id)s', { 'target.domain_id': 'd1' }), false);
    assert.equal(check('token.methods:password'), true);
    assert.equal(check('roles:reader'), true);
  });

  it('compares Python literals on the left with the substituted right side', () => {
    assert.equal(check('True:%(enabled)s', { enabled: true }), true);
    assert.equal(check('True:%(enabled)s', { enabled: false }), false);
    assert.equal(check("'p1':%(target.project.id)s", { 'target.project.id': 'p1' }), true);
    assert.equal(check('1:%(n)s', { n: 1 }), true);
    assert.equal(check('None:%(x)s', { x: null }), true);
  });

  it('stringifies null like Python, so a null credential matches a null target value', () => {
    assert.equal(check('domain_id:%(target.domain_id)s', { 'target.domain_id': null }), true);
    assert.equal(check('domain_id:%(target.domain_id)s', {}), false);
  });

  it('resolves rule: references and treats unknown rules as false', () => {
    assert.equal(check('rule:yes'), true);
    assert.equal(check('rule:no or rule:yes'), true);
    assert.equal(check('rule:missing'), false);
    assert.equal(check('not rule:missing'), true);
  });

  it('stops on rule cycles instead of overflowing the stack', () => {
    const loop: Record<string, Check> = { a: parseRule('rule:b').check, b: parseRule('rule:a').check };
    assert.equal(evaluate(loop.a, {}, member, (n) => loop[n]), false);
  });
});
