import type { FastifyRequest } from 'fastify';
import type { Volume } from '../../types';
import { microversionAtLeast } from '../microversion';

/** What a volume's or snapshot's view depends on besides the row: the caller's rights and the microversion. */
export interface ViewContext {
  /** http://host:port of the request (links). */
  base: string;
  /** The project id in the request's URL (links). */
  projectId: string;
  isAdmin: boolean;
  /** The request's microversion is at least this one. */
  atLeast(v: string): boolean;
  /** Whether a policy rule passes for the row (the extension attributes' rules). */
  allows(rule: string, projectId: string): boolean;
  /** A volume type's name by id (the `volume_type` field). */
  typeName(id: string): string | undefined;
}

/** The view context of one request. */
export function viewContext(req: FastifyRequest, isAdmin: boolean, allows: ViewContext['allows'], typeName: ViewContext['typeName']): ViewContext {
  return {
    base: `${req.protocol}://${req.headers.host ?? req.hostname}`,
    projectId: (req.params as { project_id?: string }).project_id ?? req.ctx.projectId ?? '',
    isAdmin,
    atLeast: (v) => microversionAtLeast(req, v),
    allows,
    typeName,
  };
}

export function links(ctx: ViewContext, collection: string, id: string) {
  return [
    { rel: 'self', href: `${ctx.base}/v3/${ctx.projectId}/${collection}/${id}` },
    { rel: 'bookmark', href: `${ctx.base}/${ctx.projectId}/${collection}/${id}` },
  ];
}

/** The user metadata with the visible admin metadata (readonly, attached_mode) merged in, as Cinder shows it. */
export function visibleMetadata(v: Volume): Record<string, string> {
  const out = { ...v.metadata };
  for (const k of ['readonly', 'attached_mode']) if (v.admin_metadata?.[k] !== undefined) out[k] = v.admin_metadata[k];
  return out;
}

/** GET /volumes: id, name and links only. */
export function volumeSummary(ctx: ViewContext, v: Volume) {
  return { id: v.id, name: v.name, links: links(ctx, 'volumes', v.id) };
}

/** A volume's detail view (cinder.api.v3.views.volumes + the os-vol-*-attr and image metadata extensions). */
export function volumeDetail(ctx: ViewContext, v: Volume): Record<string, unknown> {
  const typeName = ctx.typeName(v.volume_type_id);
  const out: Record<string, unknown> = {
    id: v.id,
    status: v.status,
    size: v.size,
    availability_zone: v.availability_zone,
    created_at: v.created_at,
    updated_at: v.updated_at,
    name: v.name,
    description: v.description,
    volume_type: ctx.atLeast('3.63') ? (typeName ?? null) : (typeName ?? v.volume_type_id),
    snapshot_id: v.snapshot_id,
    source_volid: v.source_volid,
    metadata: visibleMetadata(v),
    links: links(ctx, 'volumes', v.id),
    user_id: v.user_id,
    bootable: String(v.bootable),
    encrypted: v.encrypted,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: v.multiattach,
    attachments: v.attachments.map((a) => ({ ...a, host_name: ctx.isAdmin ? a.host_name : null })),
  };
  if (ctx.isAdmin) out.migration_status = v.migration_status;
  if (ctx.atLeast('3.13')) out.group_id = v.group_id;
  if (ctx.isAdmin && ctx.atLeast('3.21')) out.provider_id = null;
  if (ctx.atLeast('3.48')) {
    // LVM with the LIO target: targets are not shared; one cinder-volume service
    out.shared_targets = false;
    out.service_uuid = v.host ? SERVICE_UUID : null;
  }
  if (ctx.isAdmin && ctx.atLeast('3.61')) out.cluster_name = null;
  if (ctx.atLeast('3.63')) out.volume_type_id = v.volume_type_id;
  if (ctx.atLeast('3.65')) out.consumes_quota = true;
  if (ctx.allows('volume_extension:volume_tenant_attribute', v.project_id)) out['os-vol-tenant-attr:tenant_id'] = v.project_id;
  if (ctx.allows('volume_extension:volume_host_attribute', v.project_id)) out['os-vol-host-attr:host'] = v.host || null;
  if (ctx.allows('volume_extension:volume_mig_status_attribute', v.project_id)) {
    out['os-vol-mig-status-attr:migstat'] = v.migration_status;
    out['os-vol-mig-status-attr:name_id'] = null;
  }
  if (v.volume_image_metadata && Object.keys(v.volume_image_metadata).length && ctx.allows('volume_extension:volume_image_metadata:show', v.project_id)) {
    out.volume_image_metadata = { ...v.volume_image_metadata };
  }
  return out;
}

/** The one cinder-volume service's uuid (localhost@lvm), as `service_uuid` shows it. */
export const SERVICE_UUID = '3f0f4a2e-5c53-4c1a-9d3c-6f1c4a7b2e10';
