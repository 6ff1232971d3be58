import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { NetworkStore } from '../store/network-store';
import type { NetworkSnapshot, Subnet } from '../types';
import { AgentManager } from './agents';
import { type Caller, type NetworkConfig, NetworkCore } from './core';
import { FloatingIpManager } from './floating-ips';
import { Ipam } from './ipam';
import { NetworkManager } from './networks';
import { PortManager } from './ports';
import { QuotaManager } from './quotas';
import { RouterManager } from './routers';
import { SecurityGroupManager } from './security-groups';
import { SubnetManager } from './subnets';
import { AddressScopeManager } from './address-scopes';
import { SubnetPoolManager } from './subnet-pools';
import { SubnetPoolStore } from '../store/subnetpool-store';
import { QosRbacTrunkStore } from '../store/qos-rbac-trunk-store';
import { QosManager } from './qos';
import { RbacManager } from './rbac';
import { TrunkManager } from './trunks';

export interface NetworkDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  config: NetworkConfig;
  /** Called after every committed change (the dataplane recomputes). */
  onChange?: () => void;
}

/** Neutron's backend: every network manager, wired once. Knows nothing about HTTP. */
export class NetworkService {
  readonly core: NetworkCore;
  readonly networks: NetworkManager;
  readonly subnets: SubnetManager;
  readonly ports: PortManager;
  readonly routers: RouterManager;
  readonly floatingIps: FloatingIpManager;
  readonly securityGroups: SecurityGroupManager;
  readonly agents: AgentManager;
  readonly quotas: QuotaManager;
  readonly ipam: Ipam;
  readonly addressScopes: AddressScopeManager;
  readonly subnetPools: SubnetPoolManager;
  readonly rbac: RbacManager;
  readonly qos: QosManager;
  readonly trunks: TrunkManager;
  private listeners: (() => void)[] = [];

  constructor(deps: NetworkDeps) {
    const store = new NetworkStore(deps.db);
    this.core = new NetworkCore(store, deps.clock, deps.events, deps.config, () => {
      deps.onChange?.();
      for (const l of this.listeners) l();
    });
    this.ipam = new Ipam(this.core);
    this.networks = new NetworkManager(this.core);
    this.securityGroups = new SecurityGroupManager(this.core);
    this.ports = new PortManager(this.core, this.networks, this.ipam, this.securityGroups);
    const poolStore = new SubnetPoolStore(deps.db);
    this.addressScopes = new AddressScopeManager(this.core, poolStore);
    this.subnetPools = new SubnetPoolManager(this.core, poolStore, this.addressScopes);
    this.subnets = new SubnetManager(this.core, this.networks, {
      ensure: (s: Subnet) => this.ports.ensureDhcp(s),
      release: (s: Subnet) => this.ports.releaseDhcp(s),
    }, this.subnetPools);
    this.agents = new AgentManager(this.core);
    this.routers = new RouterManager(this.core, this.networks, this.ports, this.agents);
    this.floatingIps = new FloatingIpManager(this.core, this.networks, this.ports, this.routers);
    this.quotas = new QuotaManager(this.core);
    const qrtStore = new QosRbacTrunkStore(deps.db);
    this.rbac = new RbacManager(this.core, qrtStore);
    this.qos = new QosManager(this.core, qrtStore, this.rbac);
    this.trunks = new TrunkManager(this.core, qrtStore);
    const qos = { qos: (c: Caller, id: string | null | undefined, previous?: string | null) => this.qos.check(c, id, previous) };
    this.networks.ext = {
      ...qos,
      sharedWith: (p) => this.rbac.sharedWith(p, 'network'),
      defaultQos: (p) => this.qos.defaultFor(p),
      flag: (n, action, on) => this.rbac.networkFlag(n, action, on),
    };
    this.ports.ext = { ...qos, beforeDelete: (id) => this.trunks.beforePortDelete(id) };
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(l: () => void): () => void {
    this.listeners.push(l);
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }

  /** Every resource the dataplane needs, read in one transaction so it is consistent. */
  snapshot(): NetworkSnapshot {
    const s = this.core.store;
    return s.db.raw.transaction(() => ({
      networks: s.networks.all(),
      subnets: s.subnets.all(),
      ports: s.ports.all(),
      routers: s.routers.all(),
      floatingIps: s.floatingIps.all(),
      securityGroups: s.securityGroups.all().map((g) => ({ ...g, security_group_rules: s.rules.where({ security_group_id: g.id }) })),
      agents: this.agents.list(),
      routerAgents: s.routerAgents(),
    }))();
  }

  /** network-ip-availabilities: per network, per subnet, total and used addresses in the pools. */
  ipAvailability(networkIds?: Set<string>) {
    const s = this.core.store;
    return s.networks
      .all()
      .filter((n) => !networkIds || networkIds.has(n.id))
      .map((n) => {
        const subnets = s.subnets.where({ network_id: n.id }).map((sub) => {
          const u = this.ipam.usage(sub);
          return { subnet_id: sub.id, ip_version: sub.ip_version, cidr: sub.cidr, subnet_name: sub.name, used_ips: u.used, total_ips: u.total };
        });
        return {
          network_id: n.id,
          network_name: n.name,
          tenant_id: n.project_id,
          project_id: n.project_id,
          total_ips: subnets.reduce((a, x) => a + x.total_ips, 0),
          used_ips: subnets.reduce((a, x) => a + x.used_ips, 0),
          subnet_ip_availability: subnets,
        };
      });
  }
}
