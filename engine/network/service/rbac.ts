import { uuid } from '../../core/ids';
import {
  duplicateRbacPolicy,
  invalidActionForType,
  invalidInput,
  invalidSharedSetting,
  networkNotFound,
  qosPolicyNotFound,
  rbacPolicyInUse,
  rbacPolicyNotFound,
} from '../faults';
import type { QosRbacTrunkStore } from '../store/qos-rbac-trunk-store';
import { DEVICE_OWNER, type Network, type RbacAction, type RbacObjectType, type RbacPolicy } from '../types';
import type { Caller, NetworkCore } from './core';

/** Actions each object type accepts (rbac_db_models get_valid_actions; external-net is loaded). */
export const RBAC_ACTIONS: Record<RbacObjectType, readonly RbacAction[]> = {
  network: ['access_as_shared', 'access_as_external'],
  qos_policy: ['access_as_shared'],
};

export interface RbacInput {
  object_type?: string;
  object_id?: string;
  action?: string;
  target_tenant?: string;
  project_id?: string;
  tenant_id?: string;
}

/** Neutron names the failing callback in RbacPolicyInUse's details; the hash part is Python's and varies per process. */
const NETWORK_RBAC_CALLBACK = 'neutron.plugins.ml2.plugin.Ml2Plugin.validate_network_rbac_policy_change-8743204151201';

/**
 * rbac-policies: who may use a network (access_as_shared, access_as_external) or a QoS policy
 * (access_as_shared) besides its owner. A `*` access_as_shared entry is what makes the object
 * `shared`; an access_as_external entry turns the network external, as Neutron does.
 */
