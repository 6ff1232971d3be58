import { fault, type NetworkCore } from './core';

/** Neutron's default per-project quotas ([quotas] in neutron.conf). */
export const DEFAULT_QUOTAS: Record<string, number> = {
  network: 100,
  subnet: 100,
  port: 500,
  router: 10,
  floatingip: 50,
  security_group: 10,
  security_group_rule: 100,
  rbac_policy: 10,
  subnetpool: -1,
};

/** Per-project quotas with usage; creating past a limit is Neutron's 409 OverQuota. */
export class QuotaManager {
  constructor(private readonly core: NetworkCore) {}

  limits(projectId: string): Record<string, number> {
    return { ...DEFAULT_QUOTAS, ...this.core.store.quotaOverrides(projectId) };
  }

  used(projectId: string): Record<string, number> {
    const s = this.core.store;
    return {
      network: s.networks.count({ project_id: projectId }),
      subnet: s.subnets.count({ project_id: projectId }),
      port: s.ports.count({ project_id: projectId }),
      router: s.routers.count({ project_id: projectId }),
      floatingip: s.floatingIps.count({ project_id: projectId }),
      security_group: s.securityGroups.count({ project_id: projectId }),
      security_group_rule: s.rules.count({ project_id: projectId }),
      rbac_policy: 0,
      subnetpool: 0,
    };
  }

  /** Throws OverQuota when `count` more of `resource` would pass the project's limit. */
  check(projectId: string, resource: string, count = 1): void {
    const limit = this.limits(projectId)[resource];
    if (limit === undefined || limit < 0) return;
    if ((this.used(projectId)[resource] ?? 0) + count > limit) throw fault('Conflict', 'OverQuota', `Quota exceeded for resources: ['${resource}'].`);
  }

  set(projectId: string, values: Record<string, number>): Record<string, number> {
    return this.core.write('quota.updated', () => {
      for (const [k, v] of Object.entries(values)) {
        if (!(k in DEFAULT_QUOTAS)) throw fault('BadRequest', 'InvalidQuotaValue', `Unrecognized attribute(s) '${k}'`);
        if (!Number.isInteger(v) || v < -1) throw fault('BadRequest', 'InvalidQuotaValue', `Change would make usage less than 0 for the following resources: ${k}`);
        this.core.store.setQuota(projectId, k, v);
      }
      return this.limits(projectId);
    });
  }

  reset(projectId: string): void {
    this.core.write('quota.reset', () => this.core.store.clearQuotas(projectId));
  }
}
