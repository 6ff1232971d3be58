import type { FastifyInstance } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { EXTERNAL_EVENT_NAMES, EXTERNAL_EVENT_STATUSES, type ExternalEvent } from '../../service/external-events';
import { authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { type Schema, validBody } from '../validation';
import { serverCaller } from './servers';

/** The microversion that added each event name to Nova's schema (the rest are in 2.1). */
const NAME_SINCE: Record<string, string> = { 'volume-extended': '2.51', 'power-update': '2.76', 'accelerator-request-bound': '2.82', 'volume-reimaged': '2.93' };

/** Nova's server_external_events create schema, with the event names of the request's microversion. */
function eventsSchema(names: string[]): Schema {
  return {
    type: 'object',
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            server_uuid: { type: 'string', format: 'uuid' },
            name: { type: 'string', enum: names },
            status: { type: 'string', enum: [...EXTERNAL_EVENT_STATUSES] },
            tag: { type: 'string', maxLength: 255 },
          },
          required: ['server_uuid', 'name'],
          additionalProperties: false,
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  };
}

/** POST /v2.1/os-server-external-events (admin): 200 when every event was taken, 207 when some were not, 404 when none. */
export function registerServerExternalEventsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/v2.1/os-server-external-events', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:os-server-external-events:create', {}, true);
    const names = EXTERNAL_EVENT_NAMES.filter((n) => !NAME_SINCE[n] || atLeast(req, NAME_SINCE[n]));
    const { events } = validBody<{ events: ExternalEvent[] }>(req.body, eventsSchema(names));
    const results = deps.compute.externalEvents.handle(serverCaller(deps, req, reply), events);
    if (!results.some((r) => r.code === 200)) throw new ServiceError('NotFound', 'No instances found for any event');
    return reply.code(results.every((r) => r.code === 200) ? 200 : 207).send({ events: results });
  });
}
