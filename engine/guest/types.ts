/**
 * The emulated guests on the sim host: one CirrOS-like machine per instance with a serial
 * console. Nova boots, stops and destroys them; the GUI, `stacklab console` and
 * `openstack console log show` read their consoles.
 */
import type { InspectionResult } from '../image/types';

export interface GuestNic {
  portId: string;
  networkId: string;
  mac: string;
  /** First fixed IPv4 address and its prefix length, when the port has one and DHCP serves it. */
  ip?: string;
  prefixLen?: number;
  gateway?: string;
  mtu: number;
  /** Whether the subnet has DHCP enabled (without it the guest gets no address). */
  dhcp: boolean;
  /** The DHCP server's address (the qdhcp port); the gateway's when absent. */
  dhcpServer?: string;
}

export interface GuestSpec {
  serverId: string;
  /** The instance's hostname (server name sanitized, as Nova sets it). */
  hostname: string;
  imageName: string;
  /** What the image's bytes really are: a non-bootable image prints "No bootable device". */
  inspection: InspectionResult | undefined;
  ramMb: number;
  vcpus: number;
  diskGb: number;
  nics: GuestNic[];
  /** The public key of the server's key pair (the guest's authorized_keys). */
  publicKey?: string;
  userData?: string;
  /** The server's display name (metadata `name`); the hostname when absent. */
  name?: string;
  /** The key pair's name (metadata public-keys `0=<name>`). */
  keyName?: string;
  flavorName?: string;
  projectId?: string;
  /** Nova's availability zone; `nova` when absent. */
  availabilityZone?: string;
  /** EC2-style instance id (`i-0000000b`, from Nova's internal id); derived from serverId when absent. */
  ec2Id?: string;
  /** Volumes attached as extra virtio disks (vdb, vdc, …). */
  volumes?: { dev: string; sizeGb: number }[];
}

/**
 * Whether a packet from an instance port gets through, as the packet walker says (the guest
 * shell's ping and curl ask it): delivered and answered, or why not.
 */
export interface ProbeResult {
  /** The request arrived and its reply came back. */
  ok: boolean;
  /** Nobody answered ARP on the way (ping prints nothing, ssh "No route to host"). */
  arpFailed?: boolean;
  /** Routers crossed (each takes one off the reply's TTL). */
  hops: number;
  /** The walk left the lab through the upstream gateway (the internet answers, slower). */
  outside?: boolean;
}

export type ProbeFn = (fromPortId: string, dstIp: string, protocol: 'icmp' | 'tcp' | 'udp', dstPort?: number) => ProbeResult;

/** A live console session: bytes in from the user, bytes out from the guest. */
export interface ConsoleSession {
  write(data: string): void;
  close(): void;
}

export interface GuestDriver {
  boot(spec: GuestSpec): void;
  /** Power off (stop, suspend, shelve): the console shows the shutdown; the log is kept. */
  powerOff(serverId: string): void;
  /**
   * Power on again after powerOff (start, resume): boots anew from the same spec, with `nics` (the
   * ports as Neutron has them now) when given: the guest asks DHCP again at every boot.
   */
  powerOn(serverId: string, nics?: GuestNic[]): void;
  /** Reboots; with `nics`, the new boot sees the ports as they are now (a subnet's DHCP turned on since). */
  reboot(serverId: string, hard: boolean, nics?: GuestNic[]): void;
  pause(serverId: string): void;
  unpause(serverId: string): void;
  /** The guest is gone (delete, rebuild before boot with a new spec). */
  destroy(serverId: string): void;
  /** The serial console log (what `openstack console log show` prints); the last `lines` when given. */
  consoleLog(serverId: string, lines?: number): string | undefined;
  /** Attaches to the serial console: `onData` gets the guest's output from now on. */
  attach(serverId: string, onData: (data: string) => void): ConsoleSession | undefined;
  /** A volume hot-plugged as virtio disk `dev` (vdb, …) of `sizeGb`: lsblk shows it, dmesg logs it. */
  attachVolume?(serverId: string, dev: string, sizeGb: number): void;
  /** The disk `dev` grew to `sizeGb` (Nova's extend_volume after Cinder extended it in-use). */
  resizeVolume?(serverId: string, dev: string, sizeGb: number): void;
  /** The disk `dev` unplugged. */
  detachVolume?(serverId: string, dev: string): void;
}
