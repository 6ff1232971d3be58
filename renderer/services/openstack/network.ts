import { cli, command, type NetworkCreate, type SecurityGroupRuleCreate, type SubnetCreate } from './cli';
import type { OpenStackClient } from './client';

export interface Network {
  id: string;
  name: string;
  status: string;
  admin_state_up: boolean;
  shared: boolean;
  'router:external': boolean;
  subnets: string[];
  project_id: string;
  'provider:network_type'?: string;
  mtu?: number;
}
export interface Subnet {
  id: string;
  name: string;
  network_id: string;
  cidr: string;
  ip_version: number;
  gateway_ip: string | null;
  enable_dhcp: boolean;
  allocation_pools: { start: string; end: string }[];
}
export interface Router {
  id: string;
  name: string;
  status: string;
  admin_state_up: boolean;
  project_id: string;
  external_gateway_info: { network_id: string; external_fixed_ips?: { subnet_id: string; ip_address: string }[] } | null;
}
export interface Port {
  id: string;
  name: string;
  network_id: string;
  device_owner: string;
  device_id: string;
  status: string;
  mac_address: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
}
export interface SecurityGroupRule {
  id: string;
  direction: 'ingress' | 'egress';
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  security_group_id: string;
}
export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  project_id: string;
  security_group_rules: SecurityGroupRule[];
}
export interface FloatingIp {
  id: string;
  floating_ip_address: string;
  fixed_ip_address: string | null;
  floating_network_id: string;
  port_id: string | null;
  router_id: string | null;
  status: string;
  project_id: string;
}
export interface RbacPolicy {
  id: string;
  object_type: string;
  object_id: string;
  action: string;
  target_tenant: string;
  project_id: string;
}
export interface QosPolicy {
  id: string;
  name: string;
  description: string;
  shared: boolean;
  project_id: string;
  rules: { id: string; type: string; max_kbps?: number; max_burst_kbps?: number; direction?: string }[];
}
export interface Trunk {
  id: string;
  name: string;
  port_id: string;
  status: string;
  admin_state_up: boolean;
  sub_ports: { port_id: string; segmentation_type: string; segmentation_id: number }[];
}
export interface Agent {
  id: string;
  agent_type: string;
  host: string;
  binary: string;
  alive: boolean;
  admin_state_up: boolean;
  availability_zone?: string | null;
}

