/**
 * One emulated guest and its serial console: the boot transcript appears line by line (or at
 * once in instant mode), then getty's `login:`; what is typed goes through a small line
 * discipline (echo, backspace, ^C, no echo for the password) to getty or the user's shell.
 * Everything the guest writes is kept in the console log, as the serial port's log file is.
 */
import { bootable, cirrosBoot, hotplugLines, loginName, noBootableDevice, resizeLines, shutdownLines } from './boot-log';
import { DEFAULT_PASSWORD, DEFAULT_USER } from './facts';
import { GuestShell, type GuestView } from './guest-shell';
import type { GuestSpec, ProbeFn } from './types';

export type GuestPower = 'booting' | 'running' | 'nobootdevice' | 'paused' | 'off';

export interface GuestOptions {
  /** Print the whole boot at once (the engine's instant mode, tests). */
  instant: boolean;
  /** How long a boot takes when not instant. */
  bootMs: number;
  probe?: ProbeFn;
  now: () => Date;
  /** The most lines the console log keeps. */
  maxLogLines: number;
}

type Tty = 'none' | 'login' | 'password' | 'shell';

export class Guest {
  power: GuestPower = 'off';
  /** Bumps on every boot and shutdown: ssh sessions of an earlier life are cut. */
  generation = 0;
  private lines: string[] = [];
  private partial = '';
  private readonly listeners = new Set<(data: string) => void>();
  private timer?: NodeJS.Timeout;
  private bootNumber = 0;
  private bootedAt = 0;
  private bootUptime = 0;
  private tty: Tty = 'none';
  private buffer = '';
  private username = '';
  private shell?: GuestShell;
  private queued = '';
  private lastWasCr = false;
  private work: Promise<void> = Promise.resolve();
  private pausedFrom: GuestPower = 'running';
  /** The kernel's ring buffer (what dmesg prints): the boot's kernel lines, then hot-plug events. */
  private kernel: string[] = [];

  constructor(
    public spec: GuestSpec,
    private readonly options: GuestOptions,
  ) {}

  /** What the guest shell and metadata read about this guest. */
  view(): GuestView {
    return { spec: this.spec, probe: this.options.probe, uptime: () => this.uptime(), now: this.options.now, kernelLog: () => this.kernel, disks: () => this.spec.volumes ?? [] };
  }

  uptime(): number {
    return this.bootUptime + Math.max(0, (this.options.now().getTime() - this.bootedAt) / 1000);
  }

  /** Whether dropbear answers on port 22 (booted to the login prompt, not paused). */
  get sshReady(): boolean {
    return this.power === 'running' && this.tty !== 'none';
  }

