/**
 * The walker's view of a HostState: every place a packet can be (a namespace, an instance behind
 * its qvo port, the upstream gateway beyond the NIC) as a "stack", and every interface attached
 * to an L2 segment. A segment is one local VLAN on br-int, or — when that VLAN is patched to a
 * provider bridge (int-br-ex ↔ phy-br-ex) — the provider wire itself, which br-ex's own port and
 * the NIC (hence the upstream gateway) share. A port on the dead VLAN, or missing from OVS, is
 * alone on its own segment.
 */
import type { HostExtras, InstancePort, VlanBinding } from './extra-types';
import { GUEST_DEV } from './instance-ports';
import { addressOf, cidrContains, familyOf, formatPrefix, parsePrefix, prefixLength } from '../core/net/ip';
import { DEAD_VLAN, intPatchName, phyPatchName, UPSTREAM_GATEWAY_MAC } from './names';
import type { HostState, Interface, NatRule, OvsPort, Route } from './types';

export interface Stack {
  /** Namespace name, `instance:<port id>` or `upstream`. */
  id: string;
  /** What steps say in `at`: the namespace name, `host` for the root one. */
  label: string;
  kind: 'namespace' | 'instance' | 'upstream';
  interfaces: Interface[];
  routes: Route[];
  nat: NatRule[];
  ipForward: boolean;
  /** The namespace whose neighbour cache the host keeps (undefined for guests and upstream). */
  neighbourNs?: string;
  instance?: InstancePort;
}

export interface Attachment {
  stack: Stack;
  iface: Interface;
  segment: string;
  /** The OVS bridge and port it is plugged into. */
  bridge: string;
  port: string;
  tag?: number;
  /** For br-int ports whose VLAN leaves through a provider bridge: that bridge and its wire VLAN. */
  provider?: { bridge: string; wire: number | 'flat' };
  /** Why the segment is isolated (dead VLAN, not plugged), for drop reasons. */
  isolated?: string;
}

export interface Topology {
  state: HostState;
  stacks: Map<string, Stack>;
  attachments: Attachment[];
  bySegment: Map<string, Attachment[]>;
}

export const ROOT_LABEL = 'host';
export const UPSTREAM = 'upstream';
export const instanceStackId = (portId: string): string => `instance:${portId}`;

function extrasOf(state: HostState): Partial<HostExtras> {
  return state as HostState & Partial<HostExtras>;
}

export function buildTopology(state: HostState): Topology {
  const extras = extrasOf(state);
  const stacks = new Map<string, Stack>();
  for (const ns of state.namespaces) {
    stacks.set(ns.name, {
      id: ns.name,
      label: ns.name === '' ? ROOT_LABEL : ns.name,
      kind: 'namespace',
      interfaces: ns.interfaces,
      routes: ns.routes,
      nat: ns.nat,
      ipForward: ns.ipForward,
      neighbourNs: ns.name,
    });
  }
  for (const inst of extras.instancePorts ?? []) {
    const eth0: Interface = { name: GUEST_DEV, ifindex: 2, mac: inst.mac, mtu: inst.mtu, state: 'UP', kind: 'ether', addresses: inst.addresses };
    const id = instanceStackId(inst.portId);
    stacks.set(id, { id, label: id, kind: 'instance', interfaces: [eth0], routes: inst.routes, nat: [], ipForward: false, instance: inst });
  }

  const ovs = new Map<string, { bridge: string; port: OvsPort }>();
  for (const b of state.bridges) for (const p of b.ports) ovs.set(p.name, { bridge: b.name, port: p });
  const patched = (bridge: string): boolean =>
    ovs.get(intPatchName(bridge))?.bridge === 'br-int' && ovs.get(phyPatchName(bridge))?.bridge === bridge;

  const upstream = upstreamStack(state, ovs);
  if (upstream) stacks.set(UPSTREAM, upstream);
  const tagWire = tagWiring(state, extras.vlanBindings, patched);

  const attachments: Attachment[] = [];
  for (const stack of stacks.values()) {
    for (const iface of stack.interfaces) {
      if (iface.kind === 'loopback') continue;
      const portName = stack.instance ? stack.instance.ovsPort : stack.kind === 'upstream' ? state.config.nic : iface.name;
      const plugged = ovs.get(portName);
      if (!plugged) {
        if (iface.ovsBridge || stack.instance)
          attachments.push({ stack, iface, segment: `unplugged:${stack.id}/${iface.name}`, bridge: '', port: portName, isolated: `${portName} is not plugged into any OVS bridge` });
        continue;
      }
      attachments.push(attach(stack, iface, plugged.bridge, plugged.port, tagWire));
    }
  }
  const bySegment = new Map<string, Attachment[]>();
  for (const a of attachments) {
    const list = bySegment.get(a.segment) ?? [];
    list.push(a);
    bySegment.set(a.segment, list);
  }
  return { state, stacks, attachments, bySegment };
}

