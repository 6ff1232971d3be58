import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NetworkSnapshot } from '../network/types';
import { computeHostState } from './desired-state';
import { emptySnapshot, network, port, rule, SEED, securityGroup, seedHost, seedLab, subnet } from './fixtures';
import type { HostState, Namespace } from './types';

const QR = `qrouter-${SEED.router}`;
const QDHCP = `qdhcp-${SEED.intnet}`;

function ns(state: HostState, name: string): Namespace {
  const found = state.namespaces.find((n) => n.name === name);
  assert.ok(found, `namespace ${name} exists`);
  return found;
}
const iface = (n: Namespace, name: string) => {
  const found = n.interfaces.find((i) => i.name === name);
  assert.ok(found, `${name} in ${n.name || 'root'}`);
  return found;
};
const globals = (n: Namespace, name: string) => iface(n, name).addresses.filter((a) => a.scope === 'global').map((a) => a.cidr);
const bridge = (state: HostState, name: string) => {
  const b = state.bridges.find((x) => x.name === name);
  assert.ok(b, `bridge ${name}`);
  return b;
};

describe('namespaces', () => {
  const state = computeHostState(seedLab(), seedHost());

  it('lists the root namespace first, then one qdhcp- per DHCP network and one qrouter- per router', () => {
    assert.deepEqual(
      state.namespaces.map((n) => [n.name, n.kind, n.ownerId]),
      [
        ['', 'root', undefined],
        [QDHCP, 'qdhcp', SEED.intnet],
        [QR, 'qrouter', SEED.router],
      ],
    );
  });

  it('puts the host address on br-ex, the NIC without one, and a default route via the upstream gateway', () => {
    const root = ns(state, '');
    assert.deepEqual(globals(root, 'br-ex'), ['10.0.2.15/24']);
    assert.equal(iface(root, 'br-ex').addresses[0].brd, '10.0.2.255');
    assert.deepEqual(globals(root, 'enp0s3'), []);
    assert.equal(iface(root, 'enp0s3').ovsBridge, 'br-ex');
    assert.equal(iface(root, 'lo').ifindex, 1);
    assert.deepEqual(root.routes, [
      { destination: 'default', via: '10.0.2.1', dev: 'br-ex', proto: 'static' },
      { destination: '10.0.2.0/24', dev: 'br-ex', proto: 'kernel', scope: 'link', src: '10.0.2.15' },
    ]);
  });

  it('gives qdhcp- the DHCP port tap with its IP, MAC and the network MTU (the seed: tap177c8c39-42, 10.5.5.2/24, mtu 1450)', () => {
    const dhcp = ns(state, QDHCP);
    assert.deepEqual(
      dhcp.interfaces.map((i) => [i.ifindex, i.name]),
      [
        [1, 'lo'],
        [2, 'tap177c8c39-42'],
      ],
    );
    const tap = iface(dhcp, 'tap177c8c39-42');
    assert.deepEqual(globals(dhcp, tap.name), ['10.5.5.2/24']);
    assert.equal(tap.mac, 'fa:16:3e:cd:fc:be');
    assert.equal(tap.mtu, 1450);
    assert.equal(tap.neutronPortId, SEED.dhcpPort);
    assert.ok(tap.addresses.some((a) => a.cidr === 'fe80::f816:3eff:fecd:fcbe/64' && a.scope === 'link'), 'EUI-64 link-local as in the seed');
    assert.ok(dhcp.routes.some((r) => r.destination === '10.5.5.0/24' && r.src === '10.5.5.2' && r.proto === 'kernel' && r.scope === 'link'));
    assert.equal(dhcp.ipForward, false);
  });

  it('gives qrouter- its qr- and qg- interfaces, routes, ip_forward and floating IPs as /32 on qg-', () => {
    const r = ns(state, QR);
    assert.deepEqual(
      r.interfaces.map((i) => [i.ifindex, i.name, i.mtu]),
      [
        [1, 'lo', 65536],
        [2, 'qr-3fa254c3-77', 1450],
        [3, 'qg-2e261868-ab', 1500],
      ],
    );
    assert.deepEqual(globals(r, 'qr-3fa254c3-77'), ['10.5.5.1/24']);
    assert.equal(iface(r, 'qr-3fa254c3-77').mac, 'fa:16:3e:78:a2:32');
    assert.deepEqual(globals(r, 'qg-2e261868-ab'), [`${SEED.gatewayIp}/24`, `${SEED.fipIp}/32`]);
    assert.deepEqual(r.routes, [
      { destination: 'default', via: '10.0.2.1', dev: 'qg-2e261868-ab', proto: 'boot' },
      { destination: '10.5.5.0/24', dev: 'qr-3fa254c3-77', proto: 'kernel', scope: 'link', src: '10.5.5.1' },
      { destination: '10.0.2.0/24', dev: 'qg-2e261868-ab', proto: 'kernel', scope: 'link', src: SEED.gatewayIp },
    ]);
    assert.equal(r.ipForward, true);
  });

  it('has SNAT for the internal subnet and DNAT/SNAT per floating IP', () => {
    const reason = `floatingip:${SEED.fip}`;
    assert.deepEqual(ns(state, QR).nat, [
      { chain: 'PREROUTING', action: 'DNAT', match: { destination: SEED.fipIp }, to: SEED.vmIp, reason },
      { chain: 'OUTPUT', action: 'DNAT', match: { destination: SEED.fipIp }, to: SEED.vmIp, reason },
      { chain: 'POSTROUTING', action: 'SNAT', match: { source: SEED.vmIp, outInterface: 'qg-2e261868-ab' }, to: SEED.fipIp, reason },
      { chain: 'POSTROUTING', action: 'SNAT', match: { source: '10.5.5.0/24', outInterface: 'qg-2e261868-ab' }, to: SEED.gatewayIp, reason: 'snat' },
    ]);
  });

  it('before the gateway is set: only qr-, its connected route, no NAT (the seed right after router add subnet)', () => {
    const r = ns(computeHostState(seedLab({ gateway: false }), seedHost()), QR);
    assert.deepEqual(r.interfaces.map((i) => i.name), ['lo', 'qr-3fa254c3-77']);
    assert.deepEqual(r.routes, [{ destination: '10.5.5.0/24', dev: 'qr-3fa254c3-77', proto: 'kernel', scope: 'link', src: '10.5.5.1' }]);
    assert.deepEqual(r.nat, []);
  });

  it('without enable_snat keeps only the floating IP rules; an unassociated floating IP adds nothing', () => {
    const snap = seedLab();
    snap.routers[0].external_gateway_info = { ...(snap.routers[0].external_gateway_info as NonNullable<(typeof snap.routers)[0]['external_gateway_info']>), enable_snat: false };
    assert.deepEqual(ns(computeHostState(snap, seedHost()), QR).nat.map((n) => n.reason), Array(3).fill(`floatingip:${SEED.fip}`));
    const bare = ns(computeHostState(seedLab({ floatingIp: false }), seedHost()), QR);
    assert.deepEqual(bare.nat.map((n) => n.reason), ['snat']);
    assert.deepEqual(globals(bare, 'qg-2e261868-ab'), [`${SEED.gatewayIp}/24`]);
  });

  it('adds a router extra route through the interface that reaches its next hop', () => {
    const snap = seedLab();
    snap.routers[0].routes = [{ destination: '192.168.50.0/24', nexthop: '10.5.5.250' }];
    assert.deepEqual(ns(computeHostState(snap, seedHost()), QR).routes.at(-1), { destination: '192.168.50.0/24', via: '10.5.5.250', dev: 'qr-3fa254c3-77', proto: 'boot' });
  });

  it('has no namespaces for an admin-down router or a network without DHCP', () => {
    const snap = seedLab();
    snap.routers[0].admin_state_up = false;
    snap.subnets[1].enable_dhcp = false;
    assert.deepEqual(computeHostState(snap, seedHost()).namespaces.map((n) => n.name), ['']);
  });
});

