import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { VolumeCaller } from '../../service/volumes';
import type { Volume } from '../../types';
import { policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { booleanSchema, type JsonSchema, metadataSchema, nameOrNull, optionalUuid, queryBool, toBool, validBody, volumeSizeOrNull } from '../validation';
import { viewContext, type ViewContext, volumeDetail, volumeSummary } from '../views/volumes';

type P = { project_id: string; volume_id: string; key: string };
type Q = Record<string, string | undefined>;

/** The caller, its policy view and the view context of one request. */
export function requestOf(deps: VolumeApiDeps, req: FastifyRequest) {
  const pol = policyOf(deps, req);
  const isAdmin = pol.allows('context_is_admin');
  const caller: VolumeCaller = { projectId: req.ctx.projectId ?? '', userId: req.ctx.userId, isAdmin };
  const types = new Map<string, string | undefined>();
  const typeName = (id: string) => {
    if (!types.has(id)) types.set(id, deps.volume.store.types.get(id)?.name);
    return types.get(id);
  };
  const view: ViewContext = viewContext(req, isAdmin, (rule, projectId) => pol.allows(rule, { project_id: projectId }), typeName);
  return { pol, caller, view, isAdmin };
}

/** Cinder's pagination (limit, marker, offset) and sort (sort=key:dir,… or sort_key/sort_dir) over rows in default order. */
export function paginate<T extends { id: string }>(rows: T[], q: Q, view: ViewContext, collection: string): { items: T[]; links?: { rel: string; href: string }[] } {
  const sortSpec = q.sort ?? (q.sort_key ? `${q.sort_key}:${q.sort_dir ?? 'desc'}` : undefined);
  let items = rows;
  if (sortSpec) {
    const keys = sortSpec.split(',').map((part) => {
      const [k, dir = 'desc'] = part.trim().split(':');
      if (!['asc', 'desc'].includes(dir.toLowerCase())) throw new BadRequest(`Invalid sort direction: ${dir}`);
      return { k: k === 'name' ? 'name' : k, desc: dir.toLowerCase() === 'desc' };
    });
    items = [...rows].sort((a, b) => {
      for (const { k, desc } of keys) {
        const x = (a as Record<string, unknown>)[k] as string | number | null;
        const y = (b as Record<string, unknown>)[k] as string | number | null;
        if (x === y) continue;
        const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return desc ? -c : c;
      }
      return 0;
    });
  }
  if (q.marker !== undefined) {
    const i = items.findIndex((r) => r.id === q.marker);
    if (i < 0) throw new NotFound(`Marker ${q.marker} could not be found.`);
    items = items.slice(i + 1);
  }
  if (q.offset !== undefined) {
    const off = Number(q.offset);
    if (!/^\d+$/.test(q.offset)) throw new BadRequest(`offset param must be an integer`);
    items = items.slice(off);
  }
  if (q.limit !== undefined) {
    if (!/^-?\d+$/.test(q.limit)) throw new BadRequest('limit param must be an integer');
    const limit = Number(q.limit);
    if (limit < 0) throw new BadRequest('limit param must be positive');
    const page = items.slice(0, limit);
    if (limit > 0 && page.length === limit && items.length > limit) {
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'marker') as [string, string][]);
      params.set('marker', page[page.length - 1].id);
      return { items: page, links: [{ rel: 'next', href: `${view.base}/v3/${view.projectId}/${collection}?${params.toString()}` }] };
    }
    return { items: page };
  }
  return { items };
}

/** A `metadata` query value: JSON, or the Python dict text cinderclient sends ("{'k': 'v'}"). */
export function metadataQuery(v: string | undefined): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  for (const text of [v, v.replace(/'/g, '"')]) {
    try {
      const o = JSON.parse(text) as unknown;
      if (o && typeof o === 'object' && !Array.isArray(o)) return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, String(x)]));
    } catch {
      // try the next reading
    }
  }
  throw new BadRequest(`Invalid filter: metadata=${v}`);
}

