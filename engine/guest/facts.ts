/**
 * What an emulated CirrOS guest knows about itself, derived from its GuestSpec: addresses and
 * routes per NIC (when DHCP serves them), the EC2 instance id, the metadata hostname, the SSH
 * host key — shared by the boot transcript, the guest shell and ssh.
 */
import { createHash } from 'node:crypto';
import { broadcastOf, linkLocalOf, networkOf } from '../core/net/ip';
import type { GuestNic, GuestSpec } from './types';

export const CIRROS_VERSION = '0.6.2';
export const KERNEL = '5.15.0-71-generic';
export const KERNEL_BUILD = '#78-Ubuntu SMP Tue Apr 18 09:00:29 UTC 2023';
export const DEFAULT_USER = 'cirros';
export const DEFAULT_PASSWORD = 'gocubsgo';
export const METADATA_IP = '169.254.169.254';
/** CirrOS's hostname before (or without) metadata. */
export const FALLBACK_HOSTNAME = 'cirros';

export interface NicFacts {
  dev: string;
  nic: GuestNic;
  /** The leased IPv4 address, when DHCP gave one. */
  ip?: string;
  prefixLen?: number;
  cidr?: string;
  broadcast?: string;
  linkLocal: string;
}

export interface GuestRoute {
  destination: string;
  via?: string;
  dev: string;
  src: string;
  scopeLink?: boolean;
}

export function nicFacts(spec: GuestSpec): NicFacts[] {
  return spec.nics.map((nic, i) => {
    const dev = `eth${i}`;
    const leased = nic.dhcp && nic.ip !== undefined && nic.prefixLen !== undefined;
    const cidr = leased ? `${nic.ip}/${nic.prefixLen}` : undefined;
    return {
      dev,
      nic,
      ...(leased ? { ip: nic.ip, prefixLen: nic.prefixLen, cidr, broadcast: broadcastOf(cidr!) } : {}),
      linkLocal: linkLocalOf(nic.mac),
    };
  });
}

/** The routes udhcpc installs: the first leased NIC's default and metadata routes, and each subnet's. */
export function guestRoutes(spec: GuestSpec): GuestRoute[] {
  const routes: GuestRoute[] = [];
  const facts = nicFacts(spec).filter((f) => f.ip);
  const first = facts.find((f) => f.nic.gateway);
  if (first) routes.push({ destination: 'default', via: first.nic.gateway, dev: first.dev, src: first.ip! });
  for (const f of facts) routes.push({ destination: networkOf(f.cidr!), dev: f.dev, src: f.ip!, scopeLink: true });
  if (first) routes.push({ destination: METADATA_IP, via: first.nic.gateway, dev: first.dev, src: first.ip! });
  return routes;
}

/** Whether the guest reached the metadata service at boot (it needs an address and a router). */
export const hasMetadata = (spec: GuestSpec): boolean => guestRoutes(spec).some((r) => r.destination === 'default');

export function ec2Id(spec: GuestSpec): string {
  if (spec.ec2Id) return spec.ec2Id;
  const n = createHash('sha256').update(spec.serverId).digest().readUInt32BE(0) & 0xfff;
  return `i-${n.toString(16).padStart(8, '0')}`;
}

/** The name the guest calls itself: the metadata's hostname when it got metadata. */
export const guestHostname = (spec: GuestSpec): string => (hasMetadata(spec) ? spec.hostname : FALLBACK_HOSTNAME);

/** The guest's SSH host key (dropbear's ed25519), stable for the server's lifetime. */
export function hostKey(serverId: string): string {
  const key = createHash('sha256').update(`stacklab-hostkey:${serverId}`).digest();
  const name = Buffer.from('ssh-ed25519');
  const blob = Buffer.alloc(4 + name.length + 4 + key.length);
  blob.writeUInt32BE(name.length, 0);
  name.copy(blob, 4);
  blob.writeUInt32BE(key.length, 4 + name.length);
  key.copy(blob, 8 + name.length);
  return `ssh-ed25519 ${blob.toString('base64')}`;
}

/** OpenSSH's SHA256 fingerprint of a public key line. */
export function fingerprint(key: string): string {
  const blob = Buffer.from(key.split(' ')[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A small repeatable number in [0, 1) from a seed string (boot timings, jitter). */
export function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}
