import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { type CatalogStore, catalogStore } from '../store/catalog-store';

export interface ComputeDeltas {
  instances: number;
  cores: number;
  ram: number;
}

/** Nova's quota resources in its own (sorted) order, with nova.conf's [quota] defaults. */
export const QUOTA_DEFAULTS: Record<string, number> = {
  cores: 20,
  fixed_ips: -1,
  floating_ips: -1,
  injected_file_content_bytes: 10240,
  injected_file_path_bytes: 255,
  injected_files: 5,
  instances: 10,
  key_pairs: 100,
  metadata_items: 128,
  ram: 51200,
  security_group_rules: -1,
  security_groups: -1,
  server_group_members: 10,
  server_groups: 10,
};
export const QUOTA_RESOURCES = Object.keys(QUOTA_DEFAULTS);

/** Resources a microversion no longer shows: the nova-network ones at 2.36, injected files at 2.57. */
export const NETWORK_QUOTAS = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
export const INJECTED_QUOTAS = ['injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];

export interface QuotaDetail {
  limit: number;
  in_use: number;
  reserved: number;
}

const over = (limit: number, used: number, delta: number) => limit >= 0 && used + delta > limit;

/** Nova's quotas (instances, cores, ram, key_pairs, server_groups, …), counted from live records. */
export class ComputeQuotaManager {
  private readonly store: CatalogStore;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
  }

  /** The default quota class (config defaults overridden by os-quota-class-sets/default). */
  defaults(): Record<string, number> {
    return this.classQuotas('default');
  }

  classQuotas(name: string): Record<string, number> {
    const out: Record<string, number> = { ...QUOTA_DEFAULTS };
    // only the default class changes what projects get; other classes show the defaults too
    for (const r of this.store.quotaClasses.all()) if (r.class_name === name && r.resource in out) out[r.resource] = r.hard_limit;
    if (name !== 'default') for (const r of this.store.quotaClasses.all()) if (r.class_name === 'default' && !this.store.quotaClasses.get(`${name}/${r.resource}`)) out[r.resource] = r.hard_limit;
    return out;
  }

  updateClass(name: string, values: Record<string, number>): Record<string, number> {
    this.deps.db.tx(() => {
      for (const [resource, v] of Object.entries(values)) {
        const id = `${name}/${resource}`;
        const row = { id, class_name: name, resource, hard_limit: v };
        if (this.store.quotaClasses.get(id)) this.store.quotaClasses.put(row);
        else this.store.quotaClasses.insert(row);
      }
    });
    this.deps.events.publish('compute.quota_class.updated', name, values);
    return this.classQuotas(name);
  }

  /** A project's limits (or a user's within it): defaults, project overrides, user overrides. */
  limits(projectId: string, userId?: string | null): Record<string, number> {
    const out = this.defaults();
    for (const q of this.store.quotas.where({ project_id: projectId, user_id: null })) out[q.resource] = q.hard_limit;
    if (userId) for (const q of this.store.quotas.where({ project_id: projectId, user_id: userId })) out[q.resource] = q.hard_limit;
    return out;
  }

  /** Projects with limits of their own. */
  projectsWithQuotas(): string[] {
    return [...new Set(this.store.quotas.all().map((q) => q.project_id))];
  }

  /** What a project (or one user of it) uses now. */
  usage(projectId: string, userId?: string | null): Record<string, number> {
    const used: Record<string, number> = Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, 0]));
    for (const s of this.nova.servers.list({ projectId })) {
      if (s.deleted || s.vm_state === 'soft_deleted' || s.vm_state === 'deleted') continue;
      if (userId && s.user_id !== userId) continue;
      used.instances += 1;
      used.cores += s.flavor.vcpus;
      used.ram += s.flavor.ram;
    }
    used.server_groups = this.nova.serverGroups.list(projectId).filter((g) => !userId || g.user_id === userId).length;
    // key pairs belong to users: a project's figure is the asking user's count
    if (userId) used.key_pairs = this.nova.keypairs.count(userId);
    return used;
  }

  detail(projectId: string, userId?: string | null, keypairUser?: string): Record<string, QuotaDetail> {
    const limits = this.limits(projectId, userId);
    const used = this.usage(projectId, userId);
    if (!userId && keypairUser) used.key_pairs = this.nova.keypairs.count(keypairUser);
    return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, { limit: limits[r], in_use: used[r] ?? 0, reserved: 0 }]));
  }

  /**
   * Sets limits for a project (or a user in it). Without `force`, a limit below what is in use
   * is refused, as Nova does.
   */
  update(projectId: string, userId: string | null, values: Record<string, number>, force: boolean): Record<string, number> {
    const used = this.usage(projectId, userId);
    if (!force) {
      for (const [k, v] of Object.entries(values)) {
        const minimum = userId ? used[k] ?? 0 : Math.max(0, used[k] ?? 0);
        if (v !== -1 && v < minimum)
          throw new ServiceError('BadRequest', `Quota limit ${v} for ${k} must be greater than or equal to already used and reserved ${minimum}.`);
        if (userId) {
          const project = this.limits(projectId)[k];
          if (project !== -1 && (v === -1 || v > project)) throw new ServiceError('BadRequest', `Quota limit ${v} for ${k} must be less than or equal to ${project}.`);
        }
      }
    }
    this.deps.db.tx(() => {
      for (const [resource, v] of Object.entries(values)) {
        const id = userId ? `${projectId}/${userId}/${resource}` : `${projectId}/${resource}`;
        const row = { id, project_id: projectId, user_id: userId, resource, hard_limit: v };
        if (this.store.quotas.get(id)) this.store.quotas.put(row);
        else this.store.quotas.insert(row);
      }
    });
    this.deps.events.publish('compute.quota.updated', projectId, { user_id: userId, ...values });
    return this.limits(projectId, userId);
  }

  /** Back to the defaults (DELETE os-quota-sets). */
  reset(projectId: string, userId: string | null): void {
    this.deps.db.tx(() => {
      for (const q of this.store.quotas.where({ project_id: projectId })) if (userId === null || q.user_id === userId) this.store.quotas.delete(q.id);
    });
    this.deps.events.publish('compute.quota.deleted', projectId, { user_id: userId });
  }

  /**
   * Throws Nova's 403 "Quota exceeded for cores: Requested 2, but already used 19 of 20 cores"
   * when adding `deltas` to the project's usage would pass a limit. Call it in the same
   * synchronous step as the insert, so concurrent creates cannot both pass.
   */
  check(projectId: string, userId: string, deltas: ComputeDeltas): void {
    const hasUserQuota = this.store.quotas.where({ project_id: projectId, user_id: userId }).some((q) => ['instances', 'cores', 'ram'].includes(q.resource));
    const scopes: (string | null)[] = hasUserQuota ? [null, userId] : [null];
    for (const user of scopes) {
      const limits = this.limits(projectId, user);
      const used = this.usage(projectId, user);
      const overs = (['cores', 'instances', 'ram'] as const).filter((r) => deltas[r] > 0 && over(limits[r], used[r], deltas[r]));
      if (overs.length === 0) continue;
      const join = (f: (r: (typeof overs)[number]) => number) => overs.map(f).join(', ');
      const names = overs.join(', ');
      throw new ServiceError('Forbidden', `Quota exceeded for ${names}: Requested ${join((r) => deltas[r])}, but already used ${join((r) => used[r])} of ${join((r) => limits[r])} ${names}`);
    }
  }

  /** key_pairs quota of a user (Nova counts key pairs per user). */
  checkKeypairs(userId: string, projectId: string | null): void {
    const limit = projectId ? this.limits(projectId, userId).key_pairs : this.defaults().key_pairs;
    if (over(limit, this.nova.keypairs.count(userId), 1)) throw new ServiceError('Forbidden', 'Quota exceeded, too many key pairs.');
  }

  checkServerGroups(projectId: string, userId: string): void {
    const limits = this.limits(projectId);
    if (over(limits.server_groups, this.nova.serverGroups.countForProject(projectId), 1)) throw new ServiceError('Forbidden', 'Quota exceeded, too many server groups.');
    const userLimits = this.limits(projectId, userId);
    const mine = this.nova.serverGroups.list(projectId).filter((g) => g.user_id === userId).length;
    if (userLimits.server_groups !== limits.server_groups && over(userLimits.server_groups, mine, 1)) throw new ServiceError('Forbidden', 'Quota exceeded, too many server groups.');
  }

  checkGroupMembers(projectId: string, userId: string, members: number, adding: number): void {
    if (over(this.limits(projectId, userId).server_group_members, members, adding)) throw new ServiceError('Forbidden', 'Quota exceeded, too many servers in group');
  }
}