describe('OVS bridges and local VLANs', () => {
  const state = computeHostState(seedLab(), seedHost());

  it('builds br-int (secure) with the patches and every Neutron port tagged', () => {
    const brInt = bridge(state, 'br-int');
    assert.equal(brInt.failMode, 'secure');
    assert.equal(brInt.datapathType, 'system');
    const ports = Object.fromEntries(brInt.ports.map((p) => [p.name, p]));
    assert.deepEqual(ports['patch-tun'], { name: 'patch-tun', type: 'patch', options: { peer: 'patch-int' } });
    assert.deepEqual(ports['int-br-ex'], { name: 'int-br-ex', type: 'patch', options: { peer: 'phy-br-ex' } });
    const ext = state.localVlans[SEED.extNet];
    const int = state.localVlans[SEED.intnet];
    assert.deepEqual(ports['tap177c8c39-42'], { name: 'tap177c8c39-42', type: 'internal', tag: int, neutronPortId: SEED.dhcpPort });
    assert.equal(ports['qr-3fa254c3-77'].tag, int);
    assert.equal(ports['qg-2e261868-ab'].tag, ext);
    assert.deepEqual(ports['qvo5f3a9c21-0b'], { name: 'qvo5f3a9c21-0b', type: '', tag: int, neutronPortId: SEED.vmPort });
  });

  it('builds br-ex with the NIC and phy-br-ex, and br-tun with only patch-int on an all-in-one', () => {
    assert.deepEqual(bridge(state, 'br-ex').ports, [
      { name: 'phy-br-ex', type: 'patch', options: { peer: 'int-br-ex' } },
      { name: 'enp0s3', type: '' },
      { name: 'br-ex', type: 'internal' },
    ]);
    assert.deepEqual(bridge(state, 'br-tun').ports.map((p) => p.name), ['patch-int', 'br-tun']);
    assert.deepEqual(state.bridges.map((b) => b.name), ['br-int', 'br-ex', 'br-tun']);
  });

  it('adds a vxlan port per remote OVS agent tunnel endpoint, not for this host or itself', () => {
    const snap = seedLab();
    const agent = (host: string, ip: string) => ({
      id: host, agent_type: 'Open vSwitch agent' as const, binary: 'neutron-openvswitch-agent', host, topic: 'N/A', alive: true, admin_state_up: true, availability_zone: null,
      configurations: { tunneling_ip: ip, tunnel_types: ['vxlan'] }, created_at: '', started_at: '', heartbeat_timestamp: '', description: null, resources_synced: null,
    });
    snap.agents.push(agent('localhost', '10.0.2.15'), agent('localhost.localdomain', '10.0.2.15'), agent('compute2', '10.0.2.16'));
    const tun = bridge(computeHostState(snap, seedHost()), 'br-tun');
    assert.deepEqual(tun.ports.map((p) => [p.name, p.type, p.options?.remote_ip]), [
      ['patch-int', 'patch', undefined],
      ['vxlan-0a000210', 'vxlan', '10.0.2.16'],
      ['br-tun', 'internal', undefined],
    ]);
  });

  it('allocates tags from 1, one per network with ports here, in network creation order', () => {
    assert.deepEqual(state.localVlans, { [SEED.extNet]: 1, [SEED.intnet]: 2 });
    const onlyInt = computeHostState(seedLab({ gateway: false }), seedHost());
    assert.deepEqual(onlyInt.localVlans, { [SEED.intnet]: 1 }, 'the seed: tap… tag: 1 before the gateway');
  });

  it('parks an admin-down port, or one bound to another host, on the dead VLAN 4095', () => {
    const snap = seedLab();
    const vm = snap.ports.find((p) => p.id === SEED.vmPort) as NetworkSnapshot['ports'][number];
    vm['binding:host_id'] = 'localhost.localdomain';
    const s = computeHostState(snap, seedHost());
    assert.equal(bridge(s, 'br-int').ports.find((p) => p.name === 'qvo5f3a9c21-0b')?.tag, 4095);
    vm['binding:host_id'] = 'localhost';
    vm.admin_state_up = false;
    assert.equal(bridge(computeHostState(snap, seedHost()), 'br-int').ports.find((p) => p.name === 'qvo5f3a9c21-0b')?.tag, 4095);
  });

  it("wires in an instance of a compute host the lab simulates here (stacklab host add compute2)", () => {
    const snap = seedLab();
    const vm = snap.ports.find((p) => p.id === SEED.vmPort) as NetworkSnapshot['ports'][number];
    vm['binding:host_id'] = 'compute2';
    const tag = (cfg: ReturnType<typeof seedHost>) => bridge(computeHostState(snap, cfg), 'br-int').ports.find((p) => p.name === 'qvo5f3a9c21-0b')?.tag;
    assert.equal(tag(seedHost()), 4095);
    assert.notEqual(tag({ ...seedHost(), simulatedComputeHosts: ['compute2'] }), 4095);
  });

  it('uses the netdev datapath when asked, without the kernel ovs-system device', () => {
    const s = computeHostState(seedLab(), seedHost({ datapathType: 'netdev' }));
    assert.ok(s.bridges.every((b) => b.datapathType === 'netdev'));
    assert.ok(!s.namespaces[0].interfaces.some((i) => i.name === 'ovs-system'));
  });
});

