import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { INJECTED_QUOTAS, NETWORK_QUOTAS, QUOTA_RESOURCES } from '../../service/quotas';
import { authorize, type ComputeApiDeps, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { booleanSchema, problem, type Schema, toBool, validBody } from '../validation';

const quotaValue: Schema = { type: ['integer', 'string'], pattern: '^-?[0-9]+$', minimum: -1, maximum: 0x7fffffff };

/** Resources a quota-set answer leaves out at this microversion (2.36: nova-network ones, 2.57: injected files). */
function hiddenFor(req: FastifyRequest): string[] {
  if (atLeast(req, '2.57')) return [...NETWORK_QUOTAS, ...INJECTED_QUOTAS];
  if (atLeast(req, '2.36')) return NETWORK_QUOTAS;
  return [];
}

/** Quota classes: before 2.50 without server groups and with the network ones; 2.50 drops network; 2.57 injected. */
function classHiddenFor(req: FastifyRequest): string[] {
  if (atLeast(req, '2.57')) return [...NETWORK_QUOTAS, ...INJECTED_QUOTAS];
  if (atLeast(req, '2.50')) return NETWORK_QUOTAS;
  return ['server_groups', 'server_group_members'];
}

function pick<T>(values: Record<string, T>, hidden: string[]): Record<string, T> {
  return Object.fromEntries(QUOTA_RESOURCES.filter((r) => !hidden.includes(r) && r in values).map((r) => [r, values[r]]));
}

function querySchema(req: FastifyRequest): Schema {
  return { type: 'object', properties: { user_id: { type: 'string' } }, additionalProperties: !atLeast(req, '2.75') };
}

/** os-quota-sets, os-quota-class-sets and limits. */
export function registerQuotasRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const quotas = deps.compute.quotas;
  const userParam = (req: FastifyRequest): string | null => {
    const q = queryOf(req);
    const bad = problem(q, querySchema(req), 'query');
    if (bad) throw new ServiceError('BadRequest', bad);
    return q.user_id ?? null;
  };

  app.get('/v2.1/os-quota-sets/:project', async (req) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-quota-sets:show', { project_id: project }, true);
    const user = userParam(req);
    return { quota_set: { id: project, ...pick(quotas.limits(project, user), hiddenFor(req)) } };
  });
  app.get('/v2.1/os-quota-sets/:project/detail', async (req) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-quota-sets:detail', { project_id: project }, true);
    const user = userParam(req);
    return { quota_set: { id: project, ...pick(quotas.detail(project, user, req.ctx.userId), hiddenFor(req)) } };
  });
  app.get('/v2.1/os-quota-sets/:project/defaults', async (req) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-quota-sets:defaults', { project_id: project }, true);
    return { quota_set: { id: project, ...pick(quotas.defaults(), hiddenFor(req)) } };
  });
  app.put('/v2.1/os-quota-sets/:project', async (req) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-quota-sets:update', { project_id: project }, true);
    const user = userParam(req);
    const hidden = hiddenFor(req);
    const props: Record<string, Schema> = { force: booleanSchema };
    for (const r of QUOTA_RESOURCES) if (!hidden.includes(r)) props[r] = quotaValue;
    // Nova refuses the removed networks quota with its own message
    const raw = (req.body ?? {}) as { quota_set?: Record<string, unknown> };
    if (raw.quota_set && typeof raw.quota_set === 'object' && 'networks' in raw.quota_set && !atLeast(req, '2.36'))
      throw new ServiceError('BadRequest', 'The networks quota has been removed');
    const body = validBody<{ quota_set: Record<string, unknown> }>(req.body, {
      type: 'object',
      properties: { quota_set: { type: 'object', properties: props, additionalProperties: false } },
      required: ['quota_set'],
      additionalProperties: false,
    }).quota_set;
    const force = body.force !== undefined && toBool(body.force);
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(body)) if (k !== 'force' && v !== null && v !== '') values[k] = Number(v);
    return { quota_set: pick(quotas.update(project, user, values, force), hidden) };
  });
  app.delete('/v2.1/os-quota-sets/:project', async (req, reply) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-quota-sets:delete', { project_id: project }, true);
    quotas.reset(project, userParam(req));
    return reply.code(202).send();
  });

  app.get('/v2.1/os-quota-class-sets/:id', async (req) => {
    authorize(deps, req, 'os_compute_api:os-quota-class-sets:show', {}, true);
    const id = param(req, 'id');
    return { quota_class_set: { id, ...pick(quotas.classQuotas(id), classHiddenFor(req)) } };
  });
  app.put('/v2.1/os-quota-class-sets/:id', async (req) => {
    authorize(deps, req, 'os_compute_api:os-quota-class-sets:update', {}, true);
    const id = param(req, 'id');
    if (id.length < 1 || id.length > 255) throw new ServiceError('BadRequest', 'Invalid input received: quota_class_name has a length of more than 255 characters.');
    const hidden = classHiddenFor(req);
    const props: Record<string, Schema> = {};
    for (const r of QUOTA_RESOURCES) if (!hidden.includes(r)) props[r] = quotaValue;
    const body = validBody<{ quota_class_set: Record<string, unknown> }>(req.body, {
      type: 'object',
      properties: { quota_class_set: { type: 'object', properties: props, additionalProperties: false } },
      required: ['quota_class_set'],
      additionalProperties: false,
    }).quota_class_set;
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Number(v)]));
    return { quota_class_set: pick(quotas.updateClass(id, values), hidden) };
  });

  app.get('/v2.1/limits', async (req) => {
    authorize(deps, req, 'os_compute_api:limits', {}, true);
    const q = queryOf(req);
    let project = req.ctx.projectId ?? '';
    if (q.tenant_id !== undefined) {
      authorize(deps, req, 'os_compute_api:limits:other_project');
      project = q.tenant_id;
    }
    const d = quotas.detail(project, null, req.ctx.userId);
    const filtered = atLeast(req, '2.57') ? ['floating_ips', 'security_groups', 'security_group_rules', 'injected_files', 'injected_file_content_bytes'] : atLeast(req, '2.36') ? ['floating_ips', 'security_groups', 'security_group_rules'] : [];
    const names: Record<string, string[]> = {
      ram: ['maxTotalRAMSize'],
      instances: ['maxTotalInstances'],
      cores: ['maxTotalCores'],
      key_pairs: ['maxTotalKeypairs'],
      floating_ips: ['maxTotalFloatingIps'],
      metadata_items: atLeast(req, '2.39') ? ['maxServerMeta'] : ['maxServerMeta', 'maxImageMeta'],
      injected_files: ['maxPersonality'],
      injected_file_content_bytes: ['maxPersonalitySize'],
      security_groups: ['maxSecurityGroups'],
      security_group_rules: ['maxSecurityGroupRules'],
      server_groups: ['maxServerGroups'],
      server_group_members: ['maxServerGroupMembers'],
    };
    const absolute: Record<string, number> = {};
    for (const [res, ns] of Object.entries(names)) if (!filtered.includes(res)) for (const n of ns) absolute[n] = d[res].limit;
    const used: Record<string, string> = {
      totalRAMUsed: 'ram',
      totalCoresUsed: 'cores',
      totalInstancesUsed: 'instances',
      totalFloatingIpsUsed: 'floating_ips',
      totalSecurityGroupsUsed: 'security_groups',
      totalServerGroupsUsed: 'server_groups',
    };
    for (const [n, res] of Object.entries(used)) if (!filtered.includes(res)) absolute[n] = d[res].in_use;
    return { limits: { rate: [], absolute } };
  });
}
