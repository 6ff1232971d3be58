/**
 * One pass over a NetworkSnapshot: lookups by id and the ports the agents realize on this host,
 * each list in a stable order (creation time, then id) so the desired state is deterministic.
 */
import { DEVICE_OWNER, type Network, type NetworkSnapshot, type Port, type Router, type Subnet } from '../network/types';
import { broadcastOf, formatPrefix, parsePrefix } from '../core/net/ip';
import type { HostConfig } from './types';

export interface SnapshotIndex {
  snapshot: NetworkSnapshot;
  config: HostConfig;
  networks: Map<string, Network>;
  subnets: Map<string, Subnet>;
  subnetsByNetwork: Map<string, Subnet[]>;
  /** Subnet id → its prefix facts, computed once (ports' addresses and routes reuse them). */
  subnetFacts: Map<string, SubnetFacts>;
  /** Routers the L3 agent hosts (admin up), in creation order. */
  routers: Router[];
  /** Network id → its DHCP port, for networks with a DHCP-enabled subnet. */
  dhcpPorts: Map<string, Port>;
  /** Router id → its interface ports (qr-), in creation order. */
  routerInterfaces: Map<string, Port[]>;
  /** Router id → its gateway port (qg-), when it has a gateway. */
  gatewayPorts: Map<string, Port>;
  /** Instance ports (device_owner compute:*), in creation order. */
  computePorts: Port[];
}

export interface SubnetFacts {
  family: 4 | 6;
  len: number;
  /** The normalized network prefix, e.g. 10.5.5.0/24 (what a connected route names). */
  network: string;
  /** IPv4 broadcast address, when there is one. */
  brd?: string;
}

function subnetFacts(s: Subnet): SubnetFacts | undefined {
  const p = parsePrefix(s.cidr);
  if (!p) return undefined;
  const network = formatPrefix(p);
  const brd = broadcastOf(network);
  return brd ? { family: p.family, len: p.len, network, brd } : { family: p.family, len: p.len, network };
}

interface Created {
  id: string;
  created_at: string;
}

export function byCreation(a: Created, b: Created): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function indexSnapshot(snapshot: NetworkSnapshot, config: HostConfig): SnapshotIndex {
  const networks = new Map(snapshot.networks.map((n) => [n.id, n]));
  const subnets = new Map(snapshot.subnets.map((s) => [s.id, s]));
  const subnetsByNetwork = new Map<string, Subnet[]>();
  const facts = new Map<string, SubnetFacts>();
  for (const s of snapshot.subnets) {
    const f = subnetFacts(s);
    if (f) facts.set(s.id, f);
  }
  for (const s of [...snapshot.subnets].sort(byCreation)) {
    const list = subnetsByNetwork.get(s.network_id) ?? [];
    list.push(s);
    subnetsByNetwork.set(s.network_id, list);
  }
  const routers = snapshot.routers.filter((r) => r.admin_state_up).sort(byCreation);
  const routerIds = new Set(routers.map((r) => r.id));
  const dhcpPorts = new Map<string, Port>();
  const routerInterfaces = new Map<string, Port[]>();
  const gatewayPorts = new Map<string, Port>();
  const computePorts: Port[] = [];

  for (const p of [...snapshot.ports].sort(byCreation)) {
    if (!networks.has(p.network_id)) continue;
    const owner = p.device_owner;
    if (owner === DEVICE_OWNER.dhcp) {
      const dhcpOn = (subnetsByNetwork.get(p.network_id) ?? []).some((s) => s.enable_dhcp);
      if (dhcpOn && !dhcpPorts.has(p.network_id)) dhcpPorts.set(p.network_id, p);
    } else if (owner.startsWith(DEVICE_OWNER.routerInterface) && routerIds.has(p.device_id)) {
      const list = routerInterfaces.get(p.device_id) ?? [];
      list.push(p);
      routerInterfaces.set(p.device_id, list);
    } else if (owner === DEVICE_OWNER.routerGateway && routerIds.has(p.device_id)) {
      const router = routers.find((r) => r.id === p.device_id);
      if (router?.external_gateway_info && !gatewayPorts.has(p.device_id)) gatewayPorts.set(p.device_id, p);
    } else if (owner.startsWith('compute:')) {
      computePorts.push(p);
    }
  }
  return { snapshot, config, networks, subnets, subnetsByNetwork, subnetFacts: facts, routers, dhcpPorts, routerInterfaces, gatewayPorts, computePorts };
}

/** Ports that get an OVS port on br-int, in a stable order. */
export function realizedPorts(ix: SnapshotIndex): Port[] {
  return [...ix.dhcpPorts.values(), ...[...ix.routerInterfaces.values()].flat(), ...ix.gatewayPorts.values(), ...ix.computePorts];
}

/** Why the OVS agent would park this port on the dead VLAN, or undefined when it is alive. */
export function deadReason(ix: SnapshotIndex, p: Port): string | undefined {
  if (!p.admin_state_up) return 'the port is administratively down';
  if (ix.networks.get(p.network_id)?.admin_state_up === false) return 'its network is administratively down';
  const served = ix.config.ovsAgentHost ?? ix.config.hostname;
  const here = served === ix.config.hostname ? `this host is ${served}` : `the Open vSwitch agent here runs as ${served}`;
  if (p.device_owner.startsWith('network:router_')) {
    // the L3 agent hosting the router binds its ports to its own host
    const agentId = ix.snapshot.routerAgents?.[p.device_id];
    const agent = agentId ? ix.snapshot.agents?.find((a) => a.id === agentId) : undefined;
    if (agent && agent.host !== served && !ix.config.simulatedComputeHosts?.includes(agent.host))
      return `its router is hosted by the L3 agent of host ${agent.host}, but ${here}`;
    return undefined;
  }
  if (p.device_owner.startsWith('network:')) return undefined;
  const host = p['binding:host_id'];
  if (p.device_owner.startsWith('compute:') && host && host !== served && !ix.config.simulatedComputeHosts?.includes(host))
    return `it is bound to host ${host}, but ${here}`;
  return undefined;
}
