import type { FastifyInstance } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { EXTERNAL_EVENT_NAMES, EXTERNAL_EVENT_STATUSES, type ExternalEvent } from '../../service/external-events';
import { authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { serverCaller } from './servers';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (msg: string): ServiceError => new ServiceError('BadRequest', msg);

/** The microversion that added each event name to Nova's schema (the rest are in 2.1). */
const NAME_SINCE: Record<string, string> = { 'volume-extended': '2.51', 'power-update': '2.76', 'accelerator-request-bound': '2.82', 'volume-reimaged': '2.93' };

/** The body as Nova's server_external_events schema takes it, at the request's microversion. */
function eventsBody(body: unknown, names: string[]): ExternalEvent[] {
  if (!isObject(body) || !('events' in body)) throw bad(`Invalid input for field/attribute events. Value: ${JSON.stringify(body)}. 'events' is a required property`);
  const events = body.events;
  if (!Array.isArray(events)) throw bad(`Invalid input for field/attribute events. Value: ${JSON.stringify(events)}. ${JSON.stringify(events)} is not of type 'array'`);
  if (events.length === 0) throw bad('Invalid input for field/attribute events. Value: []. [] is too short');
  for (const e of events) {
    if (!isObject(e)) throw bad(`Invalid input for field/attribute events. Value: ${JSON.stringify(e)}. ${JSON.stringify(e)} is not of type 'object'`);
    for (const k of Object.keys(e)) if (!['name', 'server_uuid', 'status', 'tag'].includes(k)) throw bad(`Invalid input for field/attribute events. Additional properties are not allowed ('${k}' was unexpected)`);
    for (const k of ['name', 'server_uuid']) if (!(k in e)) throw bad(`Invalid input for field/attribute events. Value: ${JSON.stringify(e)}. '${k}' is a required property`);
    if (typeof e.name !== 'string' || !names.includes(e.name)) throw bad(`Invalid input for field/attribute name. Value: ${String(e.name)}. '${String(e.name)}' is not one of ${JSON.stringify(names)}`);
    if (typeof e.server_uuid !== 'string') throw bad(`Invalid input for field/attribute server_uuid. Value: ${String(e.server_uuid)}. ${JSON.stringify(e.server_uuid)} is not of type 'string'`);
    if (e.status !== undefined && !(EXTERNAL_EVENT_STATUSES as readonly string[]).includes(String(e.status))) throw bad(`Invalid input for field/attribute status. Value: ${String(e.status)}. '${String(e.status)}' is not one of ${JSON.stringify(EXTERNAL_EVENT_STATUSES)}`);
    if (e.tag !== undefined && (typeof e.tag !== 'string' || e.tag.length > 255)) throw bad(`Invalid input for field/attribute tag. Value: ${String(e.tag)}. ${JSON.stringify(e.tag)} is not of type 'string'`);
  }
  return events as unknown as ExternalEvent[];
}

/** POST /v2.1/os-server-external-events (admin): 200 when every event was taken, 207 when some were not, 404 when none. */
export function registerServerExternalEventsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/v2.1/os-server-external-events', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:os-server-external-events:create', {}, true);
    const names = EXTERNAL_EVENT_NAMES.filter((n) => !NAME_SINCE[n] || atLeast(req, NAME_SINCE[n]));
    const events = eventsBody(req.body, names);
    const results = deps.compute.externalEvents.handle(serverCaller(deps, req, reply), events);
    if (!results.some((r) => r.code === 200)) throw new ServiceError('NotFound', 'No instances found for any event');
    return reply.code(results.every((r) => r.code === 200) ? 200 : 207).send({ events: results });
  });
}
