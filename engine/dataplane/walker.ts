/**
 * "What happens to this packet": a deterministic walk through the host state for a ping, a TCP
 * connect, a UDP datagram or an ARP request, step by step (route, arp, nat, switch,
 * security-group, deliver, drop), the reply's way back, and the neighbour entries learned.
 */
import type { LearnedNeighbour, WalkTrace } from './extra-types';
import { familyOf } from '../core/net/ip';
import { resolveNextHop } from './l2';
import { lookupRoute } from './route-lookup';
import { buildTopology, instanceStackId, type Stack, type Topology } from './topology';
import { walkLeg, type Packet, type WalkContext } from './walk-leg';
import type { HostState, NeighbourTable, TraceQuestion, TraceStep } from './types';

function dedupeLearned(entries: LearnedNeighbour[]): LearnedNeighbour[] {
  const byKey = new Map<string, LearnedNeighbour>();
  for (const e of entries) {
    const key = `${e.namespace}|${e.ip}`;
    const prev = byKey.get(key);
    if (!prev || e.state === 'REACHABLE') byKey.set(key, e);
  }
  return [...byKey.values()];
}

type Source = { stack: Stack; bindDev?: string } | { error: string; at: string };

function sourceOf(topo: Topology, q: TraceQuestion): Source {
  if ('portId' in q.from) {
    const stack = topo.stacks.get(instanceStackId(q.from.portId));
    return stack ? { stack } : { error: `port ${q.from.portId} is not an instance port on this host`, at: q.from.portId };
  }
  const { namespace, interface: dev } = q.from;
  const stack = topo.stacks.get(namespace);
  if (!stack || stack.kind !== 'namespace') return { error: `Cannot open network namespace "${namespace}": No such file or directory`, at: namespace || 'host' };
  if (dev && !stack.interfaces.some((i) => i.name === dev)) return { error: `Cannot find device "${dev}"`, at: stack.label };
  return { stack, bindDev: dev };
}

function failed(at: string, reason: string, steps: TraceStep[] = [], learned: LearnedNeighbour[] = []): WalkTrace {
  return { delivered: false, steps: [...steps, { kind: 'drop', at, detail: reason }], dropped: { at, reason }, learned };
}

function traceArp(ctx: WalkContext, stack: Stack, to: string, bindDev?: string): WalkTrace {
  const dev = bindDev ?? lookupRoute(stack.routes, to)?.dev;
  if (!dev) return failed(stack.label, `connect: Network is unreachable (no route to ${to} in ${stack.label})`);
  const out = ctx.topo.attachments.find((a) => a.stack === stack && a.iface.name === dev);
  if (!out) return failed(stack.label, `${dev} is not connected to any bridge`);
  const res = resolveNextHop(ctx.topo, out, to, { neighbours: ctx.neighbours, ignoreCache: true, steps: ctx.steps, learned: ctx.learned });
  const learned = dedupeLearned(ctx.learned);
  if (!res.ok) return failed(stack.label, res.reason, ctx.steps, learned);
  return { delivered: true, replied: true, steps: ctx.steps, learned };
}

export function trace(state: HostState, neighbours: NeighbourTable, q: TraceQuestion): WalkTrace {
  const topo = buildTopology(state);
  const src = sourceOf(topo, q);
  if ('error' in src) return failed(src.at, src.error);
  if (!familyOf(q.to)) return failed(src.stack.label, `${q.to}: Name or service not known`);
  const ctx: WalkContext = { topo, neighbours, filters: new Map(state.filters.map((f) => [f.portId, f])), steps: [], learned: [], conns: [] };
  if (q.protocol === 'arp') return traceArp(ctx, src.stack, q.to, src.bindDev);

  const v6 = familyOf(q.to) === 6;
  const pkt: Packet = { dst: q.to, protocol: q.protocol, dstPort: q.dstPort, ...(q.protocol === 'icmp' ? { icmpType: v6 ? 128 : 8 } : {}) };
  const leg = walkLeg(ctx, src.stack, pkt, { reply: false, bindDev: src.bindDev });
  if (!leg.delivered) return { delivered: false, steps: ctx.steps, dropped: leg.dropped, learned: dedupeLearned(ctx.learned) };
  if (q.protocol === 'udp') return { delivered: true, steps: ctx.steps, learned: dedupeLearned(ctx.learned) };

  const what = q.protocol === 'icmp' ? 'echo reply' : `tcp SYN-ACK from port ${q.dstPort ?? '?'}`;
  const replyPkt: Packet = { src: leg.pkt.dst, dst: leg.pkt.src ?? q.to, protocol: q.protocol, ...(q.protocol === 'icmp' ? { icmpType: v6 ? 129 : 0 } : {}) };
  ctx.steps.push({ kind: 'reply', at: leg.at.label, detail: `${what} ${replyPkt.src} → ${replyPkt.dst}` });
  const back = walkLeg(ctx, leg.at, replyPkt, { reply: true });
  const replied = back.delivered && !back.exited && back.at === src.stack;
  return { delivered: true, replied, steps: ctx.steps, learned: dedupeLearned(ctx.learned) };
}
