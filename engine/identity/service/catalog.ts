import { BadRequest, Forbidden } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Endpoint, Region, Service } from '../types';
import type { IdentityCore } from './core';

/** One service in a token's catalog (Keystone's wire shape). */
export interface CatalogEntry {
  endpoints: { id: string; interface: string; region_id: string | null; url: string; region: string | null }[];
  id: string;
  type: string;
  name: string;
}

export const INTERFACES = ['public', 'internal', 'admin'] as const;

/** Regions, services and endpoints: the service catalog handed out with every token. */
export class CatalogManager {
  private cached?: { generation: number; services: Service[]; endpoints: Endpoint[] };

  constructor(private readonly core: IdentityCore) {}

  // --- regions ----------------------------------------------------------------------------
  getRegion(id: string): Region {
    const r = this.core.store.regions.get(id);
    if (!r) throw notFound('region', id);
    return r;
  }
  listRegions(f: { parent_region_id?: string } = {}): Region[] {
    return this.core.store.regions.find({ parent_region_id: f.parent_region_id });
  }
  createRegion(input: Partial<Region>, id = input.id ?? hexId()): Region {
    return this.core.write('region.created', () => {
      if (this.core.store.regions.get(id)) throw duplicate('region', 'ID', id);
      if (input.parent_region_id) this.requireParent(input.parent_region_id);
      this.core.store.regions.insert({ description: '', parent_region_id: null, ...input, id });
      return this.getRegion(id);
    }, (r) => r.id);
  }
  private requireParent(id: string): void {
    if (!this.core.store.regions.get(id)) throw new BadRequest(`Region ${id} does not exist as parent region.`);
  }
  updateRegion(id: string, patch: Partial<Region>): Region {
    return this.core.write('region.updated', () => {
      const r = this.getRegion(id);
      if (patch.parent_region_id) {
        this.requireParent(patch.parent_region_id);
        let cur: string | null = patch.parent_region_id;
        for (let i = 0; cur && i < 100; i++) {
          if (cur === id) throw new BadRequest('Circular reference found in region tree.');
          cur = this.core.store.regions.get(cur)?.parent_region_id ?? null;
        }
      }
      this.core.store.regions.replace({ ...r, ...patch, id });
      return this.getRegion(id);
    }, () => id);
  }
  deleteRegion(id: string): void {
    this.core.write('region.deleted', () => {
      this.getRegion(id);
      if (this.core.store.regions.find({ parent_region_id: id }).length) throw new Forbidden('Cannot delete a region that has child regions.');
      for (const e of this.core.store.endpoints.find({ region_id: id })) this.core.store.endpoints.delete(e.id);
      this.core.store.regions.delete(id);
    }, () => id);
  }

  // --- services ----------------------------------------------------------------------------
  getService(id: string): Service {
    const s = this.core.store.services.get(id);
    if (!s) throw notFound('service', id);
    return s;
  }
  listServices(f: { type?: string; name?: string } = {}): Service[] {
    return this.core.store.services.find({ type: f.type, name: f.name });
  }
  createService(input: Partial<Service> & { type: string }, id = hexId()): Service {
    return this.core.write('service.created', () => {
      this.core.store.services.insert({ enabled: true, name: null, ...input, id });
      return this.getService(id);
    }, (s) => s.id);
  }
  updateService(id: string, patch: Partial<Service>): Service {
    return this.core.write('service.updated', () => {
      this.core.store.services.replace({ ...this.getService(id), ...patch, id });
      return this.getService(id);
    }, () => id);
  }
  deleteService(id: string): void {
    this.core.write('service.deleted', () => {
      this.getService(id);
      this.core.store.services.delete(id);
    }, () => id);
  }

  // --- endpoints --------------------------------------------------------------------------
  getEndpoint(id: string): Endpoint {
    const e = this.core.store.endpoints.get(id);
    if (!e) throw notFound('endpoint', id);
    return e;
  }
  listEndpoints(f: { interface?: string; service_id?: string; region_id?: string } = {}): Endpoint[] {
    return this.core.store.endpoints.find({ interface: f.interface, service_id: f.service_id, region_id: f.region_id });
  }
  createEndpoint(input: Partial<Endpoint> & { service_id: string; interface: string; url: string }, id = hexId()): Endpoint {
    return this.core.write('endpoint.created', () => {
      this.checkEndpoint(input);
      this.core.store.endpoints.insert({ enabled: true, region_id: null, ...input, id });
      return this.getEndpoint(id);
    }, (e) => e.id);
  }
  updateEndpoint(id: string, patch: Partial<Endpoint>): Endpoint {
    return this.core.write('endpoint.updated', () => {
      const next = { ...this.getEndpoint(id), ...patch, id };
      this.checkEndpoint(next);
      this.core.store.endpoints.replace(next);
      return this.getEndpoint(id);
    }, () => id);
  }
  deleteEndpoint(id: string): void {
    this.core.write('endpoint.deleted', () => {
      this.getEndpoint(id);
      this.core.store.endpoints.delete(id);
    }, () => id);
  }
  private checkEndpoint(e: Partial<Endpoint>): void {
    if (e.service_id) this.getService(e.service_id);
    if (e.region_id && !this.core.store.regions.get(e.region_id)) throw new BadRequest(`Region ${e.region_id} does not exist.`);
    if (e.interface && !(INTERFACES as readonly string[]).includes(e.interface)) throw new BadRequest(`Invalid input for field 'interface': '${e.interface}' is not one of ['admin', 'internal', 'public']`);
  }

  /**
   * The catalog for a token: enabled services with their enabled endpoints; `%(project_id)s`
   * and `%(tenant_id)s` (or `$(…)s`) in URLs are filled from the token's project, and endpoints that need
   * a project are left out of tokens without one (as Keystone does).
   */
  catalogFor(projectId: string | undefined): CatalogEntry[] {
    if (!this.cached || this.cached.generation !== this.core.generation)
      this.cached = { generation: this.core.generation, services: this.core.store.services.find({ enabled: true }), endpoints: this.core.store.endpoints.find({ enabled: true }) };
    const { services, endpoints } = this.cached;
    const out: CatalogEntry[] = [];
    for (const s of services) {
      const eps: CatalogEntry['endpoints'] = [];
      for (const e of endpoints) {
        if (e.service_id !== s.id) continue;
        const url = substitute(e.url, projectId);
        if (url === undefined) continue;
        eps.push({ id: e.id, interface: e.interface, region_id: e.region_id, url, region: e.region_id });
      }
      if (eps.length) out.push({ endpoints: eps, id: s.id, type: s.type, name: s.name ?? '' });
    }
    return out;
  }
}

/** Keystone's format_url: `$(project_id)s` reads as `%(project_id)s`; `tenant_id` is its old name. */
function substitute(url: string, projectId: string | undefined): string | undefined {
  if (!/[%$]\((project_id|tenant_id)\)s/.test(url)) return url;
  if (!projectId) return undefined;
  return url.replace(/[%$]\((project_id|tenant_id)\)s/g, projectId);
}
