import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { booleanSchema, type JsonSchema, metadataSchema, nameOrNull, queryBool, toBool, validBody } from '../validation';
import { snapshotDetail } from '../views/snapshots';
import { metadataQuery, paginate, requestOf } from './volumes';

type P = { project_id: string; snapshot_id: string; key: string };
type Q = Record<string, string | undefined>;

/** Since 3.66 a snapshot of an in-use volume needs no flag; `force: false` is refused (cinder.api.v3.snapshots). */
const SNAPSHOT_IN_USE_FLAG_MSG =
  "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.";

const CREATE: JsonSchema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: nameOrNull,
        display_name: nameOrNull,
        description: nameOrNull,
        display_description: nameOrNull,
        volume_id: { type: 'string', format: 'uuid' },
        force: booleanSchema,
        metadata: metadataSchema,
      },
      required: ['volume_id'],
      additionalProperties: false,
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

const UPDATE: JsonSchema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: { name: nameOrNull, description: nameOrNull, display_name: nameOrNull, display_description: nameOrNull },
      additionalProperties: false,
      anyOf: ['name', 'description', 'display_name', 'display_description'].map((k) => ({ required: [k] })),
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

const metadataBody = (key: 'metadata' | 'meta'): JsonSchema => ({ type: 'object', properties: { [key]: { ...metadataSchema, type: 'object' } }, required: [key], additionalProperties: false });
const RESET: JsonSchema = {
  type: 'object',
  properties: { 'os-reset_status': { type: 'object', properties: { status: { type: ['string', 'null'] } }, additionalProperties: false } },
  required: ['os-reset_status'],
  additionalProperties: false,
};

const text = (v: unknown): string | null | undefined => {
  if (v === undefined) return undefined;
  if (v === null) return null;
  const s = String(v).trim();
  if (s.length > 255) throw new BadRequest('name has a maximum length of 255.');
  return s;
};

