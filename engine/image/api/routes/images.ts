import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as F from '../../faults';
import type { ImageChange, ImageCreate, ImageListQuery, SortKey } from '../../service/images';
import type { ImageVisibility } from '../../types';
import { validateImage } from '../schemas';
import { callerOf, type ImageApiDeps, imageView, queryPairs } from '../http';

const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
const READONLY_ON_CREATE = ['created_at', 'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size'];
const READONLY_ON_PATCH = ['created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size', 'direct_url', 'self', 'file', 'schema', 'id', 'os_hash_algo', 'os_hash_value'];
const RESERVED = ['location', 'deleted', 'deleted_at'];
const RESERVED_NS = 'os_glance';
const BASE = ['checksum', 'created_at', 'container_format', 'disk_format', 'id', 'min_disk', 'min_ram', 'name', 'size', 'virtual_size', 'status', 'tags', 'owner', 'updated_at', 'visibility', 'protected', 'os_hidden'];
const SORT_KEYS: SortKey[] = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];
const PATCH_TYPES: Record<string, 4 | 10> = { 'application/openstack-images-v2.0-json-patch': 4, 'application/openstack-images-v2.1-json-patch': 10 };
const OPS = ['add', 'remove', 'replace'] as const;

type Params = { id: string };

/** /v2/images: create, list, show, update, delete, deactivate/reactivate and tags. */
export function registerImageRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.post('/v2/images', async (req, reply) => {
    const image = deps.image.images.create(callerOf(deps, req), parseCreate(req.body));
    void reply.code(201).header('Location', `/v2/images/${image.id}`);
    return imageView(image);
  });

  app.get('/v2/images', async (req) => {
    const pairs = queryPairs(req);
    const q = parseListQuery(pairs);
    const { images, nextMarker } = deps.image.images.list(callerOf(deps, req), q);
    const params = new Map<string, string>();
    for (const [k, v] of pairs) params.set(k, v);
    params.delete('marker');
    const query = new URLSearchParams([...params]).toString();
    const body: Record<string, unknown> = { images: images.map(imageView), first: query ? `/v2/images?${query}` : '/v2/images', schema: '/v2/schemas/images' };
    if (nextMarker) body.next = `/v2/images?${new URLSearchParams([...params, ['marker', nextMarker]]).toString()}`;
    return body;
  });

  app.get<{ Params: Params }>('/v2/images/:id', async (req) => imageView(deps.image.images.show(callerOf(deps, req), req.params.id)));

  // Glance checks the patch media type before it reads the body (415, not a JSON error)
  const patchTypeFirst = async <P>(req: FastifyRequest, _reply: unknown, payload: P): Promise<P> => {
    if (!PATCH_TYPES[String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()]) throw F.unsupportedPatchType();
    return payload;
  };
  app.patch<{ Params: Params }>('/v2/images/:id', { preParsing: patchTypeFirst }, async (req) => {
    const changes = parsePatch(req);
    return imageView(deps.image.images.update(callerOf(deps, req), req.params.id, changes));
  });

  app.delete<{ Params: Params }>('/v2/images/:id', async (req, reply) => {
    deps.image.images.delete(callerOf(deps, req), req.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: Params }>('/v2/images/:id/actions/deactivate', async (req, reply) => {
    deps.image.images.deactivate(callerOf(deps, req), req.params.id);
    return reply.code(204).send();
  });
  app.post<{ Params: Params }>('/v2/images/:id/actions/reactivate', async (req, reply) => {
    deps.image.images.reactivate(callerOf(deps, req), req.params.id);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string; tag: string } }>('/v2/images/:id/tags/:tag', async (req, reply) => {
    deps.image.images.addTag(callerOf(deps, req), req.params.id, req.params.tag);
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string; tag: string } }>('/v2/images/:id/tags/:tag', async (req, reply) => {
    deps.image.images.deleteTag(callerOf(deps, req), req.params.id, req.params.tag);
    return reply.code(204).send();
  });
}

/** Glance's create deserializer: read-only and reserved attributes, the image schema, base vs extra. */
function parseCreate(body: unknown): ImageCreate {
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object' || Array.isArray(body)) throw F.bodyExpected();
  const b = { ...(body as Record<string, unknown>) };
  for (const k of DISALLOWED) if (k in b) throw F.readOnlyAttribute(k);
  const invalid = validateImage(b);
  if (invalid) throw F.notMatchingSchema('image', invalid);
  const out: ImageCreate = { properties: {} };
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    if (BASE.includes(k)) base[k] = v;
    else {
      if (k.length > 255) throw F.customPropertyTooLong();
      if (RESERVED.includes(k) || k.startsWith(RESERVED_NS)) throw F.reservedAttributeDetail(k);
      out.properties[k] = v as string;
    }
  }
  for (const k of READONLY_ON_CREATE) if (k in base) throw F.readOnlyAttribute(k);
  Object.assign(out, base);
  return out;
}

