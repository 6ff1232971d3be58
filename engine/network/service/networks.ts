import { uuid } from '../../core/ids';
import type { Network, NetworkType } from '../types';
import { networkInUse } from '../faults';
import { type Caller, fault, invalidInput, type NetworkCore, notFound, visible } from './core';

export type NetworkInput = Partial<Network> & { name?: string };

const MTU_OVERHEAD: Record<string, number> = { vxlan: 50, gre: 42, geneve: 58 };

/** Networks and their segments (provider attributes, segmentation ids from the configured ranges, MTU by type). */
export class NetworkManager {
  constructor(private readonly core: NetworkCore) {}

  /** Set by NetworkService: network ids RBAC shares with a project; the QoS policy check and the project's default policy. */
  ext = {
    sharedWith: (_projectId: string) => new Set<string>(),
    qos: (_c: Caller, _id: string | null | undefined, _previous?: string | null) => {},
    defaultQos: (_projectId: string): string | null => null,
    /** `shared` / `router:external` turned on or off: Neutron keeps a `*` RBAC entry for each. */
    flag: (_n: Network, _action: 'access_as_shared' | 'access_as_external', _on: boolean) => {},
  };

  find(id: string): Network | undefined {
    return this.core.store.networks.get(id);
  }

  /** A network the caller may see (its own, shared or external), else NetworkNotFound. */
  get(caller: Caller, id: string): Network {
    const n = this.find(id);
    if (!n || !this.canSee(caller, n)) throw notFound('NetworkNotFound', 'Network', id);
    return this.asSeenBy(caller, n);
  }

  canSee(caller: Caller, n: Network): boolean {
    return caller.isAdmin || n.project_id === caller.projectId || n.shared || n['router:external'] || this.ext.sharedWith(caller.projectId).has(n.id);
  }

  /** `shared` is true for a project the network is shared with by RBAC, as Neutron computes it per caller. */
  private asSeenBy(caller: Caller, n: Network, rbac?: Set<string>): Network {
    return !caller.isAdmin && n.project_id !== caller.projectId && !n.shared && (rbac ?? this.ext.sharedWith(caller.projectId)).has(n.id) ? { ...n, shared: true } : n;
  }

  list(caller: Caller): Network[] {
    const rbac = this.ext.sharedWith(caller.projectId);
    return visible(caller, this.core.store.networks.all(), (n) => n.shared || n['router:external'] || rbac.has(n.id)).map((n) => this.asSeenBy(caller, n, rbac));
  }

  create(caller: Caller, input: NetworkInput): Network {
    return this.core.write('network.created', () => {
      const cfg = this.core.config;
      const projectId = (input.project_id ?? input.tenant_id ?? caller.projectId) as string;
      this.ext.qos(caller, input.qos_policy_id);
      let type = (input['provider:network_type'] ?? (input['router:external'] ? 'flat' : cfg.tenantNetworkType)) as NetworkType;
      let physnet = input['provider:physical_network'] ?? null;
      let segId = input['provider:segmentation_id'] ?? null;
      if (input['router:external'] && !input['provider:network_type'] && !physnet) {
        // an external network without provider attributes gets a tenant network type, as ML2 does
        type = cfg.tenantNetworkType;
      }
      const id = uuid();
      switch (type) {
        case 'flat':
          if (!physnet) throw invalidInput('physical_network required for flat provider network');
          if (segId !== null) throw invalidInput('segmentation_id requires a vlan, vxlan, geneve or gre provider network');
          if (this.core.store.networks.all().some((n) => n['provider:network_type'] === 'flat' && n['provider:physical_network'] === physnet))
            throw fault('Conflict', 'FlatNetworkInUse', `Unable to create the flat network. Physical network ${physnet} is in use.`);
          break;
        case 'local':
          physnet = null;
          segId = null;
          break;
        case 'vlan': {
          if (!physnet) throw invalidInput('physical_network required for VLAN provider network');
          const range = cfg.vlanRanges[physnet] ?? [1, 4094];
          segId = this.segment('vlan', physnet, segId, range, id);
          break;
        }
        case 'vxlan':
        case 'gre':
        case 'geneve': {
          if (physnet) throw invalidInput(`provider:physical_network specified for ${type.toUpperCase()} network`);
          segId = this.segment(type, '', segId, type === 'gre' ? cfg.greRange : cfg.vxlanRange, id);
          break;
        }
        default:
          throw invalidInput(`network_type value '${String(type)}' not supported`);
      }
      const maxMtu = cfg.globalMtu - (MTU_OVERHEAD[type] ?? 0);
      if (input.mtu !== undefined && (input.mtu < 68 || input.mtu > maxMtu))
        throw invalidInput(`Requested MTU is too big, maximum is ${maxMtu}`);
      const n: Network = {
        ...this.core.stamp(),
        id,
        name: input.name ?? '',
        tenant_id: projectId,
        project_id: projectId,
        admin_state_up: input.admin_state_up ?? true,
        status: 'ACTIVE',
        subnets: [],
        shared: input.shared ?? false,
        'router:external': input['router:external'] ?? false,
        mtu: input.mtu ?? maxMtu,
        'provider:network_type': type,
        'provider:physical_network': physnet,
        'provider:segmentation_id': segId,
        port_security_enabled: input.port_security_enabled ?? true,
        availability_zone_hints: input.availability_zone_hints ?? [],
        availability_zones: ['nova'],
        ipv4_address_scope: null,
        ipv6_address_scope: null,
        is_default: input.is_default ?? false,
        l2_adjacency: true,
        qos_policy_id: input.qos_policy_id ?? this.ext.defaultQos(projectId),
        description: input.description ?? '',
        tags: [],
      };
      this.core.store.networks.insert(n);
      if (n.shared) this.ext.flag(n, 'access_as_shared', true);
      if (n['router:external']) this.ext.flag(n, 'access_as_external', true);
      return n;
    }, (n) => n.id);
  }

