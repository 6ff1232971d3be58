import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../core/errors';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import type { VolumeService } from '../service';

export interface VolumeApiDeps {
  volume: VolumeService;
  policy: PolicyEnforcer;
}

/**
 * One `POST /v3/{project_id}/volumes/{volume_id}/action` handler, picked by the body's single key
 * (`os-extend`, `os-attach`, …). `body` is that key's value (`{"new_size": 2}`; null for `{"os-roll_detaching": null}`);
 * the volume's id is `(req.params as VolumeActionParams).volume_id`. Returning a body answers 200 with it;
 * returning undefined answers 202 with no body; an ActionReply answers its status (and body, if any).
 */
export type VolumeActionHandler = (req: FastifyRequest, deps: VolumeApiDeps, body: unknown) => Promise<unknown> | unknown;

/** What a volume action answers when it is neither 200-with-a-body nor 202 (os-set_bootable: 200 and no body). */
export class ActionReply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

/** The path parameters of the volume action route. */
export interface VolumeActionParams {
  project_id: string;
  volume_id: string;
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
