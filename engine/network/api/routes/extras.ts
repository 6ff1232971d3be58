import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fault } from '../../service/core';
import { DEFAULT_QUOTAS } from '../../service/quotas';
import { authorize, baseUrl, bodyOf, callerOf, filterList, type NetworkApiDeps, queryOf } from '../http';
import { checkBody } from '../resource';
import { networkExtensions } from '../../extensions';

const id = (req: FastifyRequest, k = 'id') => (req.params as Record<string, string>)[k];

/** Router interface actions, agents and their routers, IP availability, quotas, extensions, discovery. */
export function registerExtraRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const n = deps.network;

  // --- version discovery (no token) --------------------------------------------------------------
  app.get('/', { config: { public: true } }, async (req) => ({
    versions: [{ status: 'CURRENT', id: 'v2.0', links: [{ href: `${baseUrl(req)}/v2.0/`, rel: 'self' }] }],
  }));
  const resources = ['subnet', 'network', 'port', 'router', 'floatingip', 'security_group', 'security_group_rule', 'agent', 'quota'];
  const listing = async (req: FastifyRequest) => ({
    resources: resources.map((r) => {
      const collection = r === 'security_group' ? 'security-groups' : r === 'security_group_rule' ? 'security-group-rules' : `${r}s`;
      return { links: [{ href: `${baseUrl(req)}/v2.0/${collection}`, rel: 'self' }], name: r, collection };
    }),
  });
  app.get('/v2.0', listing);
  app.get('/v2.0/', listing);

  app.get('/v2.0/extensions', async () => ({ extensions: networkExtensions }));
  app.get('/v2.0/extensions/:alias', async (req) => {
    const e = networkExtensions.find((x) => x.alias === id(req, 'alias'));
    if (!e) throw fault('NotFound', 'HTTPNotFound', `Extension with alias ${id(req, 'alias')} does not exist`);
    return { extension: e };
  });

  // --- router interfaces ------------------------------------------------------------------------------
  for (const action of ['add_router_interface', 'remove_router_interface'] as const) {
    app.put(`/v2.0/routers/:id/${action}`, async (req) => {
      const caller = callerOf(deps, req);
      const router = n.routers.get(caller, id(req));
      const body = checkBody((req.body ?? {}) as Record<string, unknown>, { subnet_id: 'string', port_id: 'string' }, 'PUT');
      authorize(deps, req, action, { ...router });
      return action === 'add_router_interface' ? n.routers.addInterface(caller, router.id, body as never) : n.routers.removeInterface(caller, router.id, body as never);
    });
  }
  for (const action of ['add_extraroutes', 'remove_extraroutes'] as const) {
    app.put(`/v2.0/routers/:id/${action}`, async (req) => {
      const caller = callerOf(deps, req);
      const router = n.routers.get(caller, id(req));
      authorize(deps, req, action, { ...router });
      const routes = (bodyOf(req, 'router').routes ?? []) as { destination: string; nexthop: string }[];
      const next =
        action === 'add_extraroutes'
          ? [...router.routes, ...routes.filter((r) => !router.routes.some((x) => x.destination === r.destination && x.nexthop === r.nexthop))]
          : router.routes.filter((x) => !routes.some((r) => x.destination === r.destination && x.nexthop === r.nexthop));
      return { router: n.routers.update(caller, router.id, { routes: next }) };
    });
  }
  app.get('/v2.0/routers/:id/l3-agents', async (req) => {
    const router = n.routers.get(callerOf(deps, req), id(req));
    authorize(deps, req, 'get_l3-agents', { ...router });
    return { agents: n.agents.agentsFor(router.id) };
  });

  // --- agents ----------------------------------------------------------------------------------------
  app.get('/v2.0/agents', async (req) => {
    authorize(deps, req, 'get_agent', {});
    return { agents: filterList(n.agents.list() as unknown as Record<string, unknown>[], queryOf(req)) };
  });
  app.get('/v2.0/agents/:id', async (req) => {
    authorize(deps, req, 'get_agent', {});
    return { agent: n.agents.get(id(req)) };
  });
  app.put('/v2.0/agents/:id', async (req) => {
    authorize(deps, req, 'update_agent', {});
    const body = checkBody(bodyOf(req, 'agent'), { admin_state_up: 'bool', description: 'string' }, 'PUT');
    return { agent: n.agents.update(id(req), body as never) };
  });
  app.delete('/v2.0/agents/:id', async (req, reply) => {
    authorize(deps, req, 'delete_agent', {});
    n.agents.delete(id(req));
    reply.code(204);
  });
  app.get('/v2.0/agents/:id/l3-routers', async (req) => {
    authorize(deps, req, 'get_l3-routers', {});
    return { routers: n.agents.routersOn(id(req)) };
  });
  app.post('/v2.0/agents/:id/l3-routers', async (req, reply) => {
    authorize(deps, req, 'create_l3-router', {});
    const routerId = (req.body as { router_id?: unknown } | undefined)?.router_id;
    if (typeof routerId !== 'string') throw fault('BadRequest', 'HTTPBadRequest', "Failed to parse request. Required attribute 'router_id' not specified");
    n.agents.addRouter(callerOf(deps, req), id(req), routerId);
    reply.code(201);
    return null;
  });
  app.delete('/v2.0/agents/:id/l3-routers/:router', async (req, reply) => {
    authorize(deps, req, 'delete_l3-router', {});
    n.agents.removeRouter(id(req), id(req, 'router'));
    reply.code(204);
  });
  app.get('/v2.0/agents/:id/dhcp-networks', async (req) => {
    authorize(deps, req, 'get_dhcp-networks', {});
    const agent = n.agents.get(id(req));
    if (agent.agent_type !== 'DHCP agent') return { networks: [] };
    const nets = new Set(n.core.store.ports.all().filter((p) => p.device_owner === 'network:dhcp').map((p) => p.network_id));
    return { networks: n.networks.list({ projectId: '', isAdmin: true }).filter((x) => nets.has(x.id)) };
  });

  // --- IP availability --------------------------------------------------------------------------------
  app.get('/v2.0/network-ip-availabilities', async (req) => {
    authorize(deps, req, 'get_network_ip_availability', {});
    return { network_ip_availabilities: filterList(n.ipAvailability() as unknown as Record<string, unknown>[], queryOf(req)) };
  });
  app.get('/v2.0/network-ip-availabilities/:id', async (req) => {
    authorize(deps, req, 'get_network_ip_availability', {});
    const found = n.ipAvailability(new Set([id(req)]))[0];
    if (!found) throw fault('NotFound', 'NetworkNotFound', `Network ${id(req)} could not be found.`);
    return { network_ip_availability: found };
  });

  // --- quotas -------------------------------------------------------------------------------------------
  const projectOf = (req: FastifyRequest) => id(req).replace(/\.json$/, '');
  app.get('/v2.0/quotas', async (req) => {
    authorize(deps, req, 'get_quota', {});
    // as Neutron: the projects whose quotas differ from the defaults
    return { quotas: n.core.store.quotaProjects().map((p) => ({ ...n.quotas.limits(p), project_id: p, tenant_id: p })) };
  });
  app.get('/v2.0/quotas/tenant', async (req) => ({ tenant: { tenant_id: req.ctx.projectId } }));
  app.get('/v2.0/quotas/:id', async (req) => {
    const project = projectOf(req);
    authorize(deps, req, 'get_quota', { project_id: project, tenant_id: project });
    return { quota: n.quotas.limits(project) };
  });
  app.get('/v2.0/quotas/:id/default', async (req) => {
    const project = projectOf(req);
    authorize(deps, req, 'get_quota', { project_id: project, tenant_id: project });
    return { quota: { ...DEFAULT_QUOTAS } };
  });
  app.get('/v2.0/quotas/:id/details', async (req) => {
    const project = projectOf(req);
    authorize(deps, req, 'get_quota', { project_id: project, tenant_id: project });
    const limits = n.quotas.limits(project);
    const used = n.quotas.used(project);
    const quota: Record<string, { limit: number; used: number; reserved: number }> = {};
    for (const k of Object.keys(limits)) quota[k] = { limit: limits[k], used: used[k] ?? 0, reserved: 0 };
    return { quota };
  });
  app.get('/v2.0/quotas/:id/details.json', async (req, reply) => reply.redirect(`/v2.0/quotas/${projectOf(req)}/details`));
  app.put('/v2.0/quotas/:id', async (req) => {
    const project = projectOf(req);
    authorize(deps, req, 'update_quota', { project_id: project, tenant_id: project });
    const body = bodyOf(req, 'quota') as Record<string, unknown>;
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(body)) {
      const num = typeof v === 'string' ? Number(v) : v;
      if (typeof num !== 'number' || !Number.isInteger(num)) throw fault('BadRequest', 'HTTPBadRequest', `Invalid input for ${k}. Reason: '${String(v)}' is not an integer.`);
      values[k] = num;
    }
    return { quota: n.quotas.set(project, values) };
  });
  app.delete('/v2.0/quotas/:id', async (req, reply) => {
    const project = projectOf(req);
    authorize(deps, req, 'delete_quota', { project_id: project, tenant_id: project });
    n.quotas.reset(project);
    reply.code(204);
  });
}
