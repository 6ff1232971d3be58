import type { IdentityService } from './service';

export interface BootstrapOptions {
  adminPassword: string;
  demoPassword: string;
  region: string;
}

export const DEFAULT_DOMAIN_ID = 'default';

/**
 * What `keystone-manage bootstrap` plus PackStack leave behind on an all-in-one install:
 * domain Default; projects admin, service, demo; roles admin > member > reader and _member_;
 * user admin (admin on project admin and on the system) and user demo (member of demo);
 * region RegionOne. Runs once per lab; returns false when the lab was already bootstrapped.
 */
export async function bootstrapIdentity(identity: IdentityService, opts: BootstrapOptions): Promise<boolean> {
  const store = identity.core.store;
  if (store.getFact('bootstrapped')) return false;
  const domain = identity.domains.find(DEFAULT_DOMAIN_ID) ?? identity.domains.create({ name: 'Default', description: 'The default domain' }, DEFAULT_DOMAIN_ID);
  const project = (name: string, description: string) =>
    identity.projects.findByName(name, domain.id) ?? identity.projects.create({ name, description, domain_id: domain.id });
  const admin = project('admin', 'Bootstrap project for initializing the cloud.');
  project('service', 'Tenant for the openstack services');
  const demo = project('demo', 'default tenant');

  const role = (name: string) => identity.roles.findByName(name) ?? identity.roles.create({ name });
  const adminRole = role('admin');
  const memberRole = role('member');
  const readerRole = role('reader');
  role('_member_');
  identity.roles.createImplied(adminRole.id, memberRole.id);
  identity.roles.createImplied(memberRole.id, readerRole.id);

  const user = async (name: string, password: string, defaultProject: string, email: string) =>
    identity.users.findByName(name, domain.id) ??
    (await identity.users.create({ name, password, domain_id: domain.id, default_project_id: defaultProject, email }));
  const adminUser = await user('admin', opts.adminPassword, admin.id, 'root@localhost');
  const demoUser = await user('demo', opts.demoPassword, demo.id, 'demo@localhost');
  identity.assignments.grant({ user: adminUser.id }, { project: admin.id }, adminRole.id);
  identity.assignments.grant({ user: adminUser.id }, { system: 'all' }, adminRole.id);
  identity.assignments.grant({ user: demoUser.id }, { project: demo.id }, memberRole.id);

  if (!identity.catalog.listRegions().some((r) => r.id === opts.region)) identity.catalog.createRegion({ description: '' }, opts.region);
  identity.core.write('bootstrap.completed', () => store.setFact('bootstrapped', new Date().toISOString()));
  return true;
}

export interface CatalogService {
  type: string;
  name: string;
  description: string;
  /** The URL for every interface, e.g. http://127.0.0.1:8774/v2.1. */
  url: string;
}

/**
 * Keeps the catalog entry of a service the engine serves in step with where it listens now
 * (host and port offset may change between starts): one service row, and a public, internal
 * and admin endpoint in the region, created or updated in place.
 */
export function registerCatalogService(identity: IdentityService, region: string, svc: CatalogService): void {
  const key = `catalog.service.${svc.type}`;
  const store = identity.core.store;
  let serviceId = store.getFact(key);
  if (!serviceId || !store.services.get(serviceId)) {
    serviceId = identity.catalog.createService({ type: svc.type, name: svc.name, description: svc.description }).id;
    identity.core.write('catalog.registered', () => store.setFact(key, serviceId!));
  }
  for (const iface of ['public', 'internal', 'admin']) {
    const existing = identity.catalog.listEndpoints({ service_id: serviceId, interface: iface, region_id: region })[0];
    if (!existing) identity.catalog.createEndpoint({ service_id: serviceId, interface: iface, region_id: region, url: svc.url });
    else if (existing.url !== svc.url) identity.catalog.updateEndpoint(existing.id, { url: svc.url });
  }
}
