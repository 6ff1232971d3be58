import { BadRequest, Forbidden } from '../../core/errors';
import { hexId } from '../../core/ids';
import { conflict, notFound } from '../errors';
import type { ProjectLimit, RegisteredLimit } from '../types';
import type { CatalogManager } from './catalog';
import type { IdentityCore } from './core';
import type { ProjectManager } from './projects';

/**
 * Unified limits: registered (default) limits per service and resource, and per-project
 * overrides. Later services read their quotas from here (the flat enforcement model).
 */
export class LimitManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly catalog: CatalogManager,
    private readonly projects: ProjectManager,
  ) {}

  getRegistered(id: string): RegisteredLimit {
    const r = this.core.store.registeredLimits.get(id);
    if (!r) throw notFound('registered limit', id);
    return r;
  }

  listRegistered(f: { service_id?: string; region_id?: string; resource_name?: string } = {}): RegisteredLimit[] {
    return this.core.store.registeredLimits.find(f);
  }

  createRegistered(items: (Partial<RegisteredLimit> & { service_id: string; resource_name: string; default_limit: number })[]): RegisteredLimit[] {
    return this.core.write('registered_limit.created', () =>
      items.map((i) => {
        this.catalog.getService(i.service_id);
        if (i.region_id) this.catalog.getRegion(i.region_id);
        if (this.listRegistered({ service_id: i.service_id, region_id: i.region_id ?? undefined, resource_name: i.resource_name }).some((r) => (r.region_id ?? null) === (i.region_id ?? null)))
          throw conflict('registered_limit', `Duplicate entry found with resource_name ${i.resource_name}`);
        const id = hexId();
        this.core.store.registeredLimits.insert({ region_id: null, description: null, ...i, id });
        return this.getRegistered(id);
      }),
    );
  }

  updateRegistered(id: string, patch: Partial<RegisteredLimit>): RegisteredLimit {
    return this.core.write('registered_limit.updated', () => {
      const r = this.getRegistered(id);
      const changesKey = ['service_id', 'region_id', 'resource_name'].some((k) => k in patch && patch[k] !== r[k]);
      if (changesKey && this.core.store.limits.find({ service_id: r.service_id, resource_name: r.resource_name }).length)
        throw new Forbidden('Cannot update a registered limit that is referenced by project limits.');
      this.core.store.registeredLimits.replace({ ...r, ...patch, id });
      return this.getRegistered(id);
    }, () => id);
  }

  deleteRegistered(id: string): void {
    this.core.write('registered_limit.deleted', () => {
      const r = this.getRegistered(id);
      if (this.core.store.limits.find({ service_id: r.service_id, resource_name: r.resource_name }).length)
        throw new Forbidden('Cannot delete a registered limit that is referenced by project limits.');
      this.core.store.registeredLimits.delete(id);
    }, () => id);
  }

  get(id: string): ProjectLimit {
    const l = this.core.store.limits.get(id);
    if (!l) throw notFound('limit', id);
    return l;
  }

  list(f: { service_id?: string; region_id?: string; resource_name?: string; project_id?: string; domain_id?: string } = {}): ProjectLimit[] {
    return this.core.store.limits.find(f);
  }

  create(items: (Partial<ProjectLimit> & { service_id: string; resource_name: string; resource_limit: number })[]): ProjectLimit[] {
    return this.core.write('limit.created', () =>
      items.map((i) => {
        if (!i.project_id && !i.domain_id) throw new BadRequest('Either project_id or domain_id must be specified.');
        if (i.project_id) this.projects.get(i.project_id);
        const registered = this.listRegistered({ service_id: i.service_id, resource_name: i.resource_name }).find((r) => (r.region_id ?? null) === (i.region_id ?? null));
        if (!registered) throw new Forbidden(`No registered limit for ${i.resource_name} in service ${i.service_id}; register a default limit first.`);
        if (this.list({ service_id: i.service_id, resource_name: i.resource_name }).some((l) => l.project_id === (i.project_id ?? null) && l.domain_id === (i.domain_id ?? null) && (l.region_id ?? null) === (i.region_id ?? null)))
          throw conflict('limit', `Duplicate entry found with resource_name ${i.resource_name}`);
        const id = hexId();
        this.core.store.limits.insert({ project_id: null, domain_id: null, region_id: null, description: null, ...i, id });
        return this.get(id);
      }),
    );
  }

  update(id: string, patch: Partial<ProjectLimit>): ProjectLimit {
    return this.core.write('limit.updated', () => {
      const l = this.get(id);
      this.core.store.limits.replace({ ...l, ...patch, id });
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('limit.deleted', () => {
      this.get(id);
      this.core.store.limits.delete(id);
    }, () => id);
  }

  /** The limit a project gets for a resource: its own override, else the registered default. */
  effectiveLimit(serviceId: string, resourceName: string, projectId: string, regionId: string | null = null): number | undefined {
    const own = this.list({ service_id: serviceId, resource_name: resourceName, project_id: projectId }).find((l) => (l.region_id ?? null) === regionId);
    if (own) return own.resource_limit;
    return this.listRegistered({ service_id: serviceId, resource_name: resourceName }).find((r) => (r.region_id ?? null) === regionId)?.default_limit;
  }
}
