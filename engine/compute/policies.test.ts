import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyEnforcer } from '../core/policy';
import type { Credentials } from '../core/policy';
import { novaPolicyMessage, renderNovaFault } from './faults';
import { computePolicies } from './policies';
import { ServiceError } from '../core/errors';
import type { FastifyRequest } from 'fastify';

/** A project-scoped token's policy values, with is_admin as Nova's context sets it (context_is_admin). */
function projectToken(userId: string, projectId: string, roles: string[]): Credentials {
  return { user_id: userId, project_id: projectId, domain_id: null, system_scope: null, roles, is_admin: roles.includes('admin'), is_admin_project: true };
}
const admin = projectToken('u-admin', 'p-admin', ['admin', 'member', 'reader']);
const alice = projectToken('u-alice', 'p-a', ['member', 'reader']);
const nova = new PolicyEnforcer(computePolicies, { notAuthorizedMessage: novaPolicyMessage });

describe('Nova default rules', () => {
  it('are Nova 26\'s 201 registered rules, well formed and unique', () => {
    assert.equal(computePolicies.length, 201);
    assert.equal(new Set(computePolicies.map((r) => r.name)).size, 201);
    assert.deepEqual(nova.validate(), []);
  });

  it('carry the effective (new or deprecated) check strings', () => {
    const get = (name: string) => computePolicies.find((r) => r.name === name)?.checkStr;
    assert.equal(get('os_compute_api:os-flavor-manage:create'), 'rule:context_is_admin');
    assert.equal(get('os_compute_api:os-keypairs:create'), '(rule:context_is_admin or user_id:%(user_id)s)');
    assert.equal(get('os_compute_api:os-hypervisors:list'), '(rule:context_is_admin or rule:admin_api)');
    assert.equal(get('project_member_or_admin'), '((rule:project_member_api or rule:context_is_admin) or (is_admin:True or project_id:%(project_id)s))');
    assert.equal(get('os_compute_api:os-availability-zone:list'), '@');
  });

  it('let the admin manage flavors and refuse a member with Nova\'s message', () => {
    assert.equal(nova.enforce('os_compute_api:os-flavor-manage:create', {}, admin), true);
    assert.throws(() => nova.authorize('os_compute_api:os-flavor-manage:create', {}, alice), {
      status: 403,
      message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
    });
  });

  it('scope project rules to the owner and key pair rules to the user', () => {
    assert.equal(nova.enforce('os_compute_api:os-server-groups:create', { project_id: 'p-a' }, alice), true);
    assert.equal(nova.enforce('os_compute_api:os-server-groups:show', { project_id: 'p-b' }, alice), false);
    assert.equal(nova.enforce('os_compute_api:os-server-groups:show', { project_id: 'p-b' }, admin), true);
    assert.equal(nova.enforce('os_compute_api:os-keypairs:index', { user_id: 'u-alice' }, alice), true);
    assert.equal(nova.enforce('os_compute_api:os-keypairs:index', { user_id: 'u-bob' }, alice), false);
    assert.equal(nova.enforce('os_compute_api:os-quota-sets:show', { project_id: 'p-a' }, alice), true);
    assert.equal(nova.enforce('os_compute_api:os-quota-sets:update', { project_id: 'p-a' }, alice), false);
  });
});

describe('Nova fault bodies', () => {
  const req = {} as FastifyRequest;
  it('use the key of the status, and computeFault where Nova has none (406)', () => {
    assert.deepEqual(renderNovaFault(new ServiceError('NotFound', 'gone'), req).body, { itemNotFound: { code: 404, message: 'gone' } });
    assert.deepEqual(renderNovaFault(new ServiceError('Conflict', 'busy'), req).body, { conflictingRequest: { code: 409, message: 'busy' } });
    const e = new ServiceError('BadRequest', 'v');
    (e as { status: number }).status = 406;
    assert.deepEqual(renderNovaFault(e, req).body, { computeFault: { code: 406, message: 'v' } });
  });
});
