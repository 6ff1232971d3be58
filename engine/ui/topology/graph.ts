/**
 * The topology's host view, built from the sim host's state: OVS bridges holding their ports (VLAN
 * tags, patch peers), namespaces holding their interfaces (addresses, routes, NAT, the ARP table),
 * veth/internal links from ports to interfaces, taps to instances, br-ex's uplink to the NIC.
 */
import type { HostState, Namespace, NeighbourTable } from '../../dataplane/types';
import type { WalkTrace } from '../../dataplane/extra-types';
import type { HostGraph, HostGraphEdge, HostGraphNode, TraceHop, TraceResult } from '../contract';

/** An instance behind a Neutron port (for the tap's far end). */
export interface PortOwner {
  serverId: string;
  name: string;
  /** The server's attached volumes as `name on /dev/vdX (N GiB)`. */
  volumes?: string[];
}

export const nodeIds = {
  bridge: (b: string) => `bridge:${b}`,
  port: (b: string, p: string) => `port:${b}:${p}`,
  ns: (n: string) => `ns:${n || 'root'}`,
  iface: (n: string, i: string) => `if:${n || 'root'}:${i}`,
  nic: (n: string) => `nic:${n}`,
  instance: (serverId: string) => `vm:${serverId}`,
};

const nsLabel = (ns: Namespace, hostname: string) => (ns.kind === 'root' ? `${hostname} (root namespace)` : ns.name);

export function buildHostGraph(state: HostState, neighbours: NeighbourTable, owners: ReadonlyMap<string, PortOwner>, version: number): HostGraph {
  const nodes: HostGraphNode[] = [];
  const edges: HostGraphEdge[] = [];
  const nic = state.config.nic;
  nodes.push({ id: nodeIds.nic(nic), kind: 'nic', label: nic, details: { 'host address': state.config.hostCidr, gateway: state.config.gateway } });

  // where each OVS port name lives, to join ports to namespace interfaces of the same name
  const portOf = new Map<string, string>();
  const instances = new Set<string>();
  for (const b of state.bridges) {
    nodes.push({ id: nodeIds.bridge(b.name), kind: 'bridge', label: b.name, details: { datapath_type: b.datapathType, fail_mode: b.failMode ?? '', ports: b.ports.length } });
    for (const p of b.ports) {
      const id = nodeIds.port(b.name, p.name);
      portOf.set(p.name, id);
      const details: Record<string, unknown> = { bridge: b.name, type: p.type || 'system' };
      if (p.tag !== undefined) details.tag = p.tag;
      if (p.options) details.options = p.options;
      if (p.neutronPortId) details['neutron port'] = p.neutronPortId;
      nodes.push({ id, kind: 'port', label: p.tag !== undefined ? `${p.name} (tag ${p.tag})` : p.name, parent: nodeIds.bridge(b.name), details });
      if (p.name === nic) edges.push({ id: `uplink:${b.name}`, source: id, target: nodeIds.nic(nic), kind: 'uplink', label: 'uplink' });
      const owner = p.neutronPortId ? owners.get(p.neutronPortId) : undefined;
      if (owner) {
        if (!instances.has(owner.serverId)) {
          instances.add(owner.serverId);
          nodes.push({ id: nodeIds.instance(owner.serverId), kind: 'instance', label: owner.name, details: { server: owner.serverId, ...(owner.volumes?.length ? { volumes: owner.volumes } : {}) } });
        }
        edges.push({ id: `tap:${p.name}`, source: id, target: nodeIds.instance(owner.serverId), kind: 'tap', label: 'tap' });
      }
    }
  }
  // patch ports join bridges in pairs: one edge per pair
  for (const b of state.bridges) {
    for (const p of b.ports) {
      const peer = p.type === 'patch' ? p.options?.peer : undefined;
      const peerId = peer ? portOf.get(peer) : undefined;
      if (peerId && p.name < peer!) edges.push({ id: `patch:${p.name}`, source: nodeIds.port(b.name, p.name), target: peerId, kind: 'patch', label: 'patch' });
    }
  }
  for (const ns of state.namespaces) {
    const nsId = nodeIds.ns(ns.name);
    nodes.push({
      id: nsId,
      kind: 'namespace',
      label: nsLabel(ns, state.config.hostname),
      details: {
        kind: ns.kind,
        routes: ns.routes.map((r) => `${r.destination}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}${r.src ? ` src ${r.src}` : ''}`),
        nat: ns.nat.map((n) => `${n.chain} ${n.action} ${n.match.source ?? n.match.destination ?? ''} → ${n.to} (${n.reason})`),
        'arp table': neighbours.list(ns.name).map((e) => `${e.ip} dev ${e.dev} ${e.mac ? `lladdr ${e.mac} ` : ''}${e.state}`),
        ip_forward: ns.ipForward,
      },
    });
    for (const i of ns.interfaces) {
      if (i.kind === 'loopback') continue;
      // the root namespace's OVS internals without an address are the bridges themselves
      if (ns.kind === 'root' && i.addresses.length === 0) continue;
      const id = nodeIds.iface(ns.name, i.name);
      const addrs = i.addresses.filter((a) => a.scope === 'global').map((a) => a.cidr);
      nodes.push({ id, kind: 'interface', label: addrs.length ? `${i.name} ${addrs.join(' ')}` : i.name, parent: nsId, details: { mac: i.mac, mtu: i.mtu, state: i.state, addresses: i.addresses.map((a) => a.cidr) } });
      const port = portOf.get(i.name);
      if (port) edges.push({ id: `veth:${ns.name || 'root'}:${i.name}`, source: port, target: id, kind: 'veth' });
    }
  }
  return { version, hostname: state.config.hostname, nodes, edges };
}

/** Maps a walk's `at` (a namespace, bridge or port name) to a graph node. */
function nodeFor(at: string, graph: HostGraph): string | undefined {
  for (const id of [nodeIds.ns(at), nodeIds.bridge(at), nodeIds.nic(at)]) if (graph.nodes.some((n) => n.id === id)) return id;
  return graph.nodes.find((n) => n.kind === 'port' && (n.label === at || n.label.startsWith(`${at} `)))?.id;
}

/** A walk as the trace mode shows it: hops on graph nodes, the drop, the reply. */
export function traceResult(t: WalkTrace, graph: HostGraph): TraceResult {
  const hop = (s: { at: string; kind: string; detail: string }): TraceHop => ({ node: nodeFor(s.at, graph), what: `${s.at}: ${s.detail}` });
  const r = t.steps.findIndex((s) => s.kind === 'reply');
  const forward = (r >= 0 ? t.steps.slice(0, r) : t.steps).map(hop);
  const drop = t.dropped ? { node: nodeFor(t.dropped.at, graph), reason: `${t.dropped.at}: ${t.dropped.reason}` } : undefined;
  const out: TraceResult = { delivered: t.delivered, hops: forward, ...(drop ? { drop } : {}) };
  if (t.delivered) out.reply = { delivered: t.replied !== false, hops: r >= 0 ? t.steps.slice(r + 1).map(hop) : [] };
  return out;
}
