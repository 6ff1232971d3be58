import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { AggregateRecord } from '../../service/aggregates';
import { authorize, type ComputeApiDeps, param } from '../http';
import { atLeast } from '../microversion';
import { nameSchema, type Schema, validBody } from '../validation';

const azName: Schema = { type: ['string', 'null'], minLength: 1, maxLength: 255, format: 'az_name' };
const hostSchema = (action: string): Schema => ({
  type: 'object',
  properties: {
    [action]: {
      type: 'object',
      properties: { host: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' } },
      required: ['host'],
      additionalProperties: false,
    },
  },
  required: [action],
  additionalProperties: false,
});

/** Nova's aggregate document (2.41 adds uuid); `brief` is the create answer, without hosts and metadata. */
function view(req: FastifyRequest, a: AggregateRecord, brief = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    availability_zone: a.availability_zone,
    created_at: a.created_at,
    deleted: false,
    deleted_at: null,
    id: a.id,
    name: a.name,
    updated_at: a.updated_at,
  };
  if (!brief) {
    out.hosts = a.hosts;
    out.metadata = a.metadata;
  }
  if (atLeast(req, '2.41')) out.uuid = a.uuid;
  return out;
}

/** Nova's check of an aggregate id in the path. */
function aggregateId(req: FastifyRequest): number {
  const id = param(req, 'id');
  if (!/^\s*[-+]?\d+\s*$/.test(id)) throw new ServiceError('BadRequest', 'Invalid input received: id must be an integer.');
  return Number(id);
}

/** os-aggregates: create/list/show/update/delete, add/remove host, set metadata (admin only). */
export function registerAggregatesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const aggs = deps.compute.aggregates;
  const can = (req: FastifyRequest, what: string) => authorize(deps, req, `os_compute_api:os-aggregates:${what}`, {}, true);

  app.get('/v2.1/os-aggregates', async (req) => {
    can(req, 'index');
    return { aggregates: aggs.list().map((a) => view(req, a)) };
  });
  app.post('/v2.1/os-aggregates', async (req) => {
    can(req, 'create');
    const body = validBody<{ aggregate: { name: string; availability_zone?: string | null } }>(req.body, {
      type: 'object',
      properties: { aggregate: { type: 'object', properties: { name: nameSchema, availability_zone: azName }, required: ['name'], additionalProperties: false } },
      required: ['aggregate'],
      additionalProperties: false,
    }).aggregate;
    const a = aggs.create(body.name.trim(), body.availability_zone ? body.availability_zone.trim() : null);
    return { aggregate: view(req, a, true) };
  });
  app.get('/v2.1/os-aggregates/:id', async (req) => {
    can(req, 'show');
    return { aggregate: view(req, aggs.get(aggregateId(req))) };
  });
  app.put('/v2.1/os-aggregates/:id', async (req) => {
    can(req, 'update');
    const body = validBody<{ aggregate: { name?: string; availability_zone?: string | null } }>(req.body, {
      type: 'object',
      properties: { aggregate: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 255 }, availability_zone: azName }, additionalProperties: false, minProperties: 1 } },
      required: ['aggregate'],
      additionalProperties: false,
    }).aggregate;
    const id = aggregateId(req);
    const change: { name?: string; availability_zone?: string | null } = {};
    if (body.name !== undefined) change.name = body.name.trim();
    if ('availability_zone' in body) change.availability_zone = body.availability_zone;
    return { aggregate: view(req, aggs.update(id, change)) };
  });
  app.delete('/v2.1/os-aggregates/:id', async (req, reply) => {
    can(req, 'delete');
    aggs.delete(aggregateId(req));
    return reply.code(200).send();
  });
  app.post('/v2.1/os-aggregates/:id/action', async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if ('add_host' in body) {
      can(req, 'add_host');
      const host = validBody<{ add_host: { host: string } }>(body, hostSchema('add_host')).add_host.host;
      return { aggregate: view(req, aggs.addHost(aggregateId(req), host)) };
    }
    if ('remove_host' in body) {
      can(req, 'remove_host');
      const host = validBody<{ remove_host: { host: string } }>(body, hostSchema('remove_host')).remove_host.host;
      return { aggregate: view(req, aggs.removeHost(aggregateId(req), host)) };
    }
    if ('set_metadata' in body) {
      can(req, 'set_metadata');
      const md = validBody<{ set_metadata: { metadata: Record<string, string | null> } }>(body, {
        type: 'object',
        properties: {
          set_metadata: {
            type: 'object',
            properties: {
              metadata: { type: 'object', patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'null'], maxLength: 255 } }, additionalProperties: false },
            },
            required: ['metadata'],
            additionalProperties: false,
          },
        },
        required: ['set_metadata'],
        additionalProperties: false,
      }).set_metadata.metadata;
      return { aggregate: view(req, aggs.setMetadata(aggregateId(req), md)) };
    }
    throw new ServiceError('BadRequest', 'There is no such action: ' + (Object.keys(body)[0] ?? 'None'));
  });
}
