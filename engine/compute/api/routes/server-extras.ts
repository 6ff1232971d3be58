import type { FastifyInstance } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { allowed, authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { actionDetailView, actionView } from '../views/server';
import { serverCaller, serverFor } from './servers';

const bad = (msg: string): ServiceError => new ServiceError('BadRequest', msg);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function metadataBody(body: unknown, key: 'metadata' | 'meta'): Record<string, string> {
  if (!isObject(body) || !isObject(body[key])) throw bad(`Invalid input for field/attribute ${key}. Value: None. None is not of type 'object'`);
  const m = body[key] as Record<string, unknown>;
  for (const [k, v] of Object.entries(m)) {
    if (!/^[a-zA-Z0-9-_:. ]{1,255}$/.test(k)) throw bad(`Invalid input for field/attribute ${key}. Value: ${JSON.stringify(m)}. Additional properties are not allowed ('${k}' was unexpected)`);
    if (typeof v !== 'string' || v.length > 255) throw bad(`Invalid input for field/attribute ${k}. Value: ${String(v)}. ${JSON.stringify(v)} is not of type 'string'`);
  }
  return m as Record<string, string>;
}

/** Metadata, addresses, instance actions (server events), tags and interfaces of a server. */
export function registerServerExtrasRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;

  // ---- metadata ----------------------------------------------------------------------------
  app.get('/v2.1/servers/:id/metadata', async (req) => {
    const s = serverFor(deps, req, (req.params as { id: string }).id);
    authorize(deps, req, 'os_compute_api:server-metadata:index', { project_id: s.project_id });
    return { metadata: s.metadata };
  });
  app.get('/v2.1/servers/:id/metadata/:key', async (req) => {
    const { id, key } = req.params as { id: string; key: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:server-metadata:show', { project_id: s.project_id });
    if (!(key in s.metadata)) throw new ServiceError('NotFound', 'Metadata item was not found');
    return { meta: { [key]: s.metadata[key] } };
  });
  app.post('/v2.1/servers/:id/metadata', async (req, reply) => {
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:server-metadata:create', { project_id: s.project_id });
    return { metadata: nova.servers.setMetadata(serverCaller(deps, req, reply), id, metadataBody(req.body, 'metadata'), false) };
  });
  app.put('/v2.1/servers/:id/metadata', async (req, reply) => {
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:server-metadata:update_all', { project_id: s.project_id });
    return { metadata: nova.servers.setMetadata(serverCaller(deps, req, reply), id, metadataBody(req.body, 'metadata'), true) };
  });
  app.put('/v2.1/servers/:id/metadata/:key', async (req, reply) => {
    const { id, key } = req.params as { id: string; key: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:server-metadata:update', { project_id: s.project_id });
    const meta = metadataBody(req.body, 'meta');
    if (Object.keys(meta).length !== 1) throw bad('Request body contains too many items');
    if (!(key in meta)) throw bad('Request body and URI mismatch');
    nova.servers.setMetadata(serverCaller(deps, req, reply), id, meta, false);
    return { meta };
  });
  app.delete('/v2.1/servers/:id/metadata/:key', async (req, reply) => {
    const { id, key } = req.params as { id: string; key: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:server-metadata:delete', { project_id: s.project_id });
    nova.servers.deleteMetadata(serverCaller(deps, req, reply), id, key);
    return reply.code(204).send();
  });

  // ---- ips ---------------------------------------------------------------------------------
  const ipView = (a: { version: number; addr: string }) => ({ version: a.version, addr: a.addr });
  app.get('/v2.1/servers/:id/ips', async (req) => {
    const s = serverFor(deps, req, (req.params as { id: string }).id);
    authorize(deps, req, 'os_compute_api:ips:index', { project_id: s.project_id });
    const addrs = nova.servers.kit.ports.addresses(s);
    return { addresses: Object.fromEntries(Object.entries(addrs).map(([k, v]) => [k, v.map(ipView)])) };
  });
  app.get('/v2.1/servers/:id/ips/:network', async (req) => {
    const { id, network } = req.params as { id: string; network: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:ips:show', { project_id: s.project_id });
    const addrs = nova.servers.kit.ports.addresses(s);
    if (!addrs[network]) throw new ServiceError('NotFound', 'Instance is not a member of specified network');
    return { [network]: addrs[network].map(ipView) };
  });

  // ---- instance actions (server event list/show) ------------------------------------------
  app.get('/v2.1/servers/:id/os-instance-actions', async (req) => {
    const { id } = req.params as { id: string };
    const visible = serverFor2(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-instance-actions:list', { project_id: visible.project_id });
    let actions = nova.servers.kit.actions.list(id);
    const q = (req.query ?? {}) as Record<string, string>;
    if (atLeast(req, '2.58')) {
      if (q['changes-since']) actions = actions.filter((a) => Date.parse(a.updated_at + 'Z') >= Date.parse(q['changes-since']));
      if (q.marker) {
        const i = actions.findIndex((a) => a.request_id === q.marker);
        if (i < 0) throw bad(`Marker ${q.marker} could not be found.`);
        actions = actions.slice(i + 1);
      }
      if (q.limit && /^\d+$/.test(q.limit)) actions = actions.slice(0, Number(q.limit));
    }
    return { instanceActions: actions.map((a) => actionView(req, a)) };
  });
  app.get('/v2.1/servers/:id/os-instance-actions/:rid', async (req) => {
    const { id, rid } = req.params as { id: string; rid: string };
    const s = serverFor2(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-instance-actions:show', { project_id: s.project_id });
    const a = nova.servers.kit.actions.find(id, rid);
    if (!a) throw new ServiceError('NotFound', `Action for request_id ${rid} on instance ${id} not found`);
    return { instanceAction: actionDetailView(deps, req, a, s.project_id) };
  });

  // ---- tags (2.26) -------------------------------------------------------------------------
  const needTags = (req: Parameters<typeof atLeast>[0]) => {
    if (!atLeast(req, '2.26')) throw new ServiceError('NotFound', 'The resource could not be found.');
  };
  app.get('/v2.1/servers/:id/tags', async (req) => {
    needTags(req);
    const s = serverFor(deps, req, (req.params as { id: string }).id);
    authorize(deps, req, 'os_compute_api:os-server-tags:index', { project_id: s.project_id });
    return { tags: s.tags };
  });
  app.get('/v2.1/servers/:id/tags/:tag', async (req, reply) => {
    needTags(req);
    const { id, tag } = req.params as { id: string; tag: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-server-tags:show', { project_id: s.project_id });
    if (!s.tags.includes(tag)) throw new ServiceError('NotFound', `Tag ${tag} could not be found.`);
    return reply.code(204).send();
  });
  app.put('/v2.1/servers/:id/tags', async (req, reply) => {
    needTags(req);
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-server-tags:update_all', { project_id: s.project_id });
    const body = req.body as Record<string, unknown> | undefined;
    if (!isObject(body) || !Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string' || t.length < 1 || t.length > 60 || /[,/]/.test(t))) throw bad("Invalid input for field/attribute tags. Value: None. None is not of type 'array'");
    return { tags: nova.servers.setTags(serverCaller(deps, req, reply), id, body.tags as string[]) };
  });
  app.put('/v2.1/servers/:id/tags/:tag', async (req, reply) => {
    needTags(req);
    const { id, tag } = req.params as { id: string; tag: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-server-tags:update', { project_id: s.project_id });
    if (tag.length > 60 || /[,/]/.test(tag)) throw bad(`Tag '${tag}' is invalid. It must be a non-empty string without characters '/' and ','`);
    const had = s.tags.includes(tag);
    nova.servers.setTags(serverCaller(deps, req, reply), id, [...s.tags, tag]);
    void reply.header('location', `http://${req.headers.host ?? ''}/v2.1/servers/${id}/tags/${tag}`);
    return reply.code(had ? 204 : 201).send();
  });
  app.delete('/v2.1/servers/:id/tags', async (req, reply) => {
    needTags(req);
    const { id } = req.params as { id: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-server-tags:delete_all', { project_id: s.project_id });
    nova.servers.setTags(serverCaller(deps, req, reply), id, []);
    return reply.code(204).send();
  });
  app.delete('/v2.1/servers/:id/tags/:tag', async (req, reply) => {
    needTags(req);
    const { id, tag } = req.params as { id: string; tag: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-server-tags:delete', { project_id: s.project_id });
    if (!s.tags.includes(tag)) throw new ServiceError('NotFound', `Tag ${tag} could not be found.`);
    nova.servers.setTags(serverCaller(deps, req, reply), id, s.tags.filter((t) => t !== tag));
    return reply.code(204).send();
  });

  // ---- interfaces (os-interface list/show) -------------------------------------------------
  const ifaceView = (p: { id: string; network_id: string; mac_address: string; status: string; fixed_ips: { subnet_id: string; ip_address: string }[] }) => ({
    port_state: p.status,
    fixed_ips: p.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
    port_id: p.id,
    net_id: p.network_id,
    mac_addr: p.mac_address,
  });
  app.get('/v2.1/servers/:id/os-interface', async (req) => {
    const s = serverFor(deps, req, (req.params as { id: string }).id);
    authorize(deps, req, 'os_compute_api:os-attach-interfaces:list', { project_id: s.project_id });
    return { interfaceAttachments: nova.servers.kit.ports.ports(s).map(ifaceView) };
  });
  app.get('/v2.1/servers/:id/os-interface/:port', async (req) => {
    const { id, port } = req.params as { id: string; port: string };
    const s = serverFor(deps, req, id);
    authorize(deps, req, 'os_compute_api:os-attach-interfaces:show', { project_id: s.project_id });
    const p = nova.servers.kit.ports.ports(s).find((x) => x.id === port);
    if (!p) throw new ServiceError('NotFound', `Port ${port} is not attached`);
    return { interfaceAttachment: ifaceView(p) };
  });

  // ---- security groups of a server (os-security-groups) ------------------------------------
  app.get('/v2.1/servers/:id/os-security-groups', async (req) => {
    const s = serverFor(deps, req, (req.params as { id: string }).id);
    authorize(deps, req, 'os_compute_api:os-security-groups:list', { project_id: s.project_id });
    const groups = nova.servers.securityGroupsOf(s);
    return { security_groups: groups };
  });
}

/** The server, deleted ones included for admins (instance actions of deleted servers, 2.21). */
function serverFor2(deps: ComputeApiDeps, req: Parameters<typeof serverFor>[1], id: string) {
  return deps.compute.servers.get({ projectId: req.ctx.projectId ?? '', isAdmin: allowed(deps, req, 'context_is_admin') }, id, { deleted: atLeast(req, '2.21') });
}
