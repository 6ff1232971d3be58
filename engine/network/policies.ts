// Rule names and check strings: Neutron 21.0.0 (Zed; neutron-lib 3.1.0, oslo.policy 4.0.0) registered
// defaults from the `neutron.policies` entry point, taken as enforced with the default config:
// `enforce_new_defaults=False` and `enforce_scope=False`, so a rule with a deprecated default whose
// check string differs is `(new) or (deprecated)` — the OrCheck oslo.policy builds at load_rules().
// Each string was checked against str(enforcer.rules[name]) of the real enforcer.
// Operations are Neutron's own (prefixed with /v2.0); descriptions are ours.
/**
 * Neutron's default policy rules, as data.
 *
 * How Neutron uses them:
 * - An action `<verb>_<resource>` (create_network) is AND'ed with `<verb>_<resource>:<attr>` for every
 *   attribute marked enforce_policy that the request sets (on create: to a non-default value; on
 *   update: any key of the body), e.g. create_network:provider:network_type, and `<…>:<attr>:<key>` for
 *   keys of dict / list-of-dict attributes (create_port:fixed_ips:ip_address). An attribute rule with
 *   no entry here falls back to `default` (create_network:mtu). `get_*:attr` rules hide attributes in
 *   answers; there a missing rule means visible.
 * - With enforce_new_defaults=False, a context that is admin (context_is_admin) skips every check.
 * - `tenant_id:%(x)s` is Neutron's OwnerCheck (compares creds.tenant_id to the target's value, and
 *   `%(network:tenant_id)s` / `%(security_group:tenant_id)s` / `%(ext_parent:tenant_id)s` fetch the
 *   parent resource's owner); `field:<collection>:<attr>=<value>` is Neutron's FieldCheck (target value
 *   equals the converted value; `~regex` matches; `networks:shared` looks the port's or subnet's
 *   network up when the target has no `shared`).
 */
import { rule } from '../core/policy/define';
import type { Credentials, RuleDefault } from '../core/policy/types';

const P = ['project'];


