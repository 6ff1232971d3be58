/**
 * The host's root namespace: lo, the NIC (enslaved to br-ex, no address), the OVS datapath and
 * bridge devices (the host address lives on br-ex), and the instances' qvo veth ends.
 */
import { familyOf } from '../core/net/ip';
import { connectedRoutes, globalAddress, linkLocal, loopback } from './interfaces';
import { generatedMac, qvoName } from './names';
import { providerBridges } from './ovs-bridges';
import type { SnapshotIndex } from './snapshot-index';
import type { Interface, Namespace } from './types';

export function buildRootNamespace(ix: SnapshotIndex): Namespace {
  const { config } = ix;
  const host = config.hostname;
  const interfaces: Interface[] = [loopback()];
  const add = (i: Omit<Interface, 'ifindex'>): void => void interfaces.push({ ...i, ifindex: interfaces.length + 1 });

  add({ name: config.nic, mac: config.nicMac, mtu: 1500, state: 'UP', kind: 'ether', addresses: [linkLocal(config.nicMac)], ovsBridge: 'br-ex' });
  if (config.datapathType === 'system')
    add({ name: 'ovs-system', mac: generatedMac(`${host}/ovs-system`), mtu: 1500, state: 'DOWN', kind: 'ovs-internal', addresses: [] });
  for (const b of providerBridges(ix)) {
    if (b === 'br-ex') {
      const addresses = [globalAddress(config.hostCidr), linkLocal(generatedMac(`${host}/br-ex`))];
      add({ name: 'br-ex', mac: config.nicMac, mtu: 1500, state: 'UNKNOWN', kind: 'ovs-internal', addresses, ovsBridge: 'br-ex' });
    } else {
      add({ name: b, mac: generatedMac(`${host}/${b}`), mtu: 1500, state: 'DOWN', kind: 'ovs-internal', addresses: [], ovsBridge: b });
    }
  }
  for (const b of ['br-int', 'br-tun'])
    add({ name: b, mac: generatedMac(`${host}/${b}`), mtu: 1500, state: 'DOWN', kind: 'ovs-internal', addresses: [], ovsBridge: b });
  for (const p of ix.computePorts) {
    const mac = generatedMac(`${host}/${qvoName(p.id)}`);
    const mtu = ix.networks.get(p.network_id)?.mtu ?? 1500;
    add({ name: qvoName(p.id), mac, mtu, state: 'UP', kind: 'veth', addresses: [], neutronPortId: p.id, ovsBridge: 'br-int' });
  }

  const brEx = interfaces.find((i) => i.name === 'br-ex');
  const routes = [
    ...(familyOf(config.gateway) ? [{ destination: 'default', via: config.gateway, dev: 'br-ex', proto: 'static' as const }] : []),
    ...(brEx ? connectedRoutes(brEx) : []),
  ];
  return { name: '', kind: 'root', interfaces, routes, nat: [], ipForward: false };
}
