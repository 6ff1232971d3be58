/**
 * Security groups compiled per instance port, as the OVS agent's firewall driver applies them:
 * each rule of each of the port's groups, remote groups resolved to the member ports' addresses
 * (/32 or /128, allowed address pairs included), no remote meaning any address. Ports Neutron
 * owns (network:*) are not filtered; a port with port security off gets an empty, open filter.
 */
import type { Port, SecurityGroupRule } from '../network/types';
import { isIPv4 } from 'node:net';
import { formatPrefix, parsePrefix, type Prefix } from '../core/net/ip';
import { byText, type SnapshotIndex } from './snapshot-index';
import type { PortFilter } from './types';

const PROTOCOL_NAMES: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp', icmpv6: 'ipv6-icmp' };

/** Neutron's protocol spellings to one: null (any), a name, or a number as a string. */
export function normalizeProtocol(p: string | null): string | null {
  if (p === null || p === '' || p === 'any' || p === '0') return null;
  const lower = p.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/** Group id → the host addresses of its member ports per family, sorted (shared, read-only lists). */
function groupMembers(ports: Port[]): Map<string, { 4: string[]; 6: string[] }> {
  const members = new Map<string, Set<string>>();
  for (const p of ports) {
    if (p.security_groups.length === 0) continue;
    const hosts: string[] = [];
    for (const ip of [...p.fixed_ips.map((f) => f.ip_address), ...p.allowed_address_pairs.map((a) => a.ip_address)]) {
      if (isIPv4(ip)) hosts.push(`${ip}/32`);
      else {
        const prefix = parsePrefix(ip);
        if (prefix) hosts.push(formatPrefix(prefix));
      }
    }
    for (const g of p.security_groups) {
      const set = members.get(g) ?? new Set<string>();
      for (const h of hosts) set.add(h);
      members.set(g, set);
    }
  }
  const out = new Map<string, { 4: string[]; 6: string[] }>();
  for (const [g, set] of members) {
    const keyed = [...set].map((c) => ({ c, p: parsePrefix(c) as Prefix }));
    keyed.sort((a, b) => a.p.family - b.p.family || (a.p.base < b.p.base ? -1 : a.p.base > b.p.base ? 1 : 0));
    const sorted = keyed.map((k) => k.c);
    out.set(g, { 4: sorted.filter((c) => !c.includes(':')), 6: sorted.filter((c) => c.includes(':')) });
  }
  return out;
}

function remotesOf(rule: SecurityGroupRule, members: Map<string, { 4: string[]; 6: string[] }>): string[] {
  const family = rule.ethertype === 'IPv6' ? 6 : 4;
  if (rule.remote_group_id) return members.get(rule.remote_group_id)?.[family] ?? [];
  if (rule.remote_address_group_id) return [];
  if (rule.remote_ip_prefix) return [rule.remote_ip_prefix];
  return [family === 6 ? '::/0' : '0.0.0.0/0'];
}

const ruleOrder = (a: SecurityGroupRule, b: SecurityGroupRule): number =>
  byText(a.direction, b.direction) || byText(a.ethertype, b.ethertype) || byText(a.id, b.id);

type CompiledRule = PortFilter['rules'][number];

/** Each group's rules compiled once; ports share these (read-only) rule objects. */
/**
 * Compiles the groups that realized ports use; member addresses are gathered only for groups
 * some of those rules name as remote_group_id (the costly part on a large lab).
 */
function compileGroups(ix: SnapshotIndex): Map<string, CompiledRule[]> {
  const used = new Set<string>();
  for (const p of ix.computePorts) for (const g of p.security_groups) used.add(g);
  const groups = ix.snapshot.securityGroups.filter((g) => used.has(g.id));
  const remote = new Set<string>();
  for (const g of groups) for (const r of g.security_group_rules) if (r.remote_group_id) remote.add(r.remote_group_id);
  const members = remote.size
    ? groupMembers(ix.snapshot.ports.filter((p) => p.security_groups.some((g) => remote.has(g))).sort((a, b) => byText(a.id, b.id)))
    : new Map<string, { 4: string[]; 6: string[] }>();
  const compiled = new Map<string, CompiledRule[]>();
  for (const g of groups) {
    const rules = [...g.security_group_rules].sort(ruleOrder).map(
      (r): CompiledRule => ({
        direction: r.direction,
        ethertype: r.ethertype,
        protocol: normalizeProtocol(r.protocol),
        portMin: r.port_range_min,
        portMax: r.port_range_max,
        remotes: remotesOf(r, members),
        ruleId: r.id,
      }),
    );
    compiled.set(g.id, rules);
  }
  return compiled;
}

export function buildFilters(ix: SnapshotIndex): PortFilter[] {
  const compiled = compileGroups(ix);
  return [...ix.computePorts]
    .sort((a, b) => byText(a.id, b.id))
    .map((port): PortFilter => {
      if (!port.port_security_enabled) return { portId: port.id, portSecurity: false, rules: [] };
      const groups = port.security_groups.length === 1 ? port.security_groups : [...new Set(port.security_groups)].sort(byText);
      return { portId: port.id, portSecurity: true, rules: groups.flatMap((g) => compiled.get(g) ?? []) };
    });
}

/** Whether every group of the port is stateful (Neutron forbids mixing; unknown groups count as stateful). */
export function isStateful(statefulByGroup: Map<string, boolean>, port: Port): boolean {
  return !port.security_groups.some((g) => statefulByGroup.get(g) === false);
}
