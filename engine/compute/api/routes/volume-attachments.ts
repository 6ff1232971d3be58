import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { ServerVolumeRecord } from '../../types';
import { authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { serverCaller, serverFor } from './servers';

type P = { id: string; volume_id: string };

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const bad = (msg: string): ServiceError => new ServiceError('BadRequest', msg);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nova's volumeAttachment view, per microversion (tag 2.70, delete_on_termination 2.79, attachment_id/bdm_uuid 2.89 without id). */
function attachmentView(req: FastifyRequest, serverId: string, b: ServerVolumeRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!atLeast(req, '2.89')) out.id = b.volume_id;
  out.serverId = serverId;
  out.volumeId = b.volume_id;
  out.device = b.device;
  if (atLeast(req, '2.70')) out.tag = b.tag;
  if (atLeast(req, '2.79')) out.delete_on_termination = b.delete_on_termination;
  if (atLeast(req, '2.89')) {
    out.attachment_id = b.attachment_id;
    out.bdm_uuid = b.bdm_uuid;
  }
  return out;
}

/** The attach body as Nova's volumes schema (create_volume_attachment, v2.49 tag, v2.79 delete_on_termination) takes it. */
function attachBody(req: FastifyRequest): { volumeId: string; device: string | null; tag: string | null; deleteOnTermination: boolean } {
  const body = req.body;
  if (!isObject(body) || !isObject(body.volumeAttachment)) throw bad("Invalid input for field/attribute volumeAttachment. Value: None. None is not of type 'object'");
  const a = body.volumeAttachment;
  const allowedKeys = ['volumeId', 'device', ...(atLeast(req, '2.49') ? ['tag'] : []), ...(atLeast(req, '2.79') ? ['delete_on_termination'] : [])];
  for (const k of Object.keys(a)) if (!allowedKeys.includes(k)) throw bad(`Invalid input for field/attribute volumeAttachment. Value: ${JSON.stringify(a)}. Additional properties are not allowed ('${k}' was unexpected)`);
  if (!('volumeId' in a)) throw bad(`Invalid input for field/attribute volumeAttachment. Value: ${JSON.stringify(a)}. 'volumeId' is a required property`);
  if (typeof a.volumeId !== 'string' || !UUID_RE.test(a.volumeId)) throw bad(`Invalid input for field/attribute volumeId. Value: ${String(a.volumeId)}. '${String(a.volumeId)}' is not a 'uuid'`);
  if (a.device !== undefined && a.device !== null && (typeof a.device !== 'string' || !/^\/dev\/[a-zA-Z0-9]+$/.test(a.device)))
    throw bad(`Invalid input for field/attribute device. Value: ${String(a.device)}. '${String(a.device)}' does not match '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'`);
  if (a.tag !== undefined && (typeof a.tag !== 'string' || a.tag.length > 60 || /[,/]/.test(a.tag))) throw bad(`Invalid input for field/attribute tag. Value: ${String(a.tag)}. '${String(a.tag)}' does not match '^[^,/]*$'`);
  if (a.delete_on_termination !== undefined && typeof a.delete_on_termination !== 'boolean')
    throw bad(`Invalid input for field/attribute delete_on_termination. Value: ${String(a.delete_on_termination)}. ${JSON.stringify(a.delete_on_termination)} is not of type 'boolean'`);
  return { volumeId: a.volumeId, device: (a.device as string | null | undefined) ?? null, tag: (a.tag as string | undefined) ?? null, deleteOnTermination: (a.delete_on_termination as boolean | undefined) ?? false };
}

/** /v2.1/servers/{id}/os-volume_attachments: list, show, attach (through Cinder's attachments), detach. */
export function registerVolumeAttachmentsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;

  app.get<{ Params: P }>('/v2.1/servers/:id/os-volume_attachments', async (req) => {
    const s = serverFor(deps, req, req.params.id);
    authorize(deps, req, 'os_compute_api:os-volumes-attachments:index', { project_id: s.project_id });
    const q = (req.query ?? {}) as Record<string, string>;
    let rows = s.volumes ?? [];
    if (q.offset !== undefined) rows = rows.slice(Number(q.offset) || 0);
    if (q.limit !== undefined) rows = rows.slice(0, Math.max(0, Number(q.limit) || 0));
    return { volumeAttachments: rows.map((b) => attachmentView(req, s.id, b)) };
  });

  app.get<{ Params: P }>('/v2.1/servers/:id/os-volume_attachments/:volume_id', async (req) => {
    const s = serverFor(deps, req, req.params.id);
    authorize(deps, req, 'os_compute_api:os-volumes-attachments:show', { project_id: s.project_id });
    const bdm = nova.serverVolumes.show({ projectId: req.ctx.projectId ?? '', isAdmin: true }, s.id, req.params.volume_id);
    return { volumeAttachment: attachmentView(req, s.id, bdm) };
  });

  app.post<{ Params: P }>('/v2.1/servers/:id/os-volume_attachments', async (req, reply) => {
    const s = serverFor(deps, req, req.params.id);
    authorize(deps, req, 'os_compute_api:os-volumes-attachments:create', { project_id: s.project_id });
    const body = attachBody(req);
    const bdm = nova.serverVolumes.attach(serverCaller(deps, req, reply), s.id, body);
    return { volumeAttachment: attachmentView(req, s.id, bdm) };
  });

  app.delete<{ Params: P }>('/v2.1/servers/:id/os-volume_attachments/:volume_id', async (req, reply) => {
    const s = serverFor(deps, req, req.params.id);
    authorize(deps, req, 'os_compute_api:os-volumes-attachments:delete', { project_id: s.project_id });
    nova.serverVolumes.detach(serverCaller(deps, req, reply), s.id, req.params.volume_id);
    return reply.code(202).send();
  });
}
