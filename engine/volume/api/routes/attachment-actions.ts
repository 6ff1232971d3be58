import type { FastifyRequest } from 'fastify';
import type { JsonSchema } from '../validation';
import { policyOf, type VolumeActionHandler, type VolumeActionParams, type VolumeApiDeps } from '../http';
import { attachmentCaller, cinderValid } from './attachments';

const uuid: JsonSchema = { type: 'string', format: 'uuid' };

/** The body of one action as Cinder's schema for it sees the whole request (`{"os-attach": {…}}`). */
const wrap = (key: string, inner: JsonSchema): JsonSchema => ({ type: 'object', properties: { [key]: inner }, required: [key], additionalProperties: false });

const ATTACH = wrap('os-attach', {
  type: 'object',
  properties: { instance_uuid: uuid, mountpoint: { type: 'string', minLength: 1, maxLength: 255 }, host_name: { type: 'string', maxLength: 255 }, mode: { type: 'string', enum: ['rw', 'ro'] } },
  required: ['mountpoint'],
  anyOf: [{ required: ['instance_uuid'] }, { required: ['host_name'] }],
  additionalProperties: false,
});
const DETACH = wrap('os-detach', { type: ['object', 'null'], properties: { attachment_id: { type: ['string', 'null'], format: 'uuid' } }, additionalProperties: false });
const CONNECTION = (key: string) => wrap(key, { type: 'object', properties: { connector: { type: ['object', 'string'] } }, required: ['connector'], additionalProperties: false });
const FORCE_DETACH = wrap('os-force_detach', { type: 'object', properties: { connector: { type: ['string', 'object', 'null'] }, attachment_id: { type: ['string', 'null'] } }, additionalProperties: false });

/** The volume named in the path, visible to the caller, and the policy checked against its project. */
function prepare(req: FastifyRequest, deps: VolumeApiDeps, rule: string) {
  const caller = attachmentCaller(deps, req);
  const v = deps.volume.attachments.volume(caller, (req.params as VolumeActionParams).volume_id);
  policyOf(deps, req).authorize(rule, { project_id: v.project_id });
  return { caller, v };
}

const ACTION = 'volume_extension:volume_actions';

/** The legacy attach/detach actions of POST /volumes/{id}/action (Cinder's volume_actions and admin_actions). */
export const attachmentActions: Record<string, VolumeActionHandler> = {
  'os-reserve': (req, deps) => {
    const { caller, v } = prepare(req, deps, `${ACTION}:reserve`);
    deps.volume.attachments.reserve(caller, v.id);
  },
  'os-unreserve': (req, deps) => {
    const { caller, v } = prepare(req, deps, `${ACTION}:unreserve`);
    deps.volume.attachments.unreserve(caller, v.id);
  },
  'os-begin_detaching': (req, deps) => {
    const { caller, v } = prepare(req, deps, `${ACTION}:begin_detaching`);
    deps.volume.attachments.beginDetaching(caller, v.id);
  },
  'os-roll_detaching': (req, deps) => {
    const { caller, v } = prepare(req, deps, `${ACTION}:roll_detaching`);
    deps.volume.attachments.rollDetaching(caller, v.id);
  },
  'os-attach': (req, deps, body) => {
    cinderValid({ 'os-attach': body }, ATTACH);
    const b = body as { instance_uuid?: string; host_name?: string; mountpoint: string; mode?: 'rw' | 'ro' };
    const { caller, v } = prepare(req, deps, `${ACTION}:attach`);
    deps.volume.attachments.attach(caller, v.id, { instance: b.instance_uuid, hostName: b.host_name, mountpoint: b.mountpoint, mode: b.mode ?? 'rw' });
  },
  'os-detach': (req, deps, body) => {
    cinderValid({ 'os-detach': body }, DETACH);
    const { caller, v } = prepare(req, deps, `${ACTION}:detach`);
    deps.volume.attachments.detach(caller, v.id, (body as { attachment_id?: string | null } | null)?.attachment_id ?? null);
  },
  'os-initialize_connection': (req, deps, body) => {
    cinderValid({ 'os-initialize_connection': body }, CONNECTION('os-initialize_connection'));
    const { caller, v } = prepare(req, deps, `${ACTION}:initialize_connection`);
    const connector = (body as { connector: unknown }).connector;
    return { connection_info: deps.volume.attachments.initializeConnection(caller, v.id, typeof connector === 'object' && connector ? (connector as Record<string, unknown>) : {}) };
  },
  'os-terminate_connection': (req, deps, body) => {
    cinderValid({ 'os-terminate_connection': body }, CONNECTION('os-terminate_connection'));
    const { caller, v } = prepare(req, deps, `${ACTION}:terminate_connection`);
    deps.volume.attachments.terminateConnection(caller, v.id);
  },
  'os-force_detach': (req, deps, body) => {
    cinderValid({ 'os-force_detach': body }, FORCE_DETACH);
    const { caller, v } = prepare(req, deps, 'volume_extension:volume_admin_actions:force_detach');
    deps.volume.attachments.terminateConnection(caller, v.id);
    deps.volume.attachments.detach({ ...caller, service: true }, v.id, (body as { attachment_id?: string | null }).attachment_id ?? null, 'force detaching');
  },
};
