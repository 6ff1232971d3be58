import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { GroupPolicy, ServerGroupRecord } from '../../service/server-groups';
import { authorize, type ComputeApiDeps, isAdmin, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { nameSchema, problem, type Schema, validBody } from '../validation';

function createSchema(req: FastifyRequest): Schema {
  const policies = atLeast(req, '2.15') ? ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity'] : ['anti-affinity', 'affinity'];
  const props: Record<string, Schema> = atLeast(req, '2.64')
    ? {
        name: nameSchema,
        policy: { type: 'string', enum: ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity'] },
        rules: { type: 'object', properties: { max_server_per_host: { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, minLength: 1 } }, additionalProperties: false },
      }
    : { name: nameSchema, policies: { type: 'array', items: { type: 'string', enum: policies }, uniqueItems: true, minItems: 1, maxItems: 1 } };
  return {
    type: 'object',
    properties: { server_group: { type: 'object', properties: props, required: ['name', atLeast(req, '2.64') ? 'policy' : 'policies'], additionalProperties: false } },
    required: ['server_group'],
    additionalProperties: false,
  };
}

/** The group as the asked microversion shows it (2.13 owner ids; 2.64 policy + rules instead of policies + metadata). */
function view(req: FastifyRequest, deps: ComputeApiDeps, g: ServerGroupRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: g.id, name: g.name };
  if (atLeast(req, '2.64')) {
    out.policy = g.policy;
    out.rules = { ...g.rules };
  } else {
    out.policies = [g.policy];
    out.metadata = {};
  }
  // members that are still live servers
  out.members = g.members.filter((m) => {
    const s = deps.compute.servers.find(m);
    return !s || !s.deleted;
  });
  if (atLeast(req, '2.13')) {
    out.project_id = g.project_id;
    out.user_id = g.user_id;
  }
  return out;
}

/** os-server-groups: create, list (all_projects for admins), show, delete. */
export function registerServerGroupsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const groups = deps.compute.serverGroups;
  const project = (req: FastifyRequest) => req.ctx.projectId ?? '';

  app.get('/v2.1/os-server-groups', async (req) => {
    const q = queryOf(req);
    const bad = problem(
      q,
      {
        type: 'object',
        properties: { all_projects: { type: 'string' }, limit: { type: 'string', pattern: '^[0-9]*$', minLength: 1 }, offset: { type: 'string', pattern: '^[0-9]*$', minLength: 1 } },
        additionalProperties: !atLeast(req, '2.75'),
      },
      'query',
    );
    if (bad) throw new ServiceError('BadRequest', bad);
    authorize(deps, req, 'os_compute_api:os-server-groups:index', { project_id: project(req) }, true);
    let list: ServerGroupRecord[];
    if ('all_projects' in q && isAdmin(deps, req)) {
      authorize(deps, req, 'os_compute_api:os-server-groups:index:all_projects', { project_id: project(req) }, true);
      list = groups.list(null);
    } else list = groups.list(project(req));
    const offset = q.offset !== undefined ? Number(q.offset) : 0;
    const limit = q.limit !== undefined ? Math.min(Number(q.limit), 1000) : 1000;
    return { server_groups: list.slice(offset, offset + limit).map((g) => view(req, deps, g)) };
  });

  app.post('/v2.1/os-server-groups', async (req) => {
    authorize(deps, req, 'os_compute_api:os-server-groups:create', { project_id: project(req) }, true);
    const body = validBody<{ server_group: { name: string; policy?: GroupPolicy; policies?: GroupPolicy[]; rules?: Record<string, number | string> } }>(req.body, createSchema(req)).server_group;
    const rules = Object.fromEntries(Object.entries(body.rules ?? {}).map(([k, v]) => [k, Number(v)]));
    if (atLeast(req, '2.64') && body.policy !== 'anti-affinity' && Object.keys(rules).length) throw new ServiceError('BadRequest', 'Only anti-affinity policy supports rules.');
    const g = groups.create({ name: body.name, policy: (body.policy ?? body.policies![0]) as GroupPolicy, rules, projectId: project(req), userId: req.ctx.userId });
    return { server_group: view(req, deps, g) };
  });

  app.get('/v2.1/os-server-groups/:id', async (req) => {
    const g = groups.get(param(req, 'id'));
    authorize(deps, req, 'os_compute_api:os-server-groups:show', { project_id: g.project_id }, true);
    return { server_group: view(req, deps, g) };
  });

  app.delete('/v2.1/os-server-groups/:id', async (req, reply) => {
    const g = groups.get(param(req, 'id'));
    authorize(deps, req, 'os_compute_api:os-server-groups:delete', { project_id: g.project_id }, true);
    groups.delete(g.id);
    return reply.code(204).send();
  });
}
