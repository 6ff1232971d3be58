import type { ComputeDeps, ComputeService } from '.';
import { isoSeconds } from '../../core/clock';
import { ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import { type CatalogStore, catalogStore, type FlavorRow } from '../store/catalog-store';
import type { FlavorRecord } from '../types';

/** PackStack's default flavors (what `openstack flavor list` shows on a fresh all-in-one). */
export const DEFAULT_FLAVORS: { id: string; name: string; ram: number; disk: number; vcpus: number }[] = [
  { id: '1', name: 'm1.tiny', ram: 512, disk: 1, vcpus: 1 },
  { id: '2', name: 'm1.small', ram: 2048, disk: 20, vcpus: 1 },
  { id: '3', name: 'm1.medium', ram: 4096, disk: 40, vcpus: 2 },
  { id: '4', name: 'm1.large', ram: 8192, disk: 80, vcpus: 4 },
  { id: '5', name: 'm1.xlarge', ram: 16384, disk: 160, vcpus: 8 },
];

export interface FlavorInput {
  name: string;
  id?: string | null;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral?: number;
  swap?: number;
  rxtx_factor?: number;
  is_public?: boolean;
  description?: string | null;
}

export interface FlavorQuery {
  /** true / false / null (both) — admins only; others always see public plus their own access. */
  isPublic: boolean | null;
  /** The caller's project (private flavors it has access to are listed). */
  projectId: string | null;
  isAdmin: boolean;
  minRam?: number;
  minDisk?: number;
  sortKey?: string;
  sortDir?: 'asc' | 'desc';
  limit?: number;
  marker?: string;
}

export const flavorNotFound = (id: string): ServiceError => new ServiceError('NotFound', `Flavor ${id} could not be found.`);

/** Sort keys Nova's flavor listing accepts (the flavors table's columns). */
const SORT_KEYS: Record<string, (f: FlavorRow) => string | number> = {
  created_at: (f) => f.created_at,
  description: (f) => f.description ?? '',
  disabled: (f) => (f.disabled ? 1 : 0),
  ephemeral_gb: (f) => f.ephemeral,
  flavorid: (f) => f.id,
  id: (f) => f.internal_id,
  is_public: (f) => (f.is_public ? 1 : 0),
  memory_mb: (f) => f.ram,
  name: (f) => f.name,
  root_gb: (f) => f.disk,
  rxtx_factor: (f) => f.rxtx_factor,
  swap: (f) => f.swap,
  updated_at: (f) => f.created_at,
  vcpu_weight: () => 0,
  vcpus: (f) => f.vcpus,
};

/** Flavors, their access lists and extra specs; the default m1.* set on a fresh lab. */
export class FlavorManager {
  private readonly store: CatalogStore;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
    this.seedDefaults();
  }

  /** Creates PackStack's m1.* flavors once, on the lab's first start. */
  private seedDefaults(): void {
    if (this.store.meta('flavors-seeded')) return;
    this.deps.db.tx(() => {
      for (const f of DEFAULT_FLAVORS) {
        if (this.store.flavors.get(f.id) || this.store.flavors.count({ name: f.name })) continue;
        this.store.flavors.insert(this.row({ ...f, ephemeral: 0, swap: 0, rxtx_factor: 1.0, is_public: true, description: null }, f.id));
      }
      this.store.setMeta('flavors-seeded', '1');
    });
  }

  private row(input: Omit<FlavorInput, 'id'>, id: string): FlavorRow {
    return {
      id,
      name: input.name,
      ram: input.ram,
      vcpus: input.vcpus,
      disk: input.disk,
      ephemeral: input.ephemeral ?? 0,
      swap: input.swap ?? 0,
      rxtx_factor: input.rxtx_factor ?? 1.0,
      is_public: input.is_public ?? true,
      disabled: false,
      description: input.description ?? null,
      extra_specs: {},
      created_at: isoSeconds(this.deps.clock.now()),
      internal_id: this.store.nextId('flavor'),
      access: [],
    };
  }

  private strip(r: FlavorRow): FlavorRecord {
    const { internal_id: _i, access: _a, ...rest } = r;
    return rest;
  }

  /** By flavor id (not name). */
  find(id: string): FlavorRecord | undefined {
    const r = this.store.flavors.get(id);
    return r ? this.strip(r) : undefined;
  }

  /** The projects a private flavor is shared with. */
  accessOf(id: string): string[] {
    return this.store.flavors.get(id)?.access ?? [];
  }

  /** A flavor the caller may see (admins: any; others: public or shared with their project). */
  get(id: string, caller: { projectId: string | null; isAdmin: boolean }): FlavorRecord {
    const r = this.store.flavors.get(id);
    if (!r || !this.visible(r, caller)) throw flavorNotFound(id);
    return this.strip(r);
  }

  private visible(r: FlavorRow, caller: { projectId: string | null; isAdmin: boolean }): boolean {
    return caller.isAdmin || r.is_public || (caller.projectId !== null && r.access.includes(caller.projectId));
  }

  list(q: FlavorQuery): FlavorRecord[] {
    let rows = this.store.flavors.all();
    if (q.isAdmin) {
      if (q.isPublic !== null) rows = rows.filter((r) => r.is_public === q.isPublic || (q.isPublic && q.projectId !== null && r.access.includes(q.projectId)));
    } else {
      rows = rows.filter((r) => !r.disabled && (r.is_public || (q.projectId !== null && r.access.includes(q.projectId))));
    }
    if (q.minRam !== undefined) rows = rows.filter((r) => r.ram >= q.minRam!);
    if (q.minDisk !== undefined) rows = rows.filter((r) => r.disk >= q.minDisk!);
    const keyName = q.sortKey ?? 'flavorid';
    const key = SORT_KEYS[keyName];
    if (!key) throw new ServiceError('BadRequest', `Unknown sort key: ${keyName}`);
    const dir = q.sortDir === 'desc' ? -1 : 1;
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : a.internal_id - b.internal_id;
      return c * dir;
    });
    if (q.marker !== undefined) {
      const i = rows.findIndex((r) => r.id === q.marker);
      if (i < 0) throw new ServiceError('BadRequest', `marker [${q.marker}] not found`);
      rows = rows.slice(i + 1);
    }
    if (q.limit !== undefined) rows = rows.slice(0, q.limit);
    return rows.map((r) => this.strip(r));
  }

  create(input: FlavorInput): FlavorRecord {
    const name = input.name.trim();
    let id = input.id === undefined || input.id === null || input.id === 'auto' ? uuid() : String(input.id).trim();
    if (id === '') id = uuid();
    const out = this.deps.db.tx(() => {
      if (this.store.flavors.count({ name })) throw new ServiceError('Conflict', `Flavor with name ${name} already exists.`);
      if (this.store.flavors.get(id)) throw new ServiceError('Conflict', `Flavor with ID ${id} already exists.`);
      const r = this.row({ ...input, name }, id);
      this.store.flavors.insert(r);
      return r;
    });
    this.deps.events.publish('compute.flavor.created', out.id, { name: out.name });
    return this.strip(out);
  }

  updateDescription(id: string, description: string | null): FlavorRecord {
    const r = this.store.flavors.get(id);
    if (!r) throw flavorNotFound(id);
    r.description = description;
    this.store.flavors.put(r);
    this.deps.events.publish('compute.flavor.updated', id, { name: r.name });
    return this.strip(r);
  }

  delete(id: string): void {
    if (!this.store.flavors.delete(id)) throw flavorNotFound(id);
    this.deps.events.publish('compute.flavor.deleted', id);
  }

  /** Shares a private flavor with a project. */
  addAccess(id: string, projectId: string, refusePublic: boolean): string[] {
    const r = this.store.flavors.get(id);
    if (!r) throw flavorNotFound(id);
    if (refusePublic && r.is_public) throw new ServiceError('Conflict', 'Can not add access to a public flavor.');
    if (r.access.includes(projectId))
      throw new ServiceError('Conflict', `Flavor access already exists for flavor ${id} and project ${projectId} combination.`);
    r.access.push(projectId);
    this.store.flavors.put(r);
    this.deps.events.publish('compute.flavor.updated', id, { access: r.access });
    return r.access;
  }

  removeAccess(id: string, projectId: string): string[] {
    const r = this.store.flavors.get(id);
    if (!r) throw flavorNotFound(id);
    if (!r.access.includes(projectId)) throw new ServiceError('NotFound', `Flavor access not found for ${id} / ${projectId} combination.`);
    r.access = r.access.filter((p) => p !== projectId);
    this.store.flavors.put(r);
    this.deps.events.publish('compute.flavor.updated', id, { access: r.access });
    return r.access;
  }

  setExtraSpecs(id: string, specs: Record<string, string>): Record<string, string> {
    const r = this.store.flavors.get(id);
    if (!r) throw flavorNotFound(id);
    r.extra_specs = { ...r.extra_specs, ...specs };
    this.store.flavors.put(r);
    this.deps.events.publish('compute.flavor.updated', id, { extra_specs: r.extra_specs });
    return r.extra_specs;
  }

  deleteExtraSpec(id: string, key: string): void {
    const r = this.store.flavors.get(id);
    if (!r) throw flavorNotFound(id);
    if (!(key in r.extra_specs)) throw new ServiceError('NotFound', `Flavor ${id} has no extra specs with key ${key}.`);
    delete r.extra_specs[key];
    this.store.flavors.put(r);
    this.deps.events.publish('compute.flavor.updated', id, { extra_specs: r.extra_specs });
  }
}

