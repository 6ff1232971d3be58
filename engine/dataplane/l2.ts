/**
 * Layer 2: resolving a next hop (the neighbour cache first, then an ARP who-has answered by
 * whatever in the same segment owns the address) and describing how a frame crosses the OVS
 * bridges (br-int by local VLAN, through int-br-ex/phy-br-ex onto br-ex and the NIC).
 */
import type { LearnedNeighbour } from './extra-types';
import { addressOf, familyOf } from '../core/net/ip';
import { intPatchName, phyPatchName } from './names';
import type { Attachment, Topology } from './topology';
import type { NeighbourTable, TraceStep } from './types';

export type Resolution = { ok: true; owner: Attachment; mac: string } | { ok: false; reason: string };

const owns = (a: Attachment, ip: string): boolean => a.iface.addresses.some((x) => x.scope !== 'link' && addressOf(x.cidr) === ip);

const flushHint = (ns: string, dev: string): string => `${ns ? `ip netns exec ${ns} ` : ''}ip neigh flush dev ${dev}`;

/** Who answers an ARP who-has for `ip` sent out of `out`: an owner in the same segment. */
export function arpOwner(topo: Topology, out: Attachment, ip: string): Attachment | undefined {
  if (out.isolated) return undefined;
  return (topo.bySegment.get(out.segment) ?? []).find((a) => a !== out && owns(a, ip));
}

/** Why nobody answered: a hint when the address exists elsewhere (dead VLAN, another segment). */
function noAnswerReason(topo: Topology, out: Attachment, ip: string): string {
  const head = `no reply to ARP who-has ${ip} on ${out.iface.name} (Destination Host Unreachable)`;
  if (out.isolated) return `${head}: ${out.isolated}`;
  const elsewhere = topo.attachments.find((a) => a !== out && owns(a, ip));
  if (elsewhere?.isolated) return `${head}: ${ip} belongs to ${elsewhere.stack.label}, but ${elsewhere.isolated}`;
  if (elsewhere) return `${head}: ${ip} is on ${elsewhere.iface.name} in ${elsewhere.stack.label}, which is not in this L2 segment`;
  return `${head}: nothing in this L2 segment owns ${ip}`;
}

export interface ResolveOptions {
  neighbours: NeighbourTable;
  /** arping ignores the cache and asks the wire. */
  ignoreCache?: boolean;
  steps: TraceStep[];
  learned: LearnedNeighbour[];
}

