import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { VolumeBackup } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { callerOf, page, queryTrue } from './groups';
import { resourceLinks } from './qos-specs';

type P = { project_id: string; backup_id: string };
type Q = Record<string, string | undefined>;

/** /v3/{project_id}/backups (Cinder's backups controller and backup admin actions). */
export function registerBackupRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const backups = () => deps.volume.backups;

  const summary = (req: FastifyRequest, b: VolumeBackup) => ({ id: b.id, name: b.name, links: resourceLinks(req, 'backups', b.id) });
  const detail = (req: FastifyRequest, b: VolumeBackup): Record<string, unknown> => {
    const v: Record<string, unknown> = {
      id: b.id,
      status: b.status,
      size: b.size,
      object_count: b.object_count,
      availability_zone: b.availability_zone,
      container: b.container,
      created_at: b.created_at,
      updated_at: b.updated_at,
      name: b.name,
      description: b.description,
      fail_reason: b.fail_reason,
      volume_id: b.volume_id,
      links: resourceLinks(req, 'backups', b.id),
      is_incremental: b.is_incremental,
      has_dependent_backups: b.num_dependent_backups > 0,
      snapshot_id: b.snapshot_id,
      data_timestamp: b.data_timestamp,
    };
    if (microversionAtLeast(req, '3.18') && policyOf(deps, req).allows('backup:backup_project_attribute')) v['os-backup-project-attr:project_id'] = b.project_id;
    if (microversionAtLeast(req, '3.43')) v.metadata = { ...b.metadata };
    if (microversionAtLeast(req, '3.56')) v.user_id = b.user_id;
    return v;
  };
  const visible = (req: FastifyRequest<{ Params: P }>, rule: string) => {
    const caller = callerOf(deps, req);
    const b = backups().get(caller, req.params.backup_id);
    policyOf(deps, req).authorize(rule, { project_id: b.project_id });
    return { caller, b };
  };

  const list = (req: FastifyRequest<{ Params: P; Querystring: Q }>, full: boolean) => {
    policyOf(deps, req).authorize('backup:get_all');
    const q = req.query;
    const rows = page(backups().list(callerOf(deps, req), { allTenants: queryTrue(q.all_tenants), name: q.name, status: q.status, volumeId: q.volume_id }), q);
    return { backups: rows.map((b) => (full ? detail(req, b) : summary(req, b))) };
  };
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/backups', async (req) => list(req, false));
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/backups/detail', async (req) => list(req, true));

  app.get<{ Params: P }>('/v3/:project_id/backups/:backup_id', async (req) => ({ backup: detail(req, visible(req, 'backup:get').b) }));

  app.post<{ Params: P }>('/v3/:project_id/backups', async (req, reply) => {
    policyOf(deps, req).authorize('backup:create');
    const b = backups().create(callerOf(deps, req), bodyOf(req, 'backup'), { metadataAllowed: microversionAtLeast(req, '3.43'), azAllowed: microversionAtLeast(req, '3.51') });
    return reply.code(202).send({ backup: summary(req, b) });
  });

  app.put<{ Params: P }>('/v3/:project_id/backups/:backup_id', async (req) => {
    if (!microversionAtLeast(req, '3.9')) throw new NotFound('The resource could not be found.');
    const { caller, b } = visible(req, 'backup:update');
    return { backup: summary(req, backups().update(caller, b.id, bodyOf(req, 'backup'), microversionAtLeast(req, '3.43'))) };
  });

  app.delete<{ Params: P }>('/v3/:project_id/backups/:backup_id', async (req, reply) => {
    const { caller, b } = visible(req, 'backup:delete');
    backups().delete(caller, b.id);
    return reply.code(202).send();
  });

  app.post<{ Params: P }>('/v3/:project_id/backups/:backup_id/restore', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!('restore' in body)) throw new BadRequest("'restore' is a required property");
    const r = (body.restore ?? {}) as Record<string, unknown>;
    if (typeof r !== 'object' || Array.isArray(r)) throw new BadRequest(`Invalid input for field/attribute restore. Value: ${String(body.restore)}. ${JSON.stringify(body.restore)} is not of type 'object', 'null'`);
    const extra = Object.keys(r).filter((k) => k !== 'volume_id' && k !== 'name');
    if (extra.length) throw new BadRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
    if (r.volume_id != null && typeof r.volume_id !== 'string') throw new BadRequest(`Invalid input for field/attribute volume_id. Value: ${String(r.volume_id)}. ${JSON.stringify(r.volume_id)} is not of type 'string', 'null'`);
    if (r.name != null && typeof r.name !== 'string') throw new BadRequest(`Invalid input for field/attribute name. Value: ${String(r.name)}. ${JSON.stringify(r.name)} is not of type 'string', 'null'`);
    const { caller, b } = visible(req, 'backup:restore');
    const out = await backups().restore(caller, b.id, { volumeId: (r.volume_id as string | null | undefined) ?? null, name: (r.name as string | null | undefined) ?? null });
    return reply.code(202).send({ restore: out });
  });

  app.post<{ Params: P }>('/v3/:project_id/backups/:backup_id/action', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const keys = Object.keys(body);
    const action = keys.length === 1 ? keys[0] : '';
    if (action === 'os-reset_status') {
      const { caller, b } = visible(req, 'volume_extension:backup_admin_actions:reset_status');
      backups().resetStatus(caller, b.id, (body[action] as { status?: unknown } | null)?.status);
      return reply.code(202).send();
    }
    if (action === 'os-force_delete') {
      const { caller, b } = visible(req, 'volume_extension:backup_admin_actions:force_delete');
      backups().delete(caller, b.id, true);
      return reply.code(202).send();
    }
    throw new BadRequest(`There is no such action: ${keys.join(', ') || 'None'}`);
  });

  app.get<{ Params: P }>('/v3/:project_id/backups/:backup_id/export_record', async (req) => {
    const { caller, b } = visible(req, 'backup:export-import');
    return { 'backup-record': backups().exportRecord(caller, b.id) };
  });

  app.post<{ Params: P }>('/v3/:project_id/backups/import_record', async (req, reply) => {
    policyOf(deps, req).authorize('backup:backup-import');
    const rec = bodyOf(req, 'backup-record');
    const b = backups().importRecord(callerOf(deps, req), rec.backup_service, rec.backup_url);
    return reply.code(201).send({ backup: summary(req, b) });
  });
}
