import { BadRequest, PayloadTooLarge } from '../../core/errors';
import type { EventBus } from '../../core/events';
import type { LabDatabase } from '../../core/db';
import type { VolumeStore } from '../store/volume-store';
import type { VolumeQuotaRow } from '../types';

/** Cinder's quota resources with cinder.conf's [DEFAULT] quota_* defaults (Zed), in Cinder's order. */
export const VOLUME_QUOTA_DEFAULTS: Record<string, number> = {
  volumes: 10,
  snapshots: 10,
  gigabytes: 1000,
  backups: 10,
  backup_gigabytes: 1000,
  groups: 10,
  per_volume_gigabytes: -1,
};

/** The resources Cinder also keeps per volume type (`volumes_<type name>`, …), -1 by default. */
export const PER_TYPE_RESOURCES = ['volumes', 'gigabytes', 'snapshots'] as const;

/** What one change would add to a project's usage. */
export type QuotaDeltas = Partial<Record<'volumes' | 'snapshots' | 'gigabytes' | 'backups' | 'backup_gigabytes' | 'groups', number>>;

export interface QuotaUsage {
  limit: number;
  in_use: number;
  reserved: number;
}

/** Counts a project's use of one resource (another manager's rows: backups, groups). */
export type UsageCounter = (projectId: string) => number;

const MAX_INT = 0x7fffffff;

/**
 * Cinder's quotas (the DbQuotaDriver): limits from defaults, the default quota class and a project's own
 * rows; usage counted from the live rows (volumes, snapshots, backups, groups), so it never drifts.
 */
export class VolumeQuotas {
  private readonly counters = new Map<string, UsageCounter>();

  constructor(
    private readonly db: LabDatabase,
    private readonly store: VolumeStore,
    private readonly events: EventBus,
  ) {}

  /** Lets the manager that owns a resource's rows count them (backups, groups). */
  addCounter(resource: string, count: UsageCounter): void {
    this.counters.set(resource, count);
  }

  /** Every resource name a quota set has now: the global ones, then three per volume type. */
  resources(): string[] {
    const perType = this.store.types.all().flatMap((t) => PER_TYPE_RESOURCES.map((r) => `${r}_${t.name}`));
    return [...Object.keys(VOLUME_QUOTA_DEFAULTS), ...perType];
  }

  private rows(scope: 'project' | 'class', owner: string): VolumeQuotaRow[] {
    return this.store.quotas.where({ scope, owner });
  }

