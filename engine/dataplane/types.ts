/**
 * The dataplane's contract: the host state desired from Neutron's resources (HostState), the
 * host facts it is computed for (HostConfig), and the packet walker's questions and traces.
 * `engine/dataplane` computes these; host drivers (`engine/host/sim`, later `linux`) realize
 * them; the host shell and the GUI render them.
 */
import type { NetworkSnapshot } from '../network/types';

export interface HostConfig {
  hostname: string;
  /** The physical NIC plugged into br-ex (PackStack's enp0s3). */
  nic: string;
  nicMac: string;
  /** The host's address on the provider network, e.g. 10.0.2.15/24; it lives on br-ex. */
  hostCidr: string;
  /** The upstream gateway (VirtualBox NAT's 10.0.2.1). */
  gateway: string;
  /** physical_network name → OVS bridge, e.g. { extnet: 'br-ex' }. */
  bridgeMappings: Record<string, string>;
  /** Local tunnel endpoint for vxlan/gre (the host's address). */
  tunnelIp: string;
  /** OVS datapath: 'system' (kernel) or 'netdev' (userspace). */
  datapathType: 'system' | 'netdev';
  /**
   * Compute hosts the lab adds (`stacklab host add compute2`): it simulates them on this host, so
   * their instances' ports are wired into this host's br-int instead of the dead VLAN.
   */
  simulatedComputeHosts?: string[];
  /**
   * The host name the Open vSwitch agent registered under when it last started (it reads the
   * hostname at start): it wires only the ports bound to that host; any other goes on the dead
   * VLAN. Defaults to `hostname`.
   */
  ovsAgentHost?: string;
}

export interface OvsPort {
  name: string;
  /** '' for a plain system port, as ovs-vsctl show omits the type. */
  type: '' | 'internal' | 'patch' | 'vxlan' | 'gre';
  /** Local VLAN tag on br-int. */
  tag?: number;
  options?: Record<string, string>;
  /** The Neutron port it realizes (tap/qr/qg/qvo ports). */
  neutronPortId?: string;
}

export interface OvsBridge {
  name: string;
  datapathType: 'system' | 'netdev';
  failMode?: 'secure' | 'standalone';
  ports: OvsPort[];
}

export interface IfAddress {
  /** e.g. 10.5.5.2/24 */
  cidr: string;
  family: 4 | 6;
  scope: 'global' | 'host' | 'link';
  /** Broadcast address for IPv4 global addresses. */
  brd?: string;
}

export interface Interface {
  name: string;
  ifindex: number;
  mac: string;
  mtu: number;
  state: 'UP' | 'DOWN' | 'UNKNOWN';
  kind: 'loopback' | 'ether' | 'ovs-internal' | 'veth' | 'bridge';
  addresses: IfAddress[];
  neutronPortId?: string;
  /** Set when the interface is an OVS port (it is then listed by `ovs-vsctl show` too). */
  ovsBridge?: string;
}

export interface Route {
  /** 'default' or a CIDR. */
  destination: string;
  via?: string;
  dev: string;
  proto: 'kernel' | 'static' | 'boot';
  scope?: 'link' | 'host';
  src?: string;
}

export interface NatRule {
  chain: 'PREROUTING' | 'POSTROUTING' | 'OUTPUT';
  action: 'SNAT' | 'DNAT';
  /** Match on source (SNAT) or destination (DNAT) address or CIDR. */
  match: { source?: string; destination?: string; outInterface?: string };
  /** The address translated to. */
  to: string;
  /** Why it exists: 'snat' (router gateway), 'floatingip:<id>'. */
  reason: string;
}

export interface Namespace {
  /** '' for the host's root namespace, else qrouter-<id> / qdhcp-<id>. */
  name: string;
  kind: 'root' | 'qrouter' | 'qdhcp';
  /** The router or network id it belongs to. */
  ownerId?: string;
  interfaces: Interface[];
  routes: Route[];
  nat: NatRule[];
  ipForward: boolean;
}

/** Security-group rules of one port, compiled (remote groups resolved to address lists). */
export interface PortFilter {
  portId: string;
  portSecurity: boolean;
  rules: {
    direction: 'ingress' | 'egress';
    ethertype: 'IPv4' | 'IPv6';
    protocol: string | null;
    portMin: number | null;
    portMax: number | null;
    /** CIDRs the rule admits; ['0.0.0.0/0'] when any. */
    remotes: string[];
    ruleId: string;
  }[];
}

export interface HostState {
  config: HostConfig;
  bridges: OvsBridge[];
  /** Root namespace first, then qrouter-/qdhcp- in a stable order. */
  namespaces: Namespace[];
  /** Network id → local VLAN tag on br-int. */
  localVlans: Record<string, number>;
  filters: PortFilter[];
}

export type DataplaneInput = NetworkSnapshot;

/** A neighbour (ARP) entry as `ip neigh` shows it. */
export interface NeighbourEntry {
  ip: string;
  dev: string;
  mac: string | null;
  state: 'REACHABLE' | 'STALE' | 'DELAY' | 'INCOMPLETE' | 'FAILED' | 'PERMANENT';
  /**
   * Set on a FAILED entry the kernel left after its own who-has went unanswered: the next packet
   * to that address asks the wire again (an entry put there by hand or by a scenario stays).
   */
  unanswered?: boolean;
}

/** Where a packet starts: a namespace (and optionally its interface), or a Neutron port (an instance). */
export type Endpoint = { namespace: string; interface?: string } | { portId: string };

export interface TraceQuestion {
  from: Endpoint;
  /** Destination IP address. */
  to: string;
  protocol: 'icmp' | 'tcp' | 'udp' | 'arp';
  dstPort?: number;
}

export interface TraceStep {
  /** e.g. 'route', 'arp', 'switch', 'nat', 'security-group', 'deliver'. */
  kind: string;
  /** Where it happened: a namespace, bridge or port name. */
  at: string;
  detail: string;
}

export interface TraceResult {
  delivered: boolean;
  steps: TraceStep[];
  /** Set when not delivered: the step where it was dropped and why. */
  dropped?: { at: string; reason: string };
  /** Whether a reply makes it back (stateful security groups, NAT reversed). */
  replied?: boolean;
  /** Neighbour entries the walk learned or needed (for the host's caches). */
  learned: NeighbourEntry[];
}

/**
 * Neighbour caches the walker consults and the host keeps: per namespace name, entries by IP.
 * A STALE/INCOMPLETE/FAILED entry pointing at a wrong or missing MAC makes the walk fail,
 * as on a real host, until it is flushed.
 */
export interface NeighbourTable {
  get(namespace: string, ip: string): NeighbourEntry | undefined;
  list(namespace: string): NeighbourEntry[];
}
