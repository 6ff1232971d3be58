import type { FastifyInstance } from 'fastify';
import { floatingIpNotFound, routerNotFound } from '../../faults';
import { notFound, fault } from '../../service/core';
import type { FloatingIp, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet } from '../../types';
import type { NetworkApiDeps } from '../http';
import { type AttrKind, registerResource } from '../resource';

const STANDARD: Record<string, AttrKind> = { name: 'string', description: 'string' };
const OWNER: Record<string, AttrKind> = { tenant_id: 'string', project_id: 'string' };

/** Networks, subnets, ports, routers, floating IPs, security groups and rules. */
export function registerCoreResources(app: FastifyInstance, deps: NetworkApiDeps): void {
  const n = deps.network;

  const networkAttrs: Record<string, AttrKind> = {
    ...STANDARD, admin_state_up: 'bool', shared: 'bool', 'router:external': 'bool', mtu: 'int', port_security_enabled: 'bool',
    availability_zone_hints: 'list', is_default: 'bool', qos_policy_id: 'string', dns_domain: 'string',
  };
  registerResource<Network>(app, deps, {
    collection: 'networks', member: 'network', quota: 'network',
    createAttrs: { ...networkAttrs, ...OWNER, 'provider:network_type': 'string', 'provider:physical_network': 'string', 'provider:segmentation_id': 'int' },
    updateAttrs: { ...networkAttrs, 'provider:network_type': 'string', 'provider:physical_network': 'string', 'provider:segmentation_id': 'int' },
    list: (c) => n.networks.list(c),
    notFound: (id) => notFound('NetworkNotFound', 'Network', id),
    get: (c, id) => n.networks.get(c, id),
    create: (c, b) => n.networks.create(c, b as Partial<Network>),
    update: (c, id, b) => n.networks.update(c, id, b as Partial<Network>),
    delete: (c, id) => n.networks.delete(c, id),
  });

  const subnetAttrs: Record<string, AttrKind> = { ...STANDARD, gateway_ip: 'string', allocation_pools: 'list', enable_dhcp: 'bool', dns_nameservers: 'list', host_routes: 'list', service_types: 'list' };
  registerResource<Subnet>(app, deps, {
    collection: 'subnets', member: 'subnet', quota: 'subnet', required: ['network_id'],
    createAttrs: { ...subnetAttrs, ...OWNER, network_id: 'string', cidr: 'string', ip_version: 'int', ipv6_ra_mode: 'string', ipv6_address_mode: 'string', subnetpool_id: 'string', prefixlen: 'int', use_default_subnetpool: 'bool', segment_id: 'string' },
    updateAttrs: subnetAttrs,
    list: (c) => n.subnets.list(c),
    notFound: (id) => notFound('SubnetNotFound', 'Subnet', id),
    get: (c, id) => n.subnets.get(c, id),
    create: (c, b) => {
      if (b.ip_version !== undefined && b.ip_version !== 4 && b.ip_version !== 6) throw fault('BadRequest', 'HTTPBadRequest', `Invalid input for ip_version. Reason: ${String(b.ip_version)} is not in [4, 6].`);
      return n.subnets.create(c, b as Partial<Subnet> & { network_id: string });
    },
    update: (c, id, b) => n.subnets.update(c, id, b as Partial<Subnet>),
    delete: (c, id) => n.subnets.delete(c, id),
  });

  const portAttrs: Record<string, AttrKind> = {
    ...STANDARD, admin_state_up: 'bool', mac_address: 'string', fixed_ips: 'list', device_id: 'string', device_owner: 'string', security_groups: 'list',
    allowed_address_pairs: 'list', port_security_enabled: 'bool', 'binding:host_id': 'string', 'binding:vnic_type': 'string', 'binding:profile': 'dict',
    extra_dhcp_opts: 'list', qos_policy_id: 'string', dns_name: 'string',
  };
  registerResource<Port>(app, deps, {
    collection: 'ports', member: 'port', quota: 'port', required: ['network_id'],
    createAttrs: { ...portAttrs, ...OWNER, network_id: 'string' },
    updateAttrs: portAttrs,
    list: (c) => n.ports.list(c),
    notFound: (id) => notFound('PortNotFound', 'Port', id),
    get: (c, id) => n.ports.get(c, id),
    create: (c, b) => n.ports.create(c, b as Partial<Port> & { network_id: string }),
    update: (c, id, b) => n.ports.update(c, id, b as Partial<Port>),
    delete: (c, id) => n.ports.delete(c, id),
  });

  const routerAttrs: Record<string, AttrKind> = { ...STANDARD, admin_state_up: 'bool', external_gateway_info: 'dict', routes: 'list' };
  registerResource<Router>(app, deps, {
    collection: 'routers', member: 'router', quota: 'router',
    createAttrs: { ...routerAttrs, ...OWNER, distributed: 'bool', ha: 'bool', availability_zone_hints: 'list', flavor_id: 'string' },
    updateAttrs: { ...routerAttrs, distributed: 'bool', ha: 'bool' },
    list: (c) => n.routers.list(c),
    notFound: (id) => routerNotFound(id),
    get: (c, id) => n.routers.get(c, id),
    create: (c, b) => n.routers.create(c, b as never),
    update: (c, id, b) => n.routers.update(c, id, b as never),
    delete: (c, id) => n.routers.delete(c, id),
  });

  registerResource<FloatingIp>(app, deps, {
    collection: 'floatingips', member: 'floatingip', quota: 'floatingip', required: ['floating_network_id'],
    createAttrs: { ...OWNER, description: 'string', floating_network_id: 'string', subnet_id: 'string', floating_ip_address: 'string', port_id: 'string', fixed_ip_address: 'string', qos_policy_id: 'string', dns_name: 'string', dns_domain: 'string' },
    updateAttrs: { description: 'string', port_id: 'string', fixed_ip_address: 'string', qos_policy_id: 'string' },
    list: (c) => n.floatingIps.list(c),
    notFound: (id) => floatingIpNotFound(id),
    get: (c, id) => n.floatingIps.get(c, id),
    create: (c, b) => n.floatingIps.create(c, b as never),
    update: (c, id, b) => n.floatingIps.update(c, id, b as never),
    delete: (c, id) => n.floatingIps.delete(c, id),
  });

  registerResource<SecurityGroup>(app, deps, {
    collection: 'security-groups', collectionKey: 'security_groups', member: 'security_group', quota: 'security_group',
    createAttrs: { ...STANDARD, ...OWNER, stateful: 'bool' },
    updateAttrs: { ...STANDARD, stateful: 'bool' },
    list: (c) => n.securityGroups.list(c),
    notFound: (id) => fault('NotFound', 'SecurityGroupNotFound', `Security group ${id} does not exist`),
    get: (c, id) => n.securityGroups.get(c, id),
    create: (c, b) => n.securityGroups.create(c, b as never),
    update: (c, id, b) => n.securityGroups.update(c, id, b as never),
    delete: (c, id) => n.securityGroups.delete(c, id),
  });

  registerResource<SecurityGroupRule>(app, deps, {
    collection: 'security-group-rules', collectionKey: 'security_group_rules', member: 'security_group_rule', quota: 'security_group_rule', required: ['security_group_id'],
    createAttrs: {
      ...OWNER, description: 'string', security_group_id: 'string', direction: 'string', ethertype: 'string', protocol: 'any', port_range_min: 'int', port_range_max: 'int',
      remote_ip_prefix: 'string', remote_group_id: 'string', remote_address_group_id: 'string',
    },
    updateAttrs: { description: 'string' },
    list: (c) => n.securityGroups.listRules(c),
    notFound: (id) => fault('NotFound', 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`),
    get: (c, id) => n.securityGroups.getRule(c, id),
    create: (c, b) => n.securityGroups.createRule(c, b as never),
    update: (c, id) => n.securityGroups.getRule(c, id),
    delete: (c, id) => n.securityGroups.deleteRule(c, id),
  });
}