/** parameter_types' name/description handling: stripped, then at most 255 characters. */
function cleanText(v: unknown, field: 'name' | 'description'): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  const s = String(v).trim();
  if (s.length > 255) throw new BadRequest(`${field} has a maximum length of 255.`);
  return s;
}

const createVolumeProps: Record<string, JsonSchema> = {
  name: nameOrNull,
  description: nameOrNull,
  display_name: nameOrNull,
  display_description: nameOrNull,
  volume_type: { type: ['string', 'null'], maxLength: 255 },
  metadata: metadataSchema,
  snapshot_id: optionalUuid,
  source_volid: optionalUuid,
  consistencygroup_id: optionalUuid,
  size: volumeSizeOrNull,
  availability_zone: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
  multiattach: { ...booleanSchema, type: ['boolean', 'string', 'null'], enum: [...(booleanSchema.enum ?? []), null] },
  image_id: { type: ['string', 'null'], maxLength: 255 },
  imageRef: { type: ['string', 'null'], maxLength: 255 },
};

/** cinder.api.schemas.volumes.create and its 3.13 (group_id), 3.47 (backup_id) and 3.53 (no unknown keys) versions. */
function createSchema(req: FastifyRequest): JsonSchema {
  const props: Record<string, JsonSchema> = { ...createVolumeProps };
  if (microversionAtLeast(req, '3.13')) props.group_id = { type: ['string', 'null'], maxLength: 255 };
  if (microversionAtLeast(req, '3.47')) props.backup_id = optionalUuid;
  return {
    type: 'object',
    properties: {
      volume: { type: 'object', properties: props, additionalProperties: !microversionAtLeast(req, '3.53') },
      'OS-SCH-HNT:scheduler_hints': { type: ['object', 'null'] },
    },
    required: ['volume'],
    additionalProperties: false,
  };
}

function updateSchema(req: FastifyRequest): JsonSchema {
  const volume: JsonSchema = {
    type: 'object',
    properties: { name: nameOrNull, description: nameOrNull, display_name: nameOrNull, display_description: nameOrNull, metadata: { ...metadataSchema, type: 'object' } },
    additionalProperties: false,
  };
  if (microversionAtLeast(req, '3.53')) volume.anyOf = ['name', 'description', 'display_name', 'display_description', 'metadata'].map((k) => ({ required: [k] }));
  return { type: 'object', properties: { volume }, required: ['volume'], additionalProperties: false };
}

const metadataBody = (key: 'metadata' | 'meta'): JsonSchema => ({
  type: 'object',
  properties: { [key]: { ...metadataSchema, type: 'object' } },
  required: [key],
  additionalProperties: false,
});

/** The ETag Cinder puts on a metadata document (3.15+ clients send it back as If-Match). */
const etagOf = (m: Record<string, string>) => createHash('md5').update(JSON.stringify(m)).digest('hex');

