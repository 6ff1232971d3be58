import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { GroupType } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';

type P = { project_id: string; group_type_id: string; key: string };

/** Cinder's answer to a method below its microversion (VersionNotFoundForAPIMethod → 404). */
export function requireMicroversion(req: FastifyRequest, v: string): void {
  if (!microversionAtLeast(req, v)) throw new NotFound('The resource could not be found.');
}

/** 3.11: group types. */
const GROUP_TYPE = '3.11';

/** /v3/{project_id}/group_types and their group_specs (Cinder's group_types and group_type_specs controllers). */
export function registerGroupTypeRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const view = (req: FastifyRequest, t: GroupType): Record<string, unknown> => {
    const v: Record<string, unknown> = { id: t.id, name: t.name, description: t.description, is_public: t.is_public };
    if (policyOf(deps, req).allows('group:access_group_types_specs')) v.group_specs = { ...t.group_specs };
    return v;
  };
  const visible = (req: FastifyRequest, id: string): GroupType => {
    const t = deps.volume.groupTypes.get(id);
    if (!t.is_public && !policyOf(deps, req).allows('context_is_admin')) throw new NotFound(`Group type ${id} could not be found.`);
    return t;
  };

  app.get<{ Params: P; Querystring: Record<string, string> }>('/v3/:project_id/group_types', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    const isAdmin = policyOf(deps, req).allows('context_is_admin');
    // as volume types: the public ones, or (an admin) is_public=None for all, true/false for either kind
    const q = req.query.is_public;
    const wanted = !isAdmin || q === undefined ? true : q === 'None' ? null : ['true', '1', 't', 'y', 'yes', 'on'].includes(q.toLowerCase());
    const types = deps.volume.groupTypes.list(isAdmin).filter((t) => wanted === null || t.is_public === wanted);
    return { group_types: types.map((t) => view(req, t)) };
  });

  app.get<{ Params: P }>('/v3/:project_id/group_types/:group_type_id', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    if (req.params.group_type_id === 'default') {
      // cinder.conf's default_group_type is unset in a PackStack Cinder
      throw new NotFound('Default group type can not be found.');
    }
    return { group_type: view(req, visible(req, req.params.group_type_id)) };
  });

  app.post<{ Params: P }>('/v3/:project_id/group_types', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_manage');
    return { group_type: view(req, deps.volume.groupTypes.create(bodyOf(req, 'group_type'))) };
  });

  app.put<{ Params: P }>('/v3/:project_id/group_types/:group_type_id', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_manage');
    return { group_type: view(req, deps.volume.groupTypes.update(req.params.group_type_id, bodyOf(req, 'group_type'))) };
  });

  app.delete<{ Params: P }>('/v3/:project_id/group_types/:group_type_id', async (req, reply) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_manage');
    deps.volume.groupTypes.delete(req.params.group_type_id);
    return reply.code(202).send();
  });

  app.get<{ Params: P }>('/v3/:project_id/group_types/:group_type_id/group_specs', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_specs');
    return { group_specs: { ...deps.volume.groupTypes.get(req.params.group_type_id).group_specs } };
  });

  app.post<{ Params: P }>('/v3/:project_id/group_types/:group_type_id/group_specs', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_specs');
    const specs = bodyOf(req, 'group_specs');
    return { group_specs: deps.volume.groupTypes.setSpecs(req.params.group_type_id, specs) };
  });

  app.get<{ Params: P }>('/v3/:project_id/group_types/:group_type_id/group_specs/:key', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_specs');
    return { [req.params.key]: deps.volume.groupTypes.spec(req.params.group_type_id, req.params.key) };
  });

  app.put<{ Params: P }>('/v3/:project_id/group_types/:group_type_id/group_specs/:key', async (req) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_specs');
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (!(req.params.key in b)) throw new BadRequest('Request body and URI mismatch');
    if (Object.keys(b).length > 1) throw new BadRequest('Request body contains too many items');
    return deps.volume.groupTypes.setSpecs(req.params.group_type_id, b);
  });

  app.delete<{ Params: P }>('/v3/:project_id/group_types/:group_type_id/group_specs/:key', async (req, reply) => {
    requireMicroversion(req, GROUP_TYPE);
    policyOf(deps, req).authorize('group:group_types_specs');
    deps.volume.groupTypes.deleteSpec(req.params.group_type_id, req.params.key);
    return reply.code(202).send();
  });
}
