import { BadRequest, Forbidden } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Role } from '../types';
import type { IdentityCore } from './core';

export class RoleManager {
  constructor(private readonly core: IdentityCore) {}

  get(id: string): Role {
    const r = this.core.store.roles.get(id);
    if (!r) throw notFound('role', id);
    return r;
  }

  find(id: string): Role | undefined {
    return this.core.store.roles.get(id);
  }

  /** Global roles by default; `domain_id` lists that domain's domain-specific roles. */
  list(f: { name?: string; domain_id?: string | null } = {}): Role[] {
    return this.core.store.roles.find({ name: f.name, domain_id: f.domain_id === undefined ? null : f.domain_id });
  }

  findByName(name: string, domainId: string | null = null): Role | undefined {
    return this.list({ domain_id: domainId }).find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  create(input: Partial<Role> & { name: string }, id = hexId()): Role {
    return this.core.write('role.created', () => {
      const domainId = input.domain_id ?? null;
      if (this.findByName(input.name, domainId)) throw duplicate('role', 'name', input.name, domainId);
      this.core.store.roles.insert({ description: null, options: {}, ...input, domain_id: domainId, id });
      return this.get(id);
    }, (r) => r.id);
  }

  update(id: string, patch: Partial<Role>): Role {
    return this.core.write('role.updated', () => {
      const r = this.get(id);
      if (patch.domain_id !== undefined && patch.domain_id !== r.domain_id) throw new BadRequest('Update of `domain_id` is not allowed.');
      if (r.options?.immutable && !(patch.options && (patch.options as Record<string, unknown>).immutable === false))
        throw new Forbidden(`Resource ${r.id} is immutable and cannot be modified.`);
      if (patch.name && patch.name.toLowerCase() !== r.name.toLowerCase() && this.findByName(patch.name, r.domain_id))
        throw duplicate('role', 'name', patch.name, r.domain_id);
      this.core.store.roles.replace({ ...r, ...patch, id });
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('role.deleted', () => {
      const r = this.get(id);
      if (r.options?.immutable) throw new Forbidden(`Resource ${r.id} is immutable and cannot be modified.`);
      this.core.store.roles.delete(id);
    }, () => id);
  }

  // --- implied roles (role inference rules) ---------------------------------------------
  createImplied(priorId: string, impliedId: string): void {
    this.core.write('implied_role.created', () => {
      this.get(priorId);
      const implied = this.get(impliedId);
      if (priorId === impliedId) throw new BadRequest(`${priorId} cannot imply itself.`);
      if (implied.name.toLowerCase() === 'admin') throw new Forbidden(`${impliedId} is not permitted to be an implied role.`);
      if (this.closure([impliedId]).has(priorId)) throw new BadRequest('The implied role would create a loop of inference rules.');
      this.core.store.addImpliedRole(priorId, impliedId);
    }, () => priorId);
  }

  deleteImplied(priorId: string, impliedId: string): void {
    this.core.write('implied_role.deleted', () => {
      this.get(priorId);
      this.get(impliedId);
      if (!this.core.store.removeImpliedRole(priorId, impliedId)) throw notFound('implied role', `${priorId} implies ${impliedId}`);
    }, () => priorId);
  }

  checkImplied(priorId: string, impliedId: string): void {
    this.get(priorId);
    this.get(impliedId);
    if (!this.core.store.impliedRoles(priorId).some((r) => r.implied_role_id === impliedId)) throw notFound('implied role', `${priorId} implies ${impliedId}`);
  }

  impliedBy(priorId: string): Role[] {
    this.get(priorId);
    return this.core.store.impliedRoles(priorId).map((r) => this.get(r.implied_role_id));
  }

  inferenceRules(): { prior: Role; implies: Role[] }[] {
    const byPrior = new Map<string, string[]>();
    for (const r of this.core.store.impliedRoles()) byPrior.set(r.prior_role_id, [...(byPrior.get(r.prior_role_id) ?? []), r.implied_role_id]);
    return [...byPrior.entries()].map(([p, imp]) => ({ prior: this.get(p), implies: imp.map((i) => this.get(i)) }));
  }

  /** Role ids plus every role they imply, transitively. */
  closure(roleIds: Iterable<string>): Set<string> {
    const all = this.core.store.impliedRoles();
    const out = new Set<string>();
    const stack = [...roleIds];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      for (const r of all) if (r.prior_role_id === id) stack.push(r.implied_role_id);
    }
    return out;
  }
}