  consoleLog(lines?: number): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    const pick = lines !== undefined ? all.slice(Math.max(0, all.length - lines)) : all;
    return pick.length ? pick.join('\n') + (this.partial && pick[pick.length - 1] === this.partial ? '' : '\n') : '';
  }

  attach(onData: (data: string) => void): { write(data: string): void; close(): void } {
    this.listeners.add(onData);
    return {
      write: (data) => this.input(data),
      close: () => this.listeners.delete(onData),
    };
  }

  // ---- power ---------------------------------------------------------------------------------

  boot(): void {
    this.stopTimer();
    this.generation++;
    this.bootNumber++;
    this.tty = 'none';
    this.shell = undefined;
    this.buffer = '';
    if (!bootable(this.spec)) {
      this.power = 'nobootdevice';
      this.emitLines(noBootableDevice(this.spec));
      return;
    }
    this.power = 'booting';
    const log = cirrosBoot(this.spec, this.bootNumber);
    this.kernel = log.lines.filter((l) => /^\[\s*\d+\.\d+\] /.test(l));
    this.bootedAt = this.options.now().getTime();
    this.bootUptime = log.uptime;
    const finish = () => {
      this.power = 'running';
      this.bootedAt = this.options.now().getTime();
      this.getty();
    };
    if (this.options.instant) {
      this.emitLines(log.lines);
      finish();
      return;
    }
    const lines = log.lines;
    const steps = 20;
    const per = Math.ceil(lines.length / steps);
    let i = 0;
    const tick = () => {
      this.timer = undefined;
      this.emitLines(lines.slice(i, i + per));
      i += per;
      if (i < lines.length) this.schedule(tick, this.options.bootMs / steps);
      else finish();
    };
    this.schedule(tick, this.options.bootMs / steps);
  }

  powerOff(): void {
    this.stopTimer();
    if (this.power === 'running' || this.power === 'paused' || this.power === 'booting') this.emitLines(shutdownLines(false, this.uptime()));
    this.power = 'off';
    this.tty = 'none';
    this.shell = undefined;
    this.generation++;
  }

  reboot(hard: boolean): void {
    this.stopTimer();
    if (!hard && (this.power === 'running' || this.power === 'booting')) this.emitLines(shutdownLines(true, this.uptime()));
    this.boot();
  }

  pause(): void {
    if (this.power === 'paused' || this.power === 'off') return;
    this.pausedFrom = this.power;
    this.power = 'paused';
  }

  unpause(): void {
    if (this.power !== 'paused') return;
    this.power = this.pausedFrom;
    const q = this.queued;
    this.queued = '';
    if (q) this.input(q);
  }

  /** A virtio disk hot-plugged: the kernel logs it (console and dmesg), lsblk lists it. */
  attachDisk(dev: string, sizeGb: number): void {
    const others = (this.spec.volumes ?? []).filter((d) => d.dev !== dev);
    this.spec = { ...this.spec, volumes: [...others, { dev, sizeGb }] };
    if (this.power !== 'running' && this.power !== 'booting') return;
    const lines = hotplugLines(dev, sizeGb, this.uptime(), 7 + others.length);
    this.kernel.push(...lines);
    this.emitLines(lines);
  }

  /** The disk grew (an in-use volume extended): the kernel logs the new capacity, lsblk shows it. */
  resizeDisk(dev: string, sizeGb: number): void {
    const disks = this.spec.volumes ?? [];
    const at = disks.findIndex((d) => d.dev === dev);
    if (at < 0 || disks[at].sizeGb === sizeGb) return;
    const from = disks[at].sizeGb;
    this.spec = { ...this.spec, volumes: disks.map((d) => (d.dev === dev ? { dev, sizeGb } : d)) };
    if (this.power !== 'running' && this.power !== 'booting') return;
    // hot-plugged disks take virtio4, virtio5, … in the order they came (as attachDisk numbers them)
    const lines = resizeLines(dev, from, sizeGb, this.uptime(), 4 + at);
    this.kernel.push(...lines);
    this.emitLines(lines);
  }

  /** The disk unplugged: gone from lsblk. */
  detachDisk(dev: string): void {
    this.spec = { ...this.spec, volumes: (this.spec.volumes ?? []).filter((d) => d.dev !== dev) };
  }

  destroy(): void {
    this.stopTimer();
    this.power = 'off';
    this.generation++;
    this.listeners.clear();
  }

  // ---- console I/O ---------------------------------------------------------------------------

  private schedule(fn: () => void, ms: number): void {
    this.timer = setTimeout(fn, ms);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes guest output: kept in the log with LF, sent to consoles with CRLF. */
  private emit(text: string): void {
    if (!text) return;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.options.maxLogLines) this.lines.splice(0, this.lines.length - this.options.maxLogLines);
    const wire = text.replace(/\r?\n/g, '\r\n');
    for (const l of this.listeners) l(wire);
  }

  private emitLines(lines: string[]): void {
    if (lines.length) this.emit(lines.map((l) => `${l}\n`).join(''));
  }

  private getty(): void {
    this.tty = 'login';
    this.emit(`${loginName(this.spec)} login: `);
  }

  /** Bytes typed on the console. */
  private input(data: string): void {
    if (this.power === 'paused') {
      this.queued += data;
      return;
    }
    if (this.power !== 'running' || this.tty === 'none') return;
    for (const ch of data) {
      if (ch === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        const line = this.buffer;
        this.buffer = '';
        this.emit('\n');
        this.enqueue(line);
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.buffer) {
          this.buffer = this.buffer.slice(0, -1);
          if (this.tty !== 'password') this.emit('\b \b');
        }
      } else if (ch === '\x03') {
        this.buffer = '';
        this.emit('^C\n');
        this.enqueue(undefined);
      } else if (ch === '\x04') {
        if (!this.buffer && this.tty === 'shell') this.enqueue('exit');
      } else if (ch >= ' ' || ch === '\t') {
        this.buffer += ch;
        if (this.tty !== 'password') this.emit(ch);
      }
    }
  }

  /** Lines are handled one after another, even when the shell answers asynchronously. */
  private enqueue(line: string | undefined): void {
    const generation = this.generation;
    this.work = this.work.then(async () => {
      if (generation !== this.generation || this.power !== 'running') return;
      await this.handle(line);
    });
  }

  private async handle(line: string | undefined): Promise<void> {
    const host = loginName(this.spec);
    switch (this.tty) {
      case 'login':
        if (line === undefined || line.trim() === '') return this.emit(`${host} login: `);
        this.username = line.trim();
        this.tty = 'password';
        return this.emit('Password: ');
      case 'password':
        if (line !== undefined && this.username === DEFAULT_USER && line === DEFAULT_PASSWORD) {
          this.tty = 'shell';
          this.shell = new GuestShell(this.view());
          return this.emit(this.shell.prompt());
        }
        this.tty = 'login';
        return this.emit(`Login incorrect\n${host} login: `);
      case 'shell': {
        const shell = this.shell!;
        if (line === undefined) return this.emit(shell.prompt());
        const r = await shell.run(line);
        this.emit(r.output);
        if (r.exited) {
          this.shell = undefined;
          this.emit("\nlogin as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.\n");
          this.getty();
          return;
        }
        return this.emit(shell.prompt());
      }
      default:
        return;
    }
  }
}
