import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../../core/errors';
import type { VolumeType } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';

type P = { project_id: string; type_id: string; key: string };

function typeView(t: VolumeType, showSpecs: boolean, showQos: boolean): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.is_public,
    'os-volume-type-access:is_public': t.is_public,
  };
  if (showSpecs) v.extra_specs = { ...t.extra_specs };
  if (showQos) v.qos_specs_id = t.qos_specs_id;
  return v;
}

/** /v3/{project_id}/types and their extra_specs (Cinder's types, types_manage and types_extra_specs). */
export function registerTypeRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const view = (req: FastifyRequest, t: VolumeType) => {
    const pol = policyOf(deps, req);
    return typeView(t, pol.allows('volume_extension:access_types_extra_specs'), pol.allows('volume_extension:access_types_qos_specs_id'));
  };

  app.get<{ Params: P; Querystring: Record<string, string> }>('/v3/:project_id/types', async (req) => {
    const pol = policyOf(deps, req);
    pol.authorize('volume_extension:type_get_all');
    const isAdmin = pol.allows('context_is_admin');
    // no is_public lists the public types; cinderclient sends is_public=None for all (an admin's only)
    const q = req.query.is_public;
    const wanted = !isAdmin || q === undefined ? true : q === 'None' ? null : ['true', '1', 't', 'y', 'yes', 'on'].includes(q.toLowerCase());
    const types = deps.volume.types.list(isAdmin).filter((t) => wanted === null || t.is_public === wanted);
    return { volume_types: types.map((t) => view(req, t)) };
  });

  app.post<{ Params: P }>('/v3/:project_id/types', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_manage');
    const b = bodyOf(req, 'volume_type');
    const t = deps.volume.types.create({ name: b.name, description: b.description, is_public: b['os-volume-type-access:is_public'] ?? b.is_public, extra_specs: b.extra_specs });
    return { volume_type: view(req, t) };
  });

  app.get<{ Params: P }>('/v3/:project_id/types/:type_id', async (req) => {
    const pol = policyOf(deps, req);
    pol.authorize('volume_extension:type_get');
    const t = deps.volume.types.get(req.params.type_id);
    if (!t.is_public && !pol.allows('context_is_admin')) throw new NotFound(`Volume type ${req.params.type_id} could not be found.`);
    return { volume_type: view(req, t) };
  });

  app.put<{ Params: P }>('/v3/:project_id/types/:type_id', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_manage');
    const b = bodyOf(req, 'volume_type');
    const t = deps.volume.types.update(req.params.type_id, { name: b.name, description: b.description, is_public: b.is_public });
    return { volume_type: view(req, t) };
  });

  app.delete<{ Params: P }>('/v3/:project_id/types/:type_id', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:types_manage');
    deps.volume.types.delete(req.params.type_id);
    return reply.code(202).send();
  });

  app.get<{ Params: P }>('/v3/:project_id/types/:type_id/extra_specs', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_extra_specs:index');
    return { extra_specs: { ...deps.volume.types.get(req.params.type_id).extra_specs } };
  });

  app.post<{ Params: P }>('/v3/:project_id/types/:type_id/extra_specs', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_extra_specs:create');
    const specs = (req.body as Record<string, unknown> | undefined)?.extra_specs;
    deps.volume.types.setSpecs(req.params.type_id, specs);
    return { extra_specs: specs };
  });

  app.get<{ Params: P }>('/v3/:project_id/types/:type_id/extra_specs/:key', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_extra_specs:show');
    const t = deps.volume.types.get(req.params.type_id);
    if (!(req.params.key in t.extra_specs)) throw new NotFound(`Volume Type ${t.id} has no extra specs with key ${req.params.key}.`);
    return { [req.params.key]: t.extra_specs[req.params.key] };
  });

  app.put<{ Params: P }>('/v3/:project_id/types/:type_id/extra_specs/:key', async (req) => {
    policyOf(deps, req).authorize('volume_extension:types_extra_specs:update');
    const b = (req.body ?? {}) as Record<string, unknown>;
    deps.volume.types.setSpecs(req.params.type_id, b);
    return b;
  });

  app.delete<{ Params: P }>('/v3/:project_id/types/:type_id/extra_specs/:key', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:types_extra_specs:delete');
    deps.volume.types.deleteSpec(req.params.type_id, req.params.key);
    return reply.code(202).send();
  });
}