export function resolveNextHop(topo: Topology, out: Attachment, ip: string, opts: ResolveOptions): Resolution {
  const { stack } = out;
  const dev = out.iface.name;
  const ns = stack.neighbourNs;
  const cached = ns !== undefined && !opts.ignoreCache ? opts.neighbours.get(ns, ip) : undefined;
  // an entry left by an earlier who-has nobody answered is asked again, as the kernel does
  if (cached && !cached.unanswered) {
    if (cached.state === 'INCOMPLETE' || cached.state === 'FAILED' || !cached.mac)
      return { ok: false, reason: `neighbour ${ip} (incomplete): the entry on ${cached.dev} is ${cached.state} and has no MAC; flush it (${flushHint(ns as string, cached.dev)})` };
    const mac = cached.mac.toLowerCase();
    // several interfaces may share a MAC (br-ex takes the NIC's): the one that owns the address answers
    const sameMac = (topo.bySegment.get(out.segment) ?? []).filter((a) => a !== out && a.iface.mac.toLowerCase() === mac);
    const holder = sameMac.find((a) => owns(a, ip)) ?? sameMac[0];
    if (out.isolated && cached.state !== 'PERMANENT') {
      // nothing leaves the device: the kernel's unicast probes go unanswered and the entry fails
      opts.learned.push({ namespace: ns as string, ip, dev, mac: null, state: 'FAILED', unanswered: true });
      return { ok: false, reason: noAnswerReason(topo, out, ip) };
    }
    if (!holder)
      return { ok: false, reason: `stale neighbour entry: ${ip} lladdr ${mac} ${cached.state} on ${cached.dev}, but no interface in this segment has that MAC; flush it (${flushHint(ns as string, cached.dev)})` };
    if (!owns(holder, ip))
      return { ok: false, reason: `stale neighbour entry: ${ip} lladdr ${mac} ${cached.state} on ${cached.dev} points at ${holder.iface.name} in ${holder.stack.label}, which does not have ${ip}; flush it (${flushHint(ns as string, cached.dev)})` };
    opts.steps.push({ kind: 'arp', at: stack.label, detail: `${ip} dev ${dev} lladdr ${mac} ${cached.state} (neighbour cache)` });
    if (cached.state !== 'PERMANENT') opts.learned.push({ namespace: ns as string, ip, dev, mac, state: 'REACHABLE' });
    return { ok: true, owner: holder, mac };
  }
  const owner = arpOwner(topo, out, ip);
  const family = familyOf(ip) ?? 4;
  const tell = out.iface.addresses.find((x) => x.family === family && x.scope === 'global');
  const ask = `${family === 4 ? 'ARP who-has' : 'NDP neighbor solicitation for'} ${ip}${tell ? ` tell ${addressOf(tell.cidr)}` : ''} on ${dev}`;
  if (!owner) {
    // the kernel keeps the unanswered address as FAILED: `arp -n` shows it (incomplete)
    if (ns !== undefined && !opts.ignoreCache) opts.learned.push({ namespace: ns, ip, dev, mac: null, state: 'FAILED', unanswered: true });
    return { ok: false, reason: noAnswerReason(topo, out, ip) };
  }
  const mac = owner.iface.mac;
  opts.steps.push({ kind: 'arp', at: stack.label, detail: `${ask}: ${ip} is-at ${mac} (${owner.iface.name} in ${owner.stack.label})` });
  if (ns !== undefined) opts.learned.push({ namespace: ns, ip, dev, mac, state: 'REACHABLE' });
  if (owner.stack.neighbourNs !== undefined && tell)
    opts.learned.push({ namespace: owner.stack.neighbourNs, ip: addressOf(tell.cidr), dev: owner.iface.name, mac: out.iface.mac, state: 'STALE' });
  return { ok: true, owner, mac };
}

/** The OVS hops of a frame from one attachment to another in the same segment. */
export function switchSteps(from: Attachment, to: Attachment): TraceStep[] {
  const tagText = (a: Attachment): string => (a.tag !== undefined ? `vlan ${a.tag}` : 'untagged');
  if (from.bridge === to.bridge && (from.bridge !== 'br-int' || from.tag === to.tag))
    return [{ kind: 'switch', at: from.bridge, detail: `${tagText(from)}: ${from.port} → ${to.port}` }];
  const provider = from.provider ?? to.provider;
  if (!provider) return [{ kind: 'switch', at: from.bridge, detail: `${from.port} → ${to.port}` }];
  const wire = provider.wire === 'flat' ? 'untagged' : `vlan ${provider.wire}`;
  const steps: TraceStep[] = [];
  if (from.bridge === 'br-int')
    steps.push({ kind: 'switch', at: 'br-int', detail: `vlan ${from.tag}: ${from.port} → ${intPatchName(provider.bridge)} (local vlan ${from.tag} → ${wire})` });
  const inPort = from.bridge === 'br-int' ? phyPatchName(provider.bridge) : from.port;
  const outPort = to.bridge === 'br-int' ? phyPatchName(provider.bridge) : to.port;
  steps.push({ kind: 'switch', at: provider.bridge, detail: `${wire}: ${inPort} → ${outPort}` });
  if (to.bridge === 'br-int')
    steps.push({ kind: 'switch', at: 'br-int', detail: `${intPatchName(provider.bridge)} → ${to.port} (${wire} → local vlan ${to.tag})` });
  return steps;
}
