/**
 * qrouter-<router id>: what the legacy L3 agent builds for a router — qr- per interface port,
 * qg- on the external network (its fixed IPs, plus each floating IP as a /32), the default
 * route via the external subnet's gateway, extra routes, ip_forward, and the NAT rules: DNAT
 * floating→fixed (PREROUTING and OUTPUT), SNAT fixed→floating, and SNAT of every internal
 * subnet to the gateway IP when enable_snat.
 */
import type { Port, Router } from '../network/types';
import { addressOf, cidrContains, compareAddr, familyOf } from '../core/net/ip';
import { connectedRoutes, fixedAddresses, globalAddress, linkLocal, loopback, onLinkDevice } from './interfaces';
import { qgName, qrName, qrouterName } from './names';
import { byCreation, type SnapshotIndex } from './snapshot-index';
import type { Interface, NatRule, Namespace, Route } from './types';

function routerInterface(ix: SnapshotIndex, port: Port, name: string, extra: string[]): Interface {
  const addresses = [...fixedAddresses(port.fixed_ips, ix.subnetFacts), ...extra.map(globalAddress)];
  return {
    name,
    ifindex: 0,
    mac: port.mac_address,
    mtu: ix.networks.get(port.network_id)?.mtu ?? 1500,
    state: 'UNKNOWN',
    kind: 'ovs-internal',
    addresses: [...addresses, linkLocal(port.mac_address)],
    neutronPortId: port.id,
    ovsBridge: 'br-int',
  };
}

export function buildRouterNamespace(ix: SnapshotIndex, router: Router): Namespace {
  const qrPorts = ix.routerInterfaces.get(router.id) ?? [];
  const gwPort = ix.gatewayPorts.get(router.id);
  const fips = gwPort
    ? ix.snapshot.floatingIps
        .filter((f) => f.router_id === router.id && f.port_id && f.fixed_ip_address)
        .sort((a, b) => compareAddr(a.floating_ip_address, b.floating_ip_address))
    : [];

  const byPort = new Map<string, Interface>();
  for (const p of qrPorts) byPort.set(p.id, routerInterface(ix, p, qrName(p.id), []));
  if (gwPort) byPort.set(gwPort.id, routerInterface(ix, gwPort, qgName(gwPort.id), fips.map((f) => `${f.floating_ip_address}/${familyOf(f.floating_ip_address) === 6 ? 128 : 32}`)));
  const ordered = [...qrPorts, ...(gwPort ? [gwPort] : [])].sort(byCreation);
  const interfaces: Interface[] = [loopback(), ...ordered.map((p, i) => ({ ...(byPort.get(p.id) as Interface), ifindex: i + 2 }))];
  const qg = gwPort ? interfaces.find((i) => i.neutronPortId === gwPort.id) : undefined;

  const routes: Route[] = [];
  const gwSubnet = gwPort?.fixed_ips.map((f) => ix.subnets.get(f.subnet_id)).find((s) => s?.ip_version === 4 && s.gateway_ip);
  if (qg && gwSubnet?.gateway_ip && cidrContains(gwSubnet.cidr, gwSubnet.gateway_ip))
    routes.push({ destination: 'default', via: gwSubnet.gateway_ip, dev: qg.name, proto: 'boot' });
  for (const i of interfaces) routes.push(...connectedRoutes(i));
  for (const r of router.routes) {
    const dev = onLinkDevice(interfaces, r.nexthop);
    if (dev) routes.push({ destination: r.destination, via: r.nexthop, dev: dev.name, proto: 'boot' });
  }

  const nat: NatRule[] = [];
  for (const f of fips) {
    const fixed = f.fixed_ip_address as string;
    const reason = `floatingip:${f.id}`;
    nat.push({ chain: 'PREROUTING', action: 'DNAT', match: { destination: f.floating_ip_address }, to: fixed, reason });
    nat.push({ chain: 'OUTPUT', action: 'DNAT', match: { destination: f.floating_ip_address }, to: fixed, reason });
    if (qg) nat.push({ chain: 'POSTROUTING', action: 'SNAT', match: { source: fixed, outInterface: qg.name }, to: f.floating_ip_address, reason });
  }
  const gwInfo = router.external_gateway_info;
  const snatTo = qg?.addresses.find((a) => a.family === 4 && a.scope === 'global' && !a.cidr.endsWith('/32'));
  if (qg && snatTo && gwInfo?.enable_snat) {
    const internal = new Set<string>();
    for (const p of qrPorts)
      for (const f of p.fixed_ips) {
        const s = ix.subnets.get(f.subnet_id);
        if (s?.ip_version === 4 && !internal.has(s.cidr)) internal.add(s.cidr);
      }
    for (const cidr of internal)
      nat.push({ chain: 'POSTROUTING', action: 'SNAT', match: { source: cidr, outInterface: qg.name }, to: addressOf(snatTo.cidr), reason: 'snat' });
  }
  return { name: qrouterName(router.id), kind: 'qrouter', ownerId: router.id, interfaces, routes, nat, ipForward: true };
}