/** /v3/{project_id}/snapshots: create, list, show, update, delete, metadata and the snapshot actions. */
export function registerSnapshotRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const snapshots = deps.volume.snapshots;

  const visible = (req: FastifyRequest, id: string) => {
    const r = requestOf(deps, req);
    const s = snapshots.get(r.caller, id);
    r.pol.authorize('volume:get_snapshot', { project_id: s.project_id });
    return { ...r, s };
  };

  const list = (req: FastifyRequest<{ Params: P; Querystring: Q }>, detail: boolean) => {
    const r = requestOf(deps, req);
    r.pol.authorize('volume:get_all_snapshots');
    const q = req.query;
    const allProjects = queryBool(q.all_tenants) && r.isAdmin;
    const rows = snapshots.list(r.caller, {
      allProjects,
      projectId: allProjects ? q.project_id : undefined,
      name: q.name ?? q.display_name,
      status: q.status,
      volumeId: q.volume_id,
      groupSnapshotId: microversionAtLeast(req, '3.14') ? q.group_snapshot_id : undefined,
      metadata: metadataQuery(q.metadata),
    });
    const page = paginate(rows, q, r.view, detail ? 'snapshots/detail' : 'snapshots');
    const out: Record<string, unknown> = { snapshots: page.items.map((s) => snapshotDetail(r.view, s)) };
    if (page.links) out.snapshots_links = page.links;
    if (microversionAtLeast(req, '3.45') && queryBool(q.with_count)) out.count = rows.length;
    return out;
  };

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/snapshots', async (req) => list(req, false));
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/snapshots/detail', async (req) => list(req, true));

  app.post<{ Params: P }>('/v3/:project_id/snapshots', async (req, reply) => {
    const r = requestOf(deps, req);
    const b = validBody<{ snapshot: Record<string, unknown> }>(req.body, CREATE).snapshot;
    const volume = deps.volume.volumes.get(r.caller, b.volume_id as string);
    r.pol.authorize('volume:create_snapshot', { project_id: volume.project_id });
    let allowInUse = b.force !== undefined && b.force !== null && toBool(b.force);
    if (microversionAtLeast(req, '3.66')) {
      if (b.force !== undefined && b.force !== null && !toBool(b.force)) throw new BadRequest(SNAPSHOT_IN_USE_FLAG_MSG);
      allowInUse = true;
    }
    const s = snapshots.create(r.caller, {
      volumeId: volume.id,
      name: text(b.name ?? b.display_name),
      description: text(b.description ?? b.display_description),
      metadata: (b.metadata as Record<string, string> | null | undefined) ?? null,
      allowInUse,
    });
    return reply.code(202).send({ snapshot: snapshotDetail(r.view, s) });
  });

  app.get<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id', async (req) => {
    const { view, s } = visible(req, req.params.snapshot_id);
    return { snapshot: snapshotDetail(view, s) };
  });

  app.put<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id', async (req) => {
    const { pol, caller, view, s } = visible(req, req.params.snapshot_id);
    const b = validBody<{ snapshot: Record<string, unknown> }>(req.body, UPDATE).snapshot;
    pol.authorize('volume:update_snapshot', { project_id: s.project_id });
    const updated = snapshots.update(caller, s.id, {
      name: text('name' in b ? b.name : b.display_name),
      description: text('description' in b ? b.description : b.display_description),
    });
    return { snapshot: snapshotDetail(view, updated) };
  });

  app.delete<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id', async (req, reply) => {
    const { pol, caller, s } = visible(req, req.params.snapshot_id);
    pol.authorize('volume:delete_snapshot', { project_id: s.project_id });
    snapshots.delete(caller, s.id);
    return reply.code(202).send();
  });

  // ---- metadata (snapshot_metadata controller) -------------------------------------------------

  app.get<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata', async (req) => {
    const { pol, s } = visible(req, req.params.snapshot_id);
    pol.authorize('volume:get_snapshot_metadata', { project_id: s.project_id });
    return { metadata: { ...s.metadata } };
  });

  app.post<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata', async (req) => {
    const { pol, caller, s } = visible(req, req.params.snapshot_id);
    const b = validBody<{ metadata: Record<string, string> }>(req.body, metadataBody('metadata'));
    pol.authorize('volume:update_snapshot_metadata', { project_id: s.project_id });
    return { metadata: snapshots.setMetadata(caller, s.id, b.metadata) };
  });

  app.put<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata', async (req) => {
    const { pol, caller, s } = visible(req, req.params.snapshot_id);
    const b = validBody<{ metadata: Record<string, string> }>(req.body, metadataBody('metadata'));
    pol.authorize('volume:update_snapshot_metadata', { project_id: s.project_id });
    return { metadata: snapshots.setMetadata(caller, s.id, b.metadata, true) };
  });

  app.get<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata/:key', async (req) => {
    const { pol, s } = visible(req, req.params.snapshot_id);
    pol.authorize('volume:get_snapshot_metadata', { project_id: s.project_id });
    const key = req.params.key;
    if (!(key in s.metadata)) throw new NotFound(`Snapshot ${s.id} has no metadata with key ${key}.`);
    return { meta: { [key]: s.metadata[key] } };
  });

  app.put<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata/:key', async (req) => {
    const { pol, caller, s } = visible(req, req.params.snapshot_id);
    const b = validBody<{ meta: Record<string, string> }>(req.body, metadataBody('meta'));
    const keys = Object.keys(b.meta);
    if (!keys.includes(req.params.key)) throw new BadRequest('Request body and URI mismatch');
    if (keys.length > 1) throw new BadRequest('Request body contains too many items');
    pol.authorize('volume:update_snapshot_metadata', { project_id: s.project_id });
    snapshots.setMetadata(caller, s.id, b.meta);
    return { meta: { ...b.meta } };
  });

  app.delete<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/metadata/:key', async (req, reply) => {
    const { pol, caller, s } = visible(req, req.params.snapshot_id);
    pol.authorize('volume:delete_snapshot_metadata', { project_id: s.project_id });
    snapshots.deleteMetadata(caller, s.id, req.params.key);
    return reply.code(200).send();
  });

  // ---- actions (snapshot_actions and admin_actions) --------------------------------------------

  app.post<{ Params: P }>('/v3/:project_id/snapshots/:snapshot_id/action', async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length !== 1) throw new BadRequest('Malformed request body');
    const key = Object.keys(body)[0];
    if (key === 'os-reset_status') {
      const b = validBody<{ 'os-reset_status': { status?: unknown } }>(body, RESET)['os-reset_status'];
      const { pol, caller, s } = visible(req, req.params.snapshot_id);
      pol.authorize('volume_extension:snapshot_admin_actions:reset_status', { project_id: s.project_id });
      snapshots.resetStatus(caller, s.id, b.status);
      return reply.code(202).send();
    }
    if (key === 'os-force_delete') {
      const { pol, caller, s } = visible(req, req.params.snapshot_id);
      pol.authorize('volume_extension:snapshot_admin_actions:force_delete', { project_id: s.project_id });
      snapshots.delete(caller, s.id, true);
      return reply.code(202).send();
    }
    throw new BadRequest(`There is no such action: ${key}. Verify the request body and Content-Type header and try again.`);
  });
}

