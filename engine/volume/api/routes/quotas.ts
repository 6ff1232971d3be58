import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../../core/errors';
import type { QuotaUsage } from '../../service/quotas';
import { policyOf, type VolumeApiDeps } from '../http';

type P = { project_id: string; target: string };

/** Cinder reads booleans in the query with strutils.bool_from_string (`usage=True`). */
function truthy(v: string | undefined): boolean {
  return v !== undefined && ['true', '1', 't', 'y', 'yes', 'on'].includes(v.toLowerCase());
}

/** The quota-set body's values (`tenant_id`, which cinderclient always sends, is not a resource). */
function quotaValues(req: FastifyRequest, key: 'quota_set' | 'quota_class_set'): Record<string, unknown> {
  const b = req.body as Record<string, unknown> | undefined;
  const inner = b?.[key];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw new BadRequest(`Missing required element '${key}' in request body.`);
  const values = { ...(inner as Record<string, unknown>) };
  delete values.tenant_id;
  delete values.class_name;
  return values;
}

/** os-quota-sets and os-quota-class-sets (Cinder's quotas and quota_classes controllers). */
export function registerQuotaRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const quotas = deps.volume.quotas;

  app.get<{ Params: P; Querystring: Record<string, string> }>('/v3/:project_id/os-quota-sets/:target', async (req) => {
    const target = req.params.target;
    policyOf(deps, req).authorize('volume_extension:quotas:show', { project_id: target });
    const values: Record<string, number | QuotaUsage> = truthy(req.query.usage) ? quotas.detail(target) : quotas.limits(target);
    return { quota_set: { id: target, ...values } };
  });

  app.get<{ Params: P }>('/v3/:project_id/os-quota-sets/:target/defaults', async (req) => {
    const target = req.params.target;
    policyOf(deps, req).authorize('volume_extension:quotas:show', { project_id: target });
    return { quota_set: { id: target, ...quotas.defaults() } };
  });

  app.put<{ Params: P; Querystring: Record<string, string> }>('/v3/:project_id/os-quota-sets/:target', async (req) => {
    const target = req.params.target;
    policyOf(deps, req).authorize('volume_extension:quotas:update', { project_id: target });
    const skip = req.query.skip_validation === undefined || truthy(req.query.skip_validation);
    return { quota_set: quotas.update(target, quotaValues(req, 'quota_set'), !skip) };
  });

  app.delete<{ Params: P }>('/v3/:project_id/os-quota-sets/:target', async (req, reply) => {
    const target = req.params.target;
    policyOf(deps, req).authorize('volume_extension:quotas:delete', { project_id: target });
    quotas.reset(target);
    return reply.code(200).send();
  });

  app.get<{ Params: P }>('/v3/:project_id/os-quota-class-sets/:target', async (req) => {
    policyOf(deps, req).authorize('volume_extension:quota_classes');
    return { quota_class_set: { id: req.params.target, ...quotas.classLimits(req.params.target) } };
  });

  app.put<{ Params: P }>('/v3/:project_id/os-quota-class-sets/:target', async (req) => {
    policyOf(deps, req).authorize('volume_extension:quota_classes');
    return { quota_class_set: quotas.updateClass(req.params.target, quotaValues(req, 'quota_class_set')) };
  });
}
