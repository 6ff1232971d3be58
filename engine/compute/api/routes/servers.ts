import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { RequestedNetwork, ServerRow } from '../../store/server-store';
import type { CreateServerInput } from '../../service/server-build';
import { type ServerCaller, statusOf } from '../../service/servers';
import { allowed, authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { baseUrl, links, serverBrief, serverDetail } from '../views/server';

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const bad = (msg: string): ServiceError => new ServiceError('BadRequest', msg);
const invalid = (field: string, value: unknown, why: string): ServiceError =>
  bad(`Invalid input for field/attribute ${field}. Value: ${typeof value === 'string' ? value : JSON.stringify(value)}. ${why}`);

/** The caller of a servers request as the backend takes it. */
export function serverCaller(deps: ComputeApiDeps, req: FastifyRequest, reply: FastifyReply): ServerCaller {
  const rid = reply.getHeader('x-openstack-request-id');
  return {
    projectId: req.ctx.projectId ?? '',
    userId: req.ctx.userId,
    isAdmin: allowed(deps, req, 'context_is_admin'),
    requestId: typeof rid === 'string' ? rid : `req-${Date.now()}`,
  };
}

/** The server named in the path, visible to the caller (404 otherwise). */
export function serverFor(deps: ComputeApiDeps, req: FastifyRequest, id: string): ServerRow {
  return deps.compute.servers.get({ projectId: req.ctx.projectId ?? '', isAdmin: allowed(deps, req, 'context_is_admin') }, id);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkName(field: string, v: unknown): string {
  if (typeof v !== 'string') throw invalid(field, v, `${JSON.stringify(v)} is not of type 'string'`);
  if (v.length < 1) throw invalid(field, v, `'' is too short`);
  if (v.length > 255) throw invalid(field, v, `'${v}' is too long`);
  if (v.trim() !== v) throw invalid(field, v, `'${v}' does not match '^(?![\\ ])[\\ \\S]+(?<![\\ ])$'`);
  return v;
}

function checkMetadata(v: unknown): Record<string, string> {
  if (!isObject(v)) throw invalid('metadata', v, `${JSON.stringify(v)} is not of type 'object'`);
  for (const [k, x] of Object.entries(v)) {
    if (k.length < 1 || k.length > 255) throw invalid('metadata', v, `'${k}' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'`);
    if (typeof x !== 'string') throw invalid('metadata', v, `${JSON.stringify(x)} is not of type 'string'`);
    if (x.length > 255) throw invalid('metadata', v, `'${x}' is too long`);
  }
  return v as Record<string, string>;
}

const CREATE_FIELDS = new Set([
  'name', 'imageRef', 'flavorRef', 'adminPass', 'metadata', 'networks', 'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6', 'personality', 'availability_zone',
  'block_device_mapping', 'block_device_mapping_v2', 'config_drive', 'key_name', 'min_count', 'max_count', 'return_reservation_id', 'security_groups',
  'user_data', 'description', 'tags', 'trusted_image_certificates', 'host', 'hypervisor_hostname', 'hostname',
]);

/** Parses POST /servers' body as Nova's schema does for the request's microversion. */
function parseCreate(req: FastifyRequest): { input: CreateServerInput; returnReservationId: boolean } {
  const body = req.body;
  if (!isObject(body) || !isObject(body.server)) throw bad("Invalid input for field/attribute server. Value: None. None is not of type 'object'");
  const s = body.server;
  for (const k of Object.keys(s)) {
    const since: Record<string, string> = { description: '2.19', tags: '2.52', trusted_image_certificates: '2.63', host: '2.74', hypervisor_hostname: '2.74', hostname: '2.90' };
    if (!CREATE_FIELDS.has(k) || (since[k] && !atLeast(req, since[k]))) throw bad(`Additional properties are not allowed ('${k}' was unexpected)`);
  }
  if (s.personality !== undefined && atLeast(req, '2.57')) throw bad(`Additional properties are not allowed ('personality' was unexpected)`);
  if (s.name === undefined) throw bad("'name' is a required property");
  if (s.flavorRef === undefined) throw bad("'flavorRef' is a required property");
  const input: CreateServerInput = { name: checkName('name', s.name), flavorRef: String(s.flavorRef) };
  if (typeof s.flavorRef !== 'string' && typeof s.flavorRef !== 'number') throw invalid('flavorRef', s.flavorRef, `${JSON.stringify(s.flavorRef)} is not of type 'string', 'integer'`);
  if (s.imageRef !== undefined) {
    if (typeof s.imageRef !== 'string') throw invalid('imageRef', s.imageRef, `${JSON.stringify(s.imageRef)} is not of type 'string'`);
    input.imageRef = s.imageRef;
  }
  if (s.block_device_mapping_v2 !== undefined || s.block_device_mapping !== undefined) {
    const bdm = s.block_device_mapping_v2 ?? s.block_device_mapping;
    if (!Array.isArray(bdm)) throw invalid('block_device_mapping_v2', bdm, `${JSON.stringify(bdm)} is not of type 'array'`);
    // an image-backed root disk written out as a mapping is the plain image boot
    const trivial = bdm.length === 1 && isObject(bdm[0]) && bdm[0].source_type === 'image' && (bdm[0].destination_type ?? 'local') === 'local';
    if (trivial) input.imageRef ??= String((bdm[0] as Record<string, unknown>).uuid ?? '');
    else input.blockDeviceMappings = bdm;
  }
  if (s.adminPass !== undefined) {
    if (typeof s.adminPass !== 'string') throw invalid('adminPass', s.adminPass, `${JSON.stringify(s.adminPass)} is not of type 'string'`);
    input.adminPass = s.adminPass;
  }
  if (s.metadata !== undefined) input.metadata = checkMetadata(s.metadata);
  if (s.networks !== undefined) {
    const n = s.networks;
    if (n === 'auto' || n === 'none') {
      if (!atLeast(req, '2.37')) throw invalid('networks', n, `'${n}' is not of type 'array'`);
      input.networks = n;
    } else {
      if (!Array.isArray(n)) throw invalid('networks', n, `${JSON.stringify(n)} is not of type 'array'`);
      const list: RequestedNetwork[] = [];
      for (const e of n) {
        if (!isObject(e)) throw invalid('networks', n, `${JSON.stringify(e)} is not of type 'object'`);
        for (const k of Object.keys(e)) if (!['uuid', 'port', 'fixed_ip', 'tag'].includes(k)) throw bad(`Additional properties are not allowed ('${k}' was unexpected)`);
        const r: RequestedNetwork = {};
        if (e.uuid !== undefined && e.uuid !== null) {
          if (typeof e.uuid !== 'string' || !UUID_RE.test(e.uuid)) throw bad(`Bad networks format: network uuid is not in proper format (${String(e.uuid)})`);
          r.uuid = e.uuid;
        }
        if (e.port !== undefined && e.port !== null) {
          if (typeof e.port !== 'string' || !UUID_RE.test(e.port)) throw invalid('port', e.port, `'${String(e.port)}' is not a 'uuid'`);
          r.port = e.port;
        }
        if (e.fixed_ip !== undefined) {
          if (typeof e.fixed_ip !== 'string') throw invalid('fixed_ip', e.fixed_ip, `${JSON.stringify(e.fixed_ip)} is not a 'ip-address'`);
          r.fixed_ip = e.fixed_ip;
        }
        if (!r.uuid && !r.port) throw bad('Bad networks format: network uuid is not in proper format ()');
        list.push(r);
      }
      input.networks = list;
    }
  } else if (atLeast(req, '2.37')) throw bad("'networks' is a required property");
  if (s.security_groups !== undefined) {
    if (!Array.isArray(s.security_groups)) throw invalid('security_groups', s.security_groups, `${JSON.stringify(s.security_groups)} is not of type 'array'`);
    input.securityGroups = s.security_groups.map((g) => {
      if (!isObject(g) || typeof g.name !== 'string') throw invalid('security_groups', s.security_groups, `${JSON.stringify(g)} is not valid`);
      return g.name;
    });
  }
  if (s.key_name !== undefined && s.key_name !== null) {
    if (typeof s.key_name !== 'string') throw invalid('key_name', s.key_name, `${JSON.stringify(s.key_name)} is not of type 'string'`);
    input.keyName = s.key_name;
  }
  if (s.user_data !== undefined && s.user_data !== null) {
    if (typeof s.user_data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s.user_data.replace(/\s/g, '')))
      throw invalid('user_data', s.user_data, `'${String(s.user_data)}' is not a 'base64'`);
    if (s.user_data.length > 65535) throw bad('User data too large. User data must be no larger than 65535 bytes once base64 encoded.');
    input.userData = s.user_data;
  }
  if (s.availability_zone !== undefined) {
    if (typeof s.availability_zone !== 'string') throw invalid('availability_zone', s.availability_zone, `${JSON.stringify(s.availability_zone)} is not of type 'string'`);
    input.availabilityZone = s.availability_zone;
  }
  for (const k of ['min_count', 'max_count'] as const) {
    if (s[k] === undefined) continue;
    const v = typeof s[k] === 'string' && /^\d+$/.test(s[k]) ? Number(s[k]) : s[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(k, s[k], `${JSON.stringify(s[k])} is less than the minimum of 1`);
    if (k === 'min_count') input.minCount = v;
    else input.maxCount = v;
  }
  if (input.minCount !== undefined && input.maxCount !== undefined && input.minCount > input.maxCount) throw bad("min_count must be <= max_count");
  if (s.description !== undefined) {
    if (s.description !== null && (typeof s.description !== 'string' || s.description.length > 255)) throw invalid('description', s.description, 'is not valid');
    input.description = s.description as string | null;
  }
  if (s.tags !== undefined) {
    if (!Array.isArray(s.tags) || s.tags.some((t) => typeof t !== 'string' || t.length < 1 || t.length > 60 || /[,/]/.test(t))) throw invalid('tags', s.tags, 'is not valid');
    if (s.tags.length > 50) throw invalid('tags', s.tags, 'is too long');
    input.tags = s.tags as string[];
  }
  if (s.hostname !== undefined) {
    if (typeof s.hostname !== 'string' || !/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])?$/.test(s.hostname)) throw invalid('hostname', s.hostname, 'is not valid');
    input.hostname = s.hostname;
  }
  if (s.host !== undefined || s.hypervisor_hostname !== undefined) {
    const host = (s.host ?? s.hypervisor_hostname) as string;
    input.availabilityZone = `${(input.availabilityZone ?? '').split(':')[0]}:${host}`;
  }
  if (s.accessIPv4 !== undefined) input.accessIPv4 = String(s.accessIPv4);
  if (s.accessIPv6 !== undefined) input.accessIPv6 = String(s.accessIPv6);
  if (s.config_drive !== undefined) input.configDrive = s.config_drive === true || s.config_drive === 'true' || s.config_drive === 'True';
  const hints = (body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints']) as unknown;
  if (hints !== undefined) {
    if (!isObject(hints)) throw invalid('os:scheduler_hints', hints, "is not of type 'object'");
    const g = hints.group;
    if (g !== undefined) {
      if (typeof g !== 'string' || !UUID_RE.test(g)) throw invalid('group', g, `'${String(g)}' is not a 'uuid'`);
      input.groupId = g;
    }
  }
  return { input, returnReservationId: s.return_reservation_id === true || s.return_reservation_id === 'True' || s.return_reservation_id === 'true' };
}

const SORT_KEYS = new Set(['access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'availability_zone', 'config_drive', 'created_at', 'display_description', 'display_name', 'host', 'hostname', 'image_ref', 'instance_type_id', 'kernel_id', 'key_name', 'launch_index', 'launched_at', 'locked', 'locked_by', 'node', 'power_state', 'progress', 'project_id', 'ramdisk_id', 'root_device_name', 'task_state', 'terminated_at', 'updated_at', 'user_id', 'uuid', 'vm_state']);
const sortValue = (s: ServerRow, key: string): string | number => {
  const map: Record<string, unknown> = {
    display_name: s.name, display_description: s.description, image_ref: s.image_id, instance_type_id: s.flavor.id, uuid: s.id, access_ip_v4: s.access_ipv4, access_ip_v6: s.access_ipv6,
    ...(s as unknown as Record<string, unknown>),
  };
  const v = map[key];
  return typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v);
};

const queryAll = (q: Record<string, unknown>, k: string): string[] => {
  const v = q[k];
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
};
const truthy = (v: string | undefined): boolean => !!v && ['1', 't', 'true', 'on', 'y', 'yes'].includes(v.toLowerCase());

/** GET /servers and /servers/detail with Nova's filters, sorting and paging. */
function listServers(deps: ComputeApiDeps, req: FastifyRequest, detail: boolean): Record<string, unknown> {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const one = (k: string) => queryAll(q, k)[0];
  const isAdmin = allowed(deps, req, 'context_is_admin');
  const allTenants = q.all_tenants !== undefined && (one('all_tenants') === '' || truthy(one('all_tenants')) || one('all_tenants') === undefined);
  if (allTenants) authorize(deps, req, `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`);
  const admin = isAdmin || allowed(deps, req, 'os_compute_api:servers:allow_all_filters');
  const statuses = queryAll(q, 'status').map((s) => s.toUpperCase());
  const known = new Set(['BUILD', 'ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'REVERT_RESIZE', 'ERROR', 'DELETED', 'SOFT_DELETED', 'SHELVED', 'SHELVED_OFFLOADED', 'MIGRATING', 'PASSWORD', 'RESCUE', 'UNKNOWN']);
  if (statuses.length && !statuses.some((s) => known.has(s))) {
    if (atLeast(req, '2.38')) throw bad('Invalid status value');
    return { servers: [] };
  }
  let includeDeleted = false;
  if (q.deleted !== undefined) includeDeleted = truthy(one('deleted'));
  if (statuses.includes('DELETED')) {
    if (!isAdmin) throw new ServiceError('Forbidden', 'Only administrators may list deleted instances');
    includeDeleted = true;
  }
  if (!admin) includeDeleted = false;
  const changesSince = one('changes-since');
  if (changesSince !== undefined && Number.isNaN(Date.parse(changesSince))) throw bad('Invalid filter field: changes-since.');
  if (changesSince !== undefined) includeDeleted = true;

  let projectFilter: string | undefined = req.ctx.projectId ?? undefined;
  if (allTenants) projectFilter = admin ? (one('project_id') ?? one('tenant_id')) : undefined;
  let list = deps.compute.servers.list({ projectId: projectFilter, includeDeleted }) as ServerRow[];
  if (includeDeleted && !(q.deleted !== undefined && truthy(one('deleted'))) && changesSince === undefined && !statuses.includes('DELETED')) list = list.filter((s) => !s.deleted);
  if (q.deleted !== undefined && truthy(one('deleted')) && admin) list = list.filter((s) => s.deleted);
  if (statuses.length) list = list.filter((s) => statuses.includes(statusOf(s)));
  const name = one('name');
  if (name !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(name);
    } catch {
      re = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    list = list.filter((s) => re.test(s.name));
  }
  const flavor = one('flavor');
  if (flavor !== undefined) list = list.filter((s) => s.flavor.id === flavor);
  const image = one('image');
  if (image !== undefined) list = list.filter((s) => s.image_id === image.replace(/\/+$/, '').split('/').pop());
  if (admin) {
    const host = one('host');
    if (host !== undefined) list = list.filter((s) => s.host === host);
    const node = one('node');
    if (node !== undefined) list = list.filter((s) => s.node === node);
    const user = one('user_id');
    if (user !== undefined) list = list.filter((s) => s.user_id === user);
  }
  const reservation = one('reservation_id');
  if (reservation !== undefined) list = list.filter((s) => s.reservation_id === reservation);
  if (changesSince !== undefined) list = list.filter((s) => Date.parse(s.updated_at) >= Date.parse(changesSince));
  const ip = one('ip');
  if (ip !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(ip);
    } catch {
      re = /$^/;
    }
    list = list.filter((s) => Object.values(deps.compute.servers.kit.ports.addresses(s)).flat().some((a) => a['OS-EXT-IPS:type'] === 'fixed' && a.version === 4 && re.test(a.addr)));
  }
  if (q.locked !== undefined && atLeast(req, '2.73')) {
    const want = truthy(one('locked'));
    list = list.filter((s) => s.locked === want);
  }
  if (atLeast(req, '2.26')) {
    const tagsAll = one('tags')?.split(',');
    if (tagsAll) list = list.filter((s) => tagsAll.every((t) => s.tags.includes(t)));
    const tagsAny = one('tags-any')?.split(',');
    if (tagsAny) list = list.filter((s) => tagsAny.some((t) => s.tags.includes(t)));
    const notTags = one('not-tags')?.split(',');
    if (notTags) list = list.filter((s) => !notTags.every((t) => s.tags.includes(t)));
    const notAny = one('not-tags-any')?.split(',');
    if (notAny) list = list.filter((s) => !notAny.some((t) => s.tags.includes(t)));
  }

  // sorting: created_at desc by default; uuid breaks ties
  const keys = queryAll(q, 'sort_key').filter((k) => SORT_KEYS.has(k) && (admin || (k !== 'host' && k !== 'node')));
  const dirs = queryAll(q, 'sort_dir');
  for (const d of dirs) if (d !== 'asc' && d !== 'desc') throw bad(`Invalid input for field/attribute sort_dir. Value: ${d}. '${d}' is not one of ['asc', 'desc']`);
  const sortKeys = keys.length ? keys : ['created_at'];
  const order = [...list].map((s, i) => ({ s, i }));
  order.sort((a, b) => {
    for (let k = 0; k < sortKeys.length; k++) {
      const dir = (dirs[k] ?? dirs[0] ?? 'desc') === 'asc' ? 1 : -1;
      const x = sortValue(a.s, sortKeys[k]);
      const y = sortValue(b.s, sortKeys[k]);
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    // same key: later inserted first when descending, as Nova's id tie-break
    return (dirs[0] ?? 'desc') === 'asc' ? a.s.internal_id - b.s.internal_id : b.s.internal_id - a.s.internal_id;
  });
  list = order.map((o) => o.s);

  const marker = one('marker');
  if (marker !== undefined) {
    const i = list.findIndex((s) => s.id === marker);
    if (i < 0) throw bad(`marker [${marker}] not found`);
    list = list.slice(i + 1);
  }
  const limitS = one('limit');
  let limit: number | undefined;
  if (limitS !== undefined) {
    if (!/^\d+$/.test(limitS)) throw bad(`Invalid input for query parameters limit. Value: ${limitS}. '${limitS}' does not match '^[0-9]*$'`);
    limit = Math.min(Number(limitS), 1000);
  }
  const page = limit !== undefined ? list.slice(0, limit) : list.slice(0, 1000);
  const out: Record<string, unknown> = {
    servers: page.map((s) => (detail ? serverDetail(deps, req, s) : serverBrief(req, s))),
  };
  if (limit !== undefined && page.length === limit && limit > 0 && list.length > limit) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== 'marker') for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
    params.append('marker', page[page.length - 1].id);
    out.servers_links = [{ rel: 'next', href: `${baseUrl(req)}/v2.1/servers${detail ? '/detail' : ''}?${params.toString()}` }];
  }
  return out;
}

export function registerServersRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;

  app.get('/v2.1/servers', async (req) => {
    authorize(deps, req, 'os_compute_api:servers:index');
    return listServers(deps, req, false);
  });

  app.get('/v2.1/servers/detail', async (req) => {
    authorize(deps, req, 'os_compute_api:servers:detail');
    return listServers(deps, req, true);
  });

  app.post('/v2.1/servers', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:servers:create', { project_id: req.ctx.projectId ?? null, user_id: req.ctx.userId });
    const { input, returnReservationId } = parseCreate(req);
    if (input.availabilityZone?.includes(':')) authorize(deps, req, 'os_compute_api:servers:create:forced_host');
    if (input.networks && input.networks !== 'auto' && input.networks !== 'none' && input.networks.length) authorize(deps, req, 'os_compute_api:servers:create:attach_network');
    const caller = serverCaller(deps, req, reply);
    const result = nova.servers.builder.create(caller, input);
    void reply.code(202);
    if (returnReservationId) return { reservation_id: result.reservationId };
    const s = result.servers[0];
    void reply.header('location', `${baseUrl(req)}/v2.1/servers/${s.id}`);
    const server: Record<string, unknown> = {
      id: s.id,
      links: links(req, 'servers', s.id),
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: (input.securityGroups?.length ? input.securityGroups : ['default']).map((name) => ({ name })),
    };
    server.adminPass = result.adminPass;
    return { server };
  });

  app.get('/v2.1/servers/:id', async (req) => {
    const { id } = req.params as { id: string };
    // a deleted server is gone for show, admins included (Nova reads with read_deleted=no)
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:servers:show', { project_id: s.project_id });
    return { server: serverDetail(deps, req, s) };
  });

  app.put('/v2.1/servers/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:servers:update', { project_id: s.project_id });
    const body = req.body;
    if (!isObject(body) || !isObject(body.server)) throw bad("Invalid input for field/attribute server. Value: None. None is not of type 'object'");
    const b = body.server;
    const allowedKeys = ['name', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig', ...(atLeast(req, '2.19') ? ['description'] : []), ...(atLeast(req, '2.90') ? ['hostname'] : [])];
    for (const k of Object.keys(b)) if (!allowedKeys.includes(k)) throw bad(`Additional properties are not allowed ('${k}' was unexpected)`);
    const patch: Parameters<typeof nova.servers.update>[2] = {};
    if (b.name !== undefined) patch.name = checkName('name', b.name);
    if (b.description !== undefined) {
      if (b.description !== null && (typeof b.description !== 'string' || b.description.length > 255)) throw invalid('description', b.description, 'is not valid');
      patch.description = b.description as string | null;
    }
    if (b.hostname !== undefined) {
      if (typeof b.hostname !== 'string' || !/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])?$/.test(b.hostname)) throw invalid('hostname', b.hostname, 'is not valid');
      patch.hostname = b.hostname;
    }
    if (b.accessIPv4 !== undefined) patch.access_ipv4 = String(b.accessIPv4);
    if (b.accessIPv6 !== undefined) patch.access_ipv6 = String(b.accessIPv6);
    const updated = nova.servers.update(serverCaller(deps, req, reply), id, patch);
    // 2.75: PUT answers the whole server; before it, the short document
    return { server: serverDetail(deps, req, updated, atLeast(req, '2.75') ? {} : { partial: {} }) };
  });

  app.delete('/v2.1/servers/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:servers:delete', { project_id: s.project_id });
    nova.servers.builder.delete(serverCaller(deps, req, reply), id);
    return reply.code(204).send();
  });
}
