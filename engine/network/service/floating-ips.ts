import { uuid } from '../../core/ids';
import { DEVICE_OWNER, type FloatingIp, type Port } from '../types';
import { floatingIpNotFound } from '../faults';
import { type Caller, fault, type NetworkCore, visible } from './core';
import type { NetworkManager } from './networks';
import type { PortManager } from './ports';
import type { RouterManager } from './routers';

export interface FloatingIpInput {
  floating_network_id: string;
  subnet_id?: string;
  floating_ip_address?: string;
  port_id?: string | null;
  fixed_ip_address?: string | null;
  description?: string;
  project_id?: string;
  tenant_id?: string;
}

/** Floating IPs: an address on an external network, DNAT'd by the router that reaches the associated port. */
export class FloatingIpManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly networks: NetworkManager,
    private readonly ports: PortManager,
    private readonly routers: RouterManager,
  ) {}

  get(caller: Caller, id: string): FloatingIp {
    const f = this.core.store.floatingIps.get(id);
    if (!f || (!caller.isAdmin && f.project_id !== caller.projectId)) throw floatingIpNotFound(id);
    return f;
  }

  list(caller: Caller): FloatingIp[] {
    return visible(caller, this.core.store.floatingIps.all());
  }

  create(caller: Caller, input: FloatingIpInput): FloatingIp {
    return this.core.write('floatingip.created', () => {
      const net = this.networks.get(caller, input.floating_network_id);
      if (!net['router:external']) throw fault('BadRequest', 'BadRequest', `Bad floatingip request: Network ${net.id} is not a valid external network.`);
      const id = uuid();
      const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
      const fixed = input.subnet_id || input.floating_ip_address ? [{ ...(input.subnet_id ? { subnet_id: input.subnet_id } : {}), ...(input.floating_ip_address ? { ip_address: input.floating_ip_address } : {}) }] : undefined;
      const port = this.ports.insert({ ...caller, isAdmin: true }, { network_id: net.id, device_owner: DEVICE_OWNER.floatingIp, device_id: id, project_id: '', fixed_ips: fixed }, { internal: true });
      if (!port.fixed_ips[0]) throw fault('Conflict', 'IpAddressGenerationFailure', `No more IP addresses available on network ${net.id}.`);
      let fip: FloatingIp = {
        ...this.core.stamp(),
        id,
        tenant_id: projectId,
        project_id: projectId,
        floating_ip_address: port.fixed_ips[0].ip_address,
        floating_network_id: net.id,
        router_id: null,
        port_id: null,
        fixed_ip_address: null,
        status: 'DOWN',
        port_details: null,
        qos_policy_id: null,
        description: input.description ?? '',
        tags: [],
      };
      if (input.port_id) fip = this.associate(caller, fip, input.port_id, input.fixed_ip_address ?? undefined);
      this.core.store.floatingIps.insert(fip);
      return fip;
    }, (f) => f.id);
  }

  update(caller: Caller, id: string, patch: { port_id?: string | null; fixed_ip_address?: string | null; description?: string }): FloatingIp {
    return this.core.write('floatingip.updated', () => {
      let f = this.get(caller, id);
      if (patch.port_id !== undefined) {
        f = patch.port_id ? this.associate(caller, f, patch.port_id, patch.fixed_ip_address ?? undefined) : { ...f, port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null };
      }
      if (patch.description !== undefined) f = { ...f, description: patch.description };
      f = this.core.touch(f);
      this.core.store.floatingIps.put(f);
      return f;
    }, () => id);
  }

  /** Finds the router that joins the port's subnet to the floating network; Neutron refuses without one. */
  private associate(caller: Caller, f: FloatingIp, portId: string, fixedIp?: string): FloatingIp {
    const port: Port = this.ports.get(caller, portId);
    const fixed = fixedIp ? port.fixed_ips.find((x) => x.ip_address === fixedIp) : port.fixed_ips.find((x) => x.ip_address.includes('.'));
    if (!fixed) throw fault('BadRequest', 'BadRequest', `Bad floatingip request: Port ${port.id} does not have fixed ip ${fixedIp ?? ''}.`);
    const taken = this.core.store.floatingIps.where({ port_id: port.id }).find((x) => x.id !== f.id && x.fixed_ip_address === fixed.ip_address && x.floating_network_id === f.floating_network_id);
    if (taken)
      throw fault('Conflict', 'FloatingIPPortAlreadyAssociated', `Cannot associate floating IP ${f.floating_ip_address} (${f.id}) with port ${port.id} using fixed IP ${fixed.ip_address}, as that fixed IP already has a floating IP on external network ${f.floating_network_id}.`);
    const router = this.routers
      .list({ projectId: '', isAdmin: true })
      .find((r) => r.external_gateway_info?.network_id === f.floating_network_id && this.routers.interfacePorts(r.id).some((p) => p.fixed_ips.some((x) => x.subnet_id === fixed.subnet_id)));
    if (!router)
      throw fault('NotFound', 'ExternalGatewayForFloatingIPNotFound', `External network ${f.floating_network_id} is not reachable from subnet ${fixed.subnet_id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`);
    return {
      ...f,
      port_id: port.id,
      fixed_ip_address: fixed.ip_address,
      router_id: router.id,
      status: 'ACTIVE',
      port_details: { name: port.name, network_id: port.network_id, mac_address: port.mac_address, admin_state_up: port.admin_state_up, status: port.status, device_id: port.device_id, device_owner: port.device_owner },
    };
  }

  delete(caller: Caller, id: string): void {
    this.core.write('floatingip.deleted', () => {
      const f = this.get(caller, id);
      for (const p of this.core.store.ports.where({ device_id: f.id, device_owner: DEVICE_OWNER.floatingIp })) this.ports.remove(p.id);
      this.core.store.floatingIps.delete(id);
    }, () => id);
  }
}
