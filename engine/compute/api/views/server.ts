import type { FastifyRequest } from 'fastify';
import { atLeast } from '../microversion';
import { allowed, type ComputeApiDeps } from '../http';
import { hostIdOf, statusOf } from '../../service/servers';
import type { ServerRow } from '../../store/server-store';
import type { InstanceAction } from '../../store/server-store';

/** http://<host the client used> (Nova builds links from the request's URL). */
export function baseUrl(req: FastifyRequest): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

export function links(req: FastifyRequest, collection: string, id: string): { rel: string; href: string }[] {
  const base = baseUrl(req);
  return [
    { rel: 'self', href: `${base}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${base}/${collection}/${id}` },
  ];
}

/** `2026-11-22T08:00:00.000000` as Nova prints launched_at/terminated_at (str of a naive datetime). */
const naive = (iso: string | null): string | null => (iso ? iso.replace(/Z$/, '').replace(/(T\d\d:\d\d:\d\d)$/, '$1.000000') : null);

/** GET /servers: id, name, links. */
export function serverBrief(req: FastifyRequest, s: ServerRow): Record<string, unknown> {
  return { id: s.id, links: links(req, 'servers', s.id), name: s.name };
}

export interface ViewOpts {
  /** The caller passes os_compute_api:os-extended-server-attributes (OS-EXT-SRV-ATTR:*). */
  extended?: boolean;
  /** Rebuild's answer leaves user_data out. */
  withUserData?: boolean;
  /**
   * PUT and rebuild before 2.75: the short document (no AZ, config drive, usage times, security
   * groups, extended status/attributes, volumes, host status; addresses without type and MAC).
   * `keyName`/`serverGroups` keep what rebuild still shows (2.54 / 2.71).
   */
  partial?: { keyName?: boolean; serverGroups?: boolean };
}

/** The detailed server document for the request's microversion (GET /servers/{id}, /servers/detail, 2.75 PUT/rebuild). */
export function serverDetail(deps: ComputeApiDeps, req: FastifyRequest, s: ServerRow, opts: ViewOpts = {}): Record<string, unknown> {
  const nova = deps.compute;
  const kit = nova.servers.kit;
  const status = statusOf(s);
  const isAdmin = allowed(deps, req, 'context_is_admin');
  const target = { project_id: s.project_id };
  const out: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status,
    tenant_id: s.project_id,
    user_id: s.user_id,
    metadata: s.metadata,
    hostId: hostIdOf(s.host, s.project_id),
    image: s.image_id ? { id: s.image_id, links: [{ rel: 'bookmark', href: `${baseUrl(req)}/images/${s.image_id}` }] } : '',
    flavor: flavorView(deps, req, s),
    created: s.created_at,
    updated: s.updated_at,
    addresses: s.vm_state === 'building' ? {} : addressesView(kit.ports.addresses(s), !opts.partial),
    accessIPv4: s.access_ipv4,
    accessIPv6: s.access_ipv6,
    links: links(req, 'servers', s.id),
    'OS-DCF:diskConfig': 'MANUAL',
  };
  if ((status === 'ERROR' || status === 'DELETED') && s.fault) {
    const f: Record<string, unknown> = { code: s.fault.code, created: s.fault.created, message: s.fault.message };
    if (s.fault.details && (isAdmin || s.fault.code !== 500)) f.details = s.fault.details;
    out.fault = f;
  }
  if (['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'].includes(status)) out.progress = s.progress;
  const partial = opts.partial;
  if (!partial) {
    out['OS-EXT-AZ:availability_zone'] = s.availability_zone ?? (s.host ? nova.aggregates.zoneOf(s.host) : '');
    out.config_drive = s.config_drive;
  }
  if (!partial || partial.keyName) out.key_name = s.key_name;
  if (!partial) {
    out['OS-SRV-USG:launched_at'] = naive(s.launched_at);
    out['OS-SRV-USG:terminated_at'] = naive(s.terminated_at);
    const groups = kit.ports.groupNames(s);
    if (groups.length) out.security_groups = groups.map((name) => ({ name }));
  }
  const extended = partial ? false : (opts.extended ?? allowed(deps, req, 'os_compute_api:os-extended-server-attributes', target));
  if (extended) {
    out['OS-EXT-SRV-ATTR:host'] = s.host;
    out['OS-EXT-SRV-ATTR:instance_name'] = `instance-${s.internal_id.toString(16).padStart(8, '0')}`;
    out['OS-EXT-SRV-ATTR:hypervisor_hostname'] = s.node;
    if (atLeast(req, '2.3')) {
      out['OS-EXT-SRV-ATTR:reservation_id'] = s.reservation_id;
      out['OS-EXT-SRV-ATTR:launch_index'] = s.launch_index;
      out['OS-EXT-SRV-ATTR:hostname'] = s.hostname;
      out['OS-EXT-SRV-ATTR:kernel_id'] = '';
      out['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      out['OS-EXT-SRV-ATTR:root_device_name'] = s.vm_state === 'building' && !s.host ? null : '/dev/vda';
      if (opts.withUserData !== false) out['OS-EXT-SRV-ATTR:user_data'] = s.user_data;
    }
  }
  if (!partial) {
    out['OS-EXT-STS:task_state'] = s.task_state;
    out['OS-EXT-STS:vm_state'] = s.vm_state;
    out['OS-EXT-STS:power_state'] = s.power_state;
    out['os-extended-volumes:volumes_attached'] = (s.volumes ?? []).map((b) => (atLeast(req, '2.3') ? { id: b.volume_id, delete_on_termination: b.delete_on_termination } : { id: b.volume_id }));
  }
  if (atLeast(req, '2.16') && !partial) {
    const hostStatus = hostStatusOf(deps, s);
    if (allowed(deps, req, 'os_compute_api:servers:show:host_status', target)) out.host_status = hostStatus;
    else if (hostStatus === 'UNKNOWN' && allowed(deps, req, 'os_compute_api:servers:show:host_status:unknown-only', target)) out.host_status = hostStatus;
  }
  if (atLeast(req, '2.9')) out.locked = s.locked;
  if (atLeast(req, '2.73')) out.locked_reason = s.locked_reason;
  if (atLeast(req, '2.19')) out.description = s.description;
  if (atLeast(req, '2.26')) out.tags = s.tags;
  if (atLeast(req, '2.63')) out.trusted_image_certificates = null;
  if (atLeast(req, '2.90') && !extended) out['OS-EXT-SRV-ATTR:hostname'] = s.hostname;
  if (atLeast(req, '2.71') && (!partial || partial.serverGroups)) out.server_groups = s.server_group_id ? [s.server_group_id] : [];
  return out;
}

