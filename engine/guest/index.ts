/**
 * The emulated guests of the sim host, one CirrOS-like machine per instance: Nova drives their
 * power, `openstack console log show` and `stacklab console` read their serial consoles, and
 * the host shell's ssh logs in to them (GuestAccess).
 */
import type { GuestAccess, GuestShellSession } from '../shell/types';
import { DEFAULT_PASSWORD, DEFAULT_USER, hostKey } from './facts';
import { Guest } from './guest';
import { GuestShell } from './guest-shell';
import type { ConsoleSession, GuestDriver, GuestNic, GuestSpec, ProbeFn } from './types';

export type { ProbeFn, ProbeResult } from './types';

export interface GuestManagerOptions {
  /** Boot at once instead of over `bootMs` (the engine's instant mode). */
  instant?: boolean;
  /** How long a boot takes on the console (default 3 s). */
  bootMs?: number;
  /** Answers the guests' ping and curl from the packet walker. */
  probe?: ProbeFn;
  now?: () => Date;
}

export class GuestManager implements GuestDriver, GuestAccess {
  private readonly guests = new Map<string, Guest>();
  private readonly options: { instant: boolean; bootMs: number; probe?: ProbeFn; now: () => Date };

  constructor(options: GuestManagerOptions = {}) {
    this.options = { instant: options.instant ?? false, bootMs: options.bootMs ?? 3000, probe: options.probe, now: options.now ?? (() => new Date()) };
  }

  boot(spec: GuestSpec): void {
    this.guests.get(spec.serverId)?.destroy();
    const guest = new Guest(spec, { ...this.options, maxLogLines: 5000 });
    this.guests.set(spec.serverId, guest);
    guest.boot();
  }

  powerOff(serverId: string): void {
    this.guests.get(serverId)?.powerOff();
  }

  powerOn(serverId: string, nics?: GuestNic[]): void {
    const g = this.guests.get(serverId);
    if (!g || (g.power !== 'off' && g.power !== 'nobootdevice')) return;
    if (nics) g.spec = { ...g.spec, nics };
    g.boot();
  }

  reboot(serverId: string, hard: boolean, nics?: GuestNic[]): void {
    const g = this.guests.get(serverId);
    if (g && nics) g.spec = { ...g.spec, nics };
    g?.reboot(hard);
  }

  pause(serverId: string): void {
    this.guests.get(serverId)?.pause();
  }

  unpause(serverId: string): void {
    this.guests.get(serverId)?.unpause();
  }

  destroy(serverId: string): void {
    this.guests.get(serverId)?.destroy();
    this.guests.delete(serverId);
  }

  consoleLog(serverId: string, lines?: number): string | undefined {
    return this.guests.get(serverId)?.consoleLog(lines);
  }

  attach(serverId: string, onData: (data: string) => void): ConsoleSession | undefined {
    return this.guests.get(serverId)?.attach(onData);
  }

  attachVolume(serverId: string, dev: string, sizeGb: number): void {
    this.guests.get(serverId)?.attachDisk(dev, sizeGb);
  }

  resizeVolume(serverId: string, dev: string, sizeGb: number): void {
    this.guests.get(serverId)?.resizeDisk(dev, sizeGb);
  }

  detachVolume(serverId: string, dev: string): void {
    this.guests.get(serverId)?.detachDisk(dev);
  }

  /** The guest's power state as the console sees it (undefined when there is no guest). */
  power(serverId: string): Guest['power'] | undefined {
    return this.guests.get(serverId)?.power;
  }

  /** The server whose guest has this port, if any. */
  serverOfPort(portId: string): string | undefined {
    for (const [id, g] of this.guests) if (g.spec.nics.some((n) => n.portId === portId)) return id;
    return undefined;
  }

  // ---- GuestAccess (ssh from the host shell) -----------------------------------------------

  private byPort(portId: string): Guest | undefined {
    const id = this.serverOfPort(portId);
    return id ? this.guests.get(id) : undefined;
  }

  listening(portId: string): boolean {
    const g = this.byPort(portId);
    // CirrOS configures no static address: a NIC that got no DHCP lease at boot has none to answer on
    const nic = g?.spec.nics.find((n) => n.portId === portId);
    return (g?.sshReady ?? false) && !!nic && nic.dhcp && nic.ip !== undefined;
  }

  hostKey(portId: string): string | undefined {
    const g = this.byPort(portId);
    return g ? hostKey(g.spec.serverId) : undefined;
  }

  login(portId: string, user: string, password: string): GuestShellSession | undefined {
    const g = this.byPort(portId);
    if (!g || !g.sshReady || user !== DEFAULT_USER || password !== DEFAULT_PASSWORD) return undefined;
    const life = g.generation;
    const shell = new GuestShell(g.view());
    let open = true;
    return {
      prompt: () => shell.prompt(),
      run: async (line) => {
        if (!open || g.generation !== life || !g.sshReady) {
          open = false;
          return { output: '', exited: true, lost: true };
        }
        const r = await shell.run(line);
        if (r.exited) open = false;
        return r;
      },
      close: () => {
        open = false;
      },
    };
  }
}
