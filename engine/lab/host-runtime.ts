import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LabDatabase } from '../core/db';
import type { EventBus } from '../core/events';
import { secret } from '../core/ids';
import { computeHostState } from '../dataplane/desired-state';
import type { HostConfig } from '../dataplane/types';
import { trace } from '../dataplane/walker';
import { SimHost, type SimHostData } from '../host/sim/sim-host';
import type { HostChange } from '../host/types';
import type { NetworkService } from '../network/service';
import type { GuestAccess } from '../shell/types';
import type { ProbeResult } from '../guest/types';
import { DirFs } from '../shell/fs';
import { HostShell } from '../shell/shell';
import { iniFloat } from '../host/ini';
import { realOpenstack } from './openstack-client';
import { hostText, journalAppend, seedHostFiles, systemdLines } from './host-files';

/** The neutron agents that run on the all-in-one host (systemd unit = binary). */
export const AGENT_BINARIES = ['neutron-openvswitch-agent', 'neutron-dhcp-agent', 'neutron-l3-agent', 'neutron-metadata-agent', 'neutron-metering-agent'];

/** Each agent's log file under /var/log/neutron. */
const AGENT_LOGS: Record<string, { file: string; logger: string; started: string }> = {
  'neutron-openvswitch-agent': { file: 'openvswitch-agent.log', logger: 'neutron.plugins.ml2.drivers.openvswitch.agent.ovs_neutron_agent', started: 'Agent initialized successfully, now running... ' },
  'neutron-dhcp-agent': { file: 'dhcp-agent.log', logger: 'neutron.agent.dhcp.agent', started: 'DHCP agent started' },
  'neutron-l3-agent': { file: 'l3-agent.log', logger: 'neutron.agent.l3.agent', started: 'L3 agent started' },
  'neutron-metadata-agent': { file: 'metadata-agent.log', logger: 'neutron.agent.metadata.agent', started: 'Metadata agent started' },
  'neutron-metering-agent': { file: 'metering-agent.log', logger: 'neutron.services.metering.agents.metering_agent', started: 'Metering agent started' },
};

/** neutron.conf's defaults: [agent] report_interval and [DEFAULT] agent_down_time, seconds. */
const REPORT_INTERVAL_S = 30;
const AGENT_DOWN_TIME_S = 75;

/** How long a Neutron change may wait before the host realizes it (the agents' reaction time). */
const RECOMPUTE_MS = 25;

/** The all-in-one host PackStack's notes describe: enp0s3 on VirtualBox NAT, br-ex for extnet. */
export function defaultHostConfig(hostname: string): HostConfig {
  return {
    hostname,
    nic: 'enp0s3',
    nicMac: '08:00:27:3c:5d:8e',
    hostCidr: '10.0.2.15/24',
    gateway: '10.0.2.1',
    bridgeMappings: { extnet: 'br-ex' },
    tunnelIp: '10.0.2.15',
    datapathType: 'system',
  };
}

/**
 * The `sim` host driver at run time: keeps the simulated host in step with Neutron (every
 * committed change recomputes the desired state, at most once per event-loop turn, and the
 * host realizes it), persists the host in the lab database, publishes what changed, and runs
 * host-shell sessions against it.
 */
export class HostRuntime {
  readonly host: SimHost;
  private pending?: NodeJS.Timeout;
  /** A save of derived host changes, waiting (see changed()). */
  private saving?: NodeJS.Timeout;
  private readonly sessions = new Map<string, { shell: HostShell; used: number }>();
  /** Each neutron agent reports under the hostname it had when its service last started. */
  private readonly registeredAs = new Map<string, string>();
  /** The host's files: `<dataDir>/hostfs/` is its `/`, `/root` the student's home. */
  readonly fs: DirFs;
  /** The instances' guests, for ssh (set by the engine once it has built them). */
  guests?: GuestAccess;

