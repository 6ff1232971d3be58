import { BadRequest, Forbidden } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Project } from '../types';
import type { IdentityCore } from './core';
import type { DomainManager } from './domains';

export interface ProjectFilters { name?: string; domain_id?: string; parent_id?: string; enabled?: boolean; ids?: string[] }

export class ProjectManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly domains: DomainManager,
  ) {}

  get(id: string): Project {
    const p = this.core.store.projects.get(id);
    if (!p) throw notFound('project', id);
    return p;
  }

  find(id: string): Project | undefined {
    return this.core.store.projects.get(id);
  }

  findByName(name: string, domainId: string): Project | undefined {
    return this.core.store.projects.find({ name, domain_id: domainId })[0];
  }

  list(f: ProjectFilters = {}): Project[] {
    const rows = this.core.store.projects.find({ name: f.name, domain_id: f.domain_id, parent_id: f.parent_id, enabled: f.enabled });
    return f.ids ? rows.filter((p) => f.ids!.includes(p.id)) : rows;
  }

  /** The project's ancestors, nearest first (projects only; the domain is the root). */
  ancestors(p: Project): Project[] {
    const out: Project[] = [];
    let cur = p.parent_id && p.parent_id !== p.domain_id ? this.find(p.parent_id) : undefined;
    while (cur && out.length < 100) {
      out.push(cur);
      cur = cur.parent_id && cur.parent_id !== cur.domain_id ? this.find(cur.parent_id) : undefined;
    }
    return out;
  }

  create(input: Partial<Project> & { name: string }, id = hexId()): Project {
    return this.core.write('project.created', () => {
      let domainId = input.domain_id ?? undefined;
      let parentId = input.parent_id ?? undefined;
      if (parentId) {
        const parent = this.find(parentId);
        if (!parent) throw notFound('project', parentId);
        if (domainId && domainId !== parent.domain_id)
          throw new BadRequest('Cannot create project, the parent (' + parentId + ') is in a different domain.');
        domainId = parent.domain_id;
      }
      if (!domainId) throw new BadRequest('Expecting to find domain_id in project.');
      this.domains.get(domainId);
      parentId ??= domainId;
      if (this.findByName(input.name, domainId)) throw duplicate('project', 'name', input.name, domainId);
      const p: Project = { description: '', enabled: true, tags: [], options: {}, ...input, id, domain_id: domainId, parent_id: parentId };
      this.core.store.projects.insert(p);
      return this.get(id);
    }, (p) => p.id);
  }

  update(id: string, patch: Partial<Project>): Project {
    return this.core.write('project.updated', () => {
      const p = this.get(id);
      if (patch.domain_id && patch.domain_id !== p.domain_id) throw new BadRequest('Update of `domain_id` is not allowed.');
      if (patch.parent_id !== undefined && patch.parent_id !== p.parent_id) throw new Forbidden('Update of `parent_id` is not allowed.');
      if (patch.name && patch.name !== p.name && this.findByName(patch.name, p.domain_id)) throw duplicate('project', 'name', patch.name, p.domain_id);
      this.core.store.projects.replace({ ...p, ...patch, id });
      // Keystone records a revocation when a project is disabled: its tokens stay dead after re-enabling
      if (patch.enabled === false && p.enabled) this.core.store.revokeTokensOfProjects([id]);
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('project.deleted', () => {
      this.get(id);
      if (this.core.store.projects.find({ parent_id: id }).length > 0)
        throw new Forbidden(`Cannot delete the project ${id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`);
      this.core.store.removeAssignmentsOf('target_id', id);
      this.core.store.projects.delete(id);
    }, () => id);
  }
}
