import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../../core/errors';
import type { Project, User } from '../../types';
import { boolParam, registerCrud } from '../crud';
import { authorize, baseUrl, bodyOf, type IdentityApiDeps, param, query } from '../http';
import * as S from '../schemas';
import { collection, projectView, withLinks } from '../views';

/** The domain a new project, user or group lands in when the body names none: the token's. */
function callerDomain(req: FastifyRequest): string {
  return req.ctx.domainId ?? req.ctx.projectDomainId ?? 'default';
}

/** Keystone keeps a user's description in `extra`: it appears only once set. */
function userView(u: User): Record<string, unknown> {
  const { description, ...rest } = u;
  return { ...rest, ...(description != null ? { description } : {}), password_expires_at: u.password_expires_at ?? null, options: u.options ?? {} };
}

/** Domains, projects, users and groups (Keystone's resource and identity backends). */
export function registerResourceRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { identity } = deps;

  registerCrud(app, deps, {
    path: 'domains', key: 'domain', policy: 'domain',
    schemas: { create: S.domainCreate, update: S.domainUpdate },
    list: (q) => identity.domains.list({ name: q.name, enabled: boolParam(q.enabled) }),
    get: (id) => identity.domains.get(id),
    create: (b) => {
      const { explicit_domain_id, ...rest } = b as { explicit_domain_id?: string; name: string };
      return identity.domains.create(rest, explicit_domain_id ?? undefined);
    },
    update: (id, b) => identity.domains.update(id, b),
    delete: (id) => identity.domains.delete(id),
  });

  registerCrud<Project>(app, deps, {
    path: 'projects', key: 'project', policy: 'project',
    schemas: { create: S.projectCreate, update: S.projectUpdate },
    listTarget: (q) => (q.domain_id ? { domain_id: q.domain_id } : {}),
    list: (q) => {
      let rows = identity.projects.list({ name: q.name, domain_id: q.domain_id, parent_id: q.parent_id, enabled: boolParam(q.enabled) });
      if (boolParam(q.is_domain)) rows = [];
      if (q.tags) rows = rows.filter((p) => q.tags!.split(',').every((t) => p.tags.includes(t)));
      if (q['tags-any']) rows = rows.filter((p) => q['tags-any']!.split(',').some((t) => p.tags.includes(t)));
      return rows;
    },
    get: (id) => identity.projects.get(id),
    view: projectView,
    createTarget: (b, req) => ({ project: { ...b, domain_id: (b.domain_id as string | undefined) ?? callerDomain(req) } }),
    create: (b, req) => {
      if (b.is_domain === true) throw new BadRequest('Creating projects acting as domains is not supported; create a domain instead.');
      const { is_domain: _ignored, ...rest } = b as Partial<Project> & { name: string; is_domain?: boolean };
      return identity.projects.create({ ...rest, domain_id: rest.domain_id ?? (rest.parent_id ? undefined : callerDomain(req)) });
    },
    update: (id, b) => {
      const { is_domain, ...rest } = b as Partial<Project> & { is_domain?: boolean };
      if (is_domain !== undefined && is_domain !== false) throw new BadRequest('Update of `is_domain` is not allowed.');
      return identity.projects.update(id, rest);
    },
    delete: (id) => identity.projects.delete(id),
  });

  registerCrud<User>(app, deps, {
    path: 'users', key: 'user', policy: 'user',
    schemas: { create: S.userCreate, update: S.userUpdate },
    listTarget: (q) => (q.domain_id ? { domain_id: q.domain_id } : {}),
    list: (q) => identity.users.list({ name: q.name, domain_id: q.domain_id, enabled: boolParam(q.enabled) }),
    get: (id) => identity.users.get(id),
    view: userView,
    createTarget: (b, req) => ({ user: { ...b, domain_id: (b.domain_id as string | undefined) ?? callerDomain(req) } }),
    create: (b, req) => {
      const u = b as Partial<User> & { name: string; password?: string | null };
      if (u.default_project_id) identity.projects.get(u.default_project_id);
      return identity.users.create({ ...u, domain_id: u.domain_id ?? callerDomain(req) });
    },
    update: (id, b) => {
      const u = b as Partial<User> & { password?: string | null };
      if (u.default_project_id) identity.projects.get(u.default_project_id);
      return identity.users.update(id, u);
    },
    delete: (id) => identity.users.delete(id),
  });

  // POST /v3/users/{id}/password: no token needed, as in Keystone; the old password is the proof.
  app.post('/v3/users/:id/password', { config: { public: true }, schema: { body: S.passwordChange } }, async (req, reply) => {
    const id = param(req, 'id');
    const b = bodyOf<{ password: string; original_password: string }>(req, 'user');
    await identity.users.changePassword(id, b.original_password, b.password);
    reply.code(204);
  });

  app.get('/v3/users/:id/projects', async (req) => {
    const user = identity.users.get(param(req, 'id'));
    authorize(deps, req, 'identity:list_user_projects', { user_id: user.id, user });
    const ids = new Set(identity.assignments.list({ userId: user.id, effective: true }).map((a) => a.projectId).filter(Boolean) as string[]);
    const projects = identity.projects.list({ ids: [...ids] });
    return collection(baseUrl(req), `users/${user.id}/projects`, 'projects', projects.map((p) => withLinks(baseUrl(req), 'projects', projectView(p))), false);
  });

  app.get('/v3/users/:id/groups', async (req) => {
    const user = identity.users.get(param(req, 'id'));
    authorize(deps, req, 'identity:list_groups_for_user', { user_id: user.id, user });
    const groups = identity.groups.groupsOf(user.id);
    return collection(baseUrl(req), `users/${user.id}/groups`, 'groups', groups.map((g) => withLinks(baseUrl(req), 'groups', g)), false);
  });

  registerCrud(app, deps, {
    path: 'groups', key: 'group', policy: 'group',
    schemas: { create: S.groupCreate, update: S.groupUpdate },
    listTarget: (q) => (q.domain_id ? { domain_id: q.domain_id } : {}),
    list: (q) => identity.groups.list({ name: q.name, domain_id: q.domain_id }),
    get: (id) => identity.groups.get(id),
    createTarget: (b, req) => ({ group: { ...b, domain_id: (b.domain_id as string | undefined) ?? callerDomain(req) } }),
    create: (b, req) => identity.groups.create({ ...(b as { name: string }), domain_id: (b.domain_id as string | undefined) ?? callerDomain(req) }),
    update: (id, b) => identity.groups.update(id, b),
    delete: (id) => identity.groups.delete(id),
  });

  app.get('/v3/groups/:id/users', async (req) => {
    const group = identity.groups.get(param(req, 'id'));
    authorize(deps, req, 'identity:list_users_in_group', { group });
    const q = query(req);
    const users = identity.groups.usersIn(group.id).filter((u) => !q.name || u.name === q.name);
    return collection(baseUrl(req), `groups/${group.id}/users`, 'users', users.map((u) => withLinks(baseUrl(req), 'users', userView(u))), false);
  });

  const membership = (req: FastifyRequest) => {
    const group = identity.groups.get(param(req, 'gid'));
    const user = identity.users.get(param(req, 'uid'));
    return { group, user };
  };
  app.put('/v3/groups/:gid/users/:uid', async (req, reply) => {
    const t = membership(req);
    authorize(deps, req, 'identity:add_user_to_group', t);
    identity.groups.addUser(t.group.id, t.user.id);
    reply.code(204);
  });
  app.get('/v3/groups/:gid/users/:uid', async (req, reply) => {
    const t = membership(req);
    authorize(deps, req, 'identity:check_user_in_group', t);
    identity.groups.checkUser(t.group.id, t.user.id);
    reply.code(204);
  });
  app.delete('/v3/groups/:gid/users/:uid', async (req, reply) => {
    const t = membership(req);
    authorize(deps, req, 'identity:remove_user_from_group', t);
    identity.groups.removeUser(t.group.id, t.user.id);
    reply.code(204);
  });
}