  constructor(
    private readonly db: LabDatabase,
    private readonly events: EventBus,
    private readonly network: NetworkService,
    private readonly dataDir: string,
    hostname: string,
    /** Host facts given at start (serve --host-nic/--host-cidr/--host-gateway); they win over the saved ones. */
    hostNetwork: { nic?: string; hostCidr?: string; gateway?: string } = {},
    /** The host's RAM given at start (serve --host-memory); wins over the saved figure. */
    hostMemoryMb?: number,
  ) {
    db.raw.exec('CREATE TABLE IF NOT EXISTS lab_host (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)');
    const saved = db.raw.prepare('SELECT data FROM lab_host WHERE id = 1').get() as { data: string } | undefined;
    const onChange = (c: HostChange) => this.changed(c);
    this.host = saved ? SimHost.fromJSON(JSON.parse(saved.data) as SimHostData, { onChange }) : new SimHost(defaultHostConfig(hostname), { onChange });
    const given = Object.fromEntries(Object.entries(hostNetwork).filter(([, v]) => v !== undefined));
    if (given.hostCidr) given.tunnelIp = given.hostCidr.split('/')[0];
    if (this.host.reconfigure(given)) this.save();
    if (hostMemoryMb !== undefined && hostMemoryMb !== this.host.memorySettings().totalMb) {
      this.host.setMemory({ totalMb: hostMemoryMb });
      this.save();
    }
    this.fs = new DirFs(join(dataDir, 'hostfs'));
    for (const d of ['/root', '/tmp', '/var/log', '/etc']) this.fs.mkdir(d, true);
    seedHostFiles(this.fs, this.host.hostname, this.host.clock());
    // a fresh host's journal: the units that started at boot
    if (this.fs.stat('/var/log/messages')?.size === 0)
      for (const u of this.host.services()) if (u.state === 'active') journalAppend(this.fs, new Date(this.host.bootTime), this.host.hostname, systemdLines(u.name, u.description, 'start'));
    // neutron-server and nova-compute start with the lab: they read their config files
    this.readServerConfig();
    this.readNovaComputeConfig();
    this.recompute();
    network.onChange(() => this.schedule());
    // the lab's credential files, where PackStack leaves them: in root's home
    for (const name of ['keystonerc_admin', 'keystonerc_demo', 'clouds.yaml']) {
      const from = join(dataDir, name);
      const to = join(dataDir, 'hostfs', 'root', name);
      if (existsSync(from)) copyFileSync(from, to);
    }
    mkdirSync(join(dataDir, 'hostfs', 'var', 'log', 'nova'), { recursive: true });
  }

  /**
   * Whether a packet from an instance port reaches `dstIp` and is answered, as the packet walker
   * says over the host as it is now (the guests' ping and curl).
   */
  probe(fromPortId: string, dstIp: string, protocol: 'icmp' | 'tcp' | 'udp', dstPort?: number): ProbeResult {
    this.flush();
    const t = trace(this.host.state, this.host, { from: { portId: fromPortId }, to: dstIp, protocol, ...(dstPort !== undefined ? { dstPort } : {}) });
    // what the routers and namespaces on the way learned (the guest's own ARP cache is not the host's)
    this.host.learnFromTrace('', t.learned.filter((e) => this.host.namespace(e.namespace) !== undefined));
    const r = t.steps.findIndex((s) => s.kind === 'reply');
    const back = r >= 0 ? t.steps.slice(r + 1) : t.steps;
    const routers = new Set(back.filter((s) => s.kind === 'route' && s.at.startsWith('qrouter-')).map((s) => s.at));
    return {
      ok: t.delivered && t.replied !== false,
      arpFailed: /arp|neighbou?r|incomplete|unresolved/i.test(t.dropped?.reason ?? ''),
      hops: routers.size,
      outside: t.steps.some((s) => s.kind === 'exit'),
    };
  }

