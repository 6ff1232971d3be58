import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../core/errors';
import type { AttachmentCaller } from '../../service/attachments';
import type { Attachment } from '../../types';
import { policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast, microversionOf } from '../microversion';
import { type JsonSchema, validBody } from '../validation';

type P = { project_id: string; attachment_id: string };

/** Cinder's validation failure ("Invalid input for field/attribute X. Value: …. <jsonschema message>"), a 400. */
export function cinderValid(body: unknown, schema: JsonSchema): void {
  validBody(body, schema);
}

const uuid: JsonSchema = { type: 'string', format: 'uuid' };

function createSchema(withMode: boolean): JsonSchema {
  const props: Record<string, JsonSchema> = { instance_uuid: uuid, connector: { type: ['object', 'null'] }, volume_uuid: uuid };
  if (withMode) props.mode = { type: 'string', enum: ['rw', 'ro'] };
  return {
    type: 'object',
    properties: { attachment: { type: 'object', properties: props, required: ['volume_uuid'], additionalProperties: false } },
    required: ['attachment'],
    additionalProperties: false,
  };
}

const updateSchema: JsonSchema = {
  type: 'object',
  properties: { attachment: { type: 'object', properties: { connector: { type: 'object', minProperties: 1 } }, required: ['connector'], additionalProperties: false } },
  required: ['attachment'],
  additionalProperties: false,
};

/** The caller as the attachments manager takes it. */
export function attachmentCaller(deps: VolumeApiDeps, req: FastifyRequest): AttachmentCaller {
  return { projectId: req.ctx.projectId ?? '', userId: req.ctx.userId, isAdmin: policyOf(deps, req).allows('context_is_admin') };
}

/** Cinder's attachment views: summary (id, status, instance, volume_id) and detail. */
export function attachmentSummary(a: Attachment): Record<string, unknown> {
  return { id: a.id, status: a.status, instance: a.instance, volume_id: a.volume_id };
}

export function attachmentDetail(a: Attachment): Record<string, unknown> {
  return { ...attachmentSummary(a), attached_at: a.attached_at ?? '', detached_at: a.detached_at ?? '', attach_mode: a.attach_mode, connection_info: a.connection_info ?? {} };
}

/** The attachments API needs 3.27 (os-complete 3.44): before it Cinder answers VersionNotFoundForAPIMethod. */
function needs(req: FastifyRequest, version: string): void {
  if (!microversionAtLeast(req, version)) throw new NotFound(`API version ${microversionOf(req)} is not supported on this method.`);
}

/** /v3/{project_id}/attachments (Cinder 3.27+): create (reserve), show, list, update (connector), os-complete, delete. */
export function registerAttachmentRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const attachments = () => deps.volume.attachments;

  const list = (req: FastifyRequest, detail: boolean) => {
    needs(req, '3.27');
    const q = (req.query ?? {}) as Record<string, string>;
    const caller = attachmentCaller(deps, req);
    const rows = attachments().list(caller, q.all_tenants !== undefined, { volume_id: q.volume_id, instance_id: q.instance_id, status: q.status, attach_status: q.attach_status }, q.project_id);
    let page = rows;
    if (q.marker) {
      const i = page.findIndex((a) => a.id === q.marker);
      if (i < 0) throw new NotFound(`Marker ${q.marker} could not be found.`);
      page = page.slice(i + 1);
    }
    if (q.offset !== undefined) page = page.slice(Number(q.offset) || 0);
    if (q.limit !== undefined) {
      if (!/^\d+$/.test(q.limit)) throw new BadRequest(`Invalid input received: limit must be a non-negative integer.`);
      page = page.slice(0, Number(q.limit));
    }
    return { attachments: page.map(detail ? attachmentDetail : attachmentSummary) };
  };

  app.get('/v3/:project_id/attachments', async (req) => list(req, false));
  app.get('/v3/:project_id/attachments/detail', async (req) => list(req, true));

  app.get<{ Params: P }>('/v3/:project_id/attachments/:attachment_id', async (req) => {
    needs(req, '3.27');
    return { attachment: attachmentDetail(attachments().get(attachmentCaller(deps, req), req.params.attachment_id)) };
  });

  app.post('/v3/:project_id/attachments', async (req) => {
    needs(req, '3.27');
    cinderValid(req.body, createSchema(microversionAtLeast(req, '3.54')));
    const b = (req.body as { attachment: Record<string, unknown> }).attachment;
    const caller = attachmentCaller(deps, req);
    const volume = attachments().volume(caller, String(b.volume_uuid));
    policyOf(deps, req).authorize('volume:attachment_create', { project_id: volume.project_id });
    const a = attachments().create(caller, {
      volumeId: volume.id,
      instance: (b.instance_uuid as string | undefined) ?? null,
      connector: (b.connector as Record<string, unknown> | null | undefined) ?? null,
      mode: (b.mode as 'rw' | 'ro' | undefined) ?? null,
    });
    return { attachment: attachmentDetail(a) };
  });

  app.put<{ Params: P }>('/v3/:project_id/attachments/:attachment_id', async (req) => {
    needs(req, '3.27');
    cinderValid(req.body, updateSchema);
    const caller = attachmentCaller(deps, req);
    const a = attachments().get(caller, req.params.attachment_id);
    policyOf(deps, req).authorize('volume:attachment_update', { project_id: a.project_id });
    const connector = (req.body as { attachment: { connector: Record<string, unknown> } }).attachment.connector;
    return { attachment: attachmentDetail(attachments().update(caller, a.id, connector)) };
  });

  app.post<{ Params: P }>('/v3/:project_id/attachments/:attachment_id/action', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!('os-complete' in body)) throw new BadRequest('There is no such action: ' + (Object.keys(body)[0] ?? ''));
    needs(req, '3.44');
    const caller = attachmentCaller(deps, req);
    const a = attachments().get(caller, req.params.attachment_id);
    attachments().volume({ ...caller, isAdmin: true }, a.volume_id);
    policyOf(deps, req).authorize('volume:attachment_complete', { project_id: a.project_id });
    attachments().complete(caller, a.id);
    return reply.code(204).send();
  });

  app.delete<{ Params: P }>('/v3/:project_id/attachments/:attachment_id', async (req) => {
    needs(req, '3.27');
    const caller = attachmentCaller(deps, req);
    const a = attachments().get(caller, req.params.attachment_id);
    policyOf(deps, req).authorize('volume:attachment_delete', { project_id: a.project_id });
    return { attachments: attachments().delete(caller, a.id).map(attachmentSummary) };
  });
}
