import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { GroupSnapshot } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { requireMicroversion } from './group-types';
import { callerOf, GROUP_SNAPSHOTS, page, queryTrue } from './groups';

type P = { project_id: string; group_snapshot_id: string };
type Q = Record<string, string | undefined>;

/** /v3/{project_id}/group_snapshots (Cinder's group_snapshots controller, 3.14+). */
export function registerGroupSnapshotRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const gsnaps = () => deps.volume.groupSnapshots;

  const detail = (req: FastifyRequest, gs: GroupSnapshot): Record<string, unknown> => {
    const v: Record<string, unknown> = {
      id: gs.id,
      group_id: gs.group_id,
      group_type_id: gs.group_type_id,
      status: gs.status,
      created_at: gs.created_at,
      name: gs.name,
      description: gs.description,
    };
    if (microversionAtLeast(req, '3.58') && policyOf(deps, req).allows('group:group_snapshot_project_attribute')) v.project_id = gs.project_id;
    return v;
  };

  const list = (req: FastifyRequest<{ Params: P; Querystring: Q }>, full: boolean) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    policyOf(deps, req).authorize('group:get_all_group_snapshots');
    const q = req.query;
    const rows = page(gsnaps().list(callerOf(deps, req), { allTenants: queryTrue(q.all_tenants), name: q.name, status: q.status, groupId: q.group_id }), q);
    return { group_snapshots: rows.map((gs) => (full ? detail(req, gs) : { id: gs.id, name: gs.name })) };
  };

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/group_snapshots', async (req) => list(req, false));
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/group_snapshots/detail', async (req) => list(req, true));

  app.get<{ Params: P }>('/v3/:project_id/group_snapshots/:group_snapshot_id', async (req) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    const gs = gsnaps().get(callerOf(deps, req), req.params.group_snapshot_id);
    policyOf(deps, req).authorize('group:get_group_snapshot', { project_id: gs.project_id });
    deps.volume.groups.checkNotCgsnapshotType(gs.group_type_id, 'group snapshots');
    return { group_snapshot: detail(req, gs) };
  });

  app.post<{ Params: P }>('/v3/:project_id/group_snapshots', async (req, reply) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    const body = bodyOf(req, 'group_snapshot');
    const caller = callerOf(deps, req);
    // the policy's target is the group the snapshot is taken of
    const groupId = typeof body.group_id === 'string' ? body.group_id : '';
    const group = deps.volume.store.groups.get(groupId);
    policyOf(deps, req).authorize('group:create_group_snapshot', group ? { project_id: group.project_id } : {});
    const gs = gsnaps().create(caller, body);
    return reply.code(202).send({ group_snapshot: { id: gs.id, name: gs.name } });
  });

  app.delete<{ Params: P }>('/v3/:project_id/group_snapshots/:group_snapshot_id', async (req, reply) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    const caller = callerOf(deps, req);
    const gs = gsnaps().get(caller, req.params.group_snapshot_id);
    policyOf(deps, req).authorize('group:delete_group_snapshot', { project_id: gs.project_id });
    deps.volume.groups.checkNotCgsnapshotType(gs.group_type_id, 'group snapshots');
    gsnaps().delete(caller, gs.id);
    return reply.code(202).send();
  });

  app.post<{ Params: P }>('/v3/:project_id/group_snapshots/:group_snapshot_id/action', async (req, reply) => {
    requireMicroversion(req, GROUP_SNAPSHOTS);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== 'reset_status') throw new BadRequest(`There is no such action: ${keys.join(', ') || 'None'}`);
    if (!microversionAtLeast(req, '3.19')) throw new NotFound('The resource could not be found.');
    const caller = callerOf(deps, req);
    const gs = gsnaps().get(caller, req.params.group_snapshot_id);
    policyOf(deps, req).authorize('group:reset_group_snapshot_status', { project_id: gs.project_id });
    gsnaps().resetStatus(caller, gs.id, (body.reset_status as { status?: unknown } | null)?.status);
    return reply.code(202).send();
  });
}
