import type { FastifyRequest } from 'fastify';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import type { Credentials } from '../../core/policy/types';
import type { ComputeService } from '../service';

export interface ComputeApiDeps {
  compute: ComputeService;
  policy: PolicyEnforcer;
}

const creds = new WeakMap<FastifyRequest, Credentials>();

/**
 * The caller's credentials as Nova's RequestContext gives them to policy: `is_admin` is the result
 * of `context_is_admin` for the caller's roles (so `is_admin:True` holds for an admin).
 */
export function novaCredentials(deps: ComputeApiDeps, req: FastifyRequest): Credentials {
  let c = creds.get(req);
  if (!c) {
    const base = policyCredentials(req.ctx);
    c = { ...base, is_admin: deps.policy.enforce('context_is_admin', {}, base) };
    creds.set(req, c);
  }
  return c;
}

/** Nova's context.is_admin for this request. */
export function isAdmin(deps: ComputeApiDeps, req: FastifyRequest): boolean {
  return novaCredentials(deps, req).is_admin === true;
}

/**
 * Checks a Nova policy rule (os_compute_api:…) against the caller, with the target Nova builds:
 * `project_id` (and `user_id` where the rule needs it) of the resource. Throws Nova's 403.
 * Pass `exact` when Nova passes its own target (often `{}`) rather than the caller's defaults.
 */
export function authorize(deps: ComputeApiDeps, req: FastifyRequest, rule: string, target: Record<string, unknown> = {}, exact = false): void {
  const t = exact ? target : { project_id: req.ctx.projectId ?? null, user_id: req.ctx.userId, ...target };
  deps.policy.authorize(rule, t, novaCredentials(deps, req));
}

/** Whether the caller passes `rule` (for list filters such as all_tenants). Never throws. */
export function allowed(deps: ComputeApiDeps, req: FastifyRequest, rule: string, target: Record<string, unknown> = {}, exact = false): boolean {
  const t = exact ? target : { project_id: req.ctx.projectId ?? null, user_id: req.ctx.userId, ...target };
  return deps.policy.enforce(rule, t, novaCredentials(deps, req));
}

/** The query string as Nova reads it: the last value of a repeated key. */
export function queryOf(req: FastifyRequest): Record<string, string> {
  const q = (req.query ?? {}) as Record<string, string | string[]>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return out;
}

/** The compute endpoint's base as the client reached it (links, next links). */
export function computeBase(req: FastifyRequest): string {
  const host = req.headers.host ?? 'localhost:8774';
  return `${req.protocol}://${host}`;
}

/** Route parameter. */
export const param = (req: FastifyRequest, k: string): string => (req.params as Record<string, string>)[k];
