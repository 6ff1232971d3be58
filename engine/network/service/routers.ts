import { uuid } from '../../core/ids';
import { DEVICE_OWNER, type ExternalGatewayInfo, type FixedIp, type HostRoute, type Router } from '../types';
import { ipAddressAlreadyAllocated, routerHasPortsAttached, routerNotFound } from '../faults';
import type { AgentManager } from './agents';
import { type Caller, fault, invalidInput, type NetworkCore, notFound, visible } from './core';
import { parseNetwork, prefixHas } from '../../core/net/ip';
import type { NetworkManager } from './networks';
import type { PortManager } from './ports';

export type GatewayInput = Partial<Omit<ExternalGatewayInfo, 'external_fixed_ips'>> & { external_fixed_ips?: Partial<FixedIp>[] };
export type RouterInput = Partial<Omit<Router, 'external_gateway_info'>> & { external_gateway_info?: GatewayInput | null };

export interface InterfaceInfo {
  id: string;
  tenant_id: string;
  project_id: string;
  port_id: string;
  network_id: string;
  subnet_id: string;
  subnet_ids: string[];
}

/** Routers: a gateway port on an external network (SNAT), interfaces by subnet or port, static routes, an L3 agent. */
export class RouterManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly networks: NetworkManager,
    private readonly ports: PortManager,
    private readonly agents: AgentManager,
  ) {}

  find(id: string): Router | undefined {
    return this.core.store.routers.get(id);
  }

  get(caller: Caller, id: string): Router {
    const r = this.find(id);
    if (!r || (!caller.isAdmin && r.project_id !== caller.projectId)) throw routerNotFound(id);
    return r;
  }

  list(caller: Caller): Router[] {
    return visible(caller, this.core.store.routers.all());
  }

  create(caller: Caller, input: RouterInput): Router {
    return this.core.write('router.created', () => {
      const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
      let r: Router = {
        ...this.core.stamp(),
        id: uuid(),
        name: input.name ?? '',
        tenant_id: projectId,
        project_id: projectId,
        admin_state_up: input.admin_state_up ?? true,
        status: 'ACTIVE',
        external_gateway_info: null,
        routes: [],
        distributed: false,
        ha: false,
        availability_zone_hints: input.availability_zone_hints ?? [],
        availability_zones: ['nova'],
        flavor_id: null,
        description: input.description ?? '',
        tags: [],
      };
      this.core.store.routers.insert(r);
      const g = input.external_gateway_info;
      if (g?.network_id) r = this.setGateway(caller, r, { ...g, network_id: g.network_id });
      this.agents.scheduleRouter(r.id);
      return r;
    }, (r) => r.id);
  }

  update(caller: Caller, id: string, patch: RouterInput): Router {
    return this.core.write('router.updated', () => {
      let r = this.get(caller, id);
      if (patch.external_gateway_info !== undefined) {
        const g = patch.external_gateway_info;
        r = g?.network_id ? this.setGateway(caller, r, { ...g, network_id: g.network_id }) : this.clearGateway(r);
      }
      if (patch.routes !== undefined) r = { ...r, routes: this.checkRoutes(r, patch.routes) };
      for (const k of ['name', 'admin_state_up', 'description'] as const) if (patch[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = patch[k];
      r = this.core.touch(r);
      this.core.store.routers.put(r);
      return r;
    }, () => id);
  }

  private gatewayPort(routerId: string) {
    return this.core.store.ports.where({ device_id: routerId, device_owner: DEVICE_OWNER.routerGateway })[0];
  }

  private setGateway(caller: Caller, r: Router, g: GatewayInput & { network_id: string }): Router {
    const net = this.networks.find(g.network_id);
    if (!net || !this.networks.canSee(caller, net)) throw notFound('NetworkNotFound', 'Network', g.network_id);
    if (!net['router:external']) throw fault('BadRequest', 'BadRequest', `Bad router request: Network ${net.id} is not an external network.`);
    const old = this.gatewayPort(r.id);
    if (old && old.network_id !== net.id) {
      this.checkNoFloatingIps(r.id);
      this.ports.remove(old.id);
    }
    let port = old && old.network_id === net.id ? old : undefined;
    if (!port) {
      port = this.ports.insert(
        { ...caller, isAdmin: true },
        { network_id: net.id, device_owner: DEVICE_OWNER.routerGateway, device_id: r.id, project_id: '', fixed_ips: g.external_fixed_ips as FixedIp[] | undefined },
        { internal: true },
      );
      if (port.fixed_ips.length === 0) {
        this.ports.remove(port.id);
        throw fault('BadRequest', 'BadRequest', `Bad router request: No subnets defined on network ${net.id}.`);
      }
    }
    const next = { ...r, external_gateway_info: { network_id: net.id, enable_snat: g.enable_snat ?? true, external_fixed_ips: port.fixed_ips } };
    this.core.store.routers.put(next);
    return next;
  }

  private clearGateway(r: Router): Router {
    const port = this.gatewayPort(r.id);
    if (port) {
      this.checkNoFloatingIps(r.id);
      this.ports.remove(port.id);
    }
    const next = { ...r, external_gateway_info: null };
    this.core.store.routers.put(next);
    return next;
  }

  private checkNoFloatingIps(routerId: string): void {
    const fip = this.core.store.floatingIps.where({ router_id: routerId })[0];
    if (fip) throw fault('Conflict', 'RouterExternalGatewayInUseByFloatingIp', `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${fip.floating_network_id} is required by one or more floating IPs.`);
  }

  private checkRoutes(r: Router, routes: HostRoute[]): HostRoute[] {
    const subnets = this.interfacePorts(r.id).flatMap((p) => p.fixed_ips.map((f) => this.core.store.subnets.get(f.subnet_id)!)).concat(
      (r.external_gateway_info?.external_fixed_ips ?? []).map((f) => this.core.store.subnets.get(f.subnet_id)!),
    );
    for (const route of routes) {
      if (!parseNetwork(route.destination)) throw invalidInput(`'${route.destination}' is not a valid IP subnet`);
      if (!subnets.some((s) => s && prefixHas(parseNetwork(s.cidr)!, route.nexthop)))
        throw fault('BadRequest', 'InvalidRoutes', `Invalid format for routes: ${JSON.stringify(routes)}, the nexthop is not connected with router`);
    }
    return routes.map((x) => ({ destination: x.destination, nexthop: x.nexthop }));
  }

  interfacePorts(routerId: string) {
    return this.core.store.ports.where({ device_id: routerId, device_owner: DEVICE_OWNER.routerInterface });
  }

  addInterface(caller: Caller, id: string, body: { subnet_id?: string; port_id?: string }): InterfaceInfo {
    return this.core.write('router.interface_added', () => {
      const r = this.get(caller, id);
      if (!!body.subnet_id === !!body.port_id) throw fault('BadRequest', 'BadRequest', 'Bad router request: Either subnet_id or port_id must be specified.');
      let port;
      if (body.port_id) {
        port = this.ports.get(caller, body.port_id);
        if (port.device_id && port.device_id !== r.id) throw fault('Conflict', 'PortInUse', `Unable to complete operation on port ${port.id} for network ${port.network_id}. Port already has an attached device ${port.device_id}.`);
        if (port.fixed_ips.length === 0) throw fault('BadRequest', 'BadRequest', `Bad router request: Router port must have at least one fixed IP.`);
        port = this.ports.change({ ...caller, isAdmin: true }, port.id, { device_id: r.id, device_owner: DEVICE_OWNER.routerInterface });
        port = { ...port, status: 'ACTIVE' as const, security_groups: [], port_security_enabled: false };
        this.core.store.ports.put(port);
      } else {
        const subnet = this.core.store.subnets.get(body.subnet_id!);
        if (!subnet) throw notFound('SubnetNotFound', 'Subnet', body.subnet_id!);
        const net = this.networks.get(caller, subnet.network_id);
        if (!subnet.gateway_ip) throw fault('BadRequest', 'BadRequest', `Bad router request: Subnet for router interface must have a gateway IP.`);
        for (const other of this.interfacePorts(r.id))
          if (other.fixed_ips.some((f) => f.subnet_id === subnet.id))
            throw fault('BadRequest', 'BadRequest', `Bad router request: Router already has a port on subnet ${subnet.id}.`);
        if (this.core.store.isAllocated(subnet.id, subnet.gateway_ip)) throw ipAddressAlreadyAllocated(subnet.gateway_ip, subnet.id);
        port = this.ports.insert(
          { ...caller, isAdmin: true },
          { network_id: net.id, device_owner: DEVICE_OWNER.routerInterface, device_id: r.id, project_id: r.project_id, fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }] },
          { internal: true },
        );
      }
      const subnetIds = port.fixed_ips.map((f) => f.subnet_id);
      return { id: r.id, tenant_id: r.project_id, project_id: r.project_id, port_id: port.id, network_id: port.network_id, subnet_id: subnetIds[0], subnet_ids: subnetIds };
    }, (i) => i.id);
  }

  removeInterface(caller: Caller, id: string, body: { subnet_id?: string; port_id?: string }): InterfaceInfo {
    return this.core.write('router.interface_removed', () => {
      const r = this.get(caller, id);
      if (!body.subnet_id && !body.port_id) throw fault('BadRequest', 'BadRequest', 'Bad router request: Either subnet_id or port_id must be specified.');
      const port = this.interfacePorts(r.id).find((p) => (body.port_id ? p.id === body.port_id : p.fixed_ips.some((f) => f.subnet_id === body.subnet_id)));
      if (!port) {
        if (body.port_id) throw fault('NotFound', 'RouterInterfaceNotFound', `Router ${r.id} does not have an interface with id ${body.port_id}`);
        throw fault('NotFound', 'RouterInterfaceNotFoundForSubnet', `Router ${r.id} has no interface on subnet ${body.subnet_id}`);
      }
      for (const f of port.fixed_ips) {
        const needed = this.core.store.floatingIps.where({ router_id: r.id }).some((fip) => {
          const p = fip.port_id ? this.core.store.ports.get(fip.port_id) : undefined;
          return p?.fixed_ips.some((x) => x.subnet_id === f.subnet_id);
        });
        if (needed) throw fault('Conflict', 'RouterInterfaceInUseByFloatingIP', `Router interface for subnet ${f.subnet_id} on router ${r.id} cannot be deleted, as it is required by one or more floating IPs.`);
      }
      this.ports.remove(port.id);
      const subnetIds = port.fixed_ips.map((f) => f.subnet_id);
      return { id: r.id, tenant_id: r.project_id, project_id: r.project_id, port_id: port.id, network_id: port.network_id, subnet_id: subnetIds[0], subnet_ids: subnetIds };
    }, (i) => i.id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('router.deleted', () => {
      const r = this.get(caller, id);
      const attached = this.interfacePorts(r.id);
      if (attached.length) throw routerHasPortsAttached(r.id, attached.map((p) => p.id));
      this.clearGateway(r);
      this.core.store.setRouterAgent(r.id, null);
      this.core.store.routers.delete(r.id);
    }, () => id);
  }
}