interface SpecRule {
  name: RegExp;
  label: string;
  type: 'str' | 'int' | 'bool';
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}

/** A part of Nova's extra spec validators (2.86+): the common hw:, hw_rng:, quota:, resources and trait names. */
const SPEC_RULES: SpecRule[] = [
  { name: /^hw:cpu_policy$/, label: 'hw:cpu_policy', type: 'str', enum: ['dedicated', 'shared', 'mixed'] },
  { name: /^hw:cpu_thread_policy$/, label: 'hw:cpu_thread_policy', type: 'str', enum: ['prefer', 'isolate', 'require'] },
  { name: /^hw:emulator_threads_policy$/, label: 'hw:emulator_threads_policy', type: 'str', enum: ['isolate', 'share'] },
  { name: /^hw:cpu_(sockets|cores|threads|max_sockets|max_cores|max_threads)$/, label: 'hw:cpu_*', type: 'int', min: 1 },
  { name: /^hw:numa_nodes$/, label: 'hw:numa_nodes', type: 'int', min: 1 },
  { name: /^hw:numa_cpus\.\d+$/, label: 'hw:numa_cpus.{num}', type: 'str', pattern: '\\^?\\d+(-\\d+)?(,\\^?\\d+(-\\d+)?)*' },
  { name: /^hw:numa_mem\.\d+$/, label: 'hw:numa_mem.{num}', type: 'int', min: 0 },
  { name: /^hw:mem_page_size$/, label: 'hw:mem_page_size', type: 'str', pattern: '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)' },
  { name: /^hw:cpu_realtime$/, label: 'hw:cpu_realtime', type: 'bool' },
  { name: /^hw:cpu_realtime_mask$/, label: 'hw:cpu_realtime_mask', type: 'str', pattern: '(\\^)?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' },
  { name: /^hw:hide_hypervisor_id$/, label: 'hw:hide_hypervisor_id', type: 'bool' },
  { name: /^hw:mem_encryption$/, label: 'hw:mem_encryption', type: 'bool' },
  { name: /^hw:watchdog_action$/, label: 'hw:watchdog_action', type: 'str', enum: ['none', 'pause', 'poweroff', 'reset', 'disabled'] },
  { name: /^hw:boot_menu$/, label: 'hw:boot_menu', type: 'bool' },
  { name: /^hw:vif_multiqueue_enabled$/, label: 'hw:vif_multiqueue_enabled', type: 'bool' },
  { name: /^hw:pmu$/, label: 'hw:pmu', type: 'bool' },
  { name: /^hw:serial_port_count$/, label: 'hw:serial_port_count', type: 'int', min: 0 },
  { name: /^hw:tpm_version$/, label: 'hw:tpm_version', type: 'str', enum: ['1.2', '2.0'] },
  { name: /^hw:tpm_model$/, label: 'hw:tpm_model', type: 'str', enum: ['tpm-tis', 'tpm-crb'] },
  { name: /^hw:pci_numa_affinity_policy$/, label: 'hw:pci_numa_affinity_policy', type: 'str', enum: ['required', 'preferred', 'legacy', 'socket'] },
  { name: /^hw_rng:allowed$/, label: 'hw_rng:allowed', type: 'bool' },
  { name: /^hw_rng:rate_(bytes|period)$/, label: 'hw_rng:rate_*', type: 'int', min: 0 },
  { name: /^hw_video:ram_max_mb$/, label: 'hw_video:ram_max_mb', type: 'int', min: 0 },
  { name: /^quota:(cpu|disk|vif)_\w+$/, label: 'quota:*', type: 'int', min: 0 },
  { name: /^resources\d*:[A-Z0-9_]+$/, label: 'resources{group}:{resource_class}', type: 'int', min: 0 },
  { name: /^trait\d*:[A-Z0-9_]+$/, label: 'trait{group}:{trait}', type: 'str', enum: ['required', 'forbidden'] },
  { name: /^hide_hypervisor_id$/, label: 'hide_hypervisor_id', type: 'bool' },
  { name: /^os:secure_boot$/, label: 'os:secure_boot', type: 'str', enum: ['required', 'disabled', 'optional'] },
  { name: /^group_policy$/, label: 'group_policy', type: 'str', enum: ['isolate', 'none'] },
];
/** Namespaces whose names this list covers fully: an unknown name there is refused. */
const KNOWN_NAMESPACES = /^(hw_rng|hw_video)$/;
const BOOLS = ['true', '1', 'on', 'yes', 'y', 't', 'false', '0', 'off', 'no', 'n', 'f'];