function attach(stack: Stack, iface: Interface, bridge: string, port: OvsPort, tagWire: (tag: number) => Attachment['provider']): Attachment {
  const base = { stack, iface, bridge, port: port.name };
  if (bridge === 'br-tun') return { ...base, segment: `tun:${port.name}`, isolated: `${port.name} sits on br-tun` };
  if (bridge !== 'br-int') return { ...base, segment: `phys:${bridge}:flat` };
  const tag = port.tag;
  if (tag === undefined) return { ...base, segment: `notag:${port.name}`, isolated: `${port.name} has no local VLAN tag on br-int` };
  if (tag === DEAD_VLAN) {
    const why = stack.instance?.deadReason ? ` (${stack.instance.deadReason})` : '';
    return { ...base, tag, segment: `dead:${port.name}`, isolated: `${port.name} is on the dead VLAN ${DEAD_VLAN}${why}` };
  }
  const provider = tagWire(tag);
  return provider ? { ...base, tag, provider, segment: `phys:${provider.bridge}:${provider.wire}` } : { ...base, tag, segment: `int:${tag}` };
}

/** Which provider wire each local VLAN is patched to, from the bindings or, lacking them, inferred. */
function tagWiring(state: HostState, bindings: VlanBinding[] | undefined, patched: (b: string) => boolean): (tag: number) => Attachment['provider'] {
  if (bindings) {
    const byTag = new Map(bindings.map((b) => [b.tag, b]));
    return (tag) => {
      const b = byTag.get(tag);
      if (!b?.bridge || !patched(b.bridge)) return undefined;
      return { bridge: b.bridge, wire: b.networkType === 'vlan' && b.segmentationId !== null ? b.segmentationId : 'flat' };
    };
  }
  // No bindings: a VLAN whose addresses share br-ex's subnet is taken to be the flat external network.
  const hostCidr = state.config.hostCidr;
  const hostNet = `${addressOf(hostCidr)}/${prefixLength(hostCidr)}`;
  const external = new Set<number>();
  const tagOf = new Map<string, number>();
  for (const b of state.bridges) if (b.name === 'br-int') for (const p of b.ports) if (p.tag !== undefined) tagOf.set(p.name, p.tag);
  for (const ns of state.namespaces)
    for (const i of ns.interfaces) {
      const tag = tagOf.get(i.name);
      if (tag !== undefined && i.addresses.some((a) => a.family === 4 && a.scope === 'global' && cidrContains(hostNet, addressOf(a.cidr)))) external.add(tag);
    }
  return (tag) => (external.has(tag) && patched('br-ex') ? { bridge: 'br-ex', wire: 'flat' } : undefined);
}

/** The upstream gateway (VirtualBox NAT's 10.0.2.1) on the far side of the NIC, if the NIC is in br-ex. */
function upstreamStack(state: HostState, ovs: Map<string, { bridge: string }>): Stack | undefined {
  const { gateway, hostCidr, nic } = state.config;
  if (familyOf(gateway) !== 4 || ovs.get(nic)?.bridge !== 'br-ex') return undefined;
  const cidr = `${gateway}/${prefixLength(hostCidr)}`;
  const iface: Interface = { name: 'uplink', ifindex: 2, mac: UPSTREAM_GATEWAY_MAC, mtu: 1500, state: 'UP', kind: 'ether', addresses: [{ cidr, family: 4, scope: 'global' }] };
  const net = formatPrefix(parsePrefix(hostCidr) ?? { family: 4, base: 0n, len: 32 });
  const route: Route = { destination: net, dev: 'uplink', proto: 'kernel', scope: 'link', src: gateway };
  return { id: UPSTREAM, label: `upstream gateway ${gateway}`, kind: 'upstream', interfaces: [iface], routes: [route], nat: [], ipForward: true };
}
