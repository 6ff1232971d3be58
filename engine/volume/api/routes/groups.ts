import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import { policyCredentials } from '../../../core/http/auth';
import type { VolumeCaller } from '../../service/volumes';
import type { VolumeGroup } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { requireMicroversion } from './group-types';

type P = { project_id: string; group_id: string };
type Q = Record<string, string | undefined>;

/** 3.13: generic groups; 3.14: group snapshots and create-from-src; 3.25: list_volume; 3.38: replication; 3.58: project_id. */
export const GROUP_VOLUME = '3.13';
export const GROUP_SNAPSHOTS = '3.14';

const TRUE = ['true', '1', 't', 'y', 'yes', 'on'];
export const queryTrue = (v: unknown): boolean => v !== undefined && TRUE.includes(String(v).toLowerCase());

/** Who asks, as the managers need it (policy is checked here, in the API). */
export function callerOf(deps: VolumeApiDeps, req: FastifyRequest): VolumeCaller {
  return { projectId: req.ctx.projectId ?? '', userId: req.ctx.userId, isAdmin: deps.policy.enforce('context_is_admin', {}, policyCredentials(req.ctx)) };
}

/** Cinder's marker/limit paging over a newest-first list (a marker that is not there: 400 as Cinder says it). */
export function page<T extends { id: string }>(rows: T[], q: Q): T[] {
  let out = rows;
  if (q.marker !== undefined) {
    const i = out.findIndex((r) => r.id === q.marker);
    if (i < 0) throw new BadRequest(`Invalid input received: marker [${q.marker}] not found`);
    out = out.slice(i + 1);
  }
  if (q.limit !== undefined) {
    if (!/^\d+$/.test(q.limit)) throw new BadRequest('limit param must be an integer');
    out = out.slice(0, Number(q.limit));
  }
  return out;
}

/** /v3/{project_id}/groups (Cinder's groups controller, 3.13+). */
export function registerGroupRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const groups = () => deps.volume.groups;

  const detail = (req: FastifyRequest, g: VolumeGroup, listVolumes: boolean): Record<string, unknown> => {
    const v: Record<string, unknown> = {
      id: g.id,
      status: g.status,
      availability_zone: g.availability_zone,
      created_at: g.created_at,
      name: g.name,
      description: g.description,
      group_type: g.group_type_id,
      volume_types: [...g.volume_type_ids],
    };
    if (microversionAtLeast(req, GROUP_SNAPSHOTS)) {
      v.group_snapshot_id = g.group_snapshot_id;
      v.source_group_id = g.source_group_id;
    }
    if (microversionAtLeast(req, '3.25') && listVolumes) v.volumes = groups().volumes(g.id).map((x) => x.id);
    if (microversionAtLeast(req, '3.38')) v.replication_status = g.replication_status;
    if (microversionAtLeast(req, '3.58') && policyOf(deps, req).allows('group:group_project_attribute')) v.project_id = g.project_id;
    return v;
  };

  const list = (req: FastifyRequest<{ Params: P; Querystring: Q }>, full: boolean) => {
    requireMicroversion(req, GROUP_VOLUME);
    policyOf(deps, req).authorize('group:get_all');
    const q = req.query;
    const rows = page(groups().list(callerOf(deps, req), { allTenants: queryTrue(q.all_tenants), name: q.name, status: q.status }), q);
    const listVolumes = queryTrue(q.list_volume);
    return { groups: rows.map((g) => (full ? detail(req, g, listVolumes) : { id: g.id, name: g.name })) };
  };

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/groups', async (req) => list(req, false));
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/groups/detail', async (req) => list(req, true));

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/groups/:group_id', async (req) => {
    requireMicroversion(req, GROUP_VOLUME);
    const g = groups().get(callerOf(deps, req), req.params.group_id);
    policyOf(deps, req).authorize('group:get', { project_id: g.project_id });
    groups().checkNotCgsnapshotType(g.group_type_id);
    return { group: detail(req, g, queryTrue(req.query.list_volume)) };
  });

  app.post<{ Params: P }>('/v3/:project_id/groups', async (req, reply) => {
    requireMicroversion(req, GROUP_VOLUME);
    policyOf(deps, req).authorize('group:create');
    const g = groups().create(callerOf(deps, req), bodyOf(req, 'group'));
    return reply.code(202).send({ group: { id: g.id, name: g.name } });
  });

  app.post<{ Params: P }>('/v3/:project_id/groups/action', async (req, reply) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    policyOf(deps, req).authorize('group:create');
    const g = groups().createFromSource(callerOf(deps, req), bodyOf(req, 'create-from-src'));
    return reply.code(202).send({ group: { id: g.id, name: g.name } });
  });

  app.put<{ Params: P }>('/v3/:project_id/groups/:group_id', async (req, reply) => {
    requireMicroversion(req, GROUP_VOLUME);
    const caller = callerOf(deps, req);
    const g = groups().get(caller, req.params.group_id);
    policyOf(deps, req).authorize('group:update', { project_id: g.project_id });
    groups().update(caller, g.id, bodyOf(req, 'group'));
    return reply.code(202).send();
  });

  app.post<{ Params: P }>('/v3/:project_id/groups/:group_id/action', async (req, reply) => {
    requireMicroversion(req, GROUP_VOLUME);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const keys = Object.keys(body);
    if (keys.length !== 1) throw new BadRequest('There is no such action: ' + (keys.join(', ') || 'None'));
    const action = keys[0];
    const arg = body[action];
    const caller = callerOf(deps, req);
    const g = groups().get(caller, req.params.group_id);
    const pol = policyOf(deps, req);
    switch (action) {
      case 'delete': {
        pol.authorize('group:delete', { project_id: g.project_id });
        const b = (arg ?? {}) as Record<string, unknown>;
        if (typeof b !== 'object' || Array.isArray(b)) throw new BadRequest(`Invalid input for field/attribute delete. Value: ${String(arg)}. ${JSON.stringify(arg)} is not of type 'object'`);
        const extra = Object.keys(b).filter((k) => k !== 'delete-volumes');
        if (extra.length) throw new BadRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
        groups().delete(caller, g.id, b['delete-volumes'] === true || queryTrue(b['delete-volumes']));
        return reply.code(202).send();
      }
      case 'reset_status': {
        if (!microversionAtLeast(req, '3.20')) throw new NotFound('The resource could not be found.');
        pol.authorize('group:reset_status', { project_id: g.project_id });
        groups().resetStatus(caller, g.id, (arg as { status?: unknown } | null)?.status);
        return reply.code(202).send();
      }
      case 'enable_replication':
      case 'disable_replication':
      case 'failover_replication':
      case 'list_replication_targets': {
        if (!microversionAtLeast(req, '3.38')) throw new NotFound('The resource could not be found.');
        pol.authorize(`group:${action}`, { project_id: g.project_id });
        const out = groups().replication(caller, g.id, action);
        return out ?? reply.code(202).send();
      }
      default:
        throw new BadRequest(`There is no such action: ${action}`);
    }
  });
}
