import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Clock, systemClock } from '../core/clock';
import { type EngineConfig, servicePort, serviceBaseUrl } from '../core/config';
import { LabDatabase } from '../core/db';
import { EventBus } from '../core/events';
import { secret } from '../core/ids';
import { bootstrapIdentity, DEFAULT_DOMAIN_ID, registerCatalogService } from '../identity/bootstrap';
import { IdentityService } from '../identity/service';
import { NetworkService } from '../network/service';
import { ComputeService, defaultComputeConfig } from '../compute/service';
import { GuestManager } from '../guest';
import { ImageService } from '../image/service';
import { VolumeService } from '../volume/service';
import { PlacementService } from '../placement/service';
import { ObjectStoreService } from '../object-store/service';
import { SimHypervisors } from '../lab/hypervisors';
import { defaultNetworkConfig } from '../network/service/core';
import { novaVolumeApi } from '../volume/service/nova-volume-api';
import { HostRuntime } from '../lab/host-runtime';
import { LabLock } from '../lab/lock';
import { recoverRestore, stageRestore } from '../lab/snapshots/restore';
import { SnapshotStore, type SnapshotMeta } from '../lab/snapshots/store';
import { startControlServer } from './control';
import { type CloudUser, readRcPassword, writeCredentialFiles } from '../lab/rc-files';
import { type ServedApi, servedApis } from './services';

/** One step of bringing the lab up (the LabApi's `lab:progress`). */
export interface EngineProgress {
  step: string;
  message: string;
  done: number;
  total: number;
}

export interface EngineStatus {
  dataDir: string;
  apis: { type: string; name: string; url: string }[];
  startedMs: number;
}

/** The all-in-one host's name (the seeds' `localhost`); the sim host will own it. */
const HOSTNAME = 'localhost';

/** A lab's password: PackStack-style, 16 hex characters of randomness. */
const newPassword = (): string => Buffer.from(secret(8), 'base64url').toString('hex');

/**
 * The all-in-one control plane of one lab. Builds every service in one place, bootstraps
 * identity, writes the credential files, serves every API and shuts all of it down again.
 */
export class Engine {
  readonly events = new EventBus();
  private db?: LabDatabase;
  private lock?: LabLock;
  identity?: IdentityService;
  network?: NetworkService;
  image?: ImageService;
  placement?: PlacementService;
  compute?: ComputeService;
  objectStore?: ObjectStoreService;
  volume?: VolumeService;
  guests?: GuestManager;
  host?: HostRuntime;
  hypervisors?: SimHypervisors;
  private control?: FastifyInstance;
  private heartbeat?: NodeJS.Timeout;
  private servers: { api: ServedApi; app: FastifyInstance }[] = [];
  /** Grows by one at every start: a restore restarts the engine in place. */
  generation = 0;
  private onProgress?: (p: EngineProgress) => void;

  constructor(
    readonly config: EngineConfig,
    private readonly clock: Clock = systemClock,
    private readonly apis: ServedApi[] = servedApis,
  ) {}

