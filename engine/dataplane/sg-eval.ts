/**
 * Evaluates a compiled port filter against a packet, as the OVS firewall does: the first rule of
 * the packet's direction and ethertype whose protocol, port range and remote match admits it;
 * none matching drops it.
 */
import { cidrContains, familyOf } from '../core/net/ip';
import type { PortFilter } from './types';

export interface FilteredPacket {
  protocol: 'icmp' | 'tcp' | 'udp';
  /** The other end: the source for ingress, the destination for egress. */
  remote: string;
  dstPort?: number;
  /** ICMP type: 8 echo request, 0 echo reply (128/129 for IPv6). */
  icmpType?: number;
}

export interface Verdict {
  allowed: boolean;
  /** The admitting rule, when one matched. */
  ruleId?: string;
  /** Why, in words: 'port security is disabled', 'no filter', 'rule <id>'. */
  why: string;
}

type Rule = PortFilter['rules'][number];

function protocolMatches(rule: Rule, pkt: FilteredPacket, family: 4 | 6): boolean {
  const p = rule.protocol;
  if (p === null) return true;
  if (pkt.protocol === 'icmp') {
    const names = family === 4 ? ['icmp', '1'] : ['ipv6-icmp', 'icmpv6', '58'];
    if (!names.includes(p)) return false;
    return rule.portMin === null || pkt.icmpType === undefined || rule.portMin === pkt.icmpType;
  }
  if (p !== pkt.protocol && p !== (pkt.protocol === 'tcp' ? '6' : '17')) return false;
  if (rule.portMin === null && rule.portMax === null) return true;
  if (pkt.dstPort === undefined) return false;
  return pkt.dstPort >= (rule.portMin ?? 0) && pkt.dstPort <= (rule.portMax ?? rule.portMin ?? 65535);
}

export function evaluateFilter(filter: PortFilter | undefined, direction: 'ingress' | 'egress', pkt: FilteredPacket): Verdict {
  if (!filter) return { allowed: true, why: 'no filter on this port' };
  if (!filter.portSecurity) return { allowed: true, why: 'port security is disabled on this port' };
  const family = familyOf(pkt.remote) ?? 4;
  const ethertype = family === 4 ? 'IPv4' : 'IPv6';
  for (const rule of filter.rules) {
    if (rule.direction !== direction || rule.ethertype !== ethertype) continue;
    if (!protocolMatches(rule, pkt, family)) continue;
    if (!rule.remotes.some((r) => cidrContains(r, pkt.remote))) continue;
    return { allowed: true, ruleId: rule.ruleId, why: `security group rule ${rule.ruleId}` };
  }
  return { allowed: false, why: 'no rule matches' };
}

/** `icmp`, `tcp/22`, `udp/53` for messages. */
export function describeTraffic(pkt: Pick<FilteredPacket, 'protocol' | 'dstPort'>): string {
  return pkt.dstPort !== undefined && pkt.protocol !== 'icmp' ? `${pkt.protocol}/${pkt.dstPort}` : pkt.protocol;
}