describe('security group filters', () => {
  it('compiles the instance port rules: prefixes as is, remote groups to member /32s, none to 0.0.0.0/0', () => {
    const [f, ...rest] = computeHostState(seedLab(), seedHost()).filters;
    assert.equal(rest.length, 0, 'router and DHCP ports are not filtered');
    assert.equal(f.portId, SEED.vmPort);
    assert.equal(f.portSecurity, true);
    const byId = Object.fromEntries(f.rules.map((r) => [r.ruleId, r]));
    assert.deepEqual(byId['r-icmp'], { direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', portMin: null, portMax: null, remotes: ['0.0.0.0/0'], ruleId: 'r-icmp' });
    assert.deepEqual(byId['r-ssh'].remotes, ['0.0.0.0/0']);
    assert.deepEqual([byId['r-ssh'].portMin, byId['r-ssh'].portMax], [22, 22]);
    assert.deepEqual(byId['e6f1533e-in4'].remotes, ['10.5.5.104/32'], 'default group: its members');
    assert.deepEqual(byId['e6f1533e-in6'].remotes, [], 'no IPv6 members');
    assert.deepEqual(byId['e6f1533e-eg6'].remotes, ['::/0']);
  });

  it('normalizes protocol numbers and gives a port without port security an open filter', () => {
    const snap = seedLab();
    snap.securityGroups.push(securityGroup({ id: 'sg-num', security_group_rules: [rule({ id: 'n1', security_group_id: 'sg-num', direction: 'ingress', protocol: '6' })] }));
    const vm = snap.ports.find((p) => p.id === SEED.vmPort) as NetworkSnapshot['ports'][number];
    vm.security_groups = ['sg-num'];
    assert.equal(computeHostState(snap, seedHost()).filters[0].rules[0].protocol, 'tcp');
    vm.port_security_enabled = false;
    assert.deepEqual(computeHostState(snap, seedHost()).filters[0], { portId: SEED.vmPort, portSecurity: false, rules: [] });
  });
});

describe('determinism and scale', () => {
  it('gives a deep-equal state for the same snapshot, whatever order its lists come in', () => {
    const a = computeHostState(seedLab(), seedHost());
    const shuffled = seedLab();
    for (const k of ['networks', 'subnets', 'ports', 'routers', 'floatingIps', 'securityGroups'] as const) shuffled[k].reverse();
    assert.deepEqual(computeHostState(shuffled, seedHost()), a);
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a, 'plain data, survives JSON');
  });

  it('handles 200 networks × (1 subnet + 10 ports): distinct tags, one namespace each, every port on br-int', () => {
    const snap = emptySnapshot();
    snap.securityGroups.push(securityGroup({ id: 'sg', security_group_rules: [rule({ id: 'any-in', security_group_id: 'sg', direction: 'ingress', remote_group_id: 'sg' })] }));
    for (let n = 0; n < 200; n++) {
      const nid = `net-${String(n).padStart(3, '0')}`;
      const sid = `sub-${n}`;
      const cidr = `10.${Math.floor(n / 200) + 10}.${n % 200}.0/24`;
      snap.networks.push(network({ id: nid, subnets: [sid], 'provider:segmentation_id': n + 1 }));
      snap.subnets.push(subnet({ id: sid, network_id: nid, cidr, gateway_ip: cidr.replace('.0/24', '.1') }));
      for (let p = 0; p < 10; p++) {
        const ip = cidr.replace('.0/24', `.${p + 2}`);
        const hex = (n * 10 + p).toString(16).padStart(6, '0');
        snap.ports.push(
          port({
            id: `${hex}00-0000-4000-8000-${String(n * 10 + p).padStart(12, '0')}`,
            network_id: nid,
            mac_address: `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`,
            device_owner: p === 0 ? 'network:dhcp' : 'compute:nova',
            fixed_ips: [{ subnet_id: sid, ip_address: ip }],
            security_groups: p === 0 ? [] : ['sg'],
          }),
        );
      }
    }
    const s = computeHostState(snap, seedHost());
    const tags = Object.values(s.localVlans);
    assert.equal(tags.length, 200);
    assert.equal(new Set(tags).size, 200);
    assert.deepEqual([Math.min(...tags), Math.max(...tags)], [1, 200]);
    assert.equal(s.localVlans['net-000'], 1);
    assert.equal(s.localVlans['net-199'], 200);
    assert.equal(s.namespaces.length, 201);
    assert.equal(bridge(s, 'br-int').ports.filter((p) => p.neutronPortId).length, 2000);
    assert.equal(s.filters.length, 1800);
    assert.equal(s.filters[0].rules[0].remotes.length, 1800, 'the remote group resolves to every member');
    const dhcp = ns(s, 'qdhcp-net-042');
    assert.deepEqual(dhcp.interfaces[1].addresses[0].cidr, '10.10.42.2/24');
    assert.deepEqual(computeHostState(snap, seedHost()), s);
  });
});
