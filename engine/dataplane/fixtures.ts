/**
 * Test-only factories: Neutron resources with every wire field filled, the seed's PackStack
 * all-in-one host, its lab (external_network + intnet + R2 + an instance + a floating IP) and an
 * in-memory neighbour table.
 */
import type {
  FloatingIp,
  Network,
  NetworkSnapshot,
  Port,
  Router,
  SecurityGroup,
  SecurityGroupRule,
  Stamped,
  Subnet,
} from '../network/types';
import type { LearnedNeighbour } from './extra-types';
import type { HostConfig, NeighbourEntry, NeighbourTable } from './types';

const PROJECT = '8dc84595f82b4e6dac4a18f990b05c6d';

let clock = 0;
/** Creation stamps one second apart, in call order. */
function stamped(): Stamped {
  const t = new Date(Date.UTC(2025, 0, 14, 4, 0, clock++)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { created_at: t, updated_at: t, revision_number: 0, tags: [], description: '' };
}
export function resetClock(): void {
  clock = 0;
}

export function network(over: Partial<Network> & { id: string }): Network {
  return {
    ...stamped(),
    name: over.id,
    tenant_id: PROJECT,
    project_id: PROJECT,
    admin_state_up: true,
    status: 'ACTIVE',
    subnets: [],
    shared: false,
    'router:external': false,
    mtu: 1450,
    'provider:network_type': 'vxlan',
    'provider:physical_network': null,
    'provider:segmentation_id': 1,
    port_security_enabled: true,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: false,
    l2_adjacency: true,
    qos_policy_id: null,
    ...over,
  };
}

export function subnet(over: Partial<Subnet> & { id: string; network_id: string; cidr: string }): Subnet {
  return {
    ...stamped(),
    name: over.id,
    tenant_id: PROJECT,
    project_id: PROJECT,
    ip_version: 4,
    gateway_ip: null,
    allocation_pools: [],
    enable_dhcp: true,
    dns_nameservers: [],
    host_routes: [],
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    subnetpool_id: null,
    service_types: [],
    segment_id: null,
    ...over,
  };
}

export function port(over: Partial<Port> & { id: string; network_id: string; mac_address: string }): Port {
  return {
    ...stamped(),
    name: '',
    tenant_id: PROJECT,
    project_id: PROJECT,
    admin_state_up: true,
    status: 'ACTIVE',
    device_id: '',
    device_owner: '',
    fixed_ips: [],
    security_groups: [],
    allowed_address_pairs: [],
    port_security_enabled: true,
    'binding:host_id': 'localhost',
    'binding:vif_type': 'ovs',
    'binding:vnic_type': 'normal',
    'binding:vif_details': {},
    'binding:profile': {},
    extra_dhcp_opts: [],
    qos_policy_id: null,
    ...over,
  };
}

export function router(over: Partial<Router> & { id: string }): Router {
  return {
    ...stamped(),
    name: over.id,
    tenant_id: PROJECT,
    project_id: PROJECT,
    admin_state_up: true,
    status: 'ACTIVE',
    external_gateway_info: null,
    routes: [],
    distributed: false,
    ha: false,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    flavor_id: null,
    ...over,
  };
}

export function floatingIp(over: Partial<FloatingIp> & { id: string; floating_ip_address: string; floating_network_id: string }): FloatingIp {
  return {
    ...stamped(),
    tenant_id: PROJECT,
    project_id: PROJECT,
    router_id: null,
    port_id: null,
    fixed_ip_address: null,
    status: 'DOWN',
    port_details: null,
    qos_policy_id: null,
    ...over,
  };
}

export function rule(over: Partial<SecurityGroupRule> & { id: string; security_group_id: string; direction: 'ingress' | 'egress' }): SecurityGroupRule {
  const s = stamped();
  return {
    tenant_id: PROJECT,
    project_id: PROJECT,
    ethertype: 'IPv4',
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: null,
    remote_address_group_id: null,
    description: '',
    created_at: s.created_at,
    updated_at: s.updated_at,
    revision_number: 0,
    ...over,
  };
}

export function securityGroup(over: Partial<SecurityGroup> & { id: string }): SecurityGroup {
  return { ...stamped(), name: over.id, tenant_id: PROJECT, project_id: PROJECT, stateful: true, security_group_rules: [], ...over };
}

/** Neutron's default group: all egress, ingress only from members of the group. */
export function defaultGroup(id: string): SecurityGroup {
  return securityGroup({
    id,
    name: 'default',
    security_group_rules: [
      rule({ id: `${id.slice(0, 8)}-eg4`, security_group_id: id, direction: 'egress', ethertype: 'IPv4' }),
      rule({ id: `${id.slice(0, 8)}-eg6`, security_group_id: id, direction: 'egress', ethertype: 'IPv6' }),
      rule({ id: `${id.slice(0, 8)}-in4`, security_group_id: id, direction: 'ingress', ethertype: 'IPv4', remote_group_id: id }),
      rule({ id: `${id.slice(0, 8)}-in6`, security_group_id: id, direction: 'ingress', ethertype: 'IPv6', remote_group_id: id }),
    ],
  });
}

export const emptySnapshot = (): NetworkSnapshot => ({ networks: [], subnets: [], ports: [], routers: [], floatingIps: [], securityGroups: [], agents: [], routerAgents: {} });

/** The seeds' PackStack host: enp0s3 in br-ex, 10.0.2.15/24 behind VirtualBox NAT's 10.0.2.1. */
export function seedHost(over: Partial<HostConfig> = {}): HostConfig {
  return {
    hostname: 'localhost',
    nic: 'enp0s3',
    nicMac: '08:00:27:d9:c7:ca',
    hostCidr: '10.0.2.15/24',
    gateway: '10.0.2.1',
    bridgeMappings: { extnet: 'br-ex' },
    tunnelIp: '10.0.2.15',
    datapathType: 'system',
    ...over,
  };
}

/** The seed's ids, so tests read like the notes (qdhcp-7b34e663-…, qr-3fa254c3-77, tap177c8c39-42). */
export const SEED = {
  extNet: '61af13ca-6eb4-4916-9fe7-2e28d401e2bd',
  publicSubnet: '5a7d4bd3-011c-4c42-9f77-15c1fa9d8b83',
  intnet: '7b34e663-7d34-4c5c-b037-a7d5b47187d2',
  subnet1: '204c4ca0-3cba-4668-8b55-2ab7e1a132a2',
  router: '4358fd19-62ea-42d3-be7d-0ef3140dc249',
  dhcpPort: '177c8c39-4211-4d0a-9e3a-0b6a1c2d3e4f',
  qrPort: '3fa254c3-7722-4a5b-8c9d-1e2f3a4b5c6d',
  qgPort: '2e261868-ab33-4c4d-9e8f-2a3b4c5d6e7f',
  vmPort: '5f3a9c21-0b44-4e5f-8a6b-3c4d5e6f7a8b',
  fip: '549b391c-9074-485a-8694-38552bab5030',
  defaultSg: 'e6f1533e-2b32-4c87-84a4-979ad08f3e68',
  icmpSshSg: '1bbabbed-e7dc-478b-98a1-ff37035ef797',
  gatewayIp: '10.0.2.110',
  fipIp: '10.0.2.118',
  vmIp: '10.5.5.104',
  vmMac: 'fa:16:3e:41:21:08',
} as const;

export interface SeedOptions {
  /** R2's gateway on external_network (router set --external-gateway). Default true. */
  gateway?: boolean;
  /** The instance's port (test-instance on intnet). Default true. */
  instance?: boolean;
  /** 10.0.2.118 associated with the instance. Default true. */
  floatingIp?: boolean;
  /** The instance is also in allow-icmp-ssh (ICMP and tcp/22 from anywhere). Default true. */
  allowIcmpSsh?: boolean;
}

/** The lab the seed built, step by step, as one snapshot. */
export function seedLab(opts: SeedOptions = {}): NetworkSnapshot {
  const { gateway = true, instance = true, floatingIp: withFip = true, allowIcmpSsh = true } = opts;
  resetClock();
  const s = emptySnapshot();
  s.networks.push(
    network({ id: SEED.extNet, name: 'external_network', 'router:external': true, mtu: 1500, 'provider:network_type': 'flat', 'provider:physical_network': 'extnet', 'provider:segmentation_id': null, subnets: [SEED.publicSubnet] }),
    network({ id: SEED.intnet, name: 'intnet', subnets: [SEED.subnet1], 'provider:segmentation_id': 57 }),
  );
  s.subnets.push(
    subnet({ id: SEED.publicSubnet, name: 'public_subnet', network_id: SEED.extNet, cidr: '10.0.2.0/24', gateway_ip: '10.0.2.1', enable_dhcp: false, allocation_pools: [{ start: '10.0.2.100', end: '10.0.2.200' }] }),
    subnet({ id: SEED.subnet1, name: 'subnet1', network_id: SEED.intnet, cidr: '10.5.5.0/24', gateway_ip: '10.5.5.1', allocation_pools: [{ start: '10.5.5.2', end: '10.5.5.254' }] }),
  );
  s.ports.push(
    port({ id: SEED.dhcpPort, network_id: SEED.intnet, mac_address: 'fa:16:3e:cd:fc:be', device_owner: 'network:dhcp', device_id: `dhcp-${SEED.intnet}`, fixed_ips: [{ subnet_id: SEED.subnet1, ip_address: '10.5.5.2' }] }),
  );
  s.routers.push(router({ id: SEED.router, name: 'R2' }));
  s.ports.push(
    port({ id: SEED.qrPort, network_id: SEED.intnet, mac_address: 'fa:16:3e:78:a2:32', device_owner: 'network:router_interface', device_id: SEED.router, fixed_ips: [{ subnet_id: SEED.subnet1, ip_address: '10.5.5.1' }] }),
  );
  if (gateway) {
    s.routers[0].external_gateway_info = { network_id: SEED.extNet, enable_snat: true, external_fixed_ips: [{ subnet_id: SEED.publicSubnet, ip_address: SEED.gatewayIp }] };
    s.ports.push(
      port({ id: SEED.qgPort, network_id: SEED.extNet, mac_address: 'fa:16:3e:2e:61:86', device_owner: 'network:router_gateway', device_id: SEED.router, project_id: '', fixed_ips: [{ subnet_id: SEED.publicSubnet, ip_address: SEED.gatewayIp }] }),
    );
  }
  const icmpSsh = securityGroup({
    id: SEED.icmpSshSg,
    name: 'allow-icmp-ssh',
    security_group_rules: [
      rule({ id: 'r-icmp', security_group_id: SEED.icmpSshSg, direction: 'ingress', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' }),
      rule({ id: 'r-ssh', security_group_id: SEED.icmpSshSg, direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' }),
    ],
  });
  s.securityGroups.push(defaultGroup(SEED.defaultSg), icmpSsh);
  if (instance) {
    s.ports.push(
      port({
        id: SEED.vmPort,
        network_id: SEED.intnet,
        mac_address: SEED.vmMac,
        device_owner: 'compute:nova',
        device_id: '8013dacc-b5e3-48e3-b9df-08558f074b28',
        fixed_ips: [{ subnet_id: SEED.subnet1, ip_address: SEED.vmIp }],
        security_groups: allowIcmpSsh ? [SEED.defaultSg, SEED.icmpSshSg] : [SEED.defaultSg],
      }),
    );
  }
  const associated = withFip && instance;
  s.floatingIps.push(
    floatingIp({
      id: SEED.fip,
      floating_ip_address: SEED.fipIp,
      floating_network_id: SEED.extNet,
      ...(associated ? { port_id: SEED.vmPort, fixed_ip_address: SEED.vmIp, router_id: SEED.router, status: 'ACTIVE' as const } : {}),
    }),
  );
  return s;
}

/** An in-memory neighbour table, as the sim host keeps one. */
export function neighbourTable(entries: LearnedNeighbour[] = []): NeighbourTable & { entries: LearnedNeighbour[] } {
  return {
    entries,
    get: (ns, ip) => entries.find((e) => e.namespace === ns && e.ip === ip),
    list: (ns): NeighbourEntry[] => entries.filter((e) => e.namespace === ns),
  };
}