/** /v3/{project_id}/volumes: create, list (summary and detail), show, update, delete, summary, metadata. */
export function registerVolumeRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const volumes = deps.volume.volumes;

  /** The volume, with volume:get checked against its project (a volume of another project is a 404 first). */
  const visible = (req: FastifyRequest, id: string) => {
    const r = requestOf(deps, req);
    const v = volumes.get(r.caller, id);
    r.pol.authorize('volume:get', { project_id: v.project_id });
    return { ...r, v };
  };

  const list = (req: FastifyRequest<{ Params: P; Querystring: Q }>, detail: boolean) => {
    const r = requestOf(deps, req);
    r.pol.authorize('volume:get_all');
    const q = req.query;
    const allProjects = queryBool(q.all_tenants) && r.isAdmin;
    const rows = volumes.list(r.caller, {
      allProjects,
      projectId: allProjects ? q.project_id : undefined,
      name: q.name ?? q.display_name,
      status: q.status,
      bootable: q.bootable === undefined ? undefined : queryBool(q.bootable),
      availabilityZone: q.availability_zone,
      groupId: microversionAtLeast(req, '3.10') ? q.group_id : undefined,
      userId: r.isAdmin ? q.user_id : undefined,
      size: q.size !== undefined && /^\d+$/.test(q.size) ? Number(q.size) : undefined,
      metadata: metadataQuery(q.metadata),
    });
    const page = paginate(rows, q, r.view, detail ? 'volumes/detail' : 'volumes');
    const out: Record<string, unknown> = { volumes: page.items.map((v) => (detail ? volumeDetail(r.view, v) : volumeSummary(r.view, v))) };
    if (page.links) out.volumes_links = page.links;
    if (microversionAtLeast(req, '3.45') && queryBool(q.with_count)) out.count = rows.length;
    return out;
  };

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/volumes', async (req) => list(req, false));
  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/volumes/detail', async (req) => list(req, true));

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/volumes/summary', async (req) => {
    if (!microversionAtLeast(req, '3.12')) throw new NotFound('The resource could not be found.');
    const r = requestOf(deps, req);
    r.pol.authorize('volume:get_all');
    const rows = volumes.list(r.caller, { allProjects: queryBool(req.query.all_tenants) && r.isAdmin });
    const summary: Record<string, unknown> = { total_count: rows.length, total_size: rows.reduce((n, v) => n + v.size, 0) };
    if (microversionAtLeast(req, '3.36')) {
      const meta: Record<string, string[]> = {};
      for (const v of rows) for (const [k, val] of Object.entries(v.metadata)) if (!(meta[k] ??= []).includes(val)) meta[k].push(val);
      summary.metadata = meta;
    }
    return { 'volume-summary': summary };
  });

  app.post<{ Params: P }>('/v3/:project_id/volumes', async (req, reply) => {
    const r = requestOf(deps, req);
    const body = validBody<{ volume: Record<string, unknown> }>(req.body, createSchema(req)).volume;
    const imageRef = (body.imageRef ?? body.image_id) as string | null | undefined;
    r.pol.authorize(imageRef ? 'volume:create_from_image' : 'volume:create');
    if (body.multiattach !== undefined && body.multiattach !== null && toBool(body.multiattach)) {
      throw new BadRequest(
        'multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.',
      );
    }
    if (body.consistencygroup_id) throw new NotFound(`Group ${String(body.consistencygroup_id)} could not be found.`);
    const input = {
      size: body.size,
      name: cleanText(body.name ?? body.display_name, 'name'),
      description: cleanText(body.description ?? body.display_description, 'description'),
      volumeType: (body.volume_type as string | null | undefined) || null,
      metadata: (body.metadata as Record<string, string> | null | undefined) ?? null,
      snapshotId: (body.snapshot_id as string | null | undefined) ?? null,
      sourceVolid: (body.source_volid as string | null | undefined) ?? null,
      imageRef: imageRef || null,
      availabilityZone: (body.availability_zone as string | null | undefined) ?? null,
      groupId: (body.group_id as string | null | undefined) ?? null,
    };
    const v = body.backup_id ? deps.volume.backups.createVolumeFrom(r.caller, String(body.backup_id), input) : volumes.create(r.caller, input);
    return reply.code(202).send({ volume: volumeDetail(r.view, v) });
  });

  app.get<{ Params: P }>('/v3/:project_id/volumes/:volume_id', async (req) => {
    const { view, v } = visible(req, req.params.volume_id);
    return { volume: volumeDetail(view, v) };
  });

  app.put<{ Params: P }>('/v3/:project_id/volumes/:volume_id', async (req) => {
    const { pol, caller, view, v } = visible(req, req.params.volume_id);
    const body = validBody<{ volume: Record<string, unknown> }>(req.body, updateSchema(req)).volume;
    pol.authorize('volume:update', { project_id: v.project_id });
    const name = 'name' in body ? body.name : body.display_name;
    const description = 'description' in body ? body.description : body.display_description;
    const updated = volumes.update(caller, v.id, {
      name: cleanText(name, 'name'),
      description: cleanText(description, 'description'),
      metadata: body.metadata as Record<string, string> | undefined,
    });
    return { volume: volumeDetail(view, updated) };
  });

  app.delete<{ Params: P; Querystring: Q }>('/v3/:project_id/volumes/:volume_id', async (req, reply) => {
    const { pol, caller, v } = visible(req, req.params.volume_id);
    const cascade = queryBool(req.query.cascade);
    const force = microversionAtLeast(req, '3.23') && queryBool(req.query.force);
    if (force) pol.authorize('volume:force_delete', { project_id: v.project_id });
    pol.authorize('volume:delete', { project_id: v.project_id });
    volumes.delete(caller, v.id, { cascade, force });
    return reply.code(202).send();
  });

  // ---- metadata (volume_metadata controller) ---------------------------------------------------

  app.get<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata', async (req, reply) => {
    const { pol, v } = visible(req, req.params.volume_id);
    pol.authorize('volume:get_volume_metadata', { project_id: v.project_id });
    if (microversionAtLeast(req, '3.15')) void reply.header('ETag', etagOf(v.metadata));
    return { metadata: { ...v.metadata } };
  });

  app.post<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata', async (req) => {
    const { pol, caller, v } = visible(req, req.params.volume_id);
    const body = validBody<{ metadata: Record<string, string> }>(req.body, metadataBody('metadata'));
    pol.authorize('volume:create_volume_metadata', { project_id: v.project_id });
    return { metadata: volumes.setMetadata(caller, v.id, body.metadata) };
  });

  app.put<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata', async (req, reply) => {
    const { pol, caller, v } = visible(req, req.params.volume_id);
    const ifMatch = req.headers['if-match'];
    if (microversionAtLeast(req, '3.15') && typeof ifMatch === 'string' && !ifMatch.split(',').map((e) => e.trim().replace(/^"|"$/g, '')).includes(etagOf(v.metadata))) {
      return reply.code(412).send();
    }
    const body = validBody<{ metadata: Record<string, string> }>(req.body, metadataBody('metadata'));
    pol.authorize('volume:update_volume_metadata', { project_id: v.project_id });
    return { metadata: volumes.setMetadata(caller, v.id, body.metadata, true) };
  });

  app.get<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata/:key', async (req) => {
    const { pol, v } = visible(req, req.params.volume_id);
    pol.authorize('volume:get_volume_metadata', { project_id: v.project_id });
    const key = req.params.key;
    if (!(key in v.metadata)) throw new NotFound(`Volume ${v.id} has no metadata with key ${key}.`);
    return { meta: { [key]: v.metadata[key] } };
  });

  app.put<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata/:key', async (req) => {
    const { pol, caller, v } = visible(req, req.params.volume_id);
    const body = validBody<{ meta: Record<string, string> }>(req.body, metadataBody('meta'));
    const keys = Object.keys(body.meta);
    if (!keys.includes(req.params.key)) throw new BadRequest('Request body and URI mismatch');
    if (keys.length > 1) throw new BadRequest('Request body contains too many items');
    pol.authorize('volume:update_volume_metadata', { project_id: v.project_id });
    volumes.setMetadata(caller, v.id, body.meta);
    return { meta: { ...body.meta } };
  });

  app.delete<{ Params: P }>('/v3/:project_id/volumes/:volume_id/metadata/:key', async (req, reply) => {
    const { pol, caller, v } = visible(req, req.params.volume_id);
    pol.authorize('volume:delete_volume_metadata', { project_id: v.project_id });
    volumes.deleteMetadata(caller, v.id, req.params.key);
    return reply.code(200).send();
  });
}

/** One volume's detail view for a request (the action route's answers). */
export function volumeViewFor(deps: VolumeApiDeps, req: FastifyRequest, v: Volume) {
  return volumeDetail(requestOf(deps, req).view, v);
}
