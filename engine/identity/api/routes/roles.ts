import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../../core/errors';
import type { Actor, RoleAssignment, Target } from '../../service/assignments';
import type { Role } from '../../types';
import { boolParam, registerCrud } from '../crud';
import { authorize, baseUrl, type IdentityApiDeps, param, query } from '../http';
import * as S from '../schemas';
import { collection, withLinks } from '../views';

/** Roles, implied roles, grants on projects/domains/system, and the role-assignment listing. */
export function registerRoleRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { identity } = deps;

  registerCrud<Role>(app, deps, {
    path: 'roles', key: 'role', policy: 'role',
    schemas: { create: S.roleCreate, update: S.roleUpdate },
    list: (q) => identity.roles.list({ name: q.name, domain_id: q.domain_id }),
    get: (id) => identity.roles.get(id),
    create: (b) => identity.roles.create(b as Partial<Role> & { name: string }),
    update: (id, b) => identity.roles.update(id, b),
    delete: (id) => identity.roles.delete(id),
  });

  // --- implied roles --------------------------------------------------------------------------
  const roleRef = (base: string, r: Role) => ({ id: r.id, name: r.name, links: { self: `${base}/v3/roles/${r.id}` } });
  const implied = (req: FastifyRequest) => ({ prior: identity.roles.get(param(req, 'prior')), implied: identity.roles.get(param(req, 'implied')) });
  const inference = (base: string, prior: Role, imp: Role) => ({
    role_inference: { prior_role: roleRef(base, prior), implies: roleRef(base, imp) },
    links: { self: `${base}/v3/roles/${prior.id}/implies/${imp.id}` },
  });
  app.put('/v3/roles/:prior/implies/:implied', async (req, reply) => {
    const t = implied(req);
    authorize(deps, req, 'identity:create_implied_role', {});
    identity.roles.createImplied(t.prior.id, t.implied.id);
    reply.code(201);
    return inference(baseUrl(req), t.prior, t.implied);
  });
  app.get('/v3/roles/:prior/implies/:implied', async (req) => {
    const t = implied(req);
    authorize(deps, req, 'identity:get_implied_role', {});
    identity.roles.checkImplied(t.prior.id, t.implied.id);
    return inference(baseUrl(req), t.prior, t.implied);
  });
  app.delete('/v3/roles/:prior/implies/:implied', async (req, reply) => {
    const t = implied(req);
    authorize(deps, req, 'identity:delete_implied_role', {});
    identity.roles.deleteImplied(t.prior.id, t.implied.id);
    reply.code(204);
  });
  app.get('/v3/roles/:prior/implies', async (req) => {
    const prior = identity.roles.get(param(req, 'prior'));
    authorize(deps, req, 'identity:list_implied_roles', {});
    const base = baseUrl(req);
    return {
      role_inference: { prior_role: roleRef(base, prior), implies: identity.roles.impliedBy(prior.id).map((r) => roleRef(base, r)) },
      links: { self: `${base}/v3/roles/${prior.id}/implies` },
    };
  });
  app.get('/v3/role_inferences', async (req) => {
    authorize(deps, req, 'identity:list_role_inference_rules', {});
    const base = baseUrl(req);
    return {
      role_inferences: identity.roles.inferenceRules().map((r) => ({ prior_role: roleRef(base, r.prior), implies: r.implies.map((i) => roleRef(base, i)) })),
      links: { self: `${base}/v3/role_inferences`, previous: null, next: null },
    };
  });

  // --- grants -----------------------------------------------------------------------------------
  const targets: { prefix: string; kind: 'project' | 'domain'; inherited: boolean; suffix: string }[] = [
    { prefix: '/v3/projects/:tid', kind: 'project', inherited: false, suffix: '' },
    { prefix: '/v3/domains/:tid', kind: 'domain', inherited: false, suffix: '' },
    { prefix: '/v3/OS-INHERIT/projects/:tid', kind: 'project', inherited: true, suffix: '/inherited_to_projects' },
    { prefix: '/v3/OS-INHERIT/domains/:tid', kind: 'domain', inherited: true, suffix: '/inherited_to_projects' },
  ];
  for (const t of targets) {
    for (const actorKind of ['users', 'groups'] as const) {
      const parties = (req: FastifyRequest) => {
        const targetId = param(req, 'tid');
        const actorId = param(req, 'aid');
        const target: Target = t.kind === 'project' ? { project: targetId } : { domain: targetId };
        const actor: Actor = actorKind === 'users' ? { user: actorId } : { group: actorId };
        const policyTarget: Record<string, unknown> = {};
        if (t.kind === 'project') policyTarget.project = identity.projects.get(targetId);
        else policyTarget.domain = identity.domains.get(targetId);
        if (actorKind === 'users') policyTarget.user = identity.users.get(actorId);
        else policyTarget.group = identity.groups.get(actorId);
        return { target, actor, policyTarget };
      };
      const one = `${t.prefix}/${actorKind}/:aid/roles/:rid${t.suffix}`;
      const withRole = (req: FastifyRequest) => {
        const p = parties(req);
        const role = identity.roles.get(param(req, 'rid'));
        return { ...p, role, policyTarget: { ...p.policyTarget, role } };
      };
      app.put(one, async (req, reply) => {
        const p = withRole(req);
        authorize(deps, req, 'identity:create_grant', p.policyTarget);
        identity.assignments.grant(p.actor, p.target, p.role.id, t.inherited);
        reply.code(204);
      });
      app.get(one, async (req, reply) => {
        const p = withRole(req);
        authorize(deps, req, 'identity:check_grant', p.policyTarget);
        identity.assignments.check(p.actor, p.target, p.role.id, t.inherited);
        reply.code(204);
      });
      app.delete(one, async (req, reply) => {
        const p = withRole(req);
        authorize(deps, req, 'identity:revoke_grant', p.policyTarget);
        identity.assignments.revoke(p.actor, p.target, p.role.id, t.inherited);
        reply.code(204);
      });
      app.get(`${t.prefix}/${actorKind}/:aid/roles${t.suffix}`, async (req) => {
        const p = parties(req);
        authorize(deps, req, 'identity:list_grants', p.policyTarget);
        const roles = identity.assignments.listGrants(p.actor, p.target, t.inherited);
        return collection(baseUrl(req), req.url.replace(/^\/v3\//, '').split('?')[0], 'roles', roles.map((r) => withLinks(baseUrl(req), 'roles', r)), false);
      });
    }
  }

  // system grants
  for (const actorKind of ['users', 'groups'] as const) {
    const noun = actorKind === 'users' ? 'user' : 'group';
    const actorOf = (req: FastifyRequest): Actor => (actorKind === 'users' ? { user: identity.users.get(param(req, 'aid')).id } : { group: identity.groups.get(param(req, 'aid')).id });
    const one = `/v3/system/${actorKind}/:aid/roles/:rid`;
    app.put(one, async (req, reply) => {
      const actor = actorOf(req);
      const role = identity.roles.get(param(req, 'rid'));
      authorize(deps, req, `identity:create_system_grant_for_${noun}`, { role });
      identity.assignments.grant(actor, { system: 'all' }, role.id);
      reply.code(204);
    });
    app.get(one, async (req, reply) => {
      const actor = actorOf(req);
      const role = identity.roles.get(param(req, 'rid'));
      authorize(deps, req, `identity:check_system_grant_for_${noun}`, { role });
      identity.assignments.check(actor, { system: 'all' }, role.id);
      reply.code(204);
    });
    app.delete(one, async (req, reply) => {
      const actor = actorOf(req);
      const role = identity.roles.get(param(req, 'rid'));
      authorize(deps, req, `identity:revoke_system_grant_for_${noun}`, { role });
      identity.assignments.revoke(actor, { system: 'all' }, role.id);
      reply.code(204);
    });
    app.get(`/v3/system/${actorKind}/:aid/roles`, async (req) => {
      const actor = actorOf(req);
      authorize(deps, req, `identity:list_system_grants_for_${noun}`, {});
      const roles = identity.assignments.listGrants(actor, { system: 'all' });
      return collection(baseUrl(req), `system/${actorKind}/${param(req, 'aid')}/roles`, 'roles', roles.map((r) => withLinks(baseUrl(req), 'roles', r)), false);
    });
  }

  // --- role assignments ----------------------------------------------------------------------------
  app.get('/v3/role_assignments', async (req) => {
    const q = query(req);
    const effective = q.effective !== undefined && boolParam(q.effective) !== false;
    const includeNames = boolParam(q.include_names) === true;
    const includeSubtree = boolParam(q.include_subtree) === true;
    if (q['user.id'] && q['group.id']) throw new BadRequest('Specify a user or group, not both');
    if (effective && q['group.id']) throw new BadRequest('Combining effective and group filter will always result in an empty list.');
    if (includeSubtree && !q['scope.project.id']) throw new BadRequest('scope.project.id must be specified if include_subtree is also specified');
    if (includeSubtree) {
      authorize(deps, req, 'identity:list_role_assignments_for_tree', { project: identity.projects.get(q['scope.project.id']!) });
    } else {
      authorize(deps, req, 'identity:list_role_assignments', q['scope.domain.id'] ? { domain_id: q['scope.domain.id'] } : {});
    }
    const inheritedTo = q['scope.OS-INHERIT:inherited_to'];
    const rows = identity.assignments.list({
      userId: q['user.id'], groupId: q['group.id'], roleId: q['role.id'], projectId: q['scope.project.id'], domainId: q['scope.domain.id'],
      system: q['scope.system'] !== undefined, inherited: inheritedTo ? true : undefined, effective, includeSubtree,
    });
    const base = baseUrl(req);
    return {
      role_assignments: rows.map((r) => assignmentView(base, r, includeNames, deps)),
      links: { self: `${base}${req.url}`, previous: null, next: null },
    };
  });
}

function assignmentView(base: string, r: RoleAssignment, names: boolean, deps: IdentityApiDeps): Record<string, unknown> {
  const { identity } = deps;
  const domainRef = (id: string) => {
    const d = identity.domains.find(id);
    return { id, name: d?.name };
  };
  const out: Record<string, unknown> = {};
  const role = identity.roles.find(r.roleId);
  out.role = names ? { id: r.roleId, name: role?.name, ...(role?.domain_id ? { domain: domainRef(role.domain_id) } : {}) } : { id: r.roleId };
  if (r.userId) {
    const u = names ? identity.users.find(r.userId) : undefined;
    out.user = names ? { id: r.userId, name: u?.name, domain: u ? domainRef(u.domain_id) : undefined } : { id: r.userId };
  }
  if (r.groupId) {
    const g = names ? identity.groups.list().find((x) => x.id === r.groupId) : undefined;
    out.group = names ? { id: r.groupId, name: g?.name, domain: g ? domainRef(g.domain_id) : undefined } : { id: r.groupId };
  }
  const scope: Record<string, unknown> = {};
  if (r.projectId) {
    const p = names ? identity.projects.find(r.projectId) : undefined;
    scope.project = names ? { id: r.projectId, name: p?.name, domain: p ? domainRef(p.domain_id) : undefined } : { id: r.projectId };
  } else if (r.domainId) {
    scope.domain = names ? domainRef(r.domainId) : { id: r.domainId };
  } else if (r.system) {
    scope.system = { all: true };
  }
  if (r.inherited) scope['OS-INHERIT:inherited_to'] = 'projects';
  out.scope = scope;
  const s = r.source;
  const actorPath = s.type.startsWith('User') ? `users/${s.actor_id}` : `groups/${s.actor_id}`;
  const targetPath = s.type.endsWith('Project') ? `projects/${s.target_id}` : s.type.endsWith('Domain') ? `domains/${s.target_id}` : 'system';
  const links: Record<string, string> = {
    assignment: s.inherited
      ? `${base}/v3/OS-INHERIT/${targetPath}/${actorPath}/roles/${s.role_id}/inherited_to_projects`
      : `${base}/v3/${targetPath}/${actorPath}/roles/${s.role_id}`,
  };
  if (r.viaGroupId) links.membership = `${base}/v3/groups/${r.viaGroupId}/users/${r.userId}`;
  if (r.priorRoleId) links.prior_role = `${base}/v3/roles/${r.priorRoleId}`;
  out.links = links;
  return out;
}
