/**
 * A hand-built HostState of the seeds' all-in-one after the network chapter: intnet 10.5.5.0/24
 * (vxlan, mtu 1450) with its qdhcp namespace, router R2 with qr- and qg- ports and a floating IP
 * to test-instance (10.5.5.104 → 10.0.2.118), on br-int / br-ex / br-tun. Tests of the host and
 * the shell use it instead of the dataplane's own computation.
 */
import type { HostConfig, HostState, Interface } from '../../dataplane/types';
import { baselineState } from './baseline';

export const SEED = {
  intnet: '7b34e663-7d34-4c5c-b037-a7d5b47187d2',
  extnet: '61af13ca-6eb4-4916-9fe7-2e28d401e2bd',
  router: '4358fd19-62ea-42d3-be7d-0ef3140dc249',
  qdhcp: 'qdhcp-7b34e663-7d34-4c5c-b037-a7d5b47187d2',
  qrouter: 'qrouter-4358fd19-62ea-42d3-be7d-0ef3140dc249',
  tap: 'tap177c8c39-42',
  tapMac: 'fa:16:3e:cd:fc:be',
  qr: 'qr-3fa254c3-77',
  qrMac: 'fa:16:3e:78:a2:32',
  qg: 'qg-2e261868-ab',
  qgMac: 'fa:16:3e:5b:0e:4d',
  qgIp: '10.0.2.117',
  fip: '10.0.2.118',
  instanceTap: 'tap41d7e5a0-3c',
  instanceIp: '10.5.5.104',
  instanceMac: 'fa:16:3e:41:21:08',
  gatewayMac: '52:54:00:12:35:00',
} as const;

export const seedConfig = (): HostConfig => ({
  hostname: 'localhost',
  nic: 'enp0s3',
  nicMac: '08:00:27:d9:c7:ca',
  hostCidr: '10.0.2.15/24',
  gateway: '10.0.2.1',
  bridgeMappings: { extnet: 'br-ex' },
  tunnelIp: '10.0.2.15',
  datapathType: 'system',
});

const nsPort = (name: string, ifindex: number, mac: string, cidrs: string[]): Interface => ({
  name,
  ifindex,
  mac,
  mtu: name.startsWith('qg-') ? 1500 : 1450,
  state: 'UNKNOWN',
  kind: 'ovs-internal',
  ovsBridge: 'br-int',
  addresses: cidrs.map((c) => ({
    cidr: c,
    family: 4 as const,
    scope: 'global' as const,
    brd: c.endsWith('/32') ? c.slice(0, -3) : c.replace(/\.\d+\/24$/, '.255'),
  })),
});

export function seedState(config: HostConfig = seedConfig()): HostState {
  const state = baselineState(config);
  const root = state.namespaces[0];
  root.interfaces.push({
    name: SEED.instanceTap,
    ifindex: 10,
    mac: 'fe:16:3e:41:21:08',
    mtu: 1450,
    state: 'UNKNOWN',
    kind: 'ether',
    addresses: [],
    neutronPortId: '41d7e5a0-3c5e-4b4f-9d1a-0c1f2e3d4b5a',
    ovsBridge: 'br-int',
  });
  const brInt = state.bridges.find((b) => b.name === 'br-int');
  brInt?.ports.push(
    { name: SEED.tap, type: 'internal', tag: 1, neutronPortId: '177c8c39-42aa-4e0c-9a55-1f0e6b1c2d3e' },
    { name: SEED.qr, type: 'internal', tag: 1, neutronPortId: '3fa254c3-7712-4d0b-8b9e-5c6d7e8f9a0b' },
    { name: SEED.qg, type: 'internal', tag: 2, neutronPortId: '2e261868-ab34-4f1c-a2b3-c4d5e6f7a8b9' },
    { name: SEED.instanceTap, type: '', tag: 1, neutronPortId: '41d7e5a0-3c5e-4b4f-9d1a-0c1f2e3d4b5a' },
  );
  state.namespaces.push(
    {
      name: SEED.qdhcp,
      kind: 'qdhcp',
      ownerId: SEED.intnet,
      interfaces: [
        { name: 'lo', ifindex: 1, mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', kind: 'loopback', addresses: [{ cidr: '127.0.0.1/8', family: 4, scope: 'host' }] },
        nsPort(SEED.tap, 7, SEED.tapMac, ['10.5.5.2/24']),
      ],
      routes: [
        { destination: 'default', via: '10.5.5.1', dev: SEED.tap, proto: 'boot' },
        { destination: '10.5.5.0/24', dev: SEED.tap, proto: 'kernel', scope: 'link', src: '10.5.5.2' },
      ],
      nat: [],
      ipForward: false,
    },
    {
      name: SEED.qrouter,
      kind: 'qrouter',
      ownerId: SEED.router,
      interfaces: [
        { name: 'lo', ifindex: 1, mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', kind: 'loopback', addresses: [{ cidr: '127.0.0.1/8', family: 4, scope: 'host' }] },
        nsPort(SEED.qr, 8, SEED.qrMac, ['10.5.5.1/24']),
        nsPort(SEED.qg, 9, SEED.qgMac, [`${SEED.qgIp}/24`, `${SEED.fip}/32`]),
      ],
      routes: [
        { destination: 'default', via: '10.0.2.1', dev: SEED.qg, proto: 'static' },
        { destination: '10.0.2.0/24', dev: SEED.qg, proto: 'kernel', scope: 'link', src: SEED.qgIp },
        { destination: '10.5.5.0/24', dev: SEED.qr, proto: 'kernel', scope: 'link', src: '10.5.5.1' },
      ],
      nat: [
        { chain: 'PREROUTING', action: 'DNAT', match: { destination: SEED.fip }, to: SEED.instanceIp, reason: 'floatingip:549b391c-9074-485a-8694-38552bab5030' },
        { chain: 'POSTROUTING', action: 'SNAT', match: { source: SEED.instanceIp }, to: SEED.fip, reason: 'floatingip:549b391c-9074-485a-8694-38552bab5030' },
        { chain: 'POSTROUTING', action: 'SNAT', match: { source: '10.5.5.0/24', outInterface: SEED.qg }, to: SEED.qgIp, reason: 'snat' },
      ],
      ipForward: true,
    },
  );
  state.localVlans = { [SEED.intnet]: 1, [SEED.extnet]: 2 };
  state.filters = [
    {
      portId: '41d7e5a0-3c5e-4b4f-9d1a-0c1f2e3d4b5a',
      portSecurity: true,
      rules: [
        { direction: 'egress', ethertype: 'IPv4', protocol: null, portMin: null, portMax: null, remotes: ['0.0.0.0/0'], ruleId: 'r-egress' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', portMin: null, portMax: null, remotes: ['0.0.0.0/0'], ruleId: 'r-icmp' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portMin: 22, portMax: 22, remotes: ['0.0.0.0/0'], ruleId: 'r-ssh' },
      ],
    },
  ];
  return state;
}
