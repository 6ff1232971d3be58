import type { FastifyInstance } from 'fastify';
import type { ProjectLimit, RegisteredLimit } from '../../types';
import { authorize, baseUrl, type IdentityApiDeps, param, query } from '../http';
import * as S from '../schemas';
import { withLinks } from '../views';

type Item<T> = Partial<T> & Record<string, unknown>;

/** Unified limits: /v3/registered_limits, /v3/limits and /v3/limits/model. */
export function registerLimitRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { limits } = deps.identity;

  app.get('/v3/limits/model', async (req) => {
    authorize(deps, req, 'identity:get_limit_model', {});
    return { model: { name: 'flat', description: 'Limit enforcement and validation does not take project hierarchy into consideration.' } };
  });

  // registered limits
  app.get('/v3/registered_limits', async (req) => {
    authorize(deps, req, 'identity:list_registered_limits', {});
    const q = query(req);
    const rows = limits.listRegistered({ service_id: q.service_id, region_id: q.region_id, resource_name: q.resource_name });
    return { registered_limits: rows.map((r) => withLinks(baseUrl(req), 'registered_limits', r)), links: { self: `${baseUrl(req)}/v3/registered_limits`, previous: null, next: null } };
  });
  app.post('/v3/registered_limits', { schema: { body: S.registeredLimitsCreate } }, async (req, reply) => {
    authorize(deps, req, 'identity:create_registered_limits', {});
    const items = (req.body as { registered_limits: Item<RegisteredLimit>[] }).registered_limits;
    const created = limits.createRegistered(items as (RegisteredLimit & Item<RegisteredLimit>)[]);
    reply.code(201);
    return { registered_limits: created.map((r) => withLinks(baseUrl(req), 'registered_limits', r)) };
  });
  app.get('/v3/registered_limits/:id', async (req) => {
    authorize(deps, req, 'identity:get_registered_limit', {});
    return { registered_limit: withLinks(baseUrl(req), 'registered_limits', limits.getRegistered(param(req, 'id'))) };
  });
  app.patch('/v3/registered_limits/:id', { schema: { body: S.registeredLimitUpdate } }, async (req) => {
    authorize(deps, req, 'identity:update_registered_limit', {});
    const patch = (req.body as { registered_limit: Item<RegisteredLimit> }).registered_limit;
    return { registered_limit: withLinks(baseUrl(req), 'registered_limits', limits.updateRegistered(param(req, 'id'), patch)) };
  });
  app.delete('/v3/registered_limits/:id', async (req, reply) => {
    authorize(deps, req, 'identity:delete_registered_limit', {});
    limits.deleteRegistered(param(req, 'id'));
    reply.code(204);
  });

  // project limits
  const limitTarget = (l: ProjectLimit) => ({ limit: { ...l, project: l.project_id ? { domain_id: deps.identity.projects.find(l.project_id)?.domain_id } : undefined, domain: l.domain_id ? { id: l.domain_id } : undefined } });
  app.get('/v3/limits', async (req) => {
    authorize(deps, req, 'identity:list_limits', {});
    const q = query(req);
    let rows = limits.list({ service_id: q.service_id, region_id: q.region_id, resource_name: q.resource_name, project_id: q.project_id, domain_id: q.domain_id });
    // a project-scoped caller sees only its own project's limits
    if (!req.ctx.system && !req.ctx.roles.includes('admin')) rows = rows.filter((l) => l.project_id === req.ctx.projectId || (req.ctx.domainId && l.domain_id === req.ctx.domainId));
    return { limits: rows.map((r) => withLinks(baseUrl(req), 'limits', r)), links: { self: `${baseUrl(req)}/v3/limits`, previous: null, next: null } };
  });
  app.post('/v3/limits', { schema: { body: S.limitsCreate } }, async (req, reply) => {
    authorize(deps, req, 'identity:create_limits', {});
    const items = (req.body as { limits: Item<ProjectLimit>[] }).limits;
    const created = limits.create(items as (ProjectLimit & Item<ProjectLimit>)[]);
    reply.code(201);
    return { limits: created.map((r) => withLinks(baseUrl(req), 'limits', r)) };
  });
  app.get('/v3/limits/:id', async (req) => {
    const l = limits.get(param(req, 'id'));
    authorize(deps, req, 'identity:get_limit', limitTarget(l));
    return { limit: withLinks(baseUrl(req), 'limits', l) };
  });
  app.patch('/v3/limits/:id', { schema: { body: S.limitUpdate } }, async (req) => {
    authorize(deps, req, 'identity:update_limit', {});
    const patch = (req.body as { limit: Item<ProjectLimit> }).limit;
    return { limit: withLinks(baseUrl(req), 'limits', limits.update(param(req, 'id'), patch)) };
  });
  app.delete('/v3/limits/:id', async (req, reply) => {
    authorize(deps, req, 'identity:delete_limit', {});
    limits.delete(param(req, 'id'));
    reply.code(204);
  });
}