/** Nova's addresses, or without type and MAC (extend_address=False). */
function addressesView(addrs: Record<string, { version: number; addr: string }[]>, extend: boolean): Record<string, unknown[]> {
  if (extend) return addrs;
  return Object.fromEntries(Object.entries(addrs).map(([k, v]) => [k, v.map((a) => ({ version: a.version, addr: a.addr }))]));
}

/** UP / DOWN / MAINTENANCE / UNKNOWN / NONE of the server's host (2.16). */
function hostStatusOf(deps: ComputeApiDeps, s: ServerRow): string {
  if (!s.host) return '';
  const svc = deps.compute.services;
  if (!svc.isEnabled(s.host)) return 'MAINTENANCE';
  return svc.isUp(s.host) ? 'UP' : 'UNKNOWN';
}

function flavorView(deps: ComputeApiDeps, req: FastifyRequest, s: ServerRow): Record<string, unknown> {
  const f = s.flavor;
  if (atLeast(req, '2.47')) {
    const out: Record<string, unknown> = { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: f.ephemeral, swap: f.swap, original_name: f.name };
    if (allowed(deps, req, 'os_compute_api:os-flavor-extra-specs:index', { project_id: s.project_id })) out.extra_specs = f.extra_specs ?? {};
    return out;
  }
  return { id: f.id, links: [{ rel: 'bookmark', href: `${baseUrl(req)}/flavors/${f.id}` }] };
}

/** os-instance-actions list entry (2.58 adds updated_at). */
export function actionView(req: FastifyRequest, a: InstanceAction): Record<string, unknown> {
  const out: Record<string, unknown> = {
    action: a.action,
    instance_uuid: a.instance_uuid,
    message: a.message,
    project_id: a.project_id,
    request_id: a.request_id,
    start_time: a.start_time,
    user_id: a.user_id,
  };
  if (atLeast(req, '2.58')) out.updated_at = a.updated_at;
  return out;
}

/** os-instance-actions show: the action with its events (traceback for admins; host 2.62; details 2.84). */
export function actionDetailView(deps: ComputeApiDeps, req: FastifyRequest, a: InstanceAction, projectId: string): Record<string, unknown> {
  const out = actionView(req, a);
  const target = { project_id: projectId };
  const showEvents = atLeast(req, '2.51') || allowed(deps, req, 'os_compute_api:os-instance-actions:events', target);
  if (!showEvents) return out;
  const traceback = allowed(deps, req, 'os_compute_api:os-instance-actions:events', target);
  const details = atLeast(req, '2.84') && allowed(deps, req, 'os_compute_api:os-instance-actions:events:details', target);
  out.events = a.events.map((e) => {
    const ev: Record<string, unknown> = { event: e.event, start_time: e.start_time, finish_time: e.finish_time, result: e.result };
    if (traceback) ev.traceback = e.traceback;
    if (atLeast(req, '2.62')) {
      ev.hostId = e.host ? hostIdOf(e.host, projectId) : '';
      if (traceback) ev.host = e.host ?? '';
    }
    if (details) ev.details = e.details;
    return ev;
  });
  return out;
}