  /** Opens (or creates) the lab and prepares its services without listening. */
  async open(): Promise<IdentityService> {
    const cfg = this.config;
    mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
    this.lock = new LabLock(cfg.dataDir);
    this.lock.acquire();
    // a restore interrupted by a crash is finished (or, if it never committed, dropped) before anything reads the lab
    recoverRestore(cfg.dataDir);
    this.snapshots.sweep();
    this.db = new LabDatabase(join(cfg.dataDir, 'lab.db'));
    // the database holds password hashes: owner-only, like the rc files
    for (const f of ['lab.db', 'lab.db-wal', 'lab.db-shm']) if (existsSync(join(cfg.dataDir, f))) chmodSync(join(cfg.dataDir, f), 0o600);
    const identity = new IdentityService({ db: this.db, clock: this.clock, events: this.events, config: cfg });
    this.identity = identity;
    this.network = new NetworkService({ db: this.db, clock: this.clock, events: this.events, config: defaultNetworkConfig(HOSTNAME) });
    this.image = new ImageService({ db: this.db, clock: this.clock, events: this.events, imagesDir: join(cfg.dataDir, 'images') });
    this.placement = new PlacementService({ db: this.db, clock: this.clock, events: this.events });
    this.objectStore = new ObjectStoreService({ db: this.db, clock: this.clock, events: this.events, objectsDir: join(cfg.dataDir, 'objects') });
    this.volume = new VolumeService({ db: this.db, clock: this.clock, events: this.events, disksDir: join(cfg.dataDir, 'disks'), images: this.image, objectStore: this.objectStore });

    const fresh = !identity.core.store.getFact('bootstrapped');
    const passwords: Record<'admin' | 'demo', string> = { admin: '', demo: '' };
    for (const who of ['admin', 'demo'] as const) {
      const kept = readRcPassword(cfg.dataDir, who);
      passwords[who] = kept ?? newPassword();
      // the lab exists but its rc file was lost: the only way back in is a new password
      if (!fresh && !kept) {
        const u = identity.users.findByName(who, DEFAULT_DOMAIN_ID);
        if (u) await identity.users.update(u.id, { password: passwords[who] });
      }
    }
    // expired tokens are of no use to anyone: drop them once per start so the table stays small
    identity.core.store.purgeExpiredTokens(this.clock.now().toISOString());
    await bootstrapIdentity(identity, { adminPassword: passwords.admin, demoPassword: passwords.demo, region: cfg.region });
    for (const api of this.apis)
      registerCatalogService(identity, cfg.region, { type: api.type, name: api.name, description: api.description, url: serviceBaseUrl(cfg, api.type) + api.catalogPath });

    const authUrl = `${serviceBaseUrl(cfg, 'identity')}/v3`;
    const users: CloudUser[] = [
      { who: 'admin', username: 'admin', password: passwords.admin, projectName: 'admin' },
      { who: 'demo', username: 'demo', password: passwords.demo, projectName: 'demo' },
    ];
    writeCredentialFiles(cfg.dataDir, authUrl, cfg.region, users);
    return identity;
  }

  /**
   * Listens on every API port and waits until each answers its version document. `onProgress` hears
   * each step (the desktop splash): the lab opened, the host up, then every service answering.
   */
  async start(onProgress?: (p: EngineProgress) => void): Promise<EngineStatus> {
    const t0 = performance.now();
    this.onProgress = onProgress;
    const total = 2 + this.apis.length;
    let done = 0;
    const step = (name: string, message: string) => onProgress?.({ step: name, message, done: ++done, total });
    onProgress?.({ step: 'open', message: `Opening the lab in ${this.config.dataDir}`, done: 0, total });
    const identity = this.identity ?? (await this.open());
    step('identity', 'Lab database open, Keystone bootstrapped');
    const network = this.network!;
    this.host = new HostRuntime(this.db!, this.events, network, this.config.dataDir, HOSTNAME, this.config.hostNetwork, this.config.hostMemoryMb);
    // the host's neutron agents start with the engine and report in every 30 s, like the real ones
    const host = this.host;
    host.startAgents();
    this.heartbeat = setInterval(() => host.heartbeat(), 30_000);
    this.heartbeat.unref();
    this.guests = new GuestManager({ instant: this.config.instant, probe: (port, ip, protocol, dstPort) => host.probe(port, ip, protocol, dstPort) });
    host.guests = this.guests;
    this.compute = new ComputeService({
      db: this.db!,
      clock: this.clock,
      events: this.events,
      config: { ...defaultComputeConfig(), instant: this.config.instant },
      network,
      images: this.image!,
      placement: this.placement!,
      hypervisors: (this.hypervisors = new SimHypervisors(this.host, this.db!)),
      guests: this.guests,
      volumes: this.volume ? novaVolumeApi(this.volume) : undefined,
    });
    // Cinder asks Nova which attachment a server uses before a user may delete it (Bug #2004555)
    const computeForCinder = this.compute;
    if (this.volume) this.volume.attachments.novaAttachmentOf = (serverId, volumeId) => computeForCinder.serverVolumes.attachmentOf(serverId, volumeId);
    // Cinder tells Nova an attached volume grew (os-server-external-events volume-extended, as its admin)
    if (this.volume) {
      this.volume.volumes.novaVolumeExtended = (volumeId, serverIds) => {
        const user = identity.users.findByName('admin', DEFAULT_DOMAIN_ID);
        const project = identity.projects.findByName('admin', DEFAULT_DOMAIN_ID);
        const caller = { userId: user?.id ?? '', projectId: project?.id ?? '', requestId: `req-${randomUUID()}` };
        computeForCinder.externalEvents.handle(caller, serverIds.map((server_uuid) => ({ name: 'volume-extended' as const, server_uuid, tag: volumeId })));
      };
    }
    const hypervisors = this.hypervisors!;
    this.host.simulatedComputeHosts = () => hypervisors.extraHosts().map((h) => h.name);
    step('host', `Host ${HOSTNAME} up: OVS bridges, namespaces and agents`);
    const services = { config: this.config, identity, network, image: this.image!, placement: this.placement!, compute: this.compute, objectStore: this.objectStore!, volume: this.volume! };
    this.control = await startControlServer(join(this.config.dataDir, 'engine.sock'), {
      host: this.host,
      events: this.events,
      guests: this.guests,
      compute: this.compute,
      hypervisors: this.hypervisors,
      snapshots: { generation: () => this.generation, save: (name) => this.saveSnapshot(name), restore: (name) => this.restoreSnapshot(name) },
    });
    for (const api of this.apis) {
      const app = api.build(services);
      this.servers.push({ api, app });
      await app.listen({ host: this.config.host, port: servicePort(this.config, api.type) });
    }
    await Promise.all(
      this.apis.map((api) => answers(this.config.host, servicePort(this.config, api.type), api.readyPath).then(() => step(api.type, `${api.name} (${api.type}) answers on port ${servicePort(this.config, api.type)}`))),
    );
    const status: EngineStatus = {
      dataDir: this.config.dataDir,
      apis: this.apis.map((a) => ({ type: a.type, name: a.name, url: serviceBaseUrl(this.config, a.type) + a.catalogPath })),
      startedMs: Math.round(performance.now() - t0),
    };
    this.generation++;
    writeFileSync(join(this.config.dataDir, 'engine.json'), JSON.stringify({ pid: process.pid, host: this.config.host, portOffset: this.config.portOffset, apis: status.apis }, null, 2) + '\n');
    return status;
  }

