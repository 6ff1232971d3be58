// Aliases, names, descriptions and `updated` stamps: the extension descriptors Neutron 21.0.0 serves
// (neutron/extensions/*.py, which take them from neutron-lib 3.1.0's api definitions), as
// GET /v2.0/extensions lists them. Only the extensions this lab implements are listed, so clients offer only what works.

/** One entry of GET /v2.0/extensions, in Neutron's wire shape. */
export interface NetworkExtension {
  alias: string;
  name: string;
  description: string;
  updated: string;
  links: never[];
}

function ext(alias: string, name: string, updated: string, description: string): NetworkExtension {
  return { alias, name, description, updated, links: [] };
}

export const networkExtensions: readonly NetworkExtension[] = [
  ext('external-net', 'Neutron external network', '2013-01-14T10:00:00-00:00', 'Adds external network attribute to network resource.'),
  ext('router', 'Neutron L3 Router', '2012-07-20T10:00:00-00:00', 'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.'),
  ext('extraroute', 'Neutron Extra Route', '2013-02-01T10:00:00-00:00', 'Extra routes configuration for L3 router'),
  ext('ext-gw-mode', 'Neutron L3 Configurable external gateway mode', '2013-03-28T10:00:00-00:00', 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway'),
  ext('l3_agent_scheduler', 'L3 Agent Scheduler', '2013-02-07T10:00:00-00:00', 'Schedule routers among l3 agents'),
  ext('dhcp_agent_scheduler', 'DHCP Agent Scheduler', '2013-02-07T10:00:00-00:00', 'Schedule networks among dhcp agents'),
  ext('agent', 'agent', '2013-02-03T10:00:00-00:00', 'The agent management extension.'),
  ext('binding', 'Port Binding', '2014-02-03T10:00:00-00:00', 'Expose port bindings of a virtual port to external application'),
  ext('provider', 'Provider Network', '2012-09-07T10:00:00-00:00', 'Expose mapping of virtual networks to physical networks'),
  ext('security-group', 'security-group', '2012-10-05T10:00:00-00:00', 'The security groups extension.'),
  ext('port-security', 'Port Security', '2012-07-23T10:00:00-00:00', 'Provides port security'),
  ext('allowed-address-pairs', 'Allowed Address Pairs', '2013-07-23T10:00:00-00:00', 'Provides allowed address pairs'),
  ext('extra_dhcp_opt', 'Neutron Extra DHCP options', '2013-03-17T12:00:00-00:00', 'Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)'),
  ext('quotas', 'Quota management support', '2012-07-29T10:00:00-00:00', 'Expose functions for quotas management per project'),
  ext('quota_details', 'Quota details management support', '2017-02-10T10:00:00-00:00', 'Expose functions for quotas usage statistics per project'),
  ext('network-ip-availability', 'Network IP Availability', '2015-09-24T00:00:00-00:00', 'Provides IP availability data for each network and subnet.'),
  ext('standard-attr-description', 'standard-attr-description', '2016-02-10T10:00:00-00:00', 'Extension to add descriptions to standard attributes'),
  ext('standard-attr-revisions', 'Resource revision numbers', '2016-04-11T10:00:00-00:00', 'This extension will display the revision number of neutron resources.'),
  ext('standard-attr-timestamp', 'Resource timestamps', '2016-09-12T10:00:00-00:00', 'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.'),
  ext('standard-attr-tag', 'Tag support for resources with standard attribute: port, subnet, subnetpool, network, router, floatingip, security_group, policy', '2017-01-01T00:00:00-00:00', 'Enables to set tag on resources with standard attribute.'),
  ext('availability_zone', 'Availability Zone', '2015-01-01T10:00:00-00:00', 'The availability zone extension.'),
  ext('network_availability_zone', 'Network Availability Zone', '2015-01-01T10:00:00-00:00', 'Availability zone support for network.'),
  ext('router_availability_zone', 'Router Availability Zone', '2015-01-01T10:00:00-00:00', 'Availability zone support for router.'),
  ext('net-mtu', 'Network MTU', '2015-03-25T10:00:00-00:00', 'Provides MTU attribute for a network resource.'),
  ext('net-mtu-writable', 'Network MTU (writable)', '2017-07-12T00:00:00-00:00', 'Provides a writable MTU attribute for a network resource.'),
  ext('project-id', 'project_id field enabled', '2016-09-09T09:09:09-09:09', 'Extension that indicates that project_id field is enabled.'),
  ext('subnet-service-types', 'Subnet service types', '2016-03-15T18:00:00-00:00', 'Provides ability to set the subnet service_types field'),
  ext('subnet_allocation', 'Subnet Allocation', '2015-03-30T10:00:00-00:00', 'Enables allocation of subnets from a subnet pool'),
  ext('address-scope', 'Address scope', '2015-07-26T10:00:00-00:00', 'Address scopes extension.'),
  ext('default-subnetpools', 'Default Subnetpools', '2016-02-18T18:00:00-00:00', 'Provides ability to mark and use a subnetpool as the default.'),
  ext('subnetpool-prefix-ops', 'Subnet Pool Prefix Operations', '2019-02-08T10:00:00-00:00', 'Provides support for adjusting the prefix list of subnet pools'),
  ext('qos', 'Quality of Service', '2015-06-08T10:00:00-00:00', 'The Quality of Service extension.'),
  ext('qos-bw-limit-direction', 'Direction for QoS bandwidth limit rule', '2017-04-10T10:00:00-00:00', 'Allow to configure QoS bandwidth limit rule with specific direction: ingress or egress'),
  ext('qos-default', 'QoS default policy', '2017-041-06T10:00:00-00:00', 'Expose the QoS default policy per project'),
  ext('rbac-policies', 'RBAC Policies', '2015-06-17T12:15:12-00:00', 'Allows creation and modification of policies that control tenant access to resources.'),
  ext('trunk', 'Trunk Extension', '2016-01-01T10:00:00-00:00', 'Provides support for trunk ports'),
  ext('fip-port-details', 'Floating IP Port Details Extension', '2018-04-09T10:00:00-00:00', 'Add port_details attribute to Floating IP resource'),
  ext('stateful-security-group', 'Stateful security group', '2019-11-26T09:00:00-00:00', 'Indicates if the security group is stateful or not'),
  ext('pagination', 'Pagination support', '2016-06-12T00:00:00-00:00', 'Extension that indicates that pagination is enabled.'),
  ext('sorting', 'Sorting support', '2016-06-12T00:00:00-00:00', 'Extension that indicates that sorting is enabled.'),
  ext('empty-string-filtering', 'Empty String Filtering Extension', '2018-05-01T10:00:00-00:00', 'Allow filtering by attributes with empty string value'),
];

export const networkExtensionAliases: Set<string> = new Set(networkExtensions.map((e) => e.alias));
