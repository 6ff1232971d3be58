/**
 * One direction of a packet's journey: from a stack (namespace, instance, upstream) hop by hop —
 * NAT on arrival, local delivery, ip_forward, route lookup, SNAT, security groups at instance
 * ports, next-hop resolution, OVS switching — until it is delivered, leaves the lab, or is
 * dropped. A reply leg undoes the request's NAT from its conntrack entries instead of matching
 * NAT rules, and stateful security groups let it through.
 */
import type { LearnedNeighbour } from './extra-types';
import { cidrContains, familyOf } from '../core/net/ip';
import { resolveNextHop, switchSteps } from './l2';
import { formatRoute, localOwner, lookupRoute, sourceAddress } from './route-lookup';
import { describeTraffic, evaluateFilter } from './sg-eval';
import type { Attachment, Stack, Topology } from './topology';
import type { NatRule, NeighbourTable, PortFilter, TraceStep } from './types';

export const MAX_HOPS = 16;

export interface Packet {
  src?: string;
  dst: string;
  protocol: 'icmp' | 'tcp' | 'udp';
  dstPort?: number;
  icmpType?: number;
}

export interface Conntrack {
  stack: string;
  kind: 'snat' | 'dnat';
  orig: string;
  nat: string;
}

export interface WalkContext {
  topo: Topology;
  neighbours: NeighbourTable;
  filters: Map<string, PortFilter>;
  steps: TraceStep[];
  learned: LearnedNeighbour[];
  conns: Conntrack[];
}

export interface LegResult {
  delivered: boolean;
  /** Where it ended (delivered, dropped, or left the lab). */
  at: Stack;
  /** True when it left the lab through the upstream gateway towards an outside address. */
  exited?: boolean;
  dropped?: { at: string; reason: string };
  pkt: Packet;
}

function natRule(rules: NatRule[], chain: NatRule['chain'], pkt: Packet, outDev?: string): NatRule | undefined {
  return rules.find((r) => {
    if (r.chain !== chain) return false;
    if (r.match.destination && !cidrContains(r.match.destination, pkt.dst)) return false;
    if (r.match.source && (!pkt.src || !cidrContains(r.match.source, pkt.src))) return false;
    return !r.match.outInterface || r.match.outInterface === outDev;
  });
}

function dnat(ctx: WalkContext, stack: Stack, chain: 'PREROUTING' | 'OUTPUT', pkt: Packet): void {
  const rule = natRule(stack.nat, chain, pkt);
  if (!rule || rule.action !== 'DNAT') return;
  ctx.conns.push({ stack: stack.id, kind: 'dnat', orig: pkt.dst, nat: rule.to });
  ctx.steps.push({ kind: 'nat', at: stack.label, detail: `${chain} DNAT destination ${pkt.dst} → ${rule.to} (${rule.reason})` });
  pkt.dst = rule.to;
}

function snat(ctx: WalkContext, stack: Stack, pkt: Packet, outDev: string): void {
  const rule = natRule(stack.nat, 'POSTROUTING', pkt, outDev);
  if (!rule || rule.action !== 'SNAT' || !pkt.src) return;
  ctx.conns.push({ stack: stack.id, kind: 'snat', orig: pkt.src, nat: rule.to });
  ctx.steps.push({ kind: 'nat', at: stack.label, detail: `POSTROUTING SNAT source ${pkt.src} → ${rule.to} (${rule.reason})` });
  pkt.src = rule.to;
}

/** A reply arriving where the request was NATed: conntrack puts the original addresses back. */
function unNat(ctx: WalkContext, stack: Stack, pkt: Packet): void {
  for (const c of ctx.conns) {
    if (c.stack !== stack.id) continue;
    if (c.kind === 'snat' && pkt.dst === c.nat) {
      ctx.steps.push({ kind: 'nat', at: stack.label, detail: `conntrack: reply to SNATed ${c.nat} goes back to ${c.orig}` });
      pkt.dst = c.orig;
    } else if (c.kind === 'dnat' && pkt.src === c.nat) {
      ctx.steps.push({ kind: 'nat', at: stack.label, detail: `conntrack: reply from DNATed ${c.nat} leaves as ${c.orig}` });
      pkt.src = c.orig;
    }
  }
}

