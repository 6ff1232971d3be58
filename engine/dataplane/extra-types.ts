/**
 * What the dataplane computes beyond the HostState contract (types.ts), and what the walker needs
 * from it: the guest side of instance ports and how each local VLAN leaves br-int. A
 * `DesiredHostState` is a HostState (assignable to it) with these extra, plain-data fields, so it
 * survives JSON. The walker reads them when present and degrades gracefully when they are not.
 */
import type { HostState, IfAddress, NeighbourEntry, Route, TraceResult } from './types';

/** The guest end of a compute port: what the instance behind `qvo<id>` has configured. */
export interface InstancePort {
  portId: string;
  networkId: string;
  /** Its OVS port on br-int (qvo…) and local VLAN (4095 when the port is down). */
  ovsPort: string;
  tag: number;
  mac: string;
  mtu: number;
  /** The fixed IPs with their subnets' prefixes (10.5.5.104/24), as the guest has them. */
  addresses: IfAddress[];
  /** The guest's routes: connected, default via the subnet gateway, subnet host routes. */
  routes: Route[];
  /** False when all its security groups are stateless (replies then need their own rules). */
  stateful: boolean;
  /** Why its OVS port is on the dead VLAN (admin down, bound to another host), when it is. */
  deadReason?: string;
}

/** How a local VLAN on br-int maps to the wire: a tunnel (br-tun) or a provider bridge. */
export interface VlanBinding {
  networkId: string;
  tag: number;
  networkType: string;
  physicalNetwork: string | null;
  segmentationId: number | null;
  /** The provider bridge (br-ex) for flat/vlan networks whose physnet is mapped; else null. */
  bridge: string | null;
}

export interface HostExtras {
  instancePorts: InstancePort[];
  vlanBindings: VlanBinding[];
}

export type DesiredHostState = HostState & HostExtras;

/** A neighbour entry with the namespace whose cache it belongs in ('' = root). */
export interface LearnedNeighbour extends NeighbourEntry {
  namespace: string;
}

/** A TraceResult whose learned entries say which namespace's cache they belong in. */
export type WalkTrace = Omit<TraceResult, 'learned'> & { learned: LearnedNeighbour[] };