  /** A quota class's limits: the defaults overridden by the class's rows (only `default` changes projects). */
  classLimits(name: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.resources()) out[r] = VOLUME_QUOTA_DEFAULTS[r] ?? -1;
    for (const q of this.rows('class', 'default')) if (q.resource in out) out[q.resource] = q.hard_limit;
    if (name !== 'default') for (const q of this.rows('class', name)) if (q.resource in out) out[q.resource] = q.hard_limit;
    return out;
  }

  defaults(): Record<string, number> {
    return this.classLimits('default');
  }

  /** A project's limits: the default class, then the project's own rows. */
  limits(projectId: string): Record<string, number> {
    const out = this.defaults();
    for (const q of this.rows('project', projectId)) if (q.resource in out) out[q.resource] = q.hard_limit;
    return out;
  }

  /** What a project uses now, per resource (per-type keys too). */
  usage(projectId: string): Record<string, number> {
    const used: Record<string, number> = Object.fromEntries(this.resources().map((r) => [r, 0]));
    const typeName = new Map(this.store.types.all().map((t) => [t.id, t.name]));
    const add = (key: string, n: number) => {
      if (key in used) used[key] += n;
    };
    // counted in SQLite (one grouped row per volume type), not by parsing every volume's document
    const raw = this.store.db.raw;
    const volumes = raw
      .prepare(`SELECT json_extract(body, '$.volume_type_id') AS type, COUNT(*) AS n, COALESCE(SUM(json_extract(body, '$.size')), 0) AS gb FROM cinder_volume WHERE project_id = ? GROUP BY type`)
      .all(projectId) as { type: string | null; n: number; gb: number }[];
    for (const r of volumes) {
      const t = typeName.get(r.type ?? '');
      add('volumes', r.n);
      add('gigabytes', r.gb);
      if (t) {
        add(`volumes_${t}`, r.n);
        add(`gigabytes_${t}`, r.gb);
      }
    }
    // a snapshot's gigabytes count against its volume's type, as Cinder's reservations do
    const snapshots = raw
      .prepare(
        `SELECT json_extract(v.body, '$.volume_type_id') AS type, COUNT(*) AS n, COALESCE(SUM(json_extract(s.body, '$.size')), 0) AS gb
           FROM cinder_snapshot s LEFT JOIN cinder_volume v ON v.id = s.volume_id WHERE s.project_id = ? GROUP BY type`,
      )
      .all(projectId) as { type: string | null; n: number; gb: number }[];
    for (const r of snapshots) {
      const t = typeName.get(r.type ?? '');
      add('snapshots', r.n);
      add('gigabytes', r.gb);
      if (t) {
        add(`snapshots_${t}`, r.n);
        add(`gigabytes_${t}`, r.gb);
      }
    }
    for (const [resource, count] of this.counters) add(resource, count(projectId));
    return used;
  }

  /** The quota set with usage (`?usage=True`): limit, in_use and reserved per resource. */
  detail(projectId: string): Record<string, QuotaUsage> {
    const limits = this.limits(projectId);
    const used = this.usage(projectId);
    return Object.fromEntries(Object.keys(limits).map((r) => [r, { limit: limits[r], in_use: used[r] ?? 0, reserved: 0 }]));
  }

  /**
   * Refuses a change that would take a project over a limit, with Cinder's OverQuota messages (413).
   * Call it inside the transaction that writes the change, before the write.
   */
  check(projectId: string, deltas: QuotaDeltas, volumeTypeName?: string): void {
    const limits = this.limits(projectId);
    const used = this.usage(projectId);
    const over = (resource: string, delta: number) => {
      const limit = limits[resource];
      return limit !== undefined && limit >= 0 && delta > 0 && used[resource] + delta > limit;
    };
    const size = deltas.gigabytes ?? 0;
    const perVolume = limits.per_volume_gigabytes;
    if (deltas.volumes && perVolume >= 0 && size > perVolume) {
      throw new PayloadTooLarge(`Requested volume size ${size}G is larger than maximum allowed limit ${perVolume}G.`);
    }
    const typed = (r: string) => (volumeTypeName ? [r, `${r}_${volumeTypeName}`] : [r]);
    for (const key of typed('gigabytes')) {
      if (over(key, size)) {
        throw new PayloadTooLarge(
          `Requested volume or snapshot exceeds allowed ${key} quota. Requested ${size}G, quota is ${limits[key]}G and ${used[key]}G has been consumed.`,
        );
      }
    }
    for (const key of typed('volumes')) {
      if (over(key, deltas.volumes ?? 0)) throw new PayloadTooLarge(`Maximum number of volumes allowed (${limits[key]}) exceeded for quota '${key}'.`);
    }
    for (const key of typed('snapshots')) {
      if (over(key, deltas.snapshots ?? 0)) throw new PayloadTooLarge(`Maximum number of snapshots allowed (${limits[key]}) exceeded`);
    }
    if (over('backup_gigabytes', deltas.backup_gigabytes ?? 0)) {
      const b = deltas.backup_gigabytes ?? 0;
      throw new PayloadTooLarge(`Requested backup exceeds allowed Backup gigabytes quota. Requested ${b}G, quota is ${limits.backup_gigabytes}G and ${used.backup_gigabytes}G has been consumed.`);
    }
    if (over('backups', deltas.backups ?? 0)) throw new PayloadTooLarge(`Maximum number of backups allowed (${limits.backups}) exceeded`);
    if (over('groups', deltas.groups ?? 0)) throw new PayloadTooLarge(`Maximum number of groups allowed (${limits.groups}) exceeded`);
  }

  /** Checks a quota-set body's keys and values as Cinder's quotas controller does; nothing is written on error. */
  private validate(values: Record<string, unknown>): Record<string, number> {
    const known = new Set(this.resources());
    const bad = Object.keys(values).filter((k) => !known.has(k));
    if (bad.length) throw new BadRequest(`Bad key(s) in quota set: ${bad.join(', ')}`);
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(values)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n)) throw new BadRequest(`Invalid input received: ${k} must be an integer.`);
      if (n < -1) throw new BadRequest(`Invalid input received: ${k} must be >= -1`);
      if (n > MAX_INT) throw new BadRequest(`Invalid input received: ${k} must be <= ${MAX_INT}`);
      out[k] = n;
    }
    return out;
  }

  private write(scope: 'project' | 'class', owner: string, values: Record<string, number>): void {
    for (const [resource, hard_limit] of Object.entries(values)) {
      const row: VolumeQuotaRow = { id: `${scope}/${owner}/${resource}`, scope, owner, resource, hard_limit };
      if (this.store.quotas.get(row.id)) this.store.quotas.put(row);
      else this.store.quotas.insert(row);
    }
  }

  /**
   * Sets a project's limits. With `validateUsage` (skip_validation=False) a limit under what is in use is refused,
   * as Cinder refuses it.
   */
  update(projectId: string, values: Record<string, unknown>, validateUsage = false): Record<string, number> {
    const checked = this.validate(values);
    if (validateUsage) {
      const used = this.usage(projectId);
      for (const [r, v] of Object.entries(checked)) {
        if (v >= 0 && v < (used[r] ?? 0)) throw new BadRequest(`Invalid input received: Quota limit ${v} for ${r} must be equal or greater than existing resources (${used[r]} in use).`);
      }
    }
    this.db.tx(() => this.write('project', projectId, checked));
    this.events.publish('volume.quota.updated', projectId, checked);
    return this.limits(projectId);
  }

  /** Drops a project's own limits (it goes back to the defaults). */
  reset(projectId: string): void {
    this.db.tx(() => {
      for (const q of this.rows('project', projectId)) this.store.quotas.delete(q.id);
    });
    this.events.publish('volume.quota.deleted', projectId, {});
  }

  updateClass(name: string, values: Record<string, unknown>): Record<string, number> {
    if (!name || name.length > 255) throw new BadRequest('Invalid input received: quota_class_name must be between 1 and 255 characters.');
    const checked = this.validate(values);
    this.db.tx(() => this.write('class', name, checked));
    this.events.publish('volume.quota_class.updated', name, checked);
    return this.classLimits(name);
  }
}