/** Glance's PATCH deserializer (JSON-schema drafts 4 and 10 of the change format). */
function parsePatch(req: FastifyRequest): ImageChange[] {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const draft = PATCH_TYPES[type];
  if (!draft) throw F.unsupportedPatchType();
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (text.trim() === '') throw F.bodyExpected();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw F.malformedJson();
  }
  if (!Array.isArray(body)) throw F.patchNotArray();
  const changes: ImageChange[] = [];
  for (const raw of body) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw F.patchOpNotObject();
    const r = raw as Record<string, unknown>;
    let op: (typeof OPS)[number];
    let pointer: unknown;
    if (draft === 10) {
      if (r.op === undefined) throw F.patchOpMissing();
      if (!OPS.includes(r.op as never)) throw F.patchOpInvalid(String(r.op));
      op = r.op as (typeof OPS)[number];
      if (!('path' in r)) throw F.patchPathMissing();
      pointer = r.path;
    } else {
      const present = OPS.filter((o) => o in r);
      if (present.length > 1) throw F.patchOpD4Only();
      if (present.length === 0) throw F.patchOpD4Exactly();
      op = present[0];
      pointer = r[op];
    }
    const path = decodePointer(String(pointer));
    const root = path[0];
    const depth = root === 'locations' ? (op === 'replace' ? 1 : 2) : 1;
    if (path.length !== depth) throw F.pointerDepth(path.join('/'));
    let value: unknown;
    if (op !== 'remove') {
      if (!('value' in r)) throw F.patchValueMissing(op);
      value = r.value;
    }
    if (READONLY_ON_PATCH.includes(root)) throw F.readOnlyAttribute(root);
    if (RESERVED.includes(root) || root.startsWith(RESERVED_NS)) throw F.reservedAttribute(root);
    if (op !== 'remove' && path.length === 1) {
      const invalid = validateImage({ [root]: value });
      if (invalid) throw F.notMatchingSchema('image', invalid);
    }
    if (root === 'locations') throw F.locationsInvisible(op === 'replace' ? 'update' : op);
    changes.push({ op, path: root, value, draft });
  }
  return changes;
}

