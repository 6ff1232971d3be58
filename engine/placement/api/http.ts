import type { FastifyReply, FastifyRequest } from 'fastify';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import { PlacementStatusFault, badRequest } from '../faults';
import { type Version, atLeast } from '../microversion';
import type { PlacementService } from '../service';
import { type Schema, validate } from './schema';

export interface PlacementApiDeps {
  placement: PlacementService;
  policy: PolicyEnforcer;
}

/** The microversion and request id of each request, set by the hooks in api/index.ts. */
export const requestVersions = new WeakMap<FastifyRequest, Version>();
export const requestIds = new WeakMap<FastifyRequest, string>();

export function ver(req: FastifyRequest): Version {
  return requestVersions.get(req) ?? { major: 1, minor: 0 };
}

export const mv = (req: FastifyRequest, minor: number): boolean => atLeast(ver(req), minor);

/** Raises Placement's 404 for a handler that does not exist at the request's microversion. */
export function since(req: FastifyRequest, minor: number, status: 404 | 405 = 404): void {
  if (mv(req, minor)) return;
  if (status === 405) throw new PlacementStatusFault(405, 'The method specified is not allowed for this resource.');
  throw new PlacementStatusFault(404, '');
}

export function authorize(deps: PlacementApiDeps, req: FastifyRequest, action: string, target: Record<string, unknown> = {}): void {
  deps.policy.authorize(action, target, policyCredentials(req.ctx));
}

/** webob's content_type: the media type without parameters. */
export function contentType(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** util.require_content('application/json'). */
export function requireJson(req: FastifyRequest): void {
  const ct = contentType(req);
  if (ct !== 'application/json') throw new PlacementStatusFault(415, `The media type ${ct || 'None'} is not supported, use application/json`);
}

/** util.check_accept('application/json'). */
export function checkAccept(req: FastifyRequest): void {
  const accept = req.headers.accept;
  if (!accept) return;
  const ok = accept.split(',').some((part) => {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return ['application/json', 'application/*', '*/*'].includes(type.trim().toLowerCase());
  });
  if (!ok) throw new PlacementStatusFault(406, 'Only application/json is provided');
}

/** util.extract_json: parses the body and validates it against `schema`. */
export function extractJson<T = Record<string, unknown>>(req: FastifyRequest, schema: Schema): T {
  const raw = req.body;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw badRequest(`Malformed JSON: ${text.trim() === '' ? 'Expecting value: line 1 column 1 (char 0)' : (e as Error).message}`);
  }
  const problem = validate(data, schema);
  if (problem) throw badRequest(`JSON does not validate: ${problem}`);
  return data as T;
}

/** The query string as ordered pairs (webob's req.GET). */
export function queryPairs(req: FastifyRequest): [string, string][] {
  const q = req.raw.url?.split('?')[1] ?? '';
  return [...new URLSearchParams(q)];
}

/** dict(req.GET): the last value of each key. */
export function queryDict(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of queryPairs(req)) out[k] = v;
  return out;
}

export function queryAll(req: FastifyRequest, key: string): string[] {
  return queryPairs(req)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}

/** util.validate_query_params. */
export function validateQuery(req: FastifyRequest, schema: Schema): void {
  const problem = validate(queryDict(req), schema);
  if (problem) throw badRequest(`Invalid query string parameters: ${problem}`);
}

/** Python's json.dumps writes floats with a fraction; allocation_ratio is a float column. */
function toJson(body: unknown): string {
  return JSON.stringify(body).replace(/"allocation_ratio":(-?\d+)(?=[,}])/g, '"allocation_ratio":$1.0');
}

const httpDate = (iso?: string): string => (iso ? new Date(iso) : new Date()).toUTCString();

/** A JSON answer; from 1.15 with Cache-Control: no-cache and Last-Modified. */
export function send(req: FastifyRequest, reply: FastifyReply, status: number, body: unknown, lastModified?: string): FastifyReply {
  if (mv(req, 15)) void reply.header('cache-control', 'no-cache').header('last-modified', httpDate(lastModified));
  return reply.code(status).type('application/json').send(toJson(body));
}

/** An answer with no body (201/204). */
export function empty(reply: FastifyReply, status: number): FastifyReply {
  return reply.code(status).removeHeader('content-type').send();
}

/** The latest of some timestamps (util.pick_last_modified). */
export function latest(stamps: (string | undefined)[]): string | undefined {
  let out: string | undefined;
  for (const s of stamps) if (s && (!out || s > out)) out = s;
  return out;
}
