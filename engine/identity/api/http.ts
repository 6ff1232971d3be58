import type { FastifyRequest } from 'fastify';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import { expecting } from '../errors';
import type { IdentityService } from '../service';

/** What every identity route handler gets: the backend and the policy enforcer. */
export interface IdentityApiDeps {
  identity: IdentityService;
  policy: PolicyEnforcer;
}

/** Checks a Keystone policy rule for the caller; the target is nested as Keystone builds it ({target: {project: …}}). */
export function authorize(deps: IdentityApiDeps, req: FastifyRequest, action: string, target: Record<string, unknown> = {}): void {
  const flat: Record<string, unknown> = {};
  flatten('target', target, flat);
  for (const [k, v] of Object.entries(target)) if (typeof v !== 'object' || v === null) flat[k] = v;
  deps.policy.authorize(action, flat, policyCredentials(req.ctx));
}

function flatten(prefix: string, v: unknown, out: Record<string, unknown>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(`${prefix}.${k}`, x, out);
  } else out[prefix] = v;
}

/** The URL the client used to reach us, for `links` (http://host:port). */
export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? `${req.hostname}`}`;
}

export type Query = Record<string, string | undefined>;

export function query(req: FastifyRequest): Query {
  const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  const out: Query = {};
  for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return out;
}

/** The request body's `key` object, or Keystone's "Expecting to find key in request body" 400. */
export function bodyOf<T = Record<string, unknown>>(req: FastifyRequest, key: string): T {
  const b = req.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object' || Array.isArray(b) || Buffer.isBuffer(b)) throw expecting(key, 'request body');
  const v = b[key];
  if (!v || typeof v !== 'object') throw expecting(key, 'request body');
  return v as T;
}

export function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name];
}