/** Neutron v2.0 calls the Network panels make, each with its CLI twin. */
export function networkApi(c: OpenStackClient) {
  const get = async <T>(path: string, cliText: string) => (await c.request<T>({ service: 'network', method: 'GET', path, cli: cliText })).body;
  const send = async <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, cliText: string, body?: unknown) => (await c.request<T>({ service: 'network', method, path, body, cli: cliText })).body;
  return {
    networks: async () => (await get<{ networks: Network[] }>('/v2.0/networks', cli.networkList())).networks,
    /** `project` (admin only, Admin → Networks): the owner, as `--project`. */
    createNetwork: async (n: NetworkCreate, project?: { id: string; name: string }) => {
      const body: Record<string, unknown> = { name: n.name, admin_state_up: n.adminStateUp !== false };
      if (project) body.project_id = project.id;
      if (n.shared) body.shared = true;
      if (n.external) body['router:external'] = true;
      if (n.networkType) body['provider:network_type'] = n.networkType;
      if (n.physicalNetwork) body['provider:physical_network'] = n.physicalNetwork;
      if (n.segmentationId !== undefined) body['provider:segmentation_id'] = n.segmentationId;
      if (n.mtu !== undefined) body.mtu = n.mtu;
      const cliText = project ? cli.networkCreate(n).replace(/^openstack network create /, `openstack network create --project ${project.name} `) : cli.networkCreate(n);
      return (await send<{ network: Network }>('POST', '/v2.0/networks', cliText, { network: body })).network;
    },
    updateNetwork: (n: Network, patch: { name?: string; shared?: boolean; admin_state_up?: boolean }) =>
      send<{ network: Network }>('PUT', `/v2.0/networks/${n.id}`, cli.networkSet({ network: n.name || n.id, name: patch.name, shared: patch.shared, adminStateUp: patch.admin_state_up }), { network: patch }),
    deleteNetwork: (n: Network) => send<null>('DELETE', `/v2.0/networks/${n.id}`, cli.networkDelete(n.name || n.id)),
    subnets: async () => (await get<{ subnets: Subnet[] }>('/v2.0/subnets', cli.subnetList())).subnets,
    createSubnet: async (networkId: string, s: SubnetCreate) => {
      const body: Record<string, unknown> = { name: s.name, network_id: networkId, cidr: s.cidr, ip_version: s.ipVersion ?? 4, enable_dhcp: s.enableDhcp !== false };
      if (s.gatewayIp !== undefined) body.gateway_ip = s.gatewayIp;
      if (s.allocationPool) body.allocation_pools = [s.allocationPool];
      if (s.dnsNameservers?.length) body.dns_nameservers = s.dnsNameservers;
      return (await send<{ subnet: Subnet }>('POST', '/v2.0/subnets', cli.subnetCreate(s), { subnet: body })).subnet;
    },
    deleteSubnet: (s: Subnet) => send<null>('DELETE', `/v2.0/subnets/${s.id}`, cli.subnetDelete(s.name || s.id)),
    ports: async (query = '', cliText = cli.portList()) => (await get<{ ports: Port[] }>(`/v2.0/ports${query}`, cliText)).ports,

    routers: async () => (await get<{ routers: Router[] }>('/v2.0/routers', cli.routerList())).routers,
    createRouter: async (r: { name: string; adminStateUp?: boolean; externalNetwork?: Network }) => {
      const body: Record<string, unknown> = { name: r.name, admin_state_up: r.adminStateUp !== false };
      if (r.externalNetwork) body.external_gateway_info = { network_id: r.externalNetwork.id };
      const text = cli.routerCreate(r) + (r.externalNetwork ? ` && ${cli.routerSetGateway(r.name, r.externalNetwork.name || r.externalNetwork.id)}` : '');
      return (await send<{ router: Router }>('POST', '/v2.0/routers', text, { router: body })).router;
    },
    deleteRouter: (r: Router) => send<null>('DELETE', `/v2.0/routers/${r.id}`, cli.routerDelete(r.name || r.id)),
    setGateway: (r: Router, n: Network | null) =>
      send<{ router: Router }>(
        'PUT',
        `/v2.0/routers/${r.id}`,
        n ? cli.routerSetGateway(r.name || r.id, n.name || n.id) : cli.routerClearGateway(r.name || r.id),
        { router: { external_gateway_info: n ? { network_id: n.id } : {} } },
      ),
    addInterface: (r: Router, s: Subnet) => send<unknown>('PUT', `/v2.0/routers/${r.id}/add_router_interface`, cli.routerAddSubnet(r.name || r.id, s.name || s.id), { subnet_id: s.id }),
    removeInterface: (r: Router, s: { id: string; name?: string }) =>
      send<unknown>('PUT', `/v2.0/routers/${r.id}/remove_router_interface`, cli.routerRemoveSubnet(r.name || r.id, s.name || s.id), { subnet_id: s.id }),
    routerPorts: (r: Router) => get<{ ports: Port[] }>(`/v2.0/ports?device_id=${r.id}`, cli.routerPorts(r.name || r.id)).then((b) => b.ports),

    securityGroups: async () => (await get<{ security_groups: SecurityGroup[] }>('/v2.0/security-groups', cli.securityGroupList())).security_groups,
    createSecurityGroup: (g: { name: string; description?: string }) =>
      send<{ security_group: SecurityGroup }>('POST', '/v2.0/security-groups', cli.securityGroupCreate(g), { security_group: { name: g.name, description: g.description ?? '' } }),
    deleteSecurityGroup: (g: SecurityGroup) => send<null>('DELETE', `/v2.0/security-groups/${g.id}`, cli.securityGroupDelete(g.name || g.id)),
    createRule: (g: SecurityGroup, r: SecurityGroupRuleCreate) => {
      const body: Record<string, unknown> = { security_group_id: g.id, direction: r.direction, ethertype: r.ethertype };
      if (r.protocol) body.protocol = r.protocol;
      if (r.portMin != null) body.port_range_min = r.portMin;
      if (r.portMin != null) body.port_range_max = r.portMax ?? r.portMin;
      if (r.remoteIpPrefix) body.remote_ip_prefix = r.remoteIpPrefix;
      if (r.remoteGroup) body.remote_group_id = r.remoteGroup;
      return send<{ security_group_rule: SecurityGroupRule }>('POST', '/v2.0/security-group-rules', cli.securityGroupRuleCreate({ ...r, group: g.name || g.id }), { security_group_rule: body });
    },
    deleteRule: (r: SecurityGroupRule) => send<null>('DELETE', `/v2.0/security-group-rules/${r.id}`, cli.securityGroupRuleDelete(r.id)),

    floatingIps: async () => (await get<{ floatingips: FloatingIp[] }>('/v2.0/floatingips', cli.floatingIpList())).floatingips,
    createFloatingIp: (n: Network) => send<{ floatingip: FloatingIp }>('POST', '/v2.0/floatingips', cli.floatingIpCreate(n.name || n.id), { floatingip: { floating_network_id: n.id } }),
    /** Admin → Floating IPs' "Allocate IP To Project". */
    allocateFloatingIpTo: (n: Network, project: { id: string; name: string }) =>
      send<{ floatingip: FloatingIp }>('POST', '/v2.0/floatingips', command('floating ip create', [['--project', project.name]], n.name || n.id), {
        floatingip: { floating_network_id: n.id, project_id: project.id },
      }),
    deleteFloatingIp: (f: FloatingIp) => send<null>('DELETE', `/v2.0/floatingips/${f.id}`, cli.floatingIpDelete(f.floating_ip_address)),
    associateFloatingIp: (f: FloatingIp, portId: string | null) =>
      send<{ floatingip: FloatingIp }>(
        'PUT',
        `/v2.0/floatingips/${f.id}`,
        portId ? cli.floatingIpAssociate(f.floating_ip_address, portId) : cli.floatingIpDisassociate(f.floating_ip_address),
        { floatingip: { port_id: portId } },
      ),

    agents: async () => (await get<{ agents: Agent[] }>('/v2.0/agents', cli.networkAgentList())).agents,

    rbacPolicies: async () => (await get<{ rbac_policies: RbacPolicy[] }>('/v2.0/rbac-policies', command('network rbac list', [['--long', true]]))).rbac_policies,
    createRbacPolicy: (r: { objectType: string; object: Network; action: string; targetProject: string; targetName: string }) =>
      send<{ rbac_policy: RbacPolicy }>(
        'POST',
        '/v2.0/rbac-policies',
        command('network rbac create', [['--type', r.objectType], ['--action', r.action], ['--target-project', r.targetName]], r.object.name || r.object.id),
        { rbac_policy: { object_type: r.objectType, object_id: r.object.id, action: r.action, target_tenant: r.targetProject } },
      ),
    deleteRbacPolicy: (r: RbacPolicy) => send<null>('DELETE', `/v2.0/rbac-policies/${r.id}`, command('network rbac delete', [], r.id)),

    qosPolicies: async () => (await get<{ policies: QosPolicy[] }>('/v2.0/qos/policies', command('network qos policy list'))).policies,
    createQosPolicy: (q: { name: string; description?: string; shared: boolean }) =>
      send<{ policy: QosPolicy }>('POST', '/v2.0/qos/policies', command('network qos policy create', [['--description', q.description], ['--share', q.shared]], q.name), { policy: q }),
    addBandwidthLimit: (q: QosPolicy, maxKbps: number, maxBurstKbps: number) =>
      send<unknown>(
        'POST',
        `/v2.0/qos/policies/${q.id}/bandwidth_limit_rules`,
        command('network qos rule create', [['--type', 'bandwidth-limit'], ['--max-kbps', maxKbps], ['--max-burst-kbits', maxBurstKbps]], q.name),
        { bandwidth_limit_rule: { max_kbps: maxKbps, max_burst_kbps: maxBurstKbps } },
      ),
    deleteQosPolicy: (q: QosPolicy) => send<null>('DELETE', `/v2.0/qos/policies/${q.id}`, command('network qos policy delete', [], q.name)),

    trunks: async () => (await get<{ trunks: Trunk[] }>('/v2.0/trunks', command('network trunk list'))).trunks,
    createTrunk: (t: { name: string; parent: Port }) =>
      send<{ trunk: Trunk }>('POST', '/v2.0/trunks', command('network trunk create', [['--parent-port', t.parent.name || t.parent.id]], t.name), { trunk: { name: t.name, port_id: t.parent.id } }),
    addSubport: (t: Trunk, port: Port, vlan: number) =>
      send<unknown>(
        'PUT',
        `/v2.0/trunks/${t.id}/add_subports`,
        command('network trunk set', [['--subport', `port=${port.name || port.id},segmentation-type=vlan,segmentation-id=${vlan}`]], t.name),
        { sub_ports: [{ port_id: port.id, segmentation_type: 'vlan', segmentation_id: vlan }] },
      ),
    deleteTrunk: (t: Trunk) => send<null>('DELETE', `/v2.0/trunks/${t.id}`, command('network trunk delete', [], t.name)),
  };
}

export type NetworkApi = ReturnType<typeof networkApi>;
