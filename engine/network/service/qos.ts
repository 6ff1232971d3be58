import { uuid } from '../../core/ids';
import {
  invalidAttribute,
  policyRemoveAuthorizationError,
  qosPolicyDefaultAlreadyExists,
  qosPolicyInUse,
  qosPolicyNotFound,
  qosRuleNotFound,
  qosRulesConflict,
  requiredAttributeMissing,
} from '../faults';
import type { QosRbacTrunkStore, StoredQosPolicy } from '../store/qos-rbac-trunk-store';
import type { QosBandwidthLimitRule, QosPolicy } from '../types';
import type { Caller, NetworkCore } from './core';
import type { RbacManager } from './rbac';

export interface QosPolicyInput {
  name?: string;
  description?: string;
  shared?: boolean;
  is_default?: boolean;
  project_id?: string;
  tenant_id?: string;
}

/** A bandwidth_limit rule on the wire of …/bandwidth_limit_rules. */
export type BandwidthLimitRuleView = Omit<QosBandwidthLimitRule, 'qos_policy_id'>;

export interface BandwidthLimitRuleInput {
  max_kbps?: unknown;
  max_burst_kbps?: unknown;
  direction?: unknown;
}

/** The rule types this lab's QoS driver (Open vSwitch) enforces: GET /v2.0/qos/rule-types. */
export const QOS_RULE_TYPES = ['bandwidth_limit'] as const;

const INT_MAX = 2 ** 31 - 1;
const DIRECTIONS = ['ingress', 'egress'] as const;

/**
 * QoS policies and their bandwidth_limit rules (one per direction), the project's default policy,
 * and the check networks and ports make when they name a qos_policy_id.
 */
