import { uuid } from '../../core/ids';
import type { SecurityGroup, SecurityGroupRule } from '../types';
import type { StoredSecurityGroup } from '../store/network-store';
import { type Caller, fault, invalidInput, type NetworkCore, visible } from './core';
import { formatPrefix, parseNetwork } from '../../core/net/ip';

export type RuleInput = Partial<SecurityGroupRule> & { security_group_id: string };

const PROTOCOL_NUMBERS: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, vrrp: 112 };

/** Security groups and their rules; every project gets a `default` group on first use. */
export class SecurityGroupManager {
  constructor(private readonly core: NetworkCore) {}

  private withRules(g: StoredSecurityGroup): SecurityGroup {
    return { ...g, security_group_rules: this.core.store.rules.where({ security_group_id: g.id }) };
  }

  find(id: string): SecurityGroup | undefined {
    const g = this.core.store.securityGroups.get(id);
    return g ? this.withRules(g) : undefined;
  }

  get(caller: Caller, id: string): SecurityGroup {
    const g = this.find(id);
    if (!g || (!caller.isAdmin && g.project_id !== caller.projectId)) throw fault('NotFound', 'SecurityGroupNotFound', `Security group ${id} does not exist`);
    return g;
  }

  list(caller: Caller): SecurityGroup[] {
    if (!caller.isAdmin || caller.projectId) this.ensureDefault(caller.projectId);
    return visible(caller, this.core.store.securityGroups.all()).map((g) => this.withRules(g));
  }

  /** The project's `default` group, created with Neutron's default rules when missing. */
  ensureDefault(projectId: string): SecurityGroup {
    const existing = this.core.store.securityGroups.where({ project_id: projectId, name: 'default' })[0];
    if (existing) return this.withRules(existing);
    return this.core.write('security_group.created', () => {
      const g = this.insertGroup(projectId, 'default', 'Default security group', true);
      for (const ethertype of ['IPv4', 'IPv6'] as const) {
        this.insertRule(projectId, { security_group_id: g.id, direction: 'ingress', ethertype, remote_group_id: g.id });
        this.insertRule(projectId, { security_group_id: g.id, direction: 'egress', ethertype });
      }
      return this.withRules(g);
    }, (g) => g.id);
  }

  private insertGroup(projectId: string, name: string, description: string, stateful: boolean): StoredSecurityGroup {
    const g: StoredSecurityGroup = { ...this.core.stamp(), id: uuid(), name, description, tenant_id: projectId, project_id: projectId, stateful };
    this.core.store.securityGroups.insert(g);
    return g;
  }

