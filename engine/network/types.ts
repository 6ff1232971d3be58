/**
 * Neutron's resources in their wire attribute names (what GET /v2.0/<collection>/<id> returns).
 * This file is also the contract between the Neutron service and the dataplane: the dataplane
 * derives the host's desired state from a NetworkSnapshot of these.
 */

export interface Stamped {
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
  description: string;
}

export type NetworkType = 'flat' | 'vlan' | 'vxlan' | 'gre' | 'local' | 'geneve';

export interface Network extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  admin_state_up: boolean;
  status: 'ACTIVE' | 'DOWN' | 'BUILD' | 'ERROR';
  subnets: string[];
  shared: boolean;
  'router:external': boolean;
  mtu: number;
  'provider:network_type': NetworkType;
  'provider:physical_network': string | null;
  'provider:segmentation_id': number | null;
  port_security_enabled: boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  ipv4_address_scope: string | null;
  ipv6_address_scope: string | null;
  is_default: boolean;
  l2_adjacency: boolean;
  qos_policy_id: string | null;
}

export interface AllocationPool { start: string; end: string }
export interface HostRoute { destination: string; nexthop: string }

export interface Subnet extends Stamped {
  id: string;
  name: string;
  network_id: string;
  tenant_id: string;
  project_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  enable_dhcp: boolean;
  dns_nameservers: string[];
  host_routes: HostRoute[];
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
  subnetpool_id: string | null;
  service_types: string[];
  segment_id: string | null;
}

export interface FixedIp { subnet_id: string; ip_address: string }

/** device_owner values Neutron uses; the dataplane keys on these. */
export const DEVICE_OWNER = {
  dhcp: 'network:dhcp',
  routerInterface: 'network:router_interface',
  routerGateway: 'network:router_gateway',
  floatingIp: 'network:floatingip',
  compute: 'compute:nova',
} as const;

export interface Port extends Stamped {
  id: string;
  name: string;
  network_id: string;
  tenant_id: string;
  project_id: string;
  mac_address: string;
  admin_state_up: boolean;
  status: 'ACTIVE' | 'DOWN' | 'BUILD' | 'ERROR' | 'N/A';
  device_id: string;
  device_owner: string;
  fixed_ips: FixedIp[];
  security_groups: string[];
  allowed_address_pairs: { ip_address: string; mac_address: string }[];
  port_security_enabled: boolean;
  'binding:host_id': string;
  'binding:vif_type': string;
  'binding:vnic_type': string;
  'binding:vif_details': Record<string, unknown>;
  'binding:profile': Record<string, unknown>;
  extra_dhcp_opts: unknown[];
  qos_policy_id: string | null;
}

export interface ExternalGatewayInfo {
  network_id: string;
  enable_snat: boolean;
  external_fixed_ips: FixedIp[];
}

export interface Router extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  admin_state_up: boolean;
  status: 'ACTIVE' | 'DOWN' | 'ERROR';
  external_gateway_info: ExternalGatewayInfo | null;
  routes: HostRoute[];
  distributed: boolean;
  ha: boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  flavor_id: string | null;
}

export interface FloatingIp extends Stamped {
  id: string;
  tenant_id: string;
  project_id: string;
  floating_ip_address: string;
  floating_network_id: string;
  router_id: string | null;
  port_id: string | null;
  fixed_ip_address: string | null;
  status: 'ACTIVE' | 'DOWN' | 'ERROR';
  port_details: Record<string, unknown> | null;
  qos_policy_id: string | null;
}

export interface SecurityGroupRule {
  id: string;
  tenant_id: string;
  project_id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  /** null = any; otherwise a name (icmp, tcp, udp, …) or a number as a string. */
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  remote_address_group_id: string | null;
  description: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
}

export interface SecurityGroup extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  stateful: boolean;
  security_group_rules: SecurityGroupRule[];
}

export type AgentType = 'Open vSwitch agent' | 'DHCP agent' | 'L3 agent' | 'Metadata agent' | 'Metering agent';

export interface Agent {
  id: string;
  agent_type: AgentType;
  binary: string;
  host: string;
  topic: string;
  alive: boolean;
  admin_state_up: boolean;
  availability_zone: string | null;
  configurations: Record<string, unknown>;
  created_at: string;
  started_at: string;
  heartbeat_timestamp: string;
  description: string | null;
  resources_synced: boolean | null;
}

/** Everything the dataplane needs, read in one consistent transaction. */
export interface NetworkSnapshot {
  networks: Network[];
  subnets: Subnet[];
  ports: Port[];
  routers: Router[];
  floatingIps: FloatingIp[];
  securityGroups: SecurityGroup[];
  agents: Agent[];
  /** router id → the L3 agent hosting it (by agent id), when one is assigned. */
  routerAgents: Record<string, string>;
}

// --- QoS, RBAC policies and trunks (extensions qos, qos-bw-limit-direction, rbac-policies, trunk) ---

/** A bandwidth_limit rule as GET …/bandwidth_limit_rules answers it; inside a policy's `rules` it also carries `type` and `qos_policy_id`. */
export interface QosBandwidthLimitRule {
  id: string;
  qos_policy_id: string;
  max_kbps: number;
  max_burst_kbps: number;
  direction: 'egress' | 'ingress';
}

export interface QosPolicy extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  shared: boolean;
  is_default: boolean;
  rules: (QosBandwidthLimitRule & { type: 'bandwidth_limit' })[];
}

export type RbacObjectType = 'network' | 'qos_policy';
export type RbacAction = 'access_as_shared' | 'access_as_external';

export interface RbacPolicy {
  id: string;
  tenant_id: string;
  project_id: string;
  object_type: RbacObjectType;
  object_id: string;
  action: RbacAction;
  target_tenant: string;
}

export interface TrunkSubPort {
  port_id: string;
  segmentation_type: 'vlan';
  segmentation_id: number;
}

export interface Trunk extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  admin_state_up: boolean;
  port_id: string;
  status: 'ACTIVE' | 'DOWN' | 'BUILD' | 'DEGRADED' | 'ERROR';
  sub_ports: TrunkSubPort[];
}

/** An address scope (address-scope extension): no standard attributes in Neutron. */
export interface AddressScope {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  shared: boolean;
  ip_version: 4 | 6;
}

/** A subnet pool as stored (prefix lengths as numbers; GET renders them as strings, as Neutron does). */
export interface SubnetPool extends Stamped {
  id: string;
  name: string;
  tenant_id: string;
  project_id: string;
  /** Compacted CIDRs, in address order. */
  prefixes: string[];
  ip_version: 4 | 6;
  default_prefixlen: number;
  min_prefixlen: number;
  max_prefixlen: number;
  default_quota: number | null;
  address_scope_id: string | null;
  is_default: boolean;
  shared: boolean;
}
