import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { KeypairRecord } from '../../service/keypairs';
import { authorize, type ComputeApiDeps, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { nameSchema, type Schema, validBody } from '../validation';
import { nextLink } from '../views/catalog';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SAFE_20 = '_- 0123456789' + LETTERS;
const SAFE_292 = '@._- 0123456789' + LETTERS;

function createSchema(req: FastifyRequest): Schema {
  const props: Record<string, Schema> = { name: nameSchema, public_key: { type: 'string' } };
  if (atLeast(req, '2.2')) props.type = { type: 'string', enum: ['ssh', 'x509'] };
  if (atLeast(req, '2.10')) props.user_id = { type: 'string' };
  return {
    type: 'object',
    properties: { keypair: { type: 'object', properties: props, required: atLeast(req, '2.92') ? ['name', 'public_key'] : ['name'], additionalProperties: false } },
    required: ['keypair'],
    additionalProperties: false,
  };
}

/** Key pairs: per user; an admin names another user with user_id (2.10). */
export function registerKeypairsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const keypairs = deps.compute.keypairs;
  /** The user a request is about: ?user_id= from 2.10, else the caller. */
  const userOf = (req: FastifyRequest): string => {
    const q = queryOf(req);
    return atLeast(req, '2.10') && q.user_id ? q.user_id : req.ctx.userId;
  };
  const typed = (req: FastifyRequest) => atLeast(req, '2.2');

  app.post('/v2.1/os-keypairs', async (req, reply) => {
    const body = validBody<{ keypair: { name: string; public_key?: string; type?: 'ssh' | 'x509'; user_id?: string } }>(req.body, createSchema(req)).keypair;
    const safe = atLeast(req, '2.92') ? SAFE_292 : SAFE_20;
    if ([...body.name].some((c) => !safe.includes(c)))
      throw new ServiceError('BadRequest', `An invalid 'name' value was provided. The name must be: Only expected characters: [${safe}]`);
    const userId = body.user_id ?? req.ctx.userId;
    authorize(deps, req, 'os_compute_api:os-keypairs:create', { user_id: userId }, true);
    const k = keypairs.create(userId, req.ctx.projectId ?? null, body.name, body.type ?? 'ssh', body.public_key);
    const out: Record<string, unknown> = { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id };
    if (k.private_key) out.private_key = k.private_key;
    if (typed(req)) out.type = k.type;
    return reply.code(typed(req) ? 201 : 200).send({ keypair: out });
  });

  app.get('/v2.1/os-keypairs', async (req) => {
    const userId = userOf(req);
    authorize(deps, req, 'os_compute_api:os-keypairs:index', { user_id: userId }, true);
    const q = queryOf(req);
    let limit: number | undefined;
    if (atLeast(req, '2.35') && q.limit !== undefined) {
      if (!/^\d+$/.test(q.limit)) throw new ServiceError('BadRequest', `Invalid input for query parameters limit. Value: ${q.limit}. '${q.limit}' does not match '^[0-9]*$'`);
      limit = Math.min(Number(q.limit), 1000);
    }
    const list = keypairs.list(userId, atLeast(req, '2.35') ? { limit, marker: q.marker } : {});
    const view = (k: KeypairRecord) => ({ keypair: { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, ...(typed(req) ? { type: k.type } : {}) } });
    const out: Record<string, unknown> = { keypairs: list.map(view) };
    if (atLeast(req, '2.35')) {
      const next = nextLink(req, 'os-keypairs', list, limit, () => list[list.length - 1].name);
      if (next) out.keypairs_links = next;
    }
    return out;
  });

  app.get('/v2.1/os-keypairs/:name', async (req) => {
    const userId = userOf(req);
    authorize(deps, req, 'os_compute_api:os-keypairs:show', { user_id: userId }, true);
    const k = keypairs.get(userId, param(req, 'name'));
    return {
      keypair: {
        name: k.name,
        public_key: k.public_key,
        fingerprint: k.fingerprint,
        user_id: k.user_id,
        created_at: k.created_at,
        deleted: false,
        deleted_at: null,
        id: k.id,
        updated_at: null,
        ...(typed(req) ? { type: k.type } : {}),
      },
    };
  });

  app.delete('/v2.1/os-keypairs/:name', async (req, reply) => {
    const userId = userOf(req);
    authorize(deps, req, 'os_compute_api:os-keypairs:delete', { user_id: userId }, true);
    keypairs.delete(userId, param(req, 'name'));
    return reply.code(typed(req) ? 204 : 202).send();
  });
}