export class QosManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly store: QosRbacTrunkStore,
    private readonly rbac: RbacManager,
  ) {}

  find(id: string): StoredQosPolicy | undefined {
    return this.store.qosPolicies.get(id);
  }

  /** Neutron's query scope for policies: admin, owner, shared, or shared with the caller's project by RBAC. */
  canSee(caller: Caller, p: StoredQosPolicy): boolean {
    return caller.isAdmin || p.project_id === caller.projectId || p.shared || this.rbac.sharedWith(caller.projectId, 'qos_policy').has(p.id);
  }

  /** The policy as the caller sees it: with its rules, `shared` true when shared with the caller's project. */
  private view(caller: Caller, p: StoredQosPolicy, sharedWith?: Set<string>): QosPolicy {
    const shared = p.shared || (sharedWith ?? this.rbac.sharedWith(caller.projectId, 'qos_policy')).has(p.id);
    const rules = this.store.bwLimitRules.where({ qos_policy_id: p.id }).map((r) => ({ ...ruleView(r), qos_policy_id: p.id, type: 'bandwidth_limit' as const }));
    return { ...p, shared, rules };
  }

  get(caller: Caller, id: string): QosPolicy {
    const p = this.find(id);
    if (!p || !this.canSee(caller, p)) throw qosPolicyNotFound(id);
    return this.view(caller, p);
  }

  list(caller: Caller): QosPolicy[] {
    const shared = this.rbac.sharedWith(caller.projectId, 'qos_policy');
    return this.store.qosPolicies
      .all()
      .filter((p) => caller.isAdmin || p.project_id === caller.projectId || p.shared || shared.has(p.id))
      .map((p) => this.view(caller, p, shared));
  }

  create(caller: Caller, input: QosPolicyInput): QosPolicy {
    return this.core.write('qos_policy.created', () => {
      const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
      if (input.is_default) this.ensureNoOtherDefault(projectId);
      const p: StoredQosPolicy = {
        ...this.core.stamp(),
        id: uuid(),
        name: input.name ?? '',
        description: input.description ?? '',
        tenant_id: projectId,
        project_id: projectId,
        shared: input.shared ?? false,
        is_default: input.is_default ?? false,
      };
      this.store.qosPolicies.insert(p);
      return this.view(caller, p);
    }, (p) => p.id);
  }

  update(caller: Caller, id: string, patch: QosPolicyInput): QosPolicy {
    return this.core.write('qos_policy.updated', () => {
      const p = this.find(id);
      if (!p || !this.canSee(caller, p)) throw qosPolicyNotFound(id);
      if (patch.is_default && !p.is_default) this.ensureNoOtherDefault(p.project_id, p.id);
      // unsharing: the `*` entry goes, unless a project relies on it (RbacPolicyInUse)
      if (patch.shared === false && p.shared) this.rbac.unshare('qos_policy', p.id);
      const next = this.core.touch({
        ...p,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
        ...(patch.is_default !== undefined ? { is_default: patch.is_default } : {}),
      });
      this.store.qosPolicies.put(next);
      return this.view(caller, next);
    }, () => id);
  }

  /** Refuses while a port, network or floating IP uses the policy (in Neutron's order). */
  delete(caller: Caller, id: string): void {
    this.core.write('qos_policy.deleted', () => {
      const p = this.find(id);
      if (!p || !this.canSee(caller, p)) throw qosPolicyNotFound(id);
      const s = this.core.store;
      const port = s.ports.all().find((x) => x.qos_policy_id === id);
      if (port) throw qosPolicyInUse(id, 'port', port.id);
      const net = s.networks.all().find((x) => x.qos_policy_id === id);
      if (net) throw qosPolicyInUse(id, 'network', net.id);
      const fip = s.floatingIps.all().find((x) => x.qos_policy_id === id);
      if (fip) throw qosPolicyInUse(id, 'fip', fip.id);
      for (const r of this.store.bwLimitRules.where({ qos_policy_id: id })) this.store.bwLimitRules.delete(r.id);
      this.rbac.purge('qos_policy', id);
      this.store.qosPolicies.delete(id);
    }, () => id);
  }

  private ensureNoOtherDefault(projectId: string, except?: string): void {
    if (this.store.qosPolicies.where({ project_id: projectId }).some((p) => p.is_default && p.id !== except)) throw qosPolicyDefaultAlreadyExists(projectId);
  }

  /** The project's default policy, which a network created without qos_policy_id gets. */
  defaultFor(projectId: string): string | null {
    return this.store.qosPolicies.where({ project_id: projectId }).find((p) => p.is_default)?.id ?? null;
  }

  /**
   * What a network or port create/update checks when it names a qos_policy_id: the policy must be
   * one the caller may use (else QosPolicyNotFound); on update, the policy being replaced must still
   * be accessible to the caller (else PolicyRemoveAuthorizationError). `null` detaches.
   */
  check(caller: Caller, id: string | null | undefined, previous?: string | null): void {
    if (id === undefined) return;
    if (previous && previous !== id) {
      const old = this.find(previous);
      if (old && !this.canSee(caller, old)) throw policyRemoveAuthorizationError(previous);
    }
    if (id === null) return;
    const p = this.find(id);
    if (!p || !this.canSee(caller, p)) throw qosPolicyNotFound(id);
  }

  // --- bandwidth_limit rules -----------------------------------------------------------------------

  listRules(caller: Caller, policyId: string): BandwidthLimitRuleView[] {
    this.get(caller, policyId);
    return this.store.bwLimitRules.where({ qos_policy_id: policyId }).map(ruleView);
  }

  getRule(caller: Caller, policyId: string, ruleId: string): BandwidthLimitRuleView {
    this.get(caller, policyId);
    const r = this.store.bwLimitRules.get(ruleId);
    if (!r || r.qos_policy_id !== policyId) throw qosRuleNotFound(ruleId, policyId);
    return ruleView(r);
  }

  createRule(caller: Caller, policyId: string, input: BandwidthLimitRuleInput): BandwidthLimitRuleView {
    return this.core.write('qos_policy.updated', () => {
      const p = this.get(caller, policyId);
      if (input.max_kbps === undefined) throw requiredAttributeMissing('max_kbps');
      const rule: QosBandwidthLimitRule & { project_id: string } = {
        id: uuid(),
        project_id: p.project_id,
        qos_policy_id: policyId,
        max_kbps: intInRange('max_kbps', input.max_kbps),
        max_burst_kbps: input.max_burst_kbps === undefined ? 0 : intInRange('max_burst_kbps', input.max_burst_kbps),
        direction: direction(input.direction ?? 'egress'),
      };
      this.conflicts(p, rule);
      this.store.bwLimitRules.insert(rule);
      this.bump(policyId);
      return ruleView(rule);
    }, () => policyId);
  }

  updateRule(caller: Caller, policyId: string, ruleId: string, patch: BandwidthLimitRuleInput): BandwidthLimitRuleView {
    return this.core.write('qos_policy.updated', () => {
      const p = this.get(caller, policyId);
      const r = this.store.bwLimitRules.get(ruleId);
      if (!r || r.qos_policy_id !== policyId) throw qosRuleNotFound(ruleId, policyId);
      const next = {
        ...r,
        ...(patch.max_kbps !== undefined ? { max_kbps: intInRange('max_kbps', patch.max_kbps) } : {}),
        ...(patch.max_burst_kbps !== undefined ? { max_burst_kbps: intInRange('max_burst_kbps', patch.max_burst_kbps) } : {}),
        ...(patch.direction !== undefined ? { direction: direction(patch.direction) } : {}),
      };
      this.conflicts(p, next);
      this.store.bwLimitRules.put(next);
      this.bump(policyId);
      return ruleView(next);
    }, () => policyId);
  }

  deleteRule(caller: Caller, policyId: string, ruleId: string): void {
    this.core.write('qos_policy.updated', () => {
      this.get(caller, policyId);
      const r = this.store.bwLimitRules.get(ruleId);
      if (!r || r.qos_policy_id !== policyId) throw qosRuleNotFound(ruleId, policyId);
      this.store.bwLimitRules.delete(ruleId);
      this.bump(policyId);
    }, () => policyId);
  }

  /** One bandwidth_limit rule per direction (BandwidthLimitRule.duplicates compares direction). */
  private conflicts(p: QosPolicy, rule: BandwidthLimitRuleView): void {
    const other = p.rules.find((r) => r.id !== rule.id && r.direction === rule.direction);
    if (other) throw qosRulesConflict('bandwidth_limit', other.id, p.id);
  }

  /** A rule change is a change of its policy: revision and updated_at move. */
  private bump(policyId: string): void {
    const p = this.find(policyId);
    if (p) this.store.qosPolicies.put(this.core.touch(p));
  }
}

/** A rule as its own resource answers it (no type, no policy id, no project). */
function ruleView(r: QosBandwidthLimitRule): BandwidthLimitRuleView {
  return { id: r.id, max_kbps: r.max_kbps, max_burst_kbps: r.max_burst_kbps, direction: r.direction };
}

/** convert_to_int then type:range [0, 2^31-1], with neutron-lib's messages. */
function intInRange(attr: string, v: unknown): number {
  let n: number;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = Number(v);
  else if (typeof v === 'boolean') n = v ? 1 : 0;
  else throw invalidAttribute(attr, `'${String(v)}' is not an integer`);
  if (n < 0) throw invalidAttribute(attr, `'${n}' is too small - must be at least '0'`);
  if (n > INT_MAX) throw invalidAttribute(attr, `'${n}' is too large - must be no larger than '${INT_MAX}'`);
  return n;
}

function direction(v: unknown): 'egress' | 'ingress' {
  if (v === 'egress' || v === 'ingress') return v;
  throw invalidAttribute('direction', `${String(v)} is not in (${DIRECTIONS.map((d) => `'${d}'`).join(', ')})`);
}
