/**
 * The realized state of a freshly installed PackStack host before Neutron has anything to
 * realize: loopback, the NIC enslaved to br-ex (which holds the host address), the OVS agent's
 * three bridges and their patch ports. The sim host starts from it until the dataplane applies
 * its first desired state.
 */
import { loopback } from '../../dataplane/interfaces';
import type { HostConfig, HostState, Interface, OvsBridge } from '../../dataplane/types';
import { addressOf, broadcastOf, networkOf } from '../../core/net/ip';

/** A stable, locally administered MAC for a host-side device that has no Neutron port. */
export function hostMac(seed: string): string {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const b = [(h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h >>> 5) & 255];
  return ['e2', ...b.map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

export function baselineState(config: HostConfig): HostState {
  const host = { address: addressOf(config.hostCidr) };
  const internal = (name: string, ifindex: number, state: Interface['state'], mac = hostMac(name)): Interface => ({
    name,
    ifindex,
    mac,
    mtu: 1500,
    state,
    kind: 'ovs-internal',
    addresses: [],
    ovsBridge: name,
  });
  const brEx = internal('br-ex', 4, 'UNKNOWN', config.nicMac);
  brEx.addresses.push({ cidr: config.hostCidr, family: 4, scope: 'global', brd: broadcastOf(config.hostCidr) });
  const interfaces: Interface[] = [
    loopback(),
    { name: config.nic, ifindex: 2, mac: config.nicMac, mtu: 1500, state: 'UP', kind: 'ether', addresses: [], ovsBridge: 'br-ex' },
    { name: 'ovs-system', ifindex: 3, mac: hostMac('ovs-system'), mtu: 1500, state: 'DOWN', kind: 'bridge', addresses: [] },
    brEx,
    internal('br-int', 5, 'DOWN'),
    internal('br-tun', 6, 'DOWN'),
  ];
  const secure = (name: string, ports: OvsBridge['ports']): OvsBridge => ({ name, datapathType: config.datapathType, failMode: 'secure', ports });
  const physical = Object.values(config.bridgeMappings);
  const bridges: OvsBridge[] = [
    secure('br-int', [
      { name: 'br-int', type: 'internal' },
      { name: 'patch-tun', type: 'patch', options: { peer: 'patch-int' } },
      ...physical.map((b) => ({ name: `int-${b}`, type: 'patch' as const, options: { peer: `phy-${b}` } })),
    ]),
    ...physical.map((b) =>
      secure(b, [
        { name: `phy-${b}`, type: 'patch', options: { peer: `int-${b}` } },
        ...(b === 'br-ex' ? [{ name: config.nic, type: '' as const }] : []),
        { name: b, type: 'internal' },
      ]),
    ),
    secure('br-tun', [
      { name: 'patch-int', type: 'patch', options: { peer: 'patch-tun' } },
      { name: 'br-tun', type: 'internal' },
    ]),
  ];
  return {
    config,
    bridges,
    namespaces: [
      {
        name: '',
        kind: 'root',
        interfaces,
        routes: [
          { destination: 'default', via: config.gateway, dev: 'br-ex', proto: 'static' },
          { destination: networkOf(config.hostCidr), dev: 'br-ex', proto: 'kernel', scope: 'link', src: host.address },
        ],
        nat: [],
        ipForward: true,
      },
    ],
    localVlans: {},
    filters: [],
  };
}
