import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../core/errors';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import type { VolumeService } from '../service';

export interface VolumeApiDeps {
  volume: VolumeService;
  policy: PolicyEnforcer;
}

/** The policy view of one request: checks a rule (403 when denied) or asks whether it passes. */
export function policyOf(deps: VolumeApiDeps, req: FastifyRequest) {
  const creds = policyCredentials(req.ctx);
  const target = { project_id: req.ctx.projectId ?? '', user_id: req.ctx.userId };
  return {
    authorize: (action: string, extra: Record<string, unknown> = {}) => deps.policy.authorize(action, { ...target, ...extra }, creds),
    allows: (action: string, extra: Record<string, unknown> = {}) => deps.policy.enforce(action, { ...target, ...extra }, creds),
  };
}

/** The request body's one top-level object (`{"volume_type": {…}}`), or a 400 as Cinder words it. */
export function bodyOf(req: FastifyRequest, key: string): Record<string, unknown> {
  const b = req.body as Record<string, unknown> | undefined;
  const inner = b?.[key];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new BadRequest(`Missing required element '${key}' in request body.`);
  }
  return inner as Record<string, unknown>;
}
