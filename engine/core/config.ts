import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The OpenStack services the engine serves, with their well-known ports (PackStack's). */
export const SERVICE_PORTS = {
  identity: 5000,
  compute: 8774,
  network: 9696,
  image: 9292,
  volumev3: 8776,
  placement: 8778,
  'object-store': 8080,
} as const;

export type ServiceType = keyof typeof SERVICE_PORTS;

export interface EngineConfig {
  /** The lab's data directory: lab.db, rc files, clouds.yaml, images/, disks/, snapshots/. */
  dataDir: string;
  /** Address every API binds to. */
  host: string;
  /** Added to every well-known port, so several labs can run side by side. */
  portOffset: number;
  /** Keystone's [token] expiration, in seconds. */
  tokenExpirationSeconds: number;
  /** Largest request body accepted, in bytes (Keystone's oslo sizelimit default). */
  maxRequestBodySize: number;
  region: string;
  /** The simulated host's NIC, its address on the provider network, and the upstream gateway. */
  hostNetwork: { nic?: string; hostCidr?: string; gateway?: string };
  /** The simulated host's RAM in MiB (`free -m`'s total); undefined keeps the lab's saved figure (a new lab gets 16 GiB). */
  hostMemoryMb?: number;
  /** Instances go BUILD → ACTIVE (and every other transition) at once instead of after short, realistic delays. */
  instant: boolean;
}

/** The default lab: $STACKLAB_HOME/labs/default, else ~/.stacklab/labs/default. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.STACKLAB_HOME ? resolve(env.STACKLAB_HOME) : join(homedir(), '.stacklab');
  return join(base, 'labs', 'default');
}

export function makeConfig(partial: Partial<EngineConfig> = {}): EngineConfig {
  return {
    dataDir: resolve(partial.dataDir ?? defaultDataDir()),
    host: partial.host ?? '127.0.0.1',
    portOffset: partial.portOffset ?? 0,
    tokenExpirationSeconds: partial.tokenExpirationSeconds ?? 3600,
    maxRequestBodySize: partial.maxRequestBodySize ?? 114688,
    region: partial.region ?? 'RegionOne',
    hostNetwork: partial.hostNetwork ?? {},
    instant: partial.instant ?? false,
    hostMemoryMb: partial.hostMemoryMb,
  };
}

export function servicePort(cfg: EngineConfig, service: ServiceType): number {
  return SERVICE_PORTS[service] + cfg.portOffset;
}

/** The host part of URLs handed to clients (an IPv6 literal gets brackets; 0.0.0.0 → 127.0.0.1). */
export function advertisedHost(cfg: EngineConfig): string {
  const h = cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host === '::' ? '::1' : cfg.host;
  return h.includes(':') ? `[${h}]` : h;
}

export function serviceBaseUrl(cfg: EngineConfig, service: ServiceType): string {
  return `http://${advertisedHost(cfg)}:${servicePort(cfg, service)}`;
}
