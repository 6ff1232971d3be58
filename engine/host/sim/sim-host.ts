/**
 * The simulated host (`sim` driver): everything a student can look at "on the host" kept in
 * memory, with no root and no real devices. It realizes the dataplane's desired HostState,
 * keeps per-namespace neighbour (ARP) caches that the packet walker reads and fills, runs
 * systemd-like units, has a hostname and memory figures, and serializes to JSON so the engine
 * can persist it across restarts. Every change is reported through the `onChange` callback.
 */
import { randomUUID } from 'node:crypto';
import type { HostConfig, HostState, Interface, Namespace, NeighbourEntry, NeighbourTable } from '../../dataplane/types';
import type { HostChange, HostChangeListener, HostDiff, ServiceActiveState } from '../types';
import { inCidr, isIpv4 } from '../../core/net/ip';
import { baselineState } from './baseline';
import { packstackUnits, type ServiceUnit, type ServiceUnitSpec } from './services';

/** Memory of the host in MiB; `used` adds the running units' memory to `baseUsedMb`. */
export interface MemorySpec {
  totalMb: number;
  /** Kernel, system daemons and anything not modelled as a unit (e.g. instances, set by the engine). */
  baseUsedMb: number;
  sharedMb: number;
  buffCacheMb: number;
  swapTotalMb: number;
  swapUsedMb: number;
  /** The instances' qemu processes running here (Nova spawns and destroys them). */
  guestMemoryMb?: number;
}

/** The figures `free -m` prints. */
export interface MemoryFigures {
  totalMb: number;
  usedMb: number;
  freeMb: number;
  sharedMb: number;
  buffCacheMb: number;
  availableMb: number;
  swapTotalMb: number;
  swapUsedMb: number;
  swapFreeMb: number;
}

/**
 * A 16 GiB VirtualBox guest (PackStack's recommended size), so a fresh lab boots the walkthrough's
 * m1.small next to Horizon. The seeds' VM had 8 GiB (`serve --host-memory 7751`), where Horizon's
 * httpd leaves too little for it: the NoValidHost / retries story.
 */
export const DEFAULT_MEMORY: MemorySpec = { totalMb: 15827, baseUsedMb: 880, sharedMb: 38, buffCacheMb: 1120, swapTotalMb: 8063, swapUsedMb: 0 };

export const DEFAULT_OVS_VERSION = '3.1.7-140.el9s';

export interface SimHostIds {
  /** The Open_vSwitch table's uuid, the first line of `ovs-vsctl show`. */
  ovsUuid: string;
  /** 32 hex digits, as /etc/machine-id. */
  machineId: string;
  bootId: string;
}

export interface SimHostOptions {
  /** The current hostname; defaults to config.hostname, else `localhost`. */
  hostname?: string;
  memory?: Partial<MemorySpec>;
  /** The unit catalog; defaults to PackStack's units. */
  services?: ServiceUnitSpec[];
  /** The realized state to start from; defaults to a freshly installed host's (see baseline.ts). */
  state?: HostState;
  onChange?: HostChangeListener;
  now?: () => Date;
  ids?: Partial<SimHostIds>;
  ovsVersion?: string;
}

export interface FlushFilter {
  dev?: string;
  /** An address or CIDR the entries must fall in. */
  to?: string;
  /** PERMANENT entries survive a flush unless this is set (iproute2's `nud all`). */
  includePermanent?: boolean;
}

export interface NetnsInfo {
  name: string;
  /** The nsid `ip netns` prints as `(id: N)`. */
  id: number;
}

/** What toJSON() writes and fromJSON() reads back. */
export interface SimHostData {
  version: 1;
  hostname: string;
  config: HostConfig;
  state: HostState;
  neighbours: Record<string, NeighbourEntry[]>;
  netns: Record<string, { id: number; seq: number }>;
  netnsSeq: number;
  services: ServiceUnit[];
  memory: MemorySpec;
  ids: SimHostIds;
  ovsVersion: string;
  bootTime: string;
  nextPid: number;
}