/** Nova's extra spec validation (microversion 2.86+): throws its 400 for a known name with a bad value. */
export function validateExtraSpec(name: string, value: string): void {
  const bad = (m: string) => new ServiceError('BadRequest', `Validation failed; ${m}`);
  const r = SPEC_RULES.find((x) => x.name.test(name));
  if (!r) {
    if (name.includes(':') && KNOWN_NAMESPACES.test(name.split(':', 1)[0]))
      throw bad(`extra spec '${name}' does not appear to be a valid extra spec.`);
    return;
  }
  if (r.type === 'int') {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) throw bad(`'${value}' is not a valid integer value.`);
    const n = Number(value);
    if (r.max !== undefined && n > r.max) throw bad(`'${value}' is greater than the max value of '${r.max}'.`);
    if (r.min !== undefined && n < r.min) throw bad(`'${value}' is less than the min value of '${r.min}'.`);
  } else if (r.type === 'bool') {
    if (!BOOLS.includes(value.trim().toLowerCase())) throw bad(`'${value}' is not a valid boolean-like value.`);
  } else if (r.pattern !== undefined) {
    if (!new RegExp(`^(?:${r.pattern})$`).test(value)) throw bad(`'${value}' is not of the format '${r.pattern}'.`);
  } else if (r.enum && !r.enum.includes(value)) {
    throw bad(`'${value}' is not one of: ${r.enum.join(', ')}.`);
  }
}