export class RbacManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly store: QosRbacTrunkStore,
  ) {}

  /** Ids of the objects of `objectType` shared (access_as_shared) with `projectId`, directly or through `*`. */
  sharedWith(projectId: string, objectType: RbacObjectType): Set<string> {
    return this.grants(projectId, objectType, 'access_as_shared');
  }

  /** Ids of the networks `projectId` may use as external (access_as_external), directly or through `*`. */
  externalTo(projectId: string): Set<string> {
    return this.grants(projectId, 'network', 'access_as_external');
  }

  private grants(projectId: string, objectType: RbacObjectType, action: RbacAction): Set<string> {
    const out = new Set<string>();
    for (const target of [projectId, '*'])
      for (const r of this.store.rbac.where({ object_type: objectType, action, target_tenant: target })) out.add(r.object_id);
    return out;
  }

  /** The entries the caller may see: its own (the project that created them), or all for an admin. */
  list(caller: Caller): RbacPolicy[] {
    return (caller.isAdmin ? this.store.rbac.all() : this.store.rbac.where({ project_id: caller.projectId })).filter((r) => this.live(r));
  }

  get(caller: Caller, id: string): RbacPolicy {
    const r = this.store.rbac.get(id);
    if (!r || !this.live(r) || (!caller.isAdmin && r.project_id !== caller.projectId)) throw rbacPolicyNotFound(id);
    return r;
  }

  create(caller: Caller, input: RbacInput): RbacPolicy {
    return this.core.write('rbac_policy.created', () => {
      const objectType = normalizeType(input.object_type);
      const objectId = String(input.object_id ?? '');
      const action = String(input.action ?? '');
      const target = String(input.target_tenant ?? '');
      this.checkOwner(caller, objectType, objectId);
      if (!RBAC_ACTIONS[objectType].includes(action as RbacAction)) throw invalidActionForType(action, objectType, RBAC_ACTIONS[objectType]);
      if (this.store.rbac.count({ object_type: objectType, object_id: objectId, action, target_tenant: target }) > 0) throw duplicateRbacPolicy();
      // an object created shared (or external) holds Neutron's implicit `*` entry already
      if (target === '*' && this.flagged(objectType, objectId, action as RbacAction)) throw duplicateRbacPolicy();
      const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
      const entry: RbacPolicy = { id: uuid(), tenant_id: projectId, project_id: projectId, object_type: objectType, object_id: objectId, action: action as RbacAction, target_tenant: target };
      this.store.rbac.insert(entry);
      this.syncFlags(entry);
      return entry;
    }, (r) => r.id);
  }

  /** Only target_tenant can change; the project losing access must not depend on it. */
  update(caller: Caller, id: string, patch: { target_tenant?: string }): RbacPolicy {
    return this.core.write('rbac_policy.updated', () => {
      const entry = this.get(caller, id);
      if (patch.target_tenant === undefined || patch.target_tenant === entry.target_tenant) return entry;
      this.checkOwner(caller, entry.object_type, entry.object_id);
      if (patch.target_tenant !== '*' || entry.object_type === 'network') this.ensureNotInUse(entry, patch.target_tenant);
      if (this.store.rbac.count({ object_type: entry.object_type, object_id: entry.object_id, action: entry.action, target_tenant: patch.target_tenant }) > 0) throw duplicateRbacPolicy();
      if (patch.target_tenant === '*' && this.flagged(entry.object_type, entry.object_id, entry.action)) throw duplicateRbacPolicy();
      const next: RbacPolicy = { ...entry, target_tenant: patch.target_tenant };
      this.store.rbac.put(next);
      this.syncFlags(next);
      return next;
    }, () => id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('rbac_policy.deleted', () => {
      const entry = this.get(caller, id);
      this.ensureNotInUse(entry);
      this.store.rbac.delete(id);
      this.syncFlags(entry, true);
    }, () => id);
  }

  /**
   * The object's `shared` turned off (PUT shared=false): as deleting its `*` access_as_shared entry,
   * which must not leave a project's port, network or floating IP without access (RbacPolicyInUse).
   */
  unshare(objectType: RbacObjectType, objectId: string): void {
    const owner = objectType === 'network' ? this.core.store.networks.get(objectId)?.project_id : this.store.qosPolicies.get(objectId)?.project_id;
    if (owner === undefined) return;
    this.ensureNotInUse({ id: '', tenant_id: owner, project_id: owner, object_type: objectType, object_id: objectId, action: 'access_as_shared', target_tenant: '*' });
    for (const r of this.store.rbac.where({ object_type: objectType, object_id: objectId, action: 'access_as_shared', target_tenant: '*' })) this.store.rbac.delete(r.id);
  }

  /**
   * A network's `shared` or `router:external` flag changed: Neutron keeps the matching `*` entry
   * (owned by the network's project) in step; turning `shared` off must not strand a project.
   */
  networkFlag(n: Network, action: RbacAction, on: boolean): void {
    const rows = this.store.rbac.where({ object_type: 'network', object_id: n.id, action, target_tenant: '*' });
    if (on) {
      if (rows.length === 0)
        this.store.rbac.insert({ id: uuid(), tenant_id: n.project_id, project_id: n.project_id, object_type: 'network', object_id: n.id, action, target_tenant: '*' });
      return;
    }
    if (action !== 'access_as_shared') {
      for (const r of rows) this.store.rbac.delete(r.id);
      return;
    }
    // PUT shared=false answers as Neutron's network update does: InvalidSharedSetting
    try {
      this.unshare('network', n.id);
    } catch {
      throw invalidSharedSetting(n.id);
    }
  }

  /** Whether the object's own flag (shared, router:external) already grants `action` to everyone. */
  private flagged(objectType: RbacObjectType, objectId: string, action: RbacAction): boolean {
    if (objectType === 'qos_policy') return !!this.store.qosPolicies.get(objectId)?.shared;
    const n = this.core.store.networks.get(objectId);
    return !!n && (action === 'access_as_shared' ? n.shared : n['router:external']);
  }

  /** Whether the entry's object still exists (entries of deleted objects are left behind and hidden). */
  private live(r: RbacPolicy): boolean {
    return r.object_type === 'network' ? !!this.core.store.networks.get(r.object_id) : !!this.store.qosPolicies.get(r.object_id);
  }

  /** Removes every entry of an object (its owner deleted it). */
  purge(objectType: RbacObjectType, objectId: string): void {
    for (const r of this.store.rbac.where({ object_type: objectType, object_id: objectId })) this.store.rbac.delete(r.id);
  }

  /** On create and update, the caller must be admin or own the object (which it must be able to see). */
  private checkOwner(caller: Caller, objectType: RbacObjectType, objectId: string): void {
    if (objectType === 'network') {
      const n = this.core.store.networks.get(objectId);
      if (!n || !(caller.isAdmin || n.project_id === caller.projectId || n.shared || n['router:external'] || this.sharedWith(caller.projectId, 'network').has(n.id)))
        throw networkNotFound(objectId);
      if (!caller.isAdmin && n.project_id !== caller.projectId) throw invalidInput('Only admins can manipulate policies on networks they do not own');
      return;
    }
    const p = this.store.qosPolicies.get(objectId);
    if (!p) throw qosPolicyNotFound(objectId);
    if (!caller.isAdmin && p.project_id !== caller.projectId) throw invalidInput('Only admins can manipulate policies on objects they do not own');
  }

  /**
   * What Neutron's BEFORE_UPDATE/BEFORE_DELETE callbacks check when `entry.target_tenant` loses
   * access (to `newTarget` on update): no port of that project left on a shared network, no router
   * gateway of it on an external one, nothing of it bound to a shared QoS policy.
   */
  private ensureNotInUse(entry: RbacPolicy, newTarget?: string): void {
    const s = this.core.store;
    const lost = entry.target_tenant;
    // the object's other entries (when `*` loses access: the other projects' own entries)
    const others = (action: string) =>
      this.store.rbac.where({ object_type: entry.object_type, object_id: entry.object_id, action }).filter((r) => r.id !== entry.id && !(lost === '*' && r.target_tenant === '*'));
    if (entry.object_type === 'network' && entry.action === 'access_as_shared') {
      const net = s.networks.get(entry.object_id);
      if (!net || lost === net.project_id) return;
      let ports = s.ports.where({ network_id: net.id });
      if (lost === '*') {
        const allowed = new Set([net.project_id, ...others('access_as_shared').map((r) => r.target_tenant)]);
        if (allowed.has('*')) return;
        ports = ports.filter((p) => !allowed.has(p.project_id));
      } else {
        if (others('access_as_shared').some((r) => r.target_tenant === '*')) return;
        ports = ports.filter((p) => p.project_id === lost);
      }
      if (ports.length) throw rbacPolicyInUse(net.id, `Callback ${NETWORK_RBAC_CALLBACK} failed with "${invalidSharedSetting(net.id).message}"`);
      return;
    }
    if (entry.object_type === 'network' && entry.action === 'access_as_external') {
      const net = s.networks.get(entry.object_id);
      if (!net) return;
      const gatewayProjects = s.ports
        .where({ network_id: net.id, device_owner: DEVICE_OWNER.routerGateway })
        .map((p) => s.routers.get(p.device_id)?.project_id)
        .filter((p): p is string => !!p);
      let inUse: boolean;
      if (lost !== '*') {
        if (others('access_as_external').some((r) => r.target_tenant === '*')) return;
        inUse = gatewayProjects.includes(lost);
      } else {
        const withEntries = new Set([net.project_id, ...others('access_as_external').map((r) => r.target_tenant)]);
        if (newTarget) withEntries.add(newTarget);
        inUse = gatewayProjects.some((p) => !withEntries.has(p));
      }
      if (inUse) throw rbacPolicyInUse(net.id, 'There are routers attached to this network that depend on this policy for access.');
      return;
    }
    // qos_policy access_as_shared
    const policy = this.store.qosPolicies.get(entry.object_id);
    if (!policy || lost === policy.project_id) return;
    const bound = new Set<string>();
    for (const n of s.networks.all()) if (n.qos_policy_id === policy.id) bound.add(n.project_id);
    for (const p of s.ports.all()) if (p.qos_policy_id === policy.id) bound.add(p.project_id);
    for (const f of s.floatingIps.all()) if (f.qos_policy_id === policy.id) bound.add(f.project_id);
    bound.delete(policy.project_id);
    const inUse = () => rbacPolicyInUse(policy.id, `project_id=${lost}`);
    if (lost !== '*') {
      if (others('access_as_shared').some((r) => r.target_tenant === '*')) return;
      if (bound.has(lost)) throw inUse();
      return;
    }
    const explicit = new Set(others('access_as_shared').map((r) => r.target_tenant));
    if ([...bound].some((p) => !explicit.has(p))) throw inUse();
  }

  /**
   * Keeps the objects' own flags in step: `shared` is true while a `*` access_as_shared entry
   * exists; a network with an access_as_external entry is external, and stops being so when its
   * last one goes.
   */
  private syncFlags(entry: RbacPolicy, deleted = false): void {
    const wildcardShared = this.store.rbac.count({ object_type: entry.object_type, object_id: entry.object_id, action: 'access_as_shared', target_tenant: '*' }) > 0;
    if (entry.object_type === 'qos_policy') {
      const p = this.store.qosPolicies.get(entry.object_id);
      if (p && entry.action === 'access_as_shared' && p.shared !== wildcardShared) this.store.qosPolicies.put(this.core.touch({ ...p, shared: wildcardShared }));
      return;
    }
    const n = this.core.store.networks.get(entry.object_id);
    if (!n) return;
    let next: Network = n;
    if (entry.action === 'access_as_shared' && n.shared !== wildcardShared) next = { ...next, shared: wildcardShared };
    // the first access_as_external entry makes the network external; Neutron's --external also creates a
    // `*` entry, which this lab does not, so removing the last entry leaves router:external as it is
    if (entry.action === 'access_as_external' && !deleted && !n['router:external']) next = { ...next, 'router:external': true };
    if (next !== n) this.core.store.networks.put(this.core.touch(next));
  }
}

/** convert_valid_object_type: stripped, lower-cased, one of the RBAC object types. */
function normalizeType(t: unknown): RbacObjectType {
  const s = typeof t === 'string' ? t.trim().toLowerCase() : '';
  if (s in RBAC_ACTIONS) return s as RbacObjectType;
  throw invalidInput(`'${String(t)}' is not a valid RBAC object type`);
}
