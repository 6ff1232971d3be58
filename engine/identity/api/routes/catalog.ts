import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../../../core/errors';
import type { Endpoint, Region, Service } from '../../types';
import { registerCrud } from '../crud';
import { authorize, baseUrl, bodyOf, type IdentityApiDeps, param } from '../http';
import * as S from '../schemas';
import { withLinks } from '../views';

/** Regions, services and endpoints (Keystone's catalog backend). */
export function registerCatalogRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { catalog } = deps.identity;

  registerCrud<Region>(app, deps, {
    path: 'regions', key: 'region', policy: 'region',
    schemas: { create: S.regionCreate, update: S.regionUpdate },
    list: (q) => catalog.listRegions({ parent_region_id: q.parent_region_id }),
    get: (id) => catalog.getRegion(id),
    create: (b) => catalog.createRegion(b as Partial<Region>),
    update: (id, b) => {
      if (b.id !== undefined && b.id !== id) throw new BadRequest('Update of `id` is not allowed.');
      return catalog.updateRegion(id, b);
    },
    delete: (id) => catalog.deleteRegion(id),
  });
  // PUT /v3/regions/{id}: create with a chosen id (what `openstack region create RegionTwo` uses)
  app.put('/v3/regions/:id', { schema: { body: S.regionCreate } }, async (req, reply) => {
    const body = bodyOf<Partial<Region>>(req, 'region');
    authorize(deps, req, 'identity:create_region', { region: body });
    const id = param(req, 'id');
    if (body.id !== undefined && body.id !== id) throw new BadRequest('Conflicting region IDs specified: "' + id + '" and "' + body.id + '"');
    const r = catalog.createRegion(body, id);
    reply.code(201);
    return { region: withLinks(baseUrl(req), 'regions', r) };
  });

  registerCrud<Service>(app, deps, {
    path: 'services', key: 'service', policy: 'service',
    schemas: { create: S.serviceCreate, update: S.serviceUpdate },
    list: (q) => catalog.listServices({ type: q.type, name: q.name }),
    get: (id) => catalog.getService(id),
    create: (b) => catalog.createService(b as Partial<Service> & { type: string }),
    update: (id, b) => catalog.updateService(id, b),
    delete: (id) => catalog.deleteService(id),
  });

  const endpointView = (e: Endpoint) => ({ ...e, region: e.region_id });
  const endpointInput = (b: Record<string, unknown>) => {
    const { region, ...rest } = b as Partial<Endpoint> & { region?: string | null };
    if (region !== undefined && rest.region_id === undefined) rest.region_id = region;
    return rest;
  };
  registerCrud<Endpoint>(app, deps, {
    path: 'endpoints', key: 'endpoint', policy: 'endpoint',
    schemas: { create: S.endpointCreate, update: S.endpointUpdate },
    list: (q) => catalog.listEndpoints({ interface: q.interface, service_id: q.service_id, region_id: q.region_id }),
    get: (id) => catalog.getEndpoint(id),
    view: endpointView,
    create: (b) => catalog.createEndpoint(endpointInput(b) as Partial<Endpoint> & { service_id: string; interface: string; url: string }),
    update: (id, b) => catalog.updateEndpoint(id, endpointInput(b)),
    delete: (id) => catalog.deleteEndpoint(id),
  });
}
