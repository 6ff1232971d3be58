import type { LabDatabase } from '../core/db';
import type { HypervisorDriver, HypervisorInfo } from '../compute/types';
import type { HostRuntime } from './host-runtime';

/** A compute host added with `stacklab host add` (it has no shell; it only runs instances). */
export interface ExtraComputeHost {
  name: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  created_at: string;
}

/** What an extra compute host's own system uses (kernel, libvirtd, nova-compute, the ovs agent). */
export const EXTRA_HOST_BASE_USED_MB = 620;

/** The sim host's hypervisor facts: PackStack's VirtualBox guest (2 vCPUs, 49 GiB root disk). */
const SIM_VCPUS = 2;
const SIM_DISK_GB = 49;

const HOSTNAME_RE = /^(?=.{1,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

/**
 * The lab database's table of added compute hosts and of the instances' qemu processes: what
 * SimHypervisors reads, and what `stacklab host` edits directly while the engine is stopped.
 */
export class ComputeHostTable {
  constructor(private readonly db: LabDatabase) {
    db.raw.exec(`CREATE TABLE IF NOT EXISTS lab_compute_host (name TEXT PRIMARY KEY, vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, disk_gb INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lab_guest_process (server_id TEXT PRIMARY KEY, host TEXT NOT NULL, memory_mb INTEGER NOT NULL);`);
  }

  list(): ExtraComputeHost[] {
    return this.db.raw.prepare('SELECT name, vcpus, memory_mb AS memoryMb, disk_gb AS diskGb, created_at FROM lab_compute_host ORDER BY created_at, name').all() as ExtraComputeHost[];
  }

  find(name: string): ExtraComputeHost | undefined {
    return this.list().find((h) => h.name === name);
  }

  /** Memory and count of the instances running on `host` now. */
  guests(host: string): { memoryMb: number; count: number } {
    const r = this.db.raw.prepare('SELECT COALESCE(SUM(memory_mb), 0) AS m, COUNT(*) AS n FROM lab_guest_process WHERE host = ?').get(host) as { m: number; n: number };
    return { memoryMb: r.m, count: r.n };
  }

  all(): { serverId: string; host: string; memoryMb: number }[] {
    return this.db.raw.prepare('SELECT server_id AS serverId, host, memory_mb AS memoryMb FROM lab_guest_process').all() as { serverId: string; host: string; memoryMb: number }[];
  }

  setGuest(serverId: string, host: string, memoryMb: number): void {
    this.db.raw.prepare('INSERT INTO lab_guest_process (server_id, host, memory_mb) VALUES (?, ?, ?) ON CONFLICT(server_id) DO UPDATE SET host = excluded.host, memory_mb = excluded.memory_mb').run(serverId, host, memoryMb);
  }

  dropGuest(serverId: string): boolean {
    return this.db.raw.prepare('DELETE FROM lab_guest_process WHERE server_id = ?').run(serverId).changes > 0;
  }

  /** A new compute host (refused when the name is taken or invalid); `taken` are names already in use. */
  add(input: { name: string; vcpus?: number; memoryMb?: number; diskGb?: number }, taken: string[] = []): ExtraComputeHost {
    const name = input.name.trim();
    if (!HOSTNAME_RE.test(name)) throw new Error(`invalid host name '${input.name}'`);
    if (taken.includes(name) || this.find(name)) throw new Error(`host ${name} already exists`);
    const host: ExtraComputeHost = {
      name,
      vcpus: positive(input.vcpus, 2, 'vcpus'),
      memoryMb: positive(input.memoryMb, 4096, 'ram'),
      diskGb: positive(input.diskGb, 40, 'disk'),
      created_at: new Date().toISOString(),
    };
    this.db.raw.prepare('INSERT INTO lab_compute_host (name, vcpus, memory_mb, disk_gb, created_at) VALUES (?, ?, ?, ?, ?)').run(host.name, host.vcpus, host.memoryMb, host.diskGb, host.created_at);
    return host;
  }

  /** Only a host without running instances; `busy` is how many servers Nova still places there. */
  remove(name: string, busy = 0): void {
    if (!this.find(name)) throw new Error(`no such host: ${name}`);
    const n = Math.max(busy, this.guests(name).count);
    if (n > 0) throw new Error(`host ${name} still has ${n} instance(s); delete them first`);
    this.db.raw.prepare('DELETE FROM lab_compute_host WHERE name = ?').run(name);
  }
}

/**
 * Nova's hypervisors in the lab: the sim host (its memory shared by the host's services and the
 * instances' qemu processes, so `free -m` on the host shows them) and the compute hosts added
 * with `stacklab host add`, kept in the lab database with their own memory figures.
 */
export class SimHypervisors implements HypervisorDriver {
  readonly table: ComputeHostTable;

  constructor(
    private readonly runtime: HostRuntime,
    db: LabDatabase,
  ) {
    this.table = new ComputeHostTable(db);
  }

  private get simName(): string {
    return this.runtime.host.hostname;
  }

  extraHosts(): ExtraComputeHost[] {
    return this.table.list().filter((x) => x.name !== this.simName);
  }

  hosts(): HypervisorInfo[] {
    const h = this.runtime.host;
    const sim: HypervisorInfo = {
      hostname: h.hostname,
      vcpus: SIM_VCPUS,
      memoryMb: h.memory().totalMb,
      localGb: SIM_DISK_GB,
      computeRunning: h.isActive('openstack-nova-compute'),
      ...(this.runtime.novaCompute ? { allocationRatios: this.runtime.novaCompute } : {}),
    };
    return [sim, ...this.extraHosts().map((x) => ({ hostname: x.name, vcpus: x.vcpus, memoryMb: x.memoryMb, localGb: x.diskGb, computeRunning: true }))];
  }

  availableMemoryMb(hostname: string): number {
    if (hostname === this.simName) {
      // a node set to overcommit RAM (ram_allocation_ratio > 1) lets the kernel back guests with swap
      const m = this.runtime.host.memory();
      return m.availableMb + ((this.runtime.novaCompute?.ram ?? 1) > 1 ? m.swapFreeMb : 0);
    }
    const x = this.table.find(hostname);
    if (!x) return 0;
    return Math.max(0, x.memoryMb - EXTRA_HOST_BASE_USED_MB - this.table.guests(hostname).memoryMb);
  }

  spawn(hostname: string, serverId: string, memoryMb: number): void {
    this.table.setGuest(serverId, hostname, memoryMb);
    this.account();
  }

  destroy(_hostname: string, serverId: string): void {
    if (this.table.dropGuest(serverId)) this.account();
  }

  /**
   * The instances running on the sim host: every one not on an added host (a hostname change does
   * not move the qemu processes that already run).
   */
  private simGuests(): { memoryMb: number; count: number } {
    const extra = this.extraHosts().map((x) => x.name);
    const all = this.table.all().filter((g) => !extra.includes(g.host));
    return { memoryMb: all.reduce((a, g) => a + g.memoryMb, 0), count: all.length };
  }

  /** The sim host's used memory follows its instances (free -m's "used"). */
  private account(): void {
    const h = this.runtime.host;
    const mb = this.simGuests().memoryMb;
    if ((h.memorySettings().guestMemoryMb ?? 0) !== mb) h.setMemory({ guestMemoryMb: mb });
  }

  appendLog(path: string, text: string): void {
    const fs = this.runtime.fs;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!fs.stat(dir)) fs.mkdir(dir, true);
    fs.write(path, text, true);
  }

  /** Every hypervisor with its memory as `stacklab host list` prints it. */
  describe(): { name: string; vcpus: number; memoryMb: number; usedMb: number; availableMb: number; diskGb: number; instances: number; kind: 'sim' | 'added' }[] {
    const h = this.runtime.host;
    const m = h.memory();
    return [
      { name: h.hostname, vcpus: SIM_VCPUS, memoryMb: m.totalMb, usedMb: m.usedMb, availableMb: m.availableMb, diskGb: SIM_DISK_GB, instances: this.simGuests().count, kind: 'sim' },
      ...this.extraHosts().map((x) => {
        const g = this.table.guests(x.name);
        return { name: x.name, vcpus: x.vcpus, memoryMb: x.memoryMb, usedMb: EXTRA_HOST_BASE_USED_MB + g.memoryMb, availableMb: this.availableMemoryMb(x.name), diskGb: x.diskGb, instances: g.count, kind: 'added' as const };
      }),
    ];
  }

  addHost(input: { name: string; vcpus?: number; memoryMb?: number; diskGb?: number }): ExtraComputeHost {
    return this.table.add(input, [this.simName]);
  }

  removeHost(name: string, busy = 0): void {
    if (name === this.simName) throw new Error(`host ${name} is the lab's own host; it cannot be removed`);
    this.table.remove(name, busy);
  }
}

function positive(v: number | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${what} must be a positive integer`);
  return v;
}
