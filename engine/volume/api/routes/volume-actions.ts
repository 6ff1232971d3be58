import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../../core/errors';
import { ActionReply, type VolumeActionHandler, type VolumeActionParams, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';
import { booleanSchema, type JsonSchema, metadataSchema, toBool, validBody, volumeSize } from '../validation';
import { attachmentActions } from './attachment-actions';
import { requestOf } from './volumes';

/** The whole request body as Cinder's schema for one action sees it (`{"os-extend": {…}}`). */
const wrap = (key: string, inner: JsonSchema): JsonSchema => ({ type: 'object', properties: { [key]: inner }, required: [key], additionalProperties: false });
const obj = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({ type: 'object', properties, required, additionalProperties: false });

const EXTEND = wrap('os-extend', obj({ new_size: volumeSize }, ['new_size']));
const BOOTABLE = wrap('os-set_bootable', obj({ bootable: booleanSchema }, ['bootable']));
const READONLY = wrap('os-update_readonly_flag', obj({ readonly: booleanSchema }, ['readonly']));
const RETYPE = wrap('os-retype', obj({ new_type: { type: 'string' }, migration_policy: { type: ['string', 'null'], enum: ['on-demand', 'never', null] } }, ['new_type']));
const RESET = wrap(
  'os-reset_status',
  obj({ status: { type: ['string', 'null'] }, attach_status: { type: ['string', 'null'] }, migration_status: { type: ['string', 'null'] } }),
);
const SET_IMAGE_META = wrap('os-set_image_metadata', obj({ metadata: { ...metadataSchema, type: 'object' } }, ['metadata']));
const UNSET_IMAGE_META = wrap('os-unset_image_metadata', obj({ key: { type: 'string', minLength: 1, maxLength: 255 } }, ['key']));

/** The volume named in the path (404 when the caller may not see it) with `rule` checked against its project. */
function target(req: FastifyRequest, deps: VolumeApiDeps, rule: string) {
  const r = requestOf(deps, req);
  const v = deps.volume.volumes.get(r.caller, (req.params as VolumeActionParams).volume_id);
  r.pol.authorize(rule, { project_id: v.project_id });
  return { ...r, v };
}

/** The volume actions of Cinder's volume_actions, admin_actions and volume_image_metadata controllers. */
export const volumeActions: Record<string, VolumeActionHandler> = {
  'os-extend': (req, deps) => {
    const b = validBody<{ 'os-extend': { new_size: number | string } }>(req.body, EXTEND)['os-extend'];
    const r = requestOf(deps, req);
    const v = deps.volume.volumes.get(r.caller, (req.params as VolumeActionParams).volume_id);
    // 3.42+: an in-use volume is extended online (Nova hears of it); before, only an available one
    const attached = microversionAtLeast(req, '3.42') && v.status === 'in-use';
    r.pol.authorize(attached ? 'volume:extend_attached_volume' : 'volume:extend', { project_id: v.project_id });
    deps.volume.volumes.extend(r.caller, v.id, Number(b.new_size), attached);
    return undefined;
  },

  'os-set_bootable': (req, deps) => {
    const b = validBody<{ 'os-set_bootable': { bootable: unknown } }>(req.body, BOOTABLE)['os-set_bootable'];
    const { caller, v } = target(req, deps, 'volume:update');
    deps.volume.volumes.setBootable(caller, v.id, toBool(b.bootable));
    return new ActionReply(200);
  },

  'os-update_readonly_flag': (req, deps) => {
    const b = validBody<{ 'os-update_readonly_flag': { readonly: unknown } }>(req.body, READONLY)['os-update_readonly_flag'];
    const { caller, v } = target(req, deps, 'volume:update_readonly_flag');
    deps.volume.volumes.updateReadonly(caller, v.id, toBool(b.readonly));
    return undefined;
  },

  'os-retype': (req, deps) => {
    const b = validBody<{ 'os-retype': { new_type: string; migration_policy?: string | null } }>(req.body, RETYPE)['os-retype'];
    const { caller, v } = target(req, deps, 'volume:retype');
    deps.volume.volumes.retype(caller, v.id, b.new_type, b.migration_policy ?? null);
    return undefined;
  },

  'os-reset_status': (req, deps) => {
    const b = validBody<{ 'os-reset_status': { status?: string | null; attach_status?: string | null; migration_status?: string | null } }>(req.body, RESET)['os-reset_status'];
    const { caller, v } = target(req, deps, 'volume_extension:volume_admin_actions:reset_status');
    deps.volume.volumes.resetStatus(caller, v.id, b);
    return undefined;
  },

  'os-force_delete': (req, deps) => {
    const { caller, v } = target(req, deps, 'volume_extension:volume_admin_actions:force_delete');
    deps.volume.volumes.delete(caller, v.id, { force: true });
    return undefined;
  },

  'os-set_image_metadata': (req, deps) => {
    const b = validBody<{ 'os-set_image_metadata': { metadata: Record<string, string> } }>(req.body, SET_IMAGE_META)['os-set_image_metadata'];
    const { caller, v } = target(req, deps, 'volume_extension:volume_image_metadata:set');
    return { metadata: deps.volume.volumes.setImageMetadata(caller, v.id, b.metadata) };
  },

  'os-unset_image_metadata': (req, deps) => {
    const b = validBody<{ 'os-unset_image_metadata': { key: string } }>(req.body, UNSET_IMAGE_META)['os-unset_image_metadata'];
    const { caller, v } = target(req, deps, 'volume_extension:volume_image_metadata:remove');
    deps.volume.volumes.unsetImageMetadata(caller, v.id, b.key);
    return new ActionReply(200);
  },

  'os-show_image_metadata': (req, deps) => {
    const { v } = target(req, deps, 'volume_extension:volume_image_metadata:show');
    return { metadata: { ...(v.volume_image_metadata ?? {}) } };
  },
};

/**
 * POST /v3/{project_id}/volumes/{volume_id}/action: one route for every volume action, picked by the body's
 * single key (these and the attach/detach ones). Cinder refuses a body of several keys as malformed and an
 * unknown key with "There is no such action".
 */
export function registerVolumeActionRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const handlers: Record<string, VolumeActionHandler> = { ...volumeActions, ...attachmentActions };
  app.post<{ Params: VolumeActionParams }>('/v3/:project_id/volumes/:volume_id/action', async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length !== 1) throw new BadRequest('Malformed request body');
    const key = Object.keys(body)[0];
    const handler = Object.prototype.hasOwnProperty.call(handlers, key) ? handlers[key] : undefined;
    if (!handler) throw new BadRequest(`There is no such action: ${key}. Verify the request body and Content-Type header and try again.`);
    const out = await handler(req, deps, body[key]);
    if (out instanceof ActionReply) return out.body === undefined ? reply.code(out.status).send() : reply.code(out.status).send(out.body);
    if (out === undefined) return reply.code(202).send();
    return reply.code(200).send(out);
  });
}
