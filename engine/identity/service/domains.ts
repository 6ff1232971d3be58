import { Forbidden } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Domain } from '../types';
import type { IdentityCore } from './core';

export interface DomainFilters { name?: string; enabled?: boolean }

export class DomainManager {
  constructor(private readonly core: IdentityCore) {}

  get(id: string): Domain {
    const d = this.core.store.domains.get(id);
    if (!d) throw notFound('domain', id);
    return d;
  }

  find(id: string): Domain | undefined {
    return this.core.store.domains.get(id);
  }

  findByName(name: string): Domain | undefined {
    return this.core.store.domains.find({ name })[0];
  }

  list(f: DomainFilters = {}): Domain[] {
    return this.core.store.domains.find({ name: f.name, enabled: f.enabled });
  }

  create(input: Partial<Domain> & { name: string }, id = hexId()): Domain {
    return this.core.write('domain.created', () => {
      if (this.findByName(input.name)) throw duplicate('domain', 'name', input.name);
      const d: Domain = { description: '', enabled: true, tags: [], options: {}, ...input, id };
      this.core.store.domains.insert(d);
      return this.get(id);
    }, (d) => d.id);
  }

  update(id: string, patch: Partial<Domain>): Domain {
    return this.core.write('domain.updated', () => {
      const d = this.get(id);
      if (patch.name && patch.name !== d.name && this.findByName(patch.name)) throw duplicate('domain', 'name', patch.name);
      this.core.store.domains.replace({ ...d, ...patch, id });
      if (patch.enabled === false && d.enabled) this.core.store.revokeTokensOfDomain(id);
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('domain.deleted', () => {
      const d = this.get(id);
      if (d.enabled) throw new Forbidden('Cannot delete a domain that is enabled, please disable it first.');
      const s = this.core.store;
      for (const p of s.projects.find({ domain_id: id })) {
        s.removeAssignmentsOf('target_id', p.id);
        s.projects.delete(p.id);
      }
      for (const u of s.users.find({ domain_id: id })) {
        s.removeAssignmentsOf('actor_id', u.id);
        s.users.delete(u.id);
      }
      for (const g of s.groups.find({ domain_id: id })) {
        s.removeAssignmentsOf('actor_id', g.id);
        s.groups.delete(g.id);
      }
      for (const r of s.roles.find({ domain_id: id })) s.roles.delete(r.id);
      s.removeAssignmentsOf('target_id', id);
      s.domains.delete(id);
    }, () => id);
  }
}