export const networkPolicies: RuleDefault[] = [
  rule('context_is_admin', 'role:admin', 'The caller holds the admin role: a cloud administrator.'),
  rule('owner', 'tenant_id:%(tenant_id)s', 'The caller\'s project owns the resource (tenant_id).'),
  rule('admin_or_owner', 'rule:context_is_admin or rule:owner', 'An administrator, or the project owning the resource.'),
  rule('context_is_advsvc', 'role:advsvc', 'The caller holds the advsvc role (advanced network services).'),
  rule('admin_or_network_owner', 'rule:context_is_admin or tenant_id:%(network:tenant_id)s', 'An administrator, or the project owning the resource\'s network.'),
  rule('admin_owner_or_network_owner', 'rule:owner or rule:admin_or_network_owner', 'The resource owner, an administrator, or the owner of its network.'),
  rule('network_owner', 'tenant_id:%(network:tenant_id)s', 'The caller\'s project owns the network the resource belongs to.'),
  rule('admin_only', 'rule:context_is_admin', 'Administrators only.'),
  rule('regular_user', '', 'Any authenticated caller.'),
  rule('shared', 'field:networks:shared=True', 'The network (or the network of the resource) is shared.'),
  rule('default', 'rule:admin_or_owner', 'Fallback for actions with no rule of their own.'),
  rule('admin_or_ext_parent_owner', 'rule:context_is_admin or tenant_id:%(ext_parent:tenant_id)s', 'An administrator, or the owner of the parent resource of a sub-resource.'),
  rule('ext_parent_owner', 'tenant_id:%(ext_parent:tenant_id)s', 'The caller\'s project owns the parent resource of a sub-resource.'),
  rule('sg_owner', 'tenant_id:%(security_group:tenant_id)s', 'The caller\'s project owns the security group of the rule.'),
  rule('shared_address_groups', 'field:address_groups:shared=True', 'The address group is shared.'),
  rule('get_address_group', '(role:reader and project_id:%(project_id)s or rule:shared_address_groups) or (rule:admin_or_owner or rule:shared_address_groups)', 'Show or list address groups.', ['GET /v2.0/address-groups', 'GET /v2.0/address-groups/{id}'], P),
  rule('shared_address_scopes', 'field:address_scopes:shared=True', 'The address scope is shared.'),
  rule('create_address_scope', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create an address scope.', ['POST /v2.0/address-scopes'], P),
  rule('create_address_scope:shared', 'rule:admin_only', 'Set shared when creating an address scope.', ['POST /v2.0/address-scopes'], P),
  rule('get_address_scope', '(rule:admin_only or role:reader and project_id:%(project_id)s or rule:shared_address_scopes) or (rule:admin_or_owner or rule:shared_address_scopes)', 'Show or list address scopes.', ['GET /v2.0/address-scopes', 'GET /v2.0/address-scopes/{id}'], P),
  rule('update_address_scope', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update an address scope.', ['PUT /v2.0/address-scopes/{id}'], P),
  rule('update_address_scope:shared', 'rule:admin_only', 'Change shared of an address scope.', ['PUT /v2.0/address-scopes/{id}'], P),
  rule('delete_address_scope', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete an address scope.', ['DELETE /v2.0/address-scopes/{id}'], P),
  rule('get_agent', 'rule:admin_only', 'Show or list agents.', ['GET /v2.0/agents', 'GET /v2.0/agents/{id}'], P),
  rule('update_agent', 'rule:admin_only', 'Update an agent.', ['PUT /v2.0/agents/{id}'], P),
  rule('delete_agent', 'rule:admin_only', 'Delete an agent.', ['DELETE /v2.0/agents/{id}'], P),
  rule('create_dhcp-network', 'rule:admin_only', 'Schedule a network to a DHCP agent.', ['POST /v2.0/agents/{agent_id}/dhcp-networks'], P),
  rule('get_dhcp-networks', 'rule:admin_only', 'Show or list networks served by a DHCP agent.', ['GET /v2.0/agents/{agent_id}/dhcp-networks'], P),
  rule('delete_dhcp-network', 'rule:admin_only', 'Unschedule a network from a DHCP agent.', ['DELETE /v2.0/agents/{agent_id}/dhcp-networks/{network_id}'], P),
  rule('create_l3-router', 'rule:admin_only', 'Schedule a router to an L3 agent.', ['POST /v2.0/agents/{agent_id}/l3-routers'], P),
  rule('get_l3-routers', 'rule:admin_only', 'Show or list routers hosted by an L3 agent.', ['GET /v2.0/agents/{agent_id}/l3-routers'], P),
  rule('delete_l3-router', 'rule:admin_only', 'Unschedule a router from an L3 agent.', ['DELETE /v2.0/agents/{agent_id}/l3-routers/{router_id}'], P),
  rule('get_dhcp-agents', 'rule:admin_only', 'Show or list DHCP agents serving a network.', ['GET /v2.0/networks/{network_id}/dhcp-agents'], P),
  rule('get_l3-agents', 'rule:admin_only', 'Show or list L3 agents hosting a router.', ['GET /v2.0/routers/{router_id}/l3-agents'], P),
  rule('get_auto_allocated_topology', '(role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show the auto-allocated topology of a project.', ['GET /v2.0/auto-allocated-topology/{project_id}'], P),
  rule('delete_auto_allocated_topology', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete auto-allocated topology of a project.', ['DELETE /v2.0/auto-allocated-topology/{project_id}'], P),
  rule('get_availability_zone', '(rule:admin_only) or (rule:regular_user)', 'Show or list availability zones.', ['GET /v2.0/availability_zones'], P),
  rule('create_flavor', 'rule:admin_only', 'Create a flavor.', ['POST /v2.0/flavors'], P),
  rule('get_flavor', '((rule:admin_only) or (role:reader and project_id:%(project_id)s)) or (rule:regular_user)', 'Show or list flavors.', ['GET /v2.0/flavors', 'GET /v2.0/flavors/{id}'], P),
  rule('update_flavor', 'rule:admin_only', 'Update a flavor.', ['PUT /v2.0/flavors/{id}'], P),
  rule('delete_flavor', 'rule:admin_only', 'Delete a flavor.', ['DELETE /v2.0/flavors/{id}'], P),
  rule('create_service_profile', 'rule:admin_only', 'Create a service profile.', ['POST /v2.0/service_profiles'], P),
  rule('get_service_profile', 'rule:admin_only', 'Show or list service profiles.', ['GET /v2.0/service_profiles', 'GET /v2.0/service_profiles/{id}'], P),
  rule('update_service_profile', 'rule:admin_only', 'Update a service profile.', ['PUT /v2.0/service_profiles/{id}'], P),
  rule('delete_service_profile', 'rule:admin_only', 'Delete a service profile.', ['DELETE /v2.0/service_profiles/{id}'], P),
  rule('get_flavor_service_profile', '((rule:admin_only) or (role:reader and project_id:%(project_id)s)) or (rule:regular_user)', 'See a flavor-to-service-profile association (checked when removing one).', [], P),
  rule('create_flavor_service_profile', 'rule:admin_only', 'Create a flavor-to-service-profile association.', ['POST /v2.0/flavors/{flavor_id}/service_profiles'], P),
  rule('delete_flavor_service_profile', 'rule:admin_only', 'Delete a flavor-to-service-profile association.', ['DELETE /v2.0/flavors/{flavor_id}/service_profiles/{profile_id}'], P),
  rule('create_floatingip', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a floating IP.', ['POST /v2.0/floatingips'], P),
  rule('create_floatingip:floating_ip_address', 'rule:admin_only', 'Ask for a specific address when creating a floating IP.', ['POST /v2.0/floatingips'], P),
  rule('get_floatingip', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list floating IPs.', ['GET /v2.0/floatingips', 'GET /v2.0/floatingips/{id}'], P),
  rule('update_floatingip', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a floating IP.', ['PUT /v2.0/floatingips/{id}'], P),
  rule('delete_floatingip', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a floating IP.', ['DELETE /v2.0/floatingips/{id}'], P),
  rule('get_floatingip_pool', '(role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list floating IP pools.', ['GET /v2.0/floatingip_pools'], P),
  rule('create_floatingip_port_forwarding', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Create a port forwarding of a floating IP.', ['POST /v2.0/floatingips/{floatingip_id}/port_forwardings'], P),
  rule('get_floatingip_port_forwarding', '(role:reader and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Show or list port forwardings of a floating IP.', ['GET /v2.0/floatingips/{floatingip_id}/port_forwardings', 'GET /v2.0/floatingips/{floatingip_id}/port_forwardings/{port_forwarding_id}'], P),
  rule('update_floatingip_port_forwarding', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Update a port forwarding of a floating IP.', ['PUT /v2.0/floatingips/{floatingip_id}/port_forwardings/{port_forwarding_id}'], P),
  rule('delete_floatingip_port_forwarding', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Delete a port forwarding of a floating IP.', ['DELETE /v2.0/floatingips/{floatingip_id}/port_forwardings/{port_forwarding_id}'], P),
  rule('create_router_conntrack_helper', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Create a conntrack helper of a router.', ['POST /v2.0/routers/{router_id}/conntrack_helpers'], P),
  rule('get_router_conntrack_helper', '(role:reader and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Show or list conntrack helpers of a router.', ['GET /v2.0/routers/{router_id}/conntrack_helpers', 'GET /v2.0/routers/{router_id}/conntrack_helpers/{conntrack_helper_id}'], P),
  rule('update_router_conntrack_helper', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Update a conntrack helper of a router.', ['PUT /v2.0/routers/{router_id}/conntrack_helpers/{conntrack_helper_id}'], P),
  rule('delete_router_conntrack_helper', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Delete a conntrack helper of a router.', ['DELETE /v2.0/routers/{router_id}/conntrack_helpers/{conntrack_helper_id}'], P),
  rule('create_local_ip', '(role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a local IP.', ['POST /v2.0/local-ips'], P),
  rule('get_local_ip', '(role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list local IPs.', ['GET /v2.0/local-ips', 'GET /v2.0/local-ips/{id}'], P),
  rule('update_local_ip', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a local IP.', ['PUT /v2.0/local-ips/{id}'], P),
  rule('delete_local_ip', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a local IP.', ['DELETE /v2.0/local-ips/{id}'], P),
  rule('create_local_ip_port_association', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Create a port association of a local IP.', ['POST /v2.0/local_ips/{local_ip_id}/port_associations'], P),
  rule('get_local_ip_port_association', '(role:reader and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Show or list port associations of a local IP.', ['GET /v2.0/local_ips/{local_ip_id}/port_associations', 'GET /v2.0/local_ips/{local_ip_id}/port_associations/{fixed_port_id}'], P),
  rule('delete_local_ip_port_association', '(role:member and project_id:%(project_id)s or rule:ext_parent_owner) or (rule:admin_or_ext_parent_owner)', 'Delete a port association of a local IP.', ['DELETE /v2.0/local_ips/{local_ip_id}/port_associations/{fixed_port_id}'], P),
  rule('get_loggable_resource', 'rule:admin_only', 'Show or list loggable resources.', ['GET /v2.0/log/loggable-resources'], P),
  rule('create_log', 'rule:admin_only', 'Create a network log.', ['POST /v2.0/log/logs'], P),
  rule('get_log', 'rule:admin_only', 'Show or list network logs.', ['GET /v2.0/log/logs', 'GET /v2.0/log/logs/{id}'], P),
  rule('update_log', 'rule:admin_only', 'Update a network log.', ['PUT /v2.0/log/logs/{id}'], P),
  rule('delete_log', 'rule:admin_only', 'Delete a network log.', ['DELETE /v2.0/log/logs/{id}'], P),
  rule('create_metering_label', 'rule:admin_only', 'Create a metering label.', ['POST /v2.0/metering/metering-labels'], P),
  rule('get_metering_label', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:admin_only)', 'Show or list metering labels.', ['GET /v2.0/metering/metering-labels', 'GET /v2.0/metering/metering-labels/{id}'], P),
  rule('delete_metering_label', 'rule:admin_only', 'Delete a metering label.', ['DELETE /v2.0/metering/metering-labels/{id}'], P),
  rule('create_metering_label_rule', 'rule:admin_only', 'Create a metering label rule.', ['POST /v2.0/metering/metering-label-rules'], P),
  rule('get_metering_label_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:admin_only)', 'Show or list metering label rules.', ['GET /v2.0/metering/metering-label-rules', 'GET /v2.0/metering/metering-label-rules/{id}'], P),
  rule('delete_metering_label_rule', 'rule:admin_only', 'Delete a metering label rule.', ['DELETE /v2.0/metering/metering-label-rules/{id}'], P),
  rule('create_ndp_proxy', '(role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create an NDP proxy.', ['POST /v2.0/ndp_proxies'], P),
  rule('get_ndp_proxy', '(role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list NDP proxies.', ['GET /v2.0/ndp_proxies', 'GET /v2.0/ndp_proxies/{id}'], P),
  rule('update_ndp_proxy', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update an NDP proxy.', ['PUT /v2.0/ndp_proxies/{id}'], P),
  rule('delete_ndp_proxy', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete an NDP proxy.', ['DELETE /v2.0/ndp_proxies/{id}'], P),
  rule('external', 'field:networks:router:external=True', 'The network is external (router:external).'),
  rule('create_network', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a network.', ['POST /v2.0/networks'], P),
  rule('create_network:shared', 'rule:admin_only', 'Set shared when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:router:external', 'rule:admin_only', 'Set router:external when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:is_default', 'rule:admin_only', 'Set is_default when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:port_security_enabled', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Set port_security_enabled when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:segments', 'rule:admin_only', 'Set segments when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:provider:network_type', 'rule:admin_only', 'Set provider:network_type when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:provider:physical_network', 'rule:admin_only', 'Set provider:physical_network when creating a network.', ['POST /v2.0/networks'], P),
  rule('create_network:provider:segmentation_id', 'rule:admin_only', 'Set provider:segmentation_id when creating a network.', ['POST /v2.0/networks'], P),
  rule('get_network', '(rule:admin_only or role:reader and project_id:%(project_id)s or rule:shared or rule:external or rule:context_is_advsvc) or (rule:admin_or_owner or rule:shared or rule:external or rule:context_is_advsvc)', 'Show or list networks.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('get_network:router:external', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'See router:external of a network.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('get_network:segments', 'rule:admin_only', 'See segments of a network.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('get_network:provider:network_type', 'rule:admin_only', 'See provider:network_type of a network.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('get_network:provider:physical_network', 'rule:admin_only', 'See provider:physical_network of a network.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('get_network:provider:segmentation_id', 'rule:admin_only', 'See provider:segmentation_id of a network.', ['GET /v2.0/networks', 'GET /v2.0/networks/{id}'], P),
  rule('update_network', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:segments', 'rule:admin_only', 'Change segments of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:shared', 'rule:admin_only', 'Change shared of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:provider:network_type', 'rule:admin_only', 'Change provider:network_type of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:provider:physical_network', 'rule:admin_only', 'Change provider:physical_network of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:provider:segmentation_id', 'rule:admin_only', 'Change provider:segmentation_id of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:router:external', 'rule:admin_only', 'Change router:external of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:is_default', 'rule:admin_only', 'Change is_default of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('update_network:port_security_enabled', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Change port_security_enabled of a network.', ['PUT /v2.0/networks/{id}'], P),
  rule('delete_network', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a network.', ['DELETE /v2.0/networks/{id}'], P),
  rule('get_network_ip_availability', 'rule:admin_only', 'Show or list IP availability of networks.', ['GET /v2.0/network-ip-availabilities', 'GET /v2.0/network-ip-availabilities/{network_id}'], P),
  rule('create_network_segment_range', 'rule:admin_only', 'Create a network segment range.', ['POST /v2.0/network_segment_ranges'], P),
  rule('get_network_segment_range', 'rule:admin_only', 'Show or list network segment ranges.', ['GET /v2.0/network_segment_ranges', 'GET /v2.0/network_segment_ranges/{id}'], P),
  rule('update_network_segment_range', 'rule:admin_only', 'Update a network segment range.', ['PUT /v2.0/network_segment_ranges/{id}'], P),
  rule('delete_network_segment_range', 'rule:admin_only', 'Delete a network segment range.', ['DELETE /v2.0/network_segment_ranges/{id}'], P),
  rule('network_device', 'field:port:device_owner=~^network:', 'The port belongs to a network service (device_owner starts with network:).'),
  rule('admin_or_data_plane_int', 'rule:context_is_admin or role:data_plane_integrator', 'An administrator, or a data plane integrator.'),
  rule('create_port', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a port.', ['POST /v2.0/ports'], P),
  rule('create_port:device_owner', '(not rule:network_device or rule:admin_only or rule:context_is_advsvc or rule:network_owner) or (not rule:network_device or rule:context_is_advsvc or rule:admin_or_network_owner)', 'Set device_owner when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:mac_address', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Set mac_address when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:fixed_ips', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only or rule:shared) or (rule:context_is_advsvc or rule:admin_or_network_owner or rule:shared)', 'Set fixed_ips when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:fixed_ips:ip_address', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Set fixed_ips:ip_address when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:fixed_ips:subnet_id', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only or rule:shared) or (rule:context_is_advsvc or rule:admin_or_network_owner or rule:shared)', 'Set fixed_ips:subnet_id when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:port_security_enabled', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Set port_security_enabled when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:binding:host_id', 'rule:admin_only', 'Set binding:host_id when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:binding:profile', 'rule:admin_only', 'Set binding:profile when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:binding:vnic_type', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Set binding:vnic_type when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:allowed_address_pairs', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Set allowed_address_pairs when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:allowed_address_pairs:mac_address', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Set allowed_address_pairs:mac_address when creating a port.', ['POST /v2.0/ports'], P),
  rule('create_port:allowed_address_pairs:ip_address', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Set allowed_address_pairs:ip_address when creating a port.', ['POST /v2.0/ports'], P),
  rule('get_port', '(rule:admin_only or rule:context_is_advsvc or role:reader and project_id:%(project_id)s) or (rule:context_is_advsvc or rule:admin_owner_or_network_owner)', 'Show or list ports.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('get_port:binding:vif_type', 'rule:admin_only', 'See binding:vif_type of a port.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('get_port:binding:vif_details', 'rule:admin_only', 'See binding:vif_details of a port.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('get_port:binding:host_id', 'rule:admin_only', 'See binding:host_id of a port.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('get_port:binding:profile', 'rule:admin_only', 'See binding:profile of a port.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('get_port:resource_request', 'rule:admin_only', 'See resource_request of a port.', ['GET /v2.0/ports', 'GET /v2.0/ports/{id}'], P),
  rule('update_port', '(rule:admin_only or role:member and project_id:%(project_id)s or rule:context_is_advsvc) or (rule:admin_or_owner or rule:context_is_advsvc)', 'Update a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:device_owner', '(not rule:network_device or rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (not rule:network_device or rule:context_is_advsvc or rule:admin_or_network_owner)', 'Change device_owner of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:mac_address', 'rule:admin_only or rule:context_is_advsvc', 'Change mac_address of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:fixed_ips', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Change fixed_ips of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:fixed_ips:ip_address', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Change fixed_ips:ip_address of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:fixed_ips:subnet_id', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only or rule:shared) or (rule:context_is_advsvc or rule:admin_or_network_owner or rule:shared)', 'Change fixed_ips:subnet_id of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:port_security_enabled', '(rule:context_is_advsvc or rule:network_owner or rule:admin_only) or (rule:context_is_advsvc or rule:admin_or_network_owner)', 'Change port_security_enabled of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:binding:host_id', 'rule:admin_only', 'Change binding:host_id of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:binding:profile', 'rule:admin_only', 'Change binding:profile of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:binding:vnic_type', '(rule:admin_only or role:member and project_id:%(project_id)s or rule:context_is_advsvc) or (rule:admin_or_owner or rule:context_is_advsvc)', 'Change binding:vnic_type of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:allowed_address_pairs', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Change allowed_address_pairs of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:allowed_address_pairs:mac_address', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Change allowed_address_pairs:mac_address of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:allowed_address_pairs:ip_address', '(rule:admin_only or rule:network_owner) or (rule:admin_or_network_owner)', 'Change allowed_address_pairs:ip_address of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('update_port:data_plane_status', '(rule:admin_only or role:data_plane_integrator) or (rule:admin_or_data_plane_int)', 'Change data_plane_status of a port.', ['PUT /v2.0/ports/{id}'], P),
  rule('delete_port', '(rule:admin_only or rule:context_is_advsvc or role:member and project_id:%(project_id)s) or (rule:context_is_advsvc or rule:admin_owner_or_network_owner)', 'Delete a port.', ['DELETE /v2.0/ports/{id}'], P),
  rule('get_policy', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS policies.', ['GET /v2.0/qos/policies', 'GET /v2.0/qos/policies/{id}'], P),
  rule('create_policy', 'rule:admin_only', 'Create a QoS policy.', ['POST /v2.0/qos/policies'], P),
  rule('update_policy', 'rule:admin_only', 'Update a QoS policy.', ['PUT /v2.0/qos/policies/{id}'], P),
  rule('delete_policy', 'rule:admin_only', 'Delete a QoS policy.', ['DELETE /v2.0/qos/policies/{id}'], P),
  rule('get_rule_type', '(rule:admin_only) or (rule:regular_user)', 'Show or list QoS rule types.', ['GET /v2.0/qos/rule-types', 'GET /v2.0/qos/rule-types/{rule_type}'], P),
  rule('get_policy_bandwidth_limit_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS bandwidth limit rules.', ['GET /v2.0/qos/policies/{policy_id}/bandwidth_limit_rules', 'GET /v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}'], P),
  rule('create_policy_bandwidth_limit_rule', 'rule:admin_only', 'Create a QoS bandwidth limit rule.', ['POST /v2.0/qos/policies/{policy_id}/bandwidth_limit_rules'], P),
  rule('update_policy_bandwidth_limit_rule', 'rule:admin_only', 'Update a QoS bandwidth limit rule.', ['PUT /v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}'], P),
  rule('delete_policy_bandwidth_limit_rule', 'rule:admin_only', 'Delete a QoS bandwidth limit rule.', ['DELETE /v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}'], P),
  rule('get_policy_packet_rate_limit_rule', 'rule:admin_only or role:reader and project_id:%(project_id)s', 'Show or list QoS packet rate limit rules.', ['GET /v2.0/qos/policies/{policy_id}/packet_rate_limit_rules', 'GET /v2.0/qos/policies/{policy_id}/packet_rate_limit_rules/{rule_id}'], P),
  rule('create_policy_packet_rate_limit_rule', 'rule:admin_only', 'Create a QoS packet rate limit rule.', ['POST /v2.0/qos/policies/{policy_id}/packet_rate_limit_rules'], P),
  rule('update_policy_packet_rate_limit_rule', 'rule:admin_only', 'Update a QoS packet rate limit rule.', ['PUT /v2.0/qos/policies/{policy_id}/packet_rate_limit_rules/{rule_id}'], P),
  rule('delete_policy_packet_rate_limit_rule', 'rule:admin_only', 'Delete a QoS packet rate limit rule.', ['DELETE /v2.0/qos/policies/{policy_id}/packet_rate_limit_rules/{rule_id}'], P),
  rule('get_policy_dscp_marking_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS dscp marking rules.', ['GET /v2.0/qos/policies/{policy_id}/dscp_marking_rules', 'GET /v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}'], P),
  rule('create_policy_dscp_marking_rule', 'rule:admin_only', 'Create a QoS dscp marking rule.', ['POST /v2.0/qos/policies/{policy_id}/dscp_marking_rules'], P),
  rule('update_policy_dscp_marking_rule', 'rule:admin_only', 'Update a QoS dscp marking rule.', ['PUT /v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}'], P),
  rule('delete_policy_dscp_marking_rule', 'rule:admin_only', 'Delete a QoS dscp marking rule.', ['DELETE /v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}'], P),
  rule('get_policy_minimum_bandwidth_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS minimum bandwidth rules.', ['GET /v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules', 'GET /v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}'], P),
  rule('create_policy_minimum_bandwidth_rule', 'rule:admin_only', 'Create a QoS minimum bandwidth rule.', ['POST /v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules'], P),
  rule('update_policy_minimum_bandwidth_rule', 'rule:admin_only', 'Update a QoS minimum bandwidth rule.', ['PUT /v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}'], P),
  rule('delete_policy_minimum_bandwidth_rule', 'rule:admin_only', 'Delete a QoS minimum bandwidth rule.', ['DELETE /v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}'], P),
  rule('get_policy_minimum_packet_rate_rule', 'rule:admin_only or role:reader and project_id:%(project_id)s', 'Show or list QoS minimum packet rate rules.', ['GET /v2.0/qos/policies/{policy_id}/minimum_packet_rate_rules', 'GET /v2.0/qos/policies/{policy_id}/minimum_packet_rate_rules/{rule_id}'], P),
  rule('create_policy_minimum_packet_rate_rule', 'rule:admin_only', 'Create a QoS minimum packet rate rule.', ['POST /v2.0/qos/policies/{policy_id}/minimum_packet_rate_rules'], P),
  rule('update_policy_minimum_packet_rate_rule', 'rule:admin_only', 'Update a QoS minimum packet rate rule.', ['PUT /v2.0/qos/policies/{policy_id}/minimum_packet_rate_rules/{rule_id}'], P),
  rule('delete_policy_minimum_packet_rate_rule', 'rule:admin_only', 'Delete a QoS minimum packet rate rule.', ['DELETE /v2.0/qos/policies/{policy_id}/minimum_packet_rate_rules/{rule_id}'], P),
  rule('get_alias_bandwidth_limit_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS bandwidth limit rules (alias path).', ['GET /v2.0/qos/alias_bandwidth_limit_rules/{rule_id}/'], P),
  rule('update_alias_bandwidth_limit_rule', 'rule:admin_only', 'Update a QoS bandwidth limit rule (alias path).', ['PUT /v2.0/qos/alias_bandwidth_limit_rules/{rule_id}/'], P),
  rule('delete_alias_bandwidth_limit_rule', 'rule:admin_only', 'Delete a QoS bandwidth limit rule (alias path).', ['DELETE /v2.0/qos/alias_bandwidth_limit_rules/{rule_id}/'], P),
  rule('get_alias_dscp_marking_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS dscp marking rules (alias path).', ['GET /v2.0/qos/alias_dscp_marking_rules/{rule_id}/'], P),
  rule('update_alias_dscp_marking_rule', 'rule:admin_only', 'Update a QoS dscp marking rule (alias path).', ['PUT /v2.0/qos/alias_dscp_marking_rules/{rule_id}/'], P),
  rule('delete_alias_dscp_marking_rule', 'rule:admin_only', 'Delete a QoS dscp marking rule (alias path).', ['DELETE /v2.0/qos/alias_dscp_marking_rules/{rule_id}/'], P),
  rule('get_alias_minimum_bandwidth_rule', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list QoS minimum bandwidth rules (alias path).', ['GET /v2.0/qos/alias_minimum_bandwidth_rules/{rule_id}/'], P),
  rule('update_alias_minimum_bandwidth_rule', 'rule:admin_only', 'Update a QoS minimum bandwidth rule (alias path).', ['PUT /v2.0/qos/alias_minimum_bandwidth_rules/{rule_id}/'], P),
  rule('delete_alias_minimum_bandwidth_rule', 'rule:admin_only', 'Delete a QoS minimum bandwidth rule (alias path).', ['DELETE /v2.0/qos/alias_minimum_bandwidth_rules/{rule_id}/'], P),
  rule('get_alias_minimum_packet_rate_rule', 'rule:get_policy_minimum_packet_rate_rule', 'Show or list QoS minimum packet rate rules (alias path).', ['GET /v2.0/qos/alias_minimum_packet_rate_rules/{rule_id}/'], P),
  rule('update_alias_minimum_packet_rate_rule', 'rule:update_policy_minimum_packet_rate_rule', 'Update a QoS minimum packet rate rule (alias path).', ['PUT /v2.0/qos/alias_minimum_packet_rate_rules/{rule_id}/'], P),
  rule('delete_alias_minimum_packet_rate_rule', 'rule:delete_policy_minimum_packet_rate_rule', 'Delete a QoS minimum packet rate rule (alias path).', ['DELETE /v2.0/qos/alias_minimum_packet_rate_rules/{rule_id}/'], P),
  rule('get_quota', 'rule:admin_only', 'Show or list project quotas.', ['GET /v2.0/quota', 'GET /v2.0/quota/{id}'], P),
  rule('update_quota', 'rule:admin_only', 'Update project quotas.', ['PUT /v2.0/quota/{id}'], P),
  rule('delete_quota', 'rule:admin_only', 'Delete project quotas.', ['DELETE /v2.0/quota/{id}'], P),
  rule('restrict_wildcard', '(not field:rbac_policy:target_tenant=* and not field:rbac_policy:target_project=*) or rule:admin_only', 'No wildcard (*) target project, unless an administrator.'),
  rule('create_rbac_policy', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create an RBAC policy.', ['POST /v2.0/rbac-policies'], P),
  rule('create_rbac_policy:target_tenant', '(rule:admin_only or (not field:rbac_policy:target_tenant=* and not field:rbac_policy:target_project=*)) or (rule:restrict_wildcard)', 'Choose the target project of a new RBAC policy.', ['POST /v2.0/rbac-policies'], P),
  rule('update_rbac_policy', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update an RBAC policy.', ['PUT /v2.0/rbac-policies/{id}'], P),
  rule('update_rbac_policy:target_tenant', '(rule:admin_only or (not field:rbac_policy:target_tenant=* and not field:rbac_policy:target_project=*)) or (rule:restrict_wildcard and rule:admin_or_owner)', 'Change the target project of an RBAC policy.', ['PUT /v2.0/rbac-policies/{id}'], P),
  rule('get_rbac_policy', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list RBAC policies.', ['GET /v2.0/rbac-policies', 'GET /v2.0/rbac-policies/{id}'], P),
  rule('delete_rbac_policy', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete an RBAC policy.', ['DELETE /v2.0/rbac-policies/{id}'], P),
  rule('create_router', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a router.', ['POST /v2.0/routers'], P),
  rule('create_router:distributed', 'rule:admin_only', 'Set distributed when creating a router.', ['POST /v2.0/routers'], P),
  rule('create_router:ha', 'rule:admin_only', 'Set ha when creating a router.', ['POST /v2.0/routers'], P),
  rule('create_router:external_gateway_info', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Set external_gateway_info when creating a router.', ['POST /v2.0/routers'], P),
  rule('create_router:external_gateway_info:network_id', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Set external_gateway_info:network_id when creating a router.', ['POST /v2.0/routers'], P),
  rule('create_router:external_gateway_info:enable_snat', 'rule:admin_only', 'Set external_gateway_info:enable_snat when creating a router.', ['POST /v2.0/routers'], P),
  rule('create_router:external_gateway_info:external_fixed_ips', 'rule:admin_only', 'Set external_gateway_info:external_fixed_ips when creating a router.', ['POST /v2.0/routers'], P),
  rule('get_router', '(rule:admin_only or role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list routers.', ['GET /v2.0/routers', 'GET /v2.0/routers/{id}'], P),
  rule('get_router:distributed', 'rule:admin_only', 'See distributed of a router.', ['GET /v2.0/routers', 'GET /v2.0/routers/{id}'], P),
  rule('get_router:ha', 'rule:admin_only', 'See ha of a router.', ['GET /v2.0/routers', 'GET /v2.0/routers/{id}'], P),
  rule('update_router', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:distributed', 'rule:admin_only', 'Change distributed of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:ha', 'rule:admin_only', 'Change ha of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:external_gateway_info', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Change external_gateway_info of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:external_gateway_info:network_id', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Change external_gateway_info:network_id of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:external_gateway_info:enable_snat', 'rule:admin_only', 'Change external_gateway_info:enable_snat of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('update_router:external_gateway_info:external_fixed_ips', 'rule:admin_only', 'Change external_gateway_info:external_fixed_ips of a router.', ['PUT /v2.0/routers/{id}'], P),
  rule('delete_router', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a router.', ['DELETE /v2.0/routers/{id}'], P),
  rule('add_router_interface', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Attach a subnet or port to a router.', ['PUT /v2.0/routers/{id}/add_router_interface'], P),
  rule('remove_router_interface', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Detach a subnet or port from a router.', ['PUT /v2.0/routers/{id}/remove_router_interface'], P),
  rule('add_extraroutes', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Add static routes to a router.', ['PUT /v2.0/routers/{id}/add_extraroutes'], P),
  rule('remove_extraroutes', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Remove static routes from a router.', ['PUT /v2.0/routers/{id}/remove_extraroutes'], P),
  rule('admin_or_sg_owner', 'rule:context_is_admin or tenant_id:%(security_group:tenant_id)s', 'An administrator, or the owner of the security group.'),
  rule('admin_owner_or_sg_owner', 'rule:owner or rule:admin_or_sg_owner', 'The resource owner, an administrator, or the owner of its security group.'),
  rule('create_security_group', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Create a security group.', ['POST /v2.0/security-groups'], P),
  rule('get_security_group', '(role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list security groups.', ['GET /v2.0/security-groups', 'GET /v2.0/security-groups/{id}'], P),
  rule('update_security_group', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a security group.', ['PUT /v2.0/security-groups/{id}'], P),
  rule('delete_security_group', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a security group.', ['DELETE /v2.0/security-groups/{id}'], P),
  rule('create_security_group_rule', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Create a security group rule.', ['POST /v2.0/security-group-rules'], P),
  rule('get_security_group_rule', '(role:reader and project_id:%(project_id)s or rule:sg_owner) or (rule:admin_owner_or_sg_owner)', 'Show or list security group rules.', ['GET /v2.0/security-group-rules', 'GET /v2.0/security-group-rules/{id}'], P),
  rule('delete_security_group_rule', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a security group rule.', ['DELETE /v2.0/security-group-rules/{id}'], P),
  rule('create_segment', 'rule:admin_only', 'Create a segment.', ['POST /v2.0/segments'], P),
  rule('get_segment', 'rule:admin_only', 'Show or list segments.', ['GET /v2.0/segments', 'GET /v2.0/segments/{id}'], P),
  rule('update_segment', 'rule:admin_only', 'Update a segment.', ['PUT /v2.0/segments/{id}'], P),
  rule('delete_segment', 'rule:admin_only', 'Delete a segment.', ['DELETE /v2.0/segments/{id}'], P),
  rule('get_service_provider', '(role:reader) or (rule:regular_user)', 'Show or list service providers.', ['GET /v2.0/service-providers'], P),
  rule('create_subnet', '(rule:admin_only or role:member and project_id:%(project_id)s or rule:network_owner) or (rule:admin_or_network_owner)', 'Create a subnet.', ['POST /v2.0/subnets'], P),
  rule('create_subnet:segment_id', 'rule:admin_only', 'Set segment_id when creating a subnet.', ['POST /v2.0/subnets'], P),
  rule('create_subnet:service_types', 'rule:admin_only', 'Set service_types when creating a subnet.', ['POST /v2.0/subnets'], P),
  rule('get_subnet', '(rule:admin_only or role:reader and project_id:%(project_id)s or rule:shared) or (rule:admin_or_owner or rule:shared)', 'Show or list subnets.', ['GET /v2.0/subnets', 'GET /v2.0/subnets/{id}'], P),
  rule('get_subnet:segment_id', 'rule:admin_only', 'See segment_id of a subnet.', ['GET /v2.0/subnets', 'GET /v2.0/subnets/{id}'], P),
  rule('update_subnet', '(rule:admin_only or role:member and project_id:%(project_id)s or rule:network_owner) or (rule:admin_or_network_owner)', 'Update a subnet.', ['PUT /v2.0/subnets/{id}'], P),
  rule('update_subnet:segment_id', 'rule:admin_only', 'Change segment_id of a subnet.', ['PUT /v2.0/subnets/{id}'], P),
  rule('update_subnet:service_types', 'rule:admin_only', 'Change service_types of a subnet.', ['PUT /v2.0/subnets/{id}'], P),
  rule('delete_subnet', '(rule:admin_only or role:member and project_id:%(project_id)s or rule:network_owner) or (rule:admin_or_network_owner)', 'Delete a subnet.', ['DELETE /v2.0/subnets/{id}'], P),
  rule('shared_subnetpools', 'field:subnetpools:shared=True', 'The subnet pool is shared.'),
  rule('create_subnetpool', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a subnet pool.', ['POST /v2.0/subnetpools'], P),
  rule('create_subnetpool:shared', 'rule:admin_only', 'Set shared when creating a subnet pool.', ['POST /v2.0/subnetpools'], P),
  rule('create_subnetpool:is_default', 'rule:admin_only', 'Set is_default when creating a subnet pool.', ['POST /v2.0/subnetpools'], P),
  rule('get_subnetpool', '(rule:admin_only or role:reader and project_id:%(project_id)s or rule:shared_subnetpools) or (rule:admin_or_owner or rule:shared_subnetpools)', 'Show or list subnet pools.', ['GET /v2.0/subnetpools', 'GET /v2.0/subnetpools/{id}'], P),
  rule('update_subnetpool', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a subnet pool.', ['PUT /v2.0/subnetpools/{id}'], P),
  rule('update_subnetpool:is_default', 'rule:admin_only', 'Change is_default of a subnet pool.', ['PUT /v2.0/subnetpools/{id}'], P),
  rule('delete_subnetpool', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a subnet pool.', ['DELETE /v2.0/subnetpools/{id}'], P),
  rule('onboard_network_subnets', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Move a network\'s subnets into a subnet pool.', ['PUT /v2.0/subnetpools/{id}/onboard_network_subnets'], P),
  rule('add_prefixes', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Add prefixes to a subnet pool.', ['PUT /v2.0/subnetpools/{id}/add_prefixes'], P),
  rule('remove_prefixes', '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Remove prefixes from a subnet pool.', ['PUT /v2.0/subnetpools/{id}/remove_prefixes'], P),
  rule('create_trunk', '(role:member and project_id:%(project_id)s) or (rule:regular_user)', 'Create a trunk.', ['POST /v2.0/trunks'], P),
  rule('get_trunk', '(role:reader and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Show or list trunks.', ['GET /v2.0/trunks', 'GET /v2.0/trunks/{id}'], P),
  rule('update_trunk', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Update a trunk.', ['PUT /v2.0/trunks/{id}'], P),
  rule('delete_trunk', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Delete a trunk.', ['DELETE /v2.0/trunks/{id}'], P),
  rule('get_subports', '(role:reader and project_id:%(project_id)s) or (rule:regular_user)', 'Show or list subports of a trunk.', ['GET /v2.0/trunks/{id}/get_subports'], P),
  rule('add_subports', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Add subports to a trunk.', ['PUT /v2.0/trunks/{id}/add_subports'], P),
  rule('remove_subports', '(role:member and project_id:%(project_id)s) or (rule:admin_or_owner)', 'Remove subports from a trunk.', ['PUT /v2.0/trunks/{id}/remove_subports'], P),
];

/**
 * The `field:<resource>:<attr>=<value>` checks the rules above use (Neutron's FieldCheck), e.g.
 * `networks:shared=True`, `port:device_owner=~^network:`, `rbac_policy:target_tenant=*`.
 */
export const networkFieldChecks: readonly string[] = [...new Set(networkPolicies.flatMap((r) => [...r.checkStr.matchAll(/(?:^|[\s(])field:([^\s()]+)/g)].map((m) => m[1])))];

/** Python's re.match(): anchored at the start only. */
const fieldRegexes = new Map<string, RegExp>();

/**
 * Neutron's FieldCheck on one target: the target's own `<attr>` (whatever the resource named in the
 * check) or, for `networks:shared` only, the `shared` flag of the target's network (`network` here;
 * Neutron loads it by `network_id`). `True`/`False` compare as booleans (Neutron converts the value
 * with the attribute's convert_to, so the string 'True' does not match), `~re` is a regex matched at
 * the start, anything else is text.
 */
export function fieldCheckHolds(check: string, target: Record<string, unknown>, network?: { shared?: unknown }): boolean {
  const colon = check.indexOf(':');
  const eq = check.indexOf('=', colon + 1);
  if (colon < 0 || eq < 0) return false;
  const resource = check.slice(0, colon);
  const field = check.slice(colon + 1, eq);
  const value = check.slice(eq + 1);
  let actual: unknown = Object.prototype.hasOwnProperty.call(target, field) ? target[field] : undefined;
  if (actual === undefined && resource === 'networks' && field === 'shared' && target.network_id) actual = network?.shared;
  if (actual === undefined || actual === null) return false;
  if (value.startsWith('~')) {
    let re = fieldRegexes.get(value);
    if (!re) fieldRegexes.set(value, (re = new RegExp(`^(?:${value.slice(1)})`)));
    return typeof actual === 'string' && re.test(actual);
  }
  // every `=True` check in the rules names a boolean attribute, whose value Neutron converts first
  if (/^(true|false)$/i.test(value)) return typeof actual === 'boolean' && actual === (value.toLowerCase() === 'true');
  return typeof actual === 'string' && actual === value;
}

/**
 * Credentials shaped as Neutron's context gives them to oslo.policy, for our PolicyEnforcer, which
 * does not know Neutron's check kinds:
 * - `tenant_id` (Neutron's OwnerCheck compares `creds.tenant_id`, i.e. the project id);
 * - `field`: the list of `field:` checks that hold for this target. Our generic check compares
 *   `creds.field` (any element of a list) to the text after `field:`, so `field:networks:shared=True`
 *   is true exactly when Neutron's FieldCheck would be. Build these per target, never share them.
 * Parent-owner checks (`tenant_id:%(network:tenant_id)s`, `%(security_group:tenant_id)s`,
 * `%(ext_parent:tenant_id)s`) need the target to carry those flat keys; see the report.
 */
export function neutronPolicyCredentials(creds: Credentials, target: Record<string, unknown>, network?: { shared?: unknown }): Credentials {
  return {
    ...creds,
    tenant_id: creds.project_id ?? null,
    field: networkFieldChecks.filter((c) => fieldCheckHolds(c, target, network)),
  };
}
