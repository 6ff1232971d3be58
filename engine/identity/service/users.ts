import { BadRequest, Unauthorized } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { User } from '../types';
import type { IdentityCore } from './core';
import type { DomainManager } from './domains';
import { hashSecret, verifySecret } from './passwords';

export interface UserFilters { name?: string; domain_id?: string; enabled?: boolean }
export type UserInput = Partial<User> & { name: string; password?: string | null };

export class UserManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly domains: DomainManager,
  ) {}

  get(id: string): User {
    const u = this.core.store.users.get(id);
    if (!u) throw notFound('user', id);
    return u;
  }

  find(id: string): User | undefined {
    return this.core.store.users.get(id);
  }

  findByName(name: string, domainId: string): User | undefined {
    return this.core.store.users.find({ name, domain_id: domainId })[0];
  }

  /** The stored password hash (never leaves the identity service). */
  passwordHash(id: string): string | null {
    return (this.core.store.users.get(id, { withHidden: true })?.password_hash as string | null) ?? null;
  }

  list(f: UserFilters = {}): User[] {
    return this.core.store.users.find({ name: f.name, domain_id: f.domain_id, enabled: f.enabled });
  }

  async create(input: UserInput, id = hexId()): Promise<User> {
    const { password, ...rest } = input;
    const hash = password ? await hashSecret(password) : null;
    return this.core.write('user.created', () => {
      const domainId = rest.domain_id;
      if (!domainId) throw new BadRequest('Expecting to find domain_id in user.');
      this.domains.get(domainId);
      if (this.findByName(rest.name, domainId)) throw duplicate('user', 'name', rest.name, domainId);
      const now = this.core.nowIso();
      const u: User = {
        enabled: true, password_expires_at: null, options: {}, ...rest, id, domain_id: domainId,
        password_hash: hash, password_created_at: hash ? now : null, created_at: now,
      };
      this.core.store.users.insert(u);
      return this.get(id);
    }, (u) => u.id);
  }

  async update(id: string, patch: UserInput | Partial<User> & { password?: string | null }): Promise<User> {
    const { password, ...rest } = patch;
    const hash = typeof password === 'string' ? await hashSecret(password) : password === null ? null : undefined;
    return this.core.write('user.updated', () => {
      const u = this.core.store.users.get(id, { withHidden: true });
      if (!u) throw notFound('user', id);
      if (rest.domain_id && rest.domain_id !== u.domain_id) throw new BadRequest('Update of `domain_id` is not allowed.');
      if (rest.name && rest.name !== u.name && this.findByName(rest.name, u.domain_id)) throw duplicate('user', 'name', rest.name, u.domain_id);
      const next: User = { ...u, ...rest, id };
      if (hash !== undefined) {
        next.password_hash = hash;
        next.password_created_at = this.core.nowIso();
      }
      this.core.store.users.replace(next);
      // a disabled user, or a new password, invalidates every token the user holds
      if (rest.enabled === false || hash !== undefined) this.core.store.revokeTokensOfUser(id);
      return this.get(id);
    }, () => id);
  }

  /** POST /v3/users/{id}/password: the caller proves the old password. */
  async changePassword(id: string, originalPassword: string, newPassword: string): Promise<void> {
    const u = this.get(id);
    if (!(await verifySecret(originalPassword, this.passwordHash(u.id)))) throw new Unauthorized('The request you have made requires authentication.');
    await this.update(id, { password: newPassword });
  }

  delete(id: string): void {
    this.core.write('user.deleted', () => {
      this.get(id);
      this.core.store.removeAssignmentsOf('actor_id', id);
      this.core.store.revokeTokensOfUser(id);
      this.core.store.credentials.find({ user_id: id }).forEach((c) => this.core.store.credentials.delete(c.id));
      this.core.store.users.delete(id);
    }, () => id);
  }
}