  /** Takes the requested segmentation id, or the lowest free one in range. */
  private segment(type: string, physnet: string, requested: number | null, range: [number, number], networkId: string): number {
    const used = this.core.store.segmentIdsInUse(type, physnet);
    if (requested !== null) {
      if (used.has(requested))
        throw fault('Conflict', type === 'vlan' ? 'VlanIdInUse' : 'TunnelIdInUse', type === 'vlan' ? `Unable to create the network. The VLAN ${requested} on physical network ${physnet} is in use.` : `Unable to create the network. The tunnel ID ${requested} is in use.`);
      this.core.store.allocateSegment(type, physnet, requested, networkId);
      return requested;
    }
    for (let i = range[0]; i <= range[1]; i++) {
      if (!used.has(i)) {
        this.core.store.allocateSegment(type, physnet, i, networkId);
        return i;
      }
    }
    throw fault('ServiceUnavailable', 'NoNetworkAvailable', 'Unable to create the network. No tenant network is available for allocation.');
  }

  update(caller: Caller, id: string, patch: NetworkInput): Network {
    return this.core.write('network.updated', () => {
      const n = this.get(caller, id);
      this.ext.qos(caller, patch.qos_policy_id, n.qos_policy_id);
      for (const k of ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'] as const)
        if (patch[k] !== undefined && patch[k] !== n[k]) throw invalidInput('Plugin does not support updating provider attributes');
      if (patch.mtu !== undefined) {
        const max = this.core.config.globalMtu - (MTU_OVERHEAD[n['provider:network_type']] ?? 0);
        if (patch.mtu < 68 || patch.mtu > max) throw invalidInput(`Requested MTU is too big, maximum is ${max}`);
      }
      if (patch['router:external'] === false && n['router:external'] && this.core.store.floatingIps.count({ floating_network_id: id }) > 0)
        throw fault('Conflict', 'ExternalNetworkInUse', `External network ${id} cannot be updated to be made non-external, since it has existing gateway ports.`);
      const next = this.core.touch({ ...n, ...stripReadOnly(patch), id } as Network);
      if (patch.shared !== undefined && patch.shared !== n.shared) this.ext.flag(n, 'access_as_shared', patch.shared);
      if (patch['router:external'] !== undefined && patch['router:external'] !== n['router:external']) this.ext.flag(n, 'access_as_external', patch['router:external']);
      this.core.store.networks.put(next);
      return next;
    }, () => id);
  }

  /** Deletes a network whose only ports are Neutron's own DHCP ports (Neutron removes those with it). */
  delete(caller: Caller, id: string): void {
    this.core.write('network.deleted', () => {
      const n = this.get(caller, id);
      const s = this.core.store;
      const ports = s.ports.where({ network_id: id });
      const inUse = ports.filter((p) => p.device_owner !== 'network:dhcp');
      if (inUse.length) throw networkInUse(id, inUse.map((p) => p.id));
      for (const p of ports) {
        s.releaseIpsOfPort(p.id);
        s.ports.delete(p.id);
      }
      for (const sub of s.subnets.where({ network_id: id })) s.subnets.delete(sub.id);
      s.releaseSegments(id);
      s.networks.delete(n.id);
    }, () => id);
  }

  /** Keeps a network's `subnets` list in step (called by the subnet manager inside its transaction). */
  setSubnets(id: string, subnets: string[]): void {
    const n = this.find(id);
    if (n) this.core.store.networks.put(this.core.touch({ ...n, subnets }));
  }
}

/** Attributes a client may not set. */
export function stripReadOnly<T extends Record<string, unknown>>(patch: T): T {
  const { id: _i, status: _s, created_at: _c, updated_at: _u, revision_number: _r, tenant_id: _t, project_id: _p, subnets: _sn, availability_zones: _az, ...rest } = patch;
  return rest as T;
}
