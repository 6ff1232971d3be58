import { BadRequest, NotFound } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Group, User } from '../types';
import type { IdentityCore } from './core';
import type { DomainManager } from './domains';
import type { UserManager } from './users';

export class GroupManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly domains: DomainManager,
    private readonly users: UserManager,
  ) {}

  get(id: string): Group {
    const g = this.core.store.groups.get(id);
    if (!g) throw notFound('group', id);
    return g;
  }

  list(f: { name?: string; domain_id?: string } = {}): Group[] {
    return this.core.store.groups.find({ name: f.name, domain_id: f.domain_id });
  }

  create(input: Partial<Group> & { name: string }, id = hexId()): Group {
    return this.core.write('group.created', () => {
      if (!input.domain_id) throw new BadRequest('Expecting to find domain_id in group.');
      this.domains.get(input.domain_id);
      if (this.list({ name: input.name, domain_id: input.domain_id }).length) throw duplicate('group', 'name', input.name, input.domain_id);
      this.core.store.groups.insert({ description: '', ...input, id });
      return this.get(id);
    }, (g) => g.id);
  }

  update(id: string, patch: Partial<Group>): Group {
    return this.core.write('group.updated', () => {
      const g = this.get(id);
      if (patch.domain_id && patch.domain_id !== g.domain_id) throw new BadRequest('Update of `domain_id` is not allowed.');
      if (patch.name && patch.name !== g.name && this.list({ name: patch.name, domain_id: g.domain_id }).length)
        throw duplicate('group', 'name', patch.name, g.domain_id);
      this.core.store.groups.replace({ ...g, ...patch, id });
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('group.deleted', () => {
      this.get(id);
      this.core.store.removeAssignmentsOf('actor_id', id);
      this.core.store.groups.delete(id);
    }, () => id);
  }

  addUser(groupId: string, userId: string): void {
    this.core.write('group.member_added', () => {
      this.get(groupId);
      this.users.get(userId);
      this.core.store.addUserToGroup(userId, groupId);
    }, () => groupId);
  }

  removeUser(groupId: string, userId: string): void {
    this.core.write('group.member_removed', () => {
      this.get(groupId);
      this.users.get(userId);
      if (!this.core.store.removeUserFromGroup(userId, groupId)) throw new NotFound(`User '${userId}' not found in group '${groupId}'`);
    }, () => groupId);
  }

  /** HEAD /v3/groups/{g}/users/{u}: 404 unless the user is a member. */
  checkUser(groupId: string, userId: string): void {
    this.get(groupId);
    this.users.get(userId);
    if (!this.core.store.isUserInGroup(userId, groupId)) throw new NotFound(`User '${userId}' not found in group '${groupId}'`);
  }

  usersIn(groupId: string): User[] {
    this.get(groupId);
    return this.core.store.userIdsInGroup(groupId).map((u) => this.users.get(u));
  }

  groupsOf(userId: string): Group[] {
    this.users.get(userId);
    return this.core.store.groupIdsOfUser(userId).map((g) => this.get(g));
  }
}
