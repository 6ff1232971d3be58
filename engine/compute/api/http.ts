import type { FastifyRequest } from 'fastify';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import type { ComputeService } from '../service';

export interface ComputeApiDeps {
  compute: ComputeService;
  policy: PolicyEnforcer;
}

/**
 * Checks a Nova policy rule (os_compute_api:…) against the caller, with the target Nova builds:
 * `project_id` (and `user_id` where the rule needs it) of the resource. Throws Nova's 403.
 */
export function authorize(deps: ComputeApiDeps, req: FastifyRequest, rule: string, target: Record<string, unknown> = {}): void {
  const t = { project_id: req.ctx.projectId ?? null, user_id: req.ctx.userId, ...target };
  deps.policy.authorize(rule, t, policyCredentials(req.ctx));
}

/** Whether the caller passes `rule` (for list filters such as all_tenants). Never throws. */
export function allowed(deps: ComputeApiDeps, req: FastifyRequest, rule: string, target: Record<string, unknown> = {}): boolean {
  const t = { project_id: req.ctx.projectId ?? null, user_id: req.ctx.userId, ...target };
  return deps.policy.enforce(rule, t, policyCredentials(req.ctx));
}