  /**
   * Recomputes at most once per RECOMPUTE_MS however many writes come in meanwhile, so a burst
   * of API calls costs one recompute, not one each. Anything that reads the host flushes first.
   */
  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => this.flush(), RECOMPUTE_MS);
    this.pending.unref();
  }

  /** Applies any change still waiting, so what the host shows matches Neutron now. */
  flush(): void {
    if (this.pending) {
      clearTimeout(this.pending);
      this.pending = undefined;
      this.recompute();
    }
    if (this.saving) this.save();
  }

  /** The compute hosts the lab adds and simulates on this host (set by the engine once Nova's hypervisors exist). */
  simulatedComputeHosts: () => string[] = () => [];

  /** Derives the desired state from Neutron now and realizes it on the host. */
  recompute(): void {
    const ovsAgentHost = this.registeredAs.get('neutron-openvswitch-agent');
    const desired = computeHostState(this.network.snapshot(), { ...this.host.config, simulatedComputeHosts: this.simulatedComputeHosts(), ...(ovsAgentHost ? { ovsAgentHost } : {}) });
    this.host.apply(desired);
  }

  private changed(c: HostChange): void {
    // a (re)started agent registers under the host's current name, as the real ones read it at start
    if (c.type === 'service' && (c.action === 'start' || c.action === 'restart') && AGENT_BINARIES.includes(c.unit)) this.register([c.unit]);
    if (c.type === 'service' && (c.action === 'start' || c.action === 'restart') && c.unit === 'neutron-server') this.readServerConfig();
    if (c.type === 'service' && (c.action === 'start' || c.action === 'restart') && c.unit === 'openstack-nova-compute') this.readNovaComputeConfig();
    if (c.type === 'service') journalAppend(this.fs, this.host.clock(), this.host.hostname, systemdLines(c.unit, this.host.service(c.unit)?.description ?? c.unit, c.action));
    if (c.type === 'hostname') this.fs.write('/etc/hostname', `${c.hostname}\n`);
    // what a student did (a unit, the hostname) is saved before the command answers; what the host
    // derives (dataplane, caches, memory) at most once per RECOMPUTE_MS, as it can be derived again
    if (c.type === 'service' || c.type === 'hostname') this.save();
    else this.saveSoon();
    this.events.publish(`host.${c.type}`, undefined, c as unknown as Record<string, unknown>);
  }

  private save(): void {
    if (this.saving) clearTimeout(this.saving);
    this.saving = undefined;
    // a host left running past its database (tests; an engine stopped without flush) has nowhere to save
    if (!this.db.raw.open) return;
    this.db.raw.prepare('INSERT INTO lab_host (id, data) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data').run(this.host.serialize());
  }

  private saveSoon(): void {
    if (this.saving) return;
    this.saving = setTimeout(() => this.save(), RECOMPUTE_MS);
    this.saving.unref();
  }

  /** Boot: every running agent service starts and registers under the current hostname. */
  startAgents(): void {
    this.register(AGENT_BINARIES.filter((b) => this.host.isActive(b)));
  }

  private register(binaries: string[]): void {
    if (binaries.length === 0) return;
    const name = this.host.hostname;
    this.network.agents.registerHost(name, binaries);
    for (const b of binaries) {
      this.registeredAs.set(b, name);
      this.agentStartedLog(b, name);
    }
    // the agents read [agent] report_interval when they start
    this.armHeartbeat(iniFloat(hostText(this.fs, '/etc/neutron/neutron.conf'), 'agent', 'report_interval', REPORT_INTERVAL_S));
    if (binaries.includes('neutron-l3-agent')) this.network.agents.autoSchedule(name);
    this.schedule();
  }

  /** The allocation ratios nova-compute read from /etc/nova/nova.conf when it last started. */
  novaCompute?: { ram: number; cpu: number; disk: number };

  /** nova-compute reads [DEFAULT] ram/cpu/disk_allocation_ratio when it starts (a value <= 0 or not a number keeps the default). */
  private readNovaComputeConfig(): void {
    const text = hostText(this.fs, '/etc/nova/nova.conf');
    const ratio = (key: string, dflt: number) => {
      const v = iniFloat(text, 'DEFAULT', key, dflt);
      return v > 0 ? v : dflt;
    };
    this.novaCompute = { ram: ratio('ram_allocation_ratio', 1.0), cpu: ratio('cpu_allocation_ratio', 16.0), disk: ratio('disk_allocation_ratio', 1.0) };
  }

  /** neutron-server reads [DEFAULT] agent_down_time from neutron.conf when it starts. */
  private readServerConfig(): void {
    const t = iniFloat(hostText(this.fs, '/etc/neutron/neutron.conf'), 'DEFAULT', 'agent_down_time', AGENT_DOWN_TIME_S);
    this.network.agents.downTimeS = t > 0 ? t : AGENT_DOWN_TIME_S;
  }

  /** What an agent writes to its log when it starts; the OVS agent also names the ports bound to another host. */
  private agentStartedLog(binary: string, host: string): void {
    const log = AGENT_LOGS[binary];
    const unit = this.host.service(binary);
    if (!log || !unit) return;
    const stamp = this.host.clock().toISOString().replace('T', ' ').replace('Z', '');
    const head = (level: string) => `${stamp} ${unit.pid ?? 0} ${level} ${log.logger} [-] `;
    let text = `${head('INFO')}${log.started}\n`;
    if (binary === 'neutron-openvswitch-agent') {
      const simulated = this.simulatedComputeHosts();
      for (const p of this.network.snapshot().ports) {
        const bound = p['binding:host_id'];
        if (p.device_owner.startsWith('compute:') && bound && bound !== host && !simulated.includes(bound))
          text += `${head('WARNING')}Device ${p.id} not defined on plugin or binding failed\n`;
      }
    }
    this.fs.write(`/var/log/neutron/${log.file}`, text, true);
  }

  private reportTimer?: NodeJS.Timeout;
  private reportEveryS = 0;

  /** The agents report every report_interval seconds (neutron.conf [agent]). */
  private armHeartbeat(seconds: number): void {
    const s = seconds > 0 ? seconds : REPORT_INTERVAL_S;
    if (this.reportTimer && this.reportEveryS === s) return;
    if (this.reportTimer) clearInterval(this.reportTimer);
    this.reportEveryS = s;
    this.reportTimer = setInterval(() => this.heartbeat(), s * 1000);
    this.reportTimer.unref();
  }

  /** The periodic report of every agent whose service runs; a stopped one turns XXX after agent_down_time. */
  heartbeat(): void {
    // a host left behind by a stopped or restored engine reports nowhere
    if (!this.db.raw.open) {
      if (this.reportTimer) clearInterval(this.reportTimer);
      this.reportTimer = undefined;
      return;
    }
    const byHost = new Map<string, string[]>();
    for (const [binary, host] of this.registeredAs) if (this.host.isActive(binary)) byHost.set(host, [...(byHost.get(host) ?? []), binary]);
    for (const [host, binaries] of byHost) this.network.agents.heartbeat(host, binaries);
    // router_auto_schedule: a live L3 agent's sync takes the routers no agent hosts
    const l3 = this.registeredAs.get('neutron-l3-agent');
    if (l3 && this.host.isActive('neutron-l3-agent')) this.network.agents.autoSchedule(l3);
  }

  /** Opens a host-shell session (its environment lives until closed). */
  openSession(): { id: string; prompt: string } {
    const id = secret(12);
    const shell = new HostShell({ host: this.host, walker: trace, openstack: realOpenstack, readFile: (p) => this.readFile(p), fs: this.fs, guests: this.guests });
    this.sessions.set(id, { shell, used: Date.now() });
    if (this.sessions.size > 64) {
      const oldest = [...this.sessions.entries()].sort((a, b) => a[1].used - b[1].used)[0];
      this.sessions.delete(oldest[0]);
    }
    return { id, prompt: shell.prompt() };
  }

  async run(sessionId: string, line: string): Promise<{ stdout: string; stderr: string; code: number; prompt: string; exited: number | null; secret: boolean }> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error('no such shell session');
    s.used = Date.now();
    this.flush();
    const r = await s.shell.run(line);
    return { ...r, prompt: s.shell.prompt(), exited: s.shell.exited, secret: s.shell.secret };
  }

  closeSession(id: string): void {
    this.sessions.delete(id);
  }

  /** The host's files a student reads: /root/keystonerc_* and clouds.yaml are the lab's own. */
  private readFile(path: string): string | undefined {
    const name = basename(path);
    if (!path.startsWith('/root/') || !/^(keystonerc_\w+|clouds\.yaml)$/.test(name)) return undefined;
    const file = join(this.dataDir, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }
}