/** Security groups at an instance port; undefined when allowed (a step is recorded), else the reason. */
function filterAt(ctx: WalkContext, stack: Stack, direction: 'ingress' | 'egress', pkt: Packet, reply: boolean): string | undefined {
  const inst = stack.instance;
  if (!inst) return undefined;
  const remote = (direction === 'ingress' ? pkt.src : pkt.dst) ?? '';
  const what = `${direction} ${describeTraffic(pkt)} ${direction === 'ingress' ? 'from' : 'to'} ${remote}`;
  if (reply && inst.stateful) {
    ctx.steps.push({ kind: 'security-group', at: inst.ovsPort, detail: `${what}: reply of an allowed connection (stateful), allowed` });
    return undefined;
  }
  const v = evaluateFilter(ctx.filters.get(inst.portId), direction, { protocol: pkt.protocol, remote, dstPort: pkt.dstPort, icmpType: pkt.icmpType });
  if (!v.allowed) return `no security group rule allows ${direction} ${describeTraffic(pkt)} ${direction === 'ingress' ? 'to' : 'from'} port ${inst.portId} (${direction === 'ingress' ? 'from' : 'to'} ${remote})`;
  ctx.steps.push({ kind: 'security-group', at: inst.ovsPort, detail: `${what}: allowed by ${v.why}` });
  return undefined;
}

const attachmentOf = (ctx: WalkContext, stack: Stack, dev: string): Attachment | undefined =>
  ctx.topo.attachments.find((a) => a.stack === stack && a.iface.name === dev);

export function walkLeg(ctx: WalkContext, start: Stack, pkt: Packet, opts: { reply: boolean; bindDev?: string }): LegResult {
  const { reply } = opts;
  const family = familyOf(pkt.dst) ?? 4;
  let stack = start;
  let local = true;
  const drop = (at: string, reason: string): LegResult => {
    ctx.steps.push({ kind: 'drop', at, detail: reason });
    return { delivered: false, at: stack, dropped: { at, reason }, pkt };
  };

  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (!local && reply) unNat(ctx, stack, pkt);
    if (!local && !reply) dnat(ctx, stack, 'PREROUTING', pkt);
    if (local && !reply) dnat(ctx, stack, 'OUTPUT', pkt);

    const own = localOwner(stack.interfaces, pkt.dst);
    if (own) {
      if (local) {
        pkt.src ??= pkt.dst;
        ctx.steps.push({ kind: 'route', at: stack.label, detail: `local ${pkt.dst} dev lo table local proto kernel scope host src ${pkt.src}` });
      }
      ctx.steps.push({ kind: 'deliver', at: stack.label, detail: `${describeTraffic(pkt)} ${pkt.src ?? '?'} → ${pkt.dst} delivered to ${own.name}` });
      return { delivered: true, at: stack, pkt };
    }
    const route = lookupRoute(stack.routes, pkt.dst, local ? opts.bindDev : undefined);
    if (stack.kind === 'upstream' && !route) {
      if (reply) return drop(stack.label, `the upstream gateway has no route back to ${pkt.dst} (a private address that was not SNATed)`);
      ctx.steps.push({ kind: 'exit', at: stack.label, detail: `${describeTraffic(pkt)} ${pkt.src} → ${pkt.dst} leaves the lab through the upstream gateway; the outside world is assumed to answer` });
      return { delivered: true, at: stack, exited: true, pkt };
    }
    if (!local && !stack.ipForward) return drop(stack.label, `${stack.label} does not forward packets (ip_forward is off) and ${pkt.dst} is not one of its addresses`);
    if (!route)
      return drop(stack.label, local ? `connect: Network is unreachable (no route to ${pkt.dst} in ${stack.label})` : `no route to ${pkt.dst} in ${stack.label} (ICMP network unreachable)`);
    if (stack.kind !== 'upstream') ctx.steps.push({ kind: 'route', at: stack.label, detail: formatRoute(route) });

    const out = attachmentOf(ctx, stack, route.dev);
    if (local && !pkt.src) {
      pkt.src = sourceAddress(out?.iface ?? stack.interfaces.find((i) => i.name === route.dev), route, family);
      if (!pkt.src) return drop(stack.label, `no IPv${family} address on ${route.dev} to send from`);
    }
    if (!reply) snat(ctx, stack, pkt, route.dev);
    const denied = filterAt(ctx, stack, 'egress', pkt, reply);
    if (denied) return drop(stack.instance?.ovsPort ?? stack.label, denied);
    if (!out) return drop(stack.label, `${route.dev} is not connected to any bridge`);

    const res = resolveNextHop(ctx.topo, out, route.via ?? pkt.dst, { neighbours: ctx.neighbours, steps: ctx.steps, learned: ctx.learned });
    if (!res.ok) return drop(stack.label, res.reason);
    ctx.steps.push(...switchSteps(out, res.owner));
    stack = res.owner.stack;
    local = false;
    const ingress = filterAt(ctx, stack, 'ingress', pkt, reply);
    if (ingress) return drop(stack.instance?.ovsPort ?? stack.label, ingress);
  }
  return drop(stack.label, `TTL exceeded after ${MAX_HOPS} hops (a routing loop?)`);
}
