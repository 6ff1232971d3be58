/**
 * qdhcp-<network id>: what the DHCP agent builds for a network with a DHCP-enabled subnet —
 * lo and the DHCP port's tap (an OVS internal port of br-int) with the port's fixed IPs, and a
 * default route via the first IPv4 subnet gateway, as the agent sets it.
 */
import type { Port } from '../network/types';
import { cidrContains } from '../core/net/ip';
import { fixedAddresses, fixedRoutes, linkLocal, loopback } from './interfaces';
import { qdhcpName, tapName } from './names';
import type { SnapshotIndex } from './snapshot-index';
import type { Interface, Namespace, Route } from './types';

export function buildDhcpNamespace(ix: SnapshotIndex, port: Port): Namespace {
  const network = ix.networks.get(port.network_id);
  const tap: Interface = {
    name: tapName(port.id),
    ifindex: 2,
    mac: port.mac_address,
    mtu: network?.mtu ?? 1500,
    state: 'UNKNOWN',
    kind: 'ovs-internal',
    addresses: [...fixedAddresses(port.fixed_ips, ix.subnetFacts), linkLocal(port.mac_address)],
    neutronPortId: port.id,
    ovsBridge: 'br-int',
  };
  const gateway = (ix.subnetsByNetwork.get(port.network_id) ?? []).find(
    (s) => s.ip_version === 4 && s.enable_dhcp && s.gateway_ip && cidrContains(s.cidr, s.gateway_ip) && port.fixed_ips.some((f) => f.subnet_id === s.id),
  )?.gateway_ip;
  const routes: Route[] = [...(gateway ? [{ destination: 'default', via: gateway, dev: tap.name, proto: 'boot' as const }] : []), ...fixedRoutes(tap.name, port.fixed_ips, ix.subnetFacts)];
  return { name: qdhcpName(port.network_id), kind: 'qdhcp', ownerId: port.network_id, interfaces: [loopback(), tap], routes, nat: [], ipForward: false };
}