function decodePointer(p: string): string[] {
  if (!p.startsWith('/')) throw F.pointerNoSlash(p);
  if (/\/\s*?\//.test(p.slice(1))) throw F.pointerAdjacent(p);
  if (p.length > 1 && p.endsWith('/')) throw F.pointerEndsSlash(p);
  if (/~[^01]/.test(p) || p.endsWith('~')) throw F.pointerBadEscape(p);
  return p
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

const FILTER_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'];

/** Glance's index deserializer and controller checks, into one list query. */
export function parseListQuery(pairs: [string, string][]): ImageListQuery {
  const single = new Map<string, string>();
  const multi = (k: string) => pairs.filter(([key]) => key === k).map(([, v]) => v.trim());
  for (const [k, v] of pairs) if (!single.has(k)) single.set(k, v);
  const q: ImageListQuery = { filters: {}, memberStatus: 'accepted', tags: multi('tag'), osHidden: false, sortKeys: [], sortDirs: [], limit: 25 };

  const limit = single.get('limit');
  if (limit !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(limit)) throw F.badLimit();
    const n = Number(limit);
    if (n < 0) throw F.negativeLimit();
    q.limit = Math.min(n, 1000);
  }
  const marker = single.get('marker');
  if (marker !== undefined) q.marker = marker;
  const memberStatus = single.get('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) throw F.badMemberStatusFilter(memberStatus);
  q.memberStatus = memberStatus as ImageListQuery['memberStatus'];

  if (single.has('sort')) {
    if (single.has('sort_key') || single.has('sort_dir')) throw F.mixedSortSyntax();
    for (const part of single.get('sort')!.trim().split(',')) {
      const [key, dir] = [part.split(':')[0].trim(), (part.split(':').slice(1).join(':') || 'desc').trim()];
      if (!SORT_KEYS.includes(key as SortKey)) throw F.badSortKey(key);
      if (dir !== 'asc' && dir !== 'desc') throw F.badSortDir(dir);
      q.sortKeys.push(key as SortKey);
      q.sortDirs.push(dir);
    }
  } else {
    for (const key of multi('sort_key')) {
      if (!SORT_KEYS.includes(key as SortKey)) throw F.badSortKey(key);
      q.sortKeys.push(key as SortKey);
    }
    for (const dir of multi('sort_dir')) {
      if (dir !== 'asc' && dir !== 'desc') throw F.badSortDir(dir);
      q.sortDirs.push(dir);
    }
    if (q.sortDirs.length > 1 && q.sortDirs.length !== q.sortKeys.length) throw F.sortCountMismatch();
  }
  if (q.sortKeys.length === 0) q.sortKeys = ['created_at'];
  if (q.sortDirs.length === 0) q.sortDirs = ['desc'];

  const NOT_FILTERS = new Set(['limit', 'marker', 'member_status', 'tag', 'sort', 'sort_key', 'sort_dir']);
  for (const [k, v] of single) {
    if (NOT_FILTERS.has(k)) continue;
    switch (k) {
      case 'visibility':
        if (!['community', 'public', 'private', 'shared', 'all'].includes(v)) throw F.badVisibilityFilter(v);
        q.visibility = v as ImageVisibility | 'all';
        break;
      case 'changes-since':
        throw F.changesSince();
      case 'os_hidden':
        if (!['true', 'false'].includes(v.toLowerCase())) throw F.badBoolFilter('os_hidden', v.toLowerCase());
        q.osHidden = v.toLowerCase() === 'true';
        break;
      case 'protected':
        if (!['true', 'false'].includes(v)) throw F.badBoolFilter('protected', v);
        q.protected = v === 'true';
        break;
      case 'size_min':
      case 'size_max': {
        if (!/^\s*[-+]?\d+\s*$/.test(v)) throw F.badRangeFilter();
        if (k === 'size_min') q.sizeMin = Number(v);
        else q.sizeMax = Number(v);
        break;
      }
      default: {
        if (['name', 'id', 'status', 'container_format', 'disk_format', 'created_at', 'updated_at'].includes(k)) {
          const m = /^([a-z]+):(.*)$/s.exec(v);
          const op = m && FILTER_OPS.includes(m[1]) ? m[1] : 'eq';
          if (k === 'created_at' || k === 'updated_at') {
            const time = m && FILTER_OPS.includes(m[1]) ? m[2] : v;
            if (Number.isNaN(Date.parse(time))) throw F.badTimeFilter(k);
          } else if (op !== 'eq' && op !== 'in') throw F.badFilterOperator(op);
        }
        q.filters[k] = v;
      }
    }
  }
  return q;
}
