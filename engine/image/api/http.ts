import type { FastifyRequest } from 'fastify';
import { PolicyNotAuthorized } from '../../core/errors';
import { policyCredentials } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import { GlanceFault } from '../faults';
import { glancePolicyMessage } from '../policies';
import type { Caller, ImageService } from '../service';
import type { ImageMember, ImageRecord } from '../types';

export interface ImageApiDeps {
  image: ImageService;
  policy: PolicyEnforcer;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * The caller as Glance's backend sees it. `authorize` enforces a rule on a target and, as Glance's
 * ImageAPIPolicy does for an existing image, answers 404 rather than 403 when the caller may not even
 * get the image.
 */
export function callerOf(deps: ImageApiDeps, req: FastifyRequest): Caller {
  let c = callers.get(req);
  if (c) return c;
  const creds = policyCredentials(req.ctx);
  const isAdmin = deps.policy.enforce('context_is_admin', {}, creds);
  c = {
    projectId: req.ctx.projectId ?? '',
    isAdmin,
    authorize(action, target) {
      if (deps.policy.enforce(action, target, creds)) return;
      if (typeof target.id === 'string' && action !== 'get_image' && !deps.policy.enforce('get_image', target, creds)) {
        throw new GlanceFault('NotFound', 'The resource could not be found.');
      }
      throw new PolicyNotAuthorized(action, glancePolicyMessage(action));
    },
  };
  callers.set(req, c);
  return c;
}

/** An image as Glance shows it: extra properties first, then the base attributes and links. */
export function imageView(i: ImageRecord): Record<string, unknown> {
  return {
    ...i.properties,
    name: i.name,
    disk_format: i.disk_format,
    container_format: i.container_format,
    visibility: i.visibility,
    size: i.size,
    virtual_size: i.virtual_size,
    status: i.status,
    checksum: i.checksum,
    protected: i.protected,
    min_ram: i.min_ram,
    min_disk: i.min_disk,
    owner: i.owner || null,
    os_hidden: i.os_hidden,
    os_hash_algo: i.os_hash_algo,
    os_hash_value: i.os_hash_value,
    id: i.id,
    created_at: i.created_at,
    updated_at: i.updated_at,
    tags: [...i.tags],
    self: `/v2/images/${i.id}`,
    file: `/v2/images/${i.id}/file`,
    schema: '/v2/schemas/image',
  };
}

export function memberView(m: ImageMember): Record<string, unknown> {
  return { member_id: m.member_id, image_id: m.image_id, status: m.status, created_at: m.created_at, updated_at: m.updated_at, schema: '/v2/schemas/member' };
}

/** Query parameters in request order, each with all its values. */
export function queryPairs(req: FastifyRequest): [string, string][] {
  const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  return [...new URLSearchParams(raw)];
}

/** The base URL the client used (Glance's request.application_url). */
export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? req.hostname}`;
}
