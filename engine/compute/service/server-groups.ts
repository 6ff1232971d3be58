import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import { type CatalogStore, catalogStore, type ServerGroupRow } from '../store/catalog-store';

export type GroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

export interface ServerGroupRecord {
  id: string;
  name: string;
  policy: GroupPolicy;
  /** 2.64+: e.g. { max_server_per_host: 1 } for anti-affinity. */
  rules: Record<string, number>;
  members: string[];
  project_id: string;
  user_id: string;
}

export const groupNotFound = (id: string): ServiceError => new ServiceError('NotFound', `Instance group ${id} could not be found.`);

/** Server groups and their members (the scheduler's affinity filters read them). */
export class ServerGroupManager {
  private readonly store: CatalogStore;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
  }

  private record(r: ServerGroupRow): ServerGroupRecord {
    return { id: r.id, name: r.name, policy: r.policy, rules: { ...r.rules }, members: [...r.members], project_id: r.project_id, user_id: r.user_id };
  }

  find(id: string): ServerGroupRecord | undefined {
    const r = this.store.groups.get(id);
    return r ? this.record(r) : undefined;
  }

  get(id: string): ServerGroupRecord {
    const g = this.find(id);
    if (!g) throw groupNotFound(id);
    return g;
  }

  /** A project's groups, or every group (admin all_projects). */
  list(projectId: string | null): ServerGroupRecord[] {
    const rows = projectId === null ? this.store.groups.all() : this.store.groups.where({ project_id: projectId });
    return rows.map((r) => this.record(r));
  }

  countForProject(projectId: string): number {
    return this.store.groups.count({ project_id: projectId });
  }

  create(input: { name: string; policy: GroupPolicy; rules?: Record<string, number>; projectId: string; userId: string }): ServerGroupRecord {
    if (input.rules && Object.keys(input.rules).length > 0 && input.policy !== 'anti-affinity') throw new ServiceError('BadRequest', 'Only anti-affinity policy supports rules.');
    const row = this.deps.db.tx(() => {
      this.nova.quotas.checkServerGroups(input.projectId, input.userId);
      const r: ServerGroupRow = {
        id: uuid(),
        name: input.name,
        policy: input.policy,
        rules: input.rules ?? {},
        members: [],
        project_id: input.projectId,
        user_id: input.userId,
        created_at: this.deps.clock.now().toISOString(),
      };
      this.store.groups.insert(r);
      return r;
    });
    this.deps.events.publish('compute.server_group.created', row.id, { name: row.name, policy: row.policy, project_id: row.project_id });
    return this.record(row);
  }

  delete(id: string): void {
    if (!this.store.groups.delete(id)) throw groupNotFound(id);
    this.deps.events.publish('compute.server_group.deleted', id);
  }

  /**
   * Nova's server_group_members quota for adding `count` servers to a group (403 "Quota exceeded,
   * too many servers in group"). The build calls it before addMember.
   */
  checkMembers(groupId: string, count: number, projectId: string, userId: string): void {
    const g = this.store.groups.get(groupId);
    if (!g) throw groupNotFound(groupId);
    this.nova.quotas.checkGroupMembers(projectId, userId, g.members.length, count);
  }

  addMember(groupId: string, serverId: string): void {
    const g = this.store.groups.get(groupId);
    if (!g) throw groupNotFound(groupId);
    if (g.members.includes(serverId)) return;
    g.members.push(serverId);
    this.store.groups.put(g);
    this.deps.events.publish('compute.server_group.updated', g.id, { members: g.members });
  }

  /** Removes the server from whichever group holds it (server delete). */
  removeMember(serverId: string): void {
    for (const g of this.store.groups.all()) {
      if (!g.members.includes(serverId)) continue;
      g.members = g.members.filter((m) => m !== serverId);
      this.store.groups.put(g);
      this.deps.events.publish('compute.server_group.updated', g.id, { members: g.members });
    }
  }
}