  get snapshots(): SnapshotStore {
    return new SnapshotStore(this.config.dataDir);
  }

  /** Saves a snapshot of the running lab: pending host changes first, then a consistent copy. */
  saveSnapshot(name: string): SnapshotMeta {
    if (!this.db) throw new Error('the engine is not started');
    this.host?.flush();
    const meta = this.snapshots.save(name, this.db.raw);
    this.events.publish('lab.snapshot.saved', name, { name, resources: meta.resources });
    return meta;
  }

  /**
   * Restores a snapshot into the running lab: the snapshot is staged and committed while the lab
   * still serves, then the engine stops, the restore rolls forward and the engine starts again on
   * the restored lab (same ports, same event stream).
   */
  async restoreSnapshot(name: string): Promise<SnapshotMeta> {
    const meta = this.snapshots.get(name);
    stageRestore(this.config.dataDir, name, this.snapshots.stateDir(name));
    await this.restart();
    this.events.publish('lab.snapshot.restored', name, { name });
    return meta;
  }

  /** Stops and starts again on the same data directory (finishing a committed restore in between). */
  async restart(): Promise<EngineStatus> {
    await this.stop();
    this.identity = this.network = this.image = this.placement = this.compute = undefined;
    this.guests = undefined;
    this.host = undefined;
    this.hypervisors = undefined;
    this.db = undefined;
    this.lock = undefined;
    return this.start(this.onProgress);
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.servers.reverse()) await s.app.close();
    if (this.control) await this.control.close();
    this.control = undefined;
    // realize (and save) any Neutron change still waiting before the database closes
    this.host?.flush();
    this.servers = [];
    this.db?.close();
    if (this.lock?.isHeld) {
      rmSync(join(this.config.dataDir, 'engine.json'), { force: true });
      this.lock.release();
    }
  }
}

/** Resolves once GET http://host:port/path answers below 500 (bounded retries). */
function answers(host: string, port: number, path: string): Promise<void> {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return new Promise((resolve, reject) => {
    let tries = 0;
    const attempt = () => {
      const req = request({ host: h, port, path, method: 'GET', headers: { Connection: 'close' } }, (res) => {
        res.resume();
        if ((res.statusCode ?? 500) < 500) resolve();
        else retry(new Error(`${path} answered ${res.statusCode}`));
      });
      req.on('error', retry);
      req.end();
    };
    const retry = (e: Error) => {
      if (++tries > 50) reject(e);
      else setTimeout(attempt, 20);
    };
    attempt();
  });
}
