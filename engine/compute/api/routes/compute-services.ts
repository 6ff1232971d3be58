import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { ComputeServiceRecord } from '../../service/compute-services';
import { authorize, type ComputeApiDeps, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { booleanSchema, problem, type Schema, toBool, validBody } from '../validation';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A service as os-services shows it (2.11 forced_down, 2.53 uuid ids). */
function view(req: FastifyRequest, s: ComputeServiceRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: atLeast(req, '2.53') ? s.id : s.internal_id,
    binary: s.binary,
    disabled_reason: s.disabled_reason,
    host: s.host,
    state: s.state,
    status: s.status,
    updated_at: s.updated_at,
    zone: s.zone,
  };
  if (atLeast(req, '2.11')) out.forced_down = s.forced_down;
  return out;
}

const legacyBody = (req: FastifyRequest): Schema => ({
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' },
    binary: { type: 'string', minLength: 1, maxLength: 255 },
    disabled_reason: { type: 'string', minLength: 1, maxLength: 255 },
    ...(atLeast(req, '2.11') ? { forced_down: booleanSchema } : {}),
  },
  required: ['host', 'binary'],
  additionalProperties: false,
});

const updateBody: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    disabled_reason: { type: 'string', minLength: 1, maxLength: 255 },
    forced_down: booleanSchema,
  },
  additionalProperties: false,
};

/** os-services: list (host/binary filters), enable/disable/force down, delete (admin only). */
export function registerComputeServicesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const services = deps.compute.services;

  app.get('/v2.1/os-services', async (req) => {
    authorize(deps, req, 'os_compute_api:os-services:list', {}, true);
    const q = queryOf(req);
    const bad = problem(q, { type: 'object', properties: { host: { type: 'string' }, binary: { type: 'string' } }, additionalProperties: !atLeast(req, '2.75') }, 'query');
    if (bad) throw new ServiceError('BadRequest', bad);
    return { services: services.list({ host: q.host, binary: q.binary }).map((s) => view(req, s)) };
  });

  app.put('/v2.1/os-services/:id', async (req) => {
    const id = param(req, 'id');
    if (atLeast(req, '2.53')) {
      if (!UUID.test(id)) throw new ServiceError('BadRequest', `Invalid uuid ${id}`);
      authorize(deps, req, 'os_compute_api:os-services:update', {}, true);
      const body = validBody<{ status?: 'enabled' | 'disabled'; disabled_reason?: string; forced_down?: unknown }>(req.body, updateBody);
      const current = services.get(id);
      if (!current) throw new ServiceError('NotFound', `Service ${id} could not be found.`);
      if (current.binary !== 'nova-compute') throw new ServiceError('BadRequest', `Updating a ${current.binary} service is not supported. Only nova-compute services can be updated.`);
      const change: { disabled?: boolean; disabled_reason?: string | null; forced_down?: boolean } = {};
      if (body.status === 'enabled') {
        if (body.disabled_reason) throw new ServiceError('BadRequest', "Specifying 'disabled_reason' with status 'enabled' is invalid.");
        change.disabled = false;
      } else if (body.status === 'disabled') {
        change.disabled = true;
        change.disabled_reason = body.disabled_reason ?? null;
      }
      if (body.forced_down !== undefined) change.forced_down = toBool(body.forced_down);
      const changes =
        (change.disabled !== undefined && (change.disabled !== (current.status === 'disabled') || (change.disabled && change.disabled_reason !== current.disabled_reason))) ||
        (change.forced_down !== undefined && change.forced_down !== current.forced_down);
      if (!changes) throw new ServiceError('BadRequest', "No updates were requested. Fields 'status' or 'forced_down' should be specified.");
      return { service: view(req, services.update(id, change)) };
    }
    // before 2.53 the path names the action and the body the host and binary
    authorize(deps, req, 'os_compute_api:os-services:update', {}, true);
    const actions = ['enable', 'disable', 'disable-log-reason', ...(atLeast(req, '2.11') ? ['force-down'] : [])];
    const body = validBody<{ host: string; binary: string; disabled_reason?: string; forced_down?: unknown }>(req.body, legacyBody(req));
    if (!actions.includes(id)) throw new ServiceError('NotFound', 'Unknown action');
    if (id === 'enable') {
      services.updateByHost(body.host, body.binary, { disabled: false });
      return { service: { host: body.host, binary: body.binary, status: 'enabled' } };
    }
    if (id === 'disable' || id === 'disable-log-reason') {
      if (id === 'disable-log-reason' && body.disabled_reason === undefined) throw new ServiceError('BadRequest', 'Missing disabled reason field');
      const reason = id === 'disable-log-reason' ? body.disabled_reason! : null;
      services.updateByHost(body.host, body.binary, { disabled: true, disabled_reason: reason });
      return { service: { host: body.host, binary: body.binary, status: 'disabled', ...(reason ? { disabled_reason: reason } : {}) } };
    }
    if (body.forced_down === undefined) throw new ServiceError('BadRequest', 'Missing forced_down field');
    const forced = toBool(body.forced_down);
    services.updateByHost(body.host, body.binary, { forced_down: forced });
    return { service: { host: body.host, binary: body.binary, forced_down: forced } };
  });

  app.delete('/v2.1/os-services/:id', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:os-services:delete', {}, true);
    const id = param(req, 'id');
    if (atLeast(req, '2.53')) {
      if (!UUID.test(id)) throw new ServiceError('BadRequest', `Invalid uuid ${id}`);
    } else if (!/^\s*[-+]?\d+\s*$/.test(id)) throw new ServiceError('BadRequest', 'Invalid input received: id must be an integer.');
    services.delete(id);
    return reply.code(204).send();
  });
}