  create(caller: Caller, input: { name?: string; description?: string; stateful?: boolean; project_id?: string; tenant_id?: string }): SecurityGroup {
    const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
    this.ensureDefault(projectId);
    if (input.name === 'default') throw fault('Conflict', 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
    return this.core.write('security_group.created', () => {
      const g = this.insertGroup(projectId, input.name ?? '', input.description ?? '', input.stateful ?? true);
      for (const ethertype of ['IPv4', 'IPv6'] as const) this.insertRule(projectId, { security_group_id: g.id, direction: 'egress', ethertype });
      return this.withRules(g);
    }, (g) => g.id);
  }

  update(caller: Caller, id: string, patch: { name?: string; description?: string; stateful?: boolean }): SecurityGroup {
    return this.core.write('security_group.updated', () => {
      const g = this.get(caller, id);
      if (g.name === 'default' && patch.name !== undefined && patch.name !== 'default') throw fault('Conflict', 'SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
      const { security_group_rules: _r, ...stored } = g;
      const next = this.core.touch({ ...stored, ...patch, id });
      this.core.store.securityGroups.put(next);
      return this.withRules(next);
    }, () => id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('security_group.deleted', () => {
      const g = this.get(caller, id);
      if (g.name === 'default' && !caller.isAdmin) throw fault('Conflict', 'SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');
      if (this.core.store.ports.all().some((p) => p.security_groups.includes(id)))
        throw fault('Conflict', 'SecurityGroupInUse', `Security Group ${id} in use.`);
      for (const r of this.core.store.rules.where({ security_group_id: id })) this.core.store.rules.delete(r.id);
      this.core.store.securityGroups.delete(id);
    }, () => id);
  }

  // --- rules ---------------------------------------------------------------------------------------
  getRule(caller: Caller, id: string): SecurityGroupRule {
    const r = this.core.store.rules.get(id);
    if (!r || (!caller.isAdmin && r.project_id !== caller.projectId)) throw fault('NotFound', 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
    return r;
  }

  listRules(caller: Caller): SecurityGroupRule[] {
    this.ensureDefault(caller.projectId);
    return visible(caller, this.core.store.rules.all());
  }

  createRule(caller: Caller, input: RuleInput): SecurityGroupRule {
    return this.core.write('security_group_rule.created', () => {
      const g = this.get(caller, input.security_group_id);
      return this.insertRule(g.project_id, input);
    }, (r) => r.id);
  }

  deleteRule(caller: Caller, id: string): void {
    this.core.write('security_group_rule.deleted', () => {
      this.getRule(caller, id);
      this.core.store.rules.delete(id);
    }, () => id);
  }

  /** Validates and normalizes a rule as Neutron does, refusing duplicates with SecurityGroupRuleExists. */
  private insertRule(projectId: string, input: RuleInput): SecurityGroupRule {
    const direction = input.direction ?? 'ingress';
    if (direction !== 'ingress' && direction !== 'egress') throw invalidInput(`direction ${String(direction)} is not one of ingress, egress`);
    const ethertype = input.ethertype ?? 'IPv4';
    let protocol = input.protocol === undefined || input.protocol === null || input.protocol === 'any' ? null : String(input.protocol).toLowerCase();
    if (protocol !== null && !(protocol in PROTOCOL_NUMBERS) && !/^\d+$/.test(protocol))
      throw fault('BadRequest', 'SecurityGroupRuleInvalidProtocol', `Security group rule protocol ${protocol} not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer representations [0 to 255] are supported.`);
    if (protocol === 'icmp' && ethertype === 'IPv6') protocol = 'ipv6-icmp';
    const min = input.port_range_min ?? null;
    const max = input.port_range_max ?? null;
    if (protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp') {
      if ((min === null) !== (max === null) && !(min !== null && max === null))
        throw fault('BadRequest', 'SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max');
      if (min !== null && (min < 1 || min > 65535)) throw fault('BadRequest', 'SecurityGroupInvalidPortValue', `Invalid value for port ${min}`);
      if (min !== null && max !== null && min > max) throw fault('BadRequest', 'SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max');
    } else if (protocol === 'icmp' || protocol === 'ipv6-icmp') {
      if (min !== null && (min < 0 || min > 255)) throw fault('BadRequest', 'SecurityGroupInvalidIcmpValue', `Invalid value for ICMP type ${min}. It must be 0 to 255.`);
      if (max !== null && (max < 0 || max > 255)) throw fault('BadRequest', 'SecurityGroupInvalidIcmpValue', `Invalid value for ICMP code ${max}. It must be 0 to 255.`);
      if (max !== null && min === null) throw fault('BadRequest', 'SecurityGroupMissingIcmpType', `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`);
    } else if (min !== null || max !== null) {
      throw invalidInput('Port range is only allowed with tcp, udp, sctp, icmp or ipv6-icmp protocols');
    }
    let remoteIp = input.remote_ip_prefix ?? null;
    if (remoteIp !== null) {
      const c = parseNetwork(remoteIp.includes('/') ? remoteIp : `${remoteIp}/${remoteIp.includes(':') ? 128 : 32}`);
      if (!c) throw invalidInput(`'${remoteIp}' is not a valid IP subnet`);
      if ((c.family === 4 ? 'IPv4' : 'IPv6') !== ethertype)
        throw fault('BadRequest', 'SecurityGroupRuleParameterConflict', `Conflicting value ethertype ${ethertype} for CIDR ${remoteIp}`);
      remoteIp = formatPrefix(c);
    }
    if (remoteIp !== null && input.remote_group_id) throw fault('BadRequest', 'SecurityGroupRemoteGroupAndRemoteIpPrefix', 'Only remote_ip_prefix or remote_group_id may be provided.');
    if (input.remote_group_id && !this.core.store.securityGroups.get(input.remote_group_id))
      throw fault('NotFound', 'SecurityGroupNotFound', `Security group ${input.remote_group_id} does not exist`);
    const rule: SecurityGroupRule = {
      id: uuid(),
      tenant_id: projectId,
      project_id: projectId,
      security_group_id: input.security_group_id,
      direction,
      ethertype,
      protocol,
      port_range_min: min,
      port_range_max: protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp' ? (max ?? min) : max,
      remote_ip_prefix: remoteIp,
      remote_group_id: input.remote_group_id ?? null,
      remote_address_group_id: null,
      description: input.description ?? '',
      created_at: this.core.now(),
      updated_at: this.core.now(),
      revision_number: 0,
    };
    const same = this.core.store.rules
      .where({ security_group_id: rule.security_group_id })
      .find((r) =>
        (['direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id'] as const).every((k) => r[k] === rule[k]),
      );
    if (same) throw fault('Conflict', 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${same.id}.`);
    this.core.store.rules.insert(rule);
    return rule;
  }
}