const HOSTNAME_RE = /^(?=.{1,64}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

export function isValidHostname(name: string): boolean {
  return HOSTNAME_RE.test(name);
}

const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

const clone = <T>(v: T): T => structuredClone(v);

const entryKey = (e: NeighbourEntry): string => `${e.ip}\u0000${e.dev}`;

export class SimHost implements NeighbourTable {
  private _hostname: string;
  private _config: HostConfig;
  private _state: HostState;
  private neighbours = new Map<string, NeighbourEntry[]>();
  private netns = new Map<string, { id: number; seq: number }>();
  private netnsSeq = 0;
  private units = new Map<string, ServiceUnit>();
  private memorySpec: MemorySpec;
  private nextPid = 1187;
  private readonly onChange?: HostChangeListener;
  private readonly now: () => Date;
  readonly ids: SimHostIds;
  readonly ovsVersion: string;
  readonly bootTime: string;

  constructor(config: HostConfig, options: SimHostOptions = {}) {
    this.onChange = options.onChange;
    this.now = options.now ?? (() => new Date());
    this._config = clone(config);
    this._hostname = options.hostname ?? (config.hostname || 'localhost');
    this._config.hostname = this._hostname;
    this.memorySpec = { ...DEFAULT_MEMORY, ...options.memory };
    this.ids = {
      ovsUuid: options.ids?.ovsUuid ?? randomUUID(),
      machineId: options.ids?.machineId ?? hex(32),
      bootId: options.ids?.bootId ?? hex(32),
    };
    this.ovsVersion = options.ovsVersion ?? DEFAULT_OVS_VERSION;
    this.bootTime = this.now().toISOString();
    this._state = clone(options.state ?? baselineState(this._config));
    this.trackNamespaces(this._state);
    for (const spec of options.services ?? packstackUnits()) {
      this.units.set(spec.name, {
        ...spec,
        state: spec.active ? 'active' : 'inactive',
        since: spec.active ? this.bootTime : null,
        pid: spec.active && !spec.oneshot ? this.allocPid() : null,
      });
    }
  }

  // ---- identity -------------------------------------------------------------------------

  get hostname(): string {
    return this._hostname;
  }

  /** The host name up to the first dot (bash's `\h`). */
  get shortHostname(): string {
    return this._hostname.split('.')[0];
  }

  /** `hostnamectl set-hostname`: the engine reacts to the change (agents re-register under the new name). */
  setHostname(name: string): void {
    if (!isValidHostname(name)) throw new Error(`Invalid hostname '${name}'`);
    if (name === this._hostname) return;
    const previous = this._hostname;
    this._hostname = name;
    this._config = { ...this._config, hostname: name };
    this.emit({ type: 'hostname', previous, hostname: name });
  }

  get config(): HostConfig {
    return this._config;
  }

  /** Changes the host's network facts (NIC, address, gateway); the next apply() realizes them. */
  reconfigure(patch: Partial<Omit<HostConfig, 'hostname'>>): boolean {
    const next = { ...this._config, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this._config)) return false;
    this._config = next;
    return true;
  }

  // ---- realized dataplane ---------------------------------------------------------------

  /** The realized state (treat as read-only; apply() replaces it). */
  get state(): HostState {
    return this._state;
  }

  /**
   * Realizes a new desired state: namespaces, interfaces and OVS ports appear or disappear;
   * neighbour entries whose namespace or device is gone are dropped. Returns (and emits, when
   * anything changed) what was added and removed.
   */
  apply(desired: HostState): { added: HostDiff; removed: HostDiff } {
    const next = clone(desired);
    const before = inventory(this._state);
    const after = inventory(next);
    const added = difference(after, before);
    const removed = difference(before, after);
    this._state = next;
    for (const name of removed.namespaces) this.netns.delete(name);
    this.trackNamespaces(next);
    this.dropOrphanNeighbours();
    const empty = (d: HostDiff) => d.namespaces.length + d.interfaces.length + d.ovsPorts.length === 0;
    if (!empty(added) || !empty(removed)) this.emit({ type: 'dataplane', added, removed });
    return { added, removed };
  }

  namespace(name: string): Namespace | undefined {
    return this._state.namespaces.find((n) => n.name === name);
  }

  /** Named namespaces as `ip netns` lists them: the most recently created first. */
  namespaceList(): NetnsInfo[] {
    return [...this.netns.entries()].sort((a, b) => b[1].seq - a[1].seq).map(([name, v]) => ({ name, id: v.id }));
  }

  /** The namespace holding an interface of that name, preferring `prefer` when several do. */
  findInterface(dev: string, prefer = ''): { namespace: Namespace; iface: Interface } | undefined {
    const first = this.namespace(prefer)?.interfaces.find((i) => i.name === dev);
    if (first) return { namespace: this.namespace(prefer) as Namespace, iface: first };
    for (const ns of this._state.namespaces) {
      const iface = ns.interfaces.find((i) => i.name === dev);
      if (iface) return { namespace: ns, iface };
    }
    return undefined;
  }

  private trackNamespaces(state: HostState): void {
    for (const ns of state.namespaces) {
      if (ns.kind === 'root' || ns.name === '' || this.netns.has(ns.name)) continue;
      const used = new Set([...this.netns.values()].map((v) => v.id));
      let id = 0;
      while (used.has(id)) id++;
      this.netns.set(ns.name, { id, seq: ++this.netnsSeq });
    }
  }

  // ---- neighbour caches (NeighbourTable) ------------------------------------------------

  get(namespace: string, ip: string): NeighbourEntry | undefined {
    return this.neighbours.get(namespace)?.find((e) => e.ip === ip);
  }

  list(namespace: string): NeighbourEntry[] {
    return (this.neighbours.get(namespace) ?? []).map((e) => ({ ...e }));
  }

  /** Adds or replaces entries (by address and device) in a namespace's cache. */
  learn(namespace: string, entries: NeighbourEntry[]): void {
    if (entries.length === 0) return;
    const table = this.neighbours.get(namespace) ?? [];
    for (const e of entries) {
      const i = table.findIndex((x) => entryKey(x) === entryKey(e));
      if (i >= 0) table[i] = { ...e };
      else table.push({ ...e });
    }
    this.neighbours.set(namespace, table);
    this.emit({ type: 'neighbours', namespace, action: 'learn', entries: entries.map((e) => ({ ...e })) });
  }

  /**
   * Stores what a packet walk learned. The contract's entries carry a device but no namespace:
   * an entry that has a `namespace` anyway goes there; any other goes to the namespace holding
   * its device (the origin first, as devices like `lo` repeat).
   */
  learnFromTrace(origin: string, entries: (NeighbourEntry & { namespace?: string })[]): void {
    const byNs = new Map<string, NeighbourEntry[]>();
    for (const { namespace, ...e } of entries) {
      const ns = namespace !== undefined && this.namespace(namespace) ? namespace : (this.findInterface(e.dev, origin)?.namespace.name ?? origin);
      byNs.set(ns, [...(byNs.get(ns) ?? []), e]);
    }
    for (const [ns, list] of byNs) this.learn(ns, list);
  }

  /** `ip neigh flush`: removes the matching entries and returns them. */
  flush(namespace: string, filter: FlushFilter = {}): NeighbourEntry[] {
    const table = this.neighbours.get(namespace) ?? [];
    const hit = (e: NeighbourEntry) =>
      (filter.dev === undefined || e.dev === filter.dev) &&
      (filter.to === undefined || (isIpv4(e.ip) && inCidr(e.ip, filter.to))) &&
      (filter.includePermanent || e.state !== 'PERMANENT');
    const removed = table.filter(hit);
    this.neighbours.set(namespace, table.filter((e) => !hit(e)));
    if (removed.length) this.emit({ type: 'neighbours', namespace, action: 'flush', entries: removed });
    return removed;
  }

  /** Sets one entry as is: a scenario's fault (a stale wrong MAC, an INCOMPLETE) or `ip neigh replace`. */
  setEntry(namespace: string, entry: NeighbourEntry): void {
    const table = (this.neighbours.get(namespace) ?? []).filter((x) => entryKey(x) !== entryKey(entry));
    table.push({ ...entry });
    this.neighbours.set(namespace, table);
    this.emit({ type: 'neighbours', namespace, action: 'set', entries: [{ ...entry }] });
  }

  /** `ip neigh del`: returns whether an entry was removed. */
  deleteEntry(namespace: string, ip: string, dev?: string): boolean {
    const table = this.neighbours.get(namespace) ?? [];
    const removed = table.filter((e) => e.ip === ip && (dev === undefined || e.dev === dev));
    if (removed.length === 0) return false;
    this.neighbours.set(namespace, table.filter((e) => !removed.includes(e)));
    this.emit({ type: 'neighbours', namespace, action: 'delete', entries: removed });
    return true;
  }

  private dropOrphanNeighbours(): void {
    for (const [ns, table] of this.neighbours) {
      const devs = new Set(this.namespace(ns)?.interfaces.map((i) => i.name) ?? []);
      const kept = table.filter((e) => devs.has(e.dev));
      const dropped = table.filter((e) => !devs.has(e.dev));
      if (kept.length) this.neighbours.set(ns, kept);
      else this.neighbours.delete(ns);
      if (dropped.length) this.emit({ type: 'neighbours', namespace: ns, action: 'drop', entries: dropped });
    }
  }

  // ---- services --------------------------------------------------------------------------

  services(): ServiceUnit[] {
    return [...this.units.values()].map((u) => ({ ...u }));
  }

  /** A unit by name, with or without `.service`. */
  service(name: string): ServiceUnit | undefined {
    const u = this.units.get(name.replace(/\.service$/, ''));
    return u ? { ...u } : undefined;
  }

  isActive(name: string): boolean {
    return this.service(name)?.state === 'active';
  }

  /** The unit after the change, or undefined when there is no such unit. */
  startService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'start', (u) => (u.state === 'active' ? false : this.activate(u)));
  }

  stopService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'stop', (u) => {
      if (u.state === 'inactive') return false;
      u.state = 'inactive';
      u.pid = null;
      u.since = this.now().toISOString();
      return true;
    });
  }

  restartService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'restart', (u) => this.activate(u));
  }

  enableService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'enable', (u) => (u.enabled ? false : ((u.enabled = true), true)));
  }

  disableService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'disable', (u) => (u.enabled ? ((u.enabled = false), true) : false));
  }

  /** Fault injection: the unit's main process died (`Active: failed`). */
  failService(name: string): ServiceUnit | undefined {
    return this.changeService(name, 'fail', (u) => {
      u.state = 'failed';
      u.pid = null;
      u.since = this.now().toISOString();
      return true;
    });
  }

  private activate(u: ServiceUnit): boolean {
    u.state = 'active';
    u.pid = u.oneshot ? null : this.allocPid();
    u.since = this.now().toISOString();
    return true;
  }

  private changeService(name: string, action: Extract<HostChange, { type: 'service' }>['action'], change: (u: ServiceUnit) => boolean): ServiceUnit | undefined {
    const u = this.units.get(name.replace(/\.service$/, ''));
    if (!u) return undefined;
    const before = this.memory().usedMb;
    if (change(u)) {
      this.emit({ type: 'service', unit: u.name, action, active: u.state as ServiceActiveState });
      const m = this.memory();
      if (m.usedMb !== before) this.emit({ type: 'memory', totalMb: m.totalMb, usedMb: m.usedMb });
    }
    return { ...u };
  }

  private allocPid(): number {
    this.nextPid += 3 + (this.nextPid % 17);
    return this.nextPid;
  }

  // ---- memory ----------------------------------------------------------------------------

  memory(): MemoryFigures {
    const s = this.memorySpec;
    const units = [...this.units.values()].filter((u) => u.state === 'active').reduce((a, u) => a + u.memoryMb, 0);
    const usedMb = Math.min(s.totalMb, s.baseUsedMb + units + (s.guestMemoryMb ?? 0));
    const buffCacheMb = Math.min(s.buffCacheMb, s.totalMb - usedMb);
    return {
      totalMb: s.totalMb,
      usedMb,
      freeMb: s.totalMb - usedMb - buffCacheMb,
      sharedMb: s.sharedMb,
      buffCacheMb,
      availableMb: Math.max(0, s.totalMb - usedMb - Math.round(s.sharedMb / 2)),
      swapTotalMb: s.swapTotalMb,
      swapUsedMb: s.swapUsedMb,
      swapFreeMb: s.swapTotalMb - s.swapUsedMb,
    };
  }

  memorySettings(): MemorySpec {
    return { ...this.memorySpec };
  }

  /** Changes the memory model (the engine accounts instances here; scenarios shrink the host). */
  setMemory(spec: Partial<MemorySpec>): void {
    this.memorySpec = { ...this.memorySpec, ...spec };
    const m = this.memory();
    this.emit({ type: 'memory', totalMb: m.totalMb, usedMb: m.usedMb });
  }

  /** Current time as the host sees it (systemctl's "since … ago"). */
  clock(): Date {
    return this.now();
  }

  // ---- persistence -----------------------------------------------------------------------

  toJSON(): SimHostData {
    return clone(this.data());
  }

  /** The host as a JSON string, for saving: the same document as toJSON() without copying it first. */
  serialize(): string {
    return JSON.stringify(this.data());
  }

  private data(): SimHostData {
    return {
      version: 1 as const,
      hostname: this._hostname,
      config: this._config,
      state: this._state,
      neighbours: Object.fromEntries(this.neighbours),
      netns: Object.fromEntries(this.netns),
      netnsSeq: this.netnsSeq,
      services: [...this.units.values()],
      memory: this.memorySpec,
      ids: this.ids,
      ovsVersion: this.ovsVersion,
      bootTime: this.bootTime,
      nextPid: this.nextPid,
    };
  }

  static fromJSON(data: SimHostData, options: Pick<SimHostOptions, 'onChange' | 'now'> = {}): SimHost {
    if (data.version !== 1) throw new Error(`unsupported sim host data version ${String(data.version)}`);
    const host = new SimHost(data.config, {
      ...options,
      hostname: data.hostname,
      state: data.state,
      memory: data.memory,
      ids: data.ids,
      ovsVersion: data.ovsVersion,
      services: [],
    });
    (host as { bootTime: string }).bootTime = data.bootTime;
    host.netns = new Map(Object.entries(data.netns));
    host.netnsSeq = data.netnsSeq;
    host.neighbours = new Map(Object.entries(clone(data.neighbours)));
    host.units = new Map(data.services.map((u) => [u.name, { ...u }]));
    host.nextPid = data.nextPid;
    return host;
  }

  private emit(change: HostChange): void {
    if (!this.onChange) return;
    try {
      this.onChange(change);
    } catch {
      // a faulty listener must not break the host
    }
  }
}

interface Inventory {
  namespaces: Set<string>;
  interfaces: Map<string, { namespace: string; name: string }>;
  ovsPorts: Map<string, { bridge: string; name: string }>;
}

function inventory(state: HostState): Inventory {
  const inv: Inventory = { namespaces: new Set(), interfaces: new Map(), ovsPorts: new Map() };
  for (const ns of state.namespaces) {
    if (ns.kind !== 'root' && ns.name !== '') inv.namespaces.add(ns.name);
    for (const i of ns.interfaces) inv.interfaces.set(`${ns.name}\u0000${i.name}`, { namespace: ns.name, name: i.name });
  }
  for (const b of state.bridges) for (const p of b.ports) inv.ovsPorts.set(`${b.name}\u0000${p.name}`, { bridge: b.name, name: p.name });
  return inv;
}

function difference(a: Inventory, b: Inventory): HostDiff {
  return {
    namespaces: [...a.namespaces].filter((n) => !b.namespaces.has(n)),
    interfaces: [...a.interfaces].filter(([k]) => !b.interfaces.has(k)).map(([, v]) => v),
    ovsPorts: [...a.ovsPorts].filter(([k]) => !b.ovsPorts.has(k)).map(([, v]) => v),
  };
}
