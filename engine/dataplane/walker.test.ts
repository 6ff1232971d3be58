import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeHostState } from './desired-state';
import type { HostExtras, LearnedNeighbour, WalkTrace } from './extra-types';
import { neighbourTable, SEED, seedHost, seedLab, type SeedOptions } from './fixtures';
import type { HostState, TraceQuestion } from './types';
import { trace } from './walker';

const QR = `qrouter-${SEED.router}`;
const QDHCP = `qdhcp-${SEED.intnet}`;
const ROOT = { namespace: '' };
const VM = { portId: SEED.vmPort };

const lab = (opts: SeedOptions = {}) => computeHostState(seedLab(opts), seedHost());
const ask = (state: HostState, q: TraceQuestion, entries: LearnedNeighbour[] = []): WalkTrace => trace(state, neighbourTable(entries), q);
const ping = (state: HostState, from: TraceQuestion['from'], to: string, entries: LearnedNeighbour[] = []) => ask(state, { from, to, protocol: 'icmp' }, entries);
const kinds = (r: WalkTrace) => r.steps.map((s) => s.kind);

describe('pings inside the router namespace (the seed: ip netns exec qrouter-… ping)', () => {
  const state = lab();

  it('reaches its own qr- address locally', () => {
    const r = ping(state, { namespace: QR }, '10.5.5.1');
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.deepEqual(r.steps[0], { kind: 'route', at: QR, detail: 'local 10.5.5.1 dev lo table local proto kernel scope host src 10.5.5.1' });
    assert.deepEqual(r.learned, []);
  });

  it('reaches the DHCP port 10.5.5.2 across br-int, learning its MAC', () => {
    const r = ping(state, { namespace: QR }, '10.5.5.2');
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.deepEqual(r.steps.slice(0, 4), [
      { kind: 'route', at: QR, detail: '10.5.5.0/24 dev qr-3fa254c3-77 proto kernel scope link src 10.5.5.1' },
      { kind: 'arp', at: QR, detail: `ARP who-has 10.5.5.2 tell 10.5.5.1 on qr-3fa254c3-77: 10.5.5.2 is-at fa:16:3e:cd:fc:be (tap177c8c39-42 in ${QDHCP})` },
      { kind: 'switch', at: 'br-int', detail: `vlan ${state.localVlans[SEED.intnet]}: qr-3fa254c3-77 → tap177c8c39-42` },
      { kind: 'deliver', at: QDHCP, detail: 'icmp 10.5.5.1 → 10.5.5.2 delivered to tap177c8c39-42' },
    ]);
    assert.deepEqual(r.learned[0], { namespace: QR, ip: '10.5.5.2', dev: 'qr-3fa254c3-77', mac: 'fa:16:3e:cd:fc:be', state: 'REACHABLE' });
    assert.ok(r.learned.some((e) => e.namespace === QDHCP && e.ip === '10.5.5.1'), 'the DHCP namespace learns the router back');
  });

  it('reaches the upstream gateway 10.0.2.1 through qg- and br-ex once the gateway is set', () => {
    const r = ping(state, { namespace: QR }, '10.0.2.1');
    assert.equal(r.delivered, true);
    assert.ok(r.steps.some((s) => s.kind === 'switch' && s.at === 'br-ex' && s.detail.includes('phy-br-ex → enp0s3')));
    assert.ok(r.learned.some((e) => e.ip === '10.0.2.1' && e.mac === '52:54:00:12:35:00' && e.dev === 'qg-2e261868-ab'));
    assert.equal(ping(lab({ gateway: false }), { namespace: QR }, '10.0.2.1').dropped?.reason.startsWith('connect: Network is unreachable'), true);
  });

  it('reaches the instance by its fixed IP (ingress from the router allowed by the ICMP rule)', () => {
    const r = ping(state, { namespace: QR }, SEED.vmIp);
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.ok(r.steps.some((s) => s.kind === 'security-group' && s.at === 'qvo5f3a9c21-0b' && s.detail.includes('allowed by security group rule r-icmp')));
  });
});

describe('host → floating IP (the seed: ping 10.0.2.118 from the root namespace)', () => {
  it('works with the router gateway, the association and an ingress ICMP rule, and the reply comes back un-NATed', () => {
    const r = ping(lab(), ROOT, SEED.fipIp);
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.deepEqual(kinds(r).slice(0, 10), ['route', 'arp', 'switch', 'switch', 'nat', 'route', 'arp', 'switch', 'security-group', 'deliver']);
    assert.ok(r.steps.some((s) => s.kind === 'nat' && s.detail === `PREROUTING DNAT destination ${SEED.fipIp} → ${SEED.vmIp} (floatingip:${SEED.fip})`));
    assert.ok(r.steps.some((s) => s.kind === 'nat' && s.detail.startsWith(`conntrack: reply from DNATed ${SEED.vmIp} leaves as ${SEED.fipIp}`)));
    assert.deepEqual(r.steps.at(-1), { kind: 'deliver', at: 'host', detail: `icmp ${SEED.fipIp} → 10.0.2.15 delivered to br-ex` });
  });

  it('gets no ARP answer without the router gateway', () => {
    const r = ping(lab({ gateway: false }), ROOT, SEED.fipIp);
    assert.equal(r.delivered, false);
    assert.match(r.dropped?.reason ?? '', /no reply to ARP who-has 10\.0\.2\.118 on br-ex .*nothing in this L2 segment owns 10\.0\.2\.118/);
  });

  it('gets no ARP answer while the floating IP is not associated', () => {
    const r = ping(lab({ floatingIp: false }), ROOT, SEED.fipIp);
    assert.equal(r.delivered, false);
    assert.match(r.dropped?.reason ?? '', /Destination Host Unreachable/);
  });

  it('is dropped at the instance port without an ingress ICMP rule, and says so', () => {
    const r = ping(lab({ allowIcmpSsh: false }), ROOT, SEED.fipIp);
    assert.equal(r.delivered, false);
    assert.deepEqual(r.dropped, { at: 'qvo5f3a9c21-0b', reason: `no security group rule allows ingress icmp to port ${SEED.vmPort} (from 10.0.2.15)` });
    assert.equal(r.steps.at(-1)?.kind, 'drop');
  });
});

describe('security groups', () => {
  it('admits ssh (tcp/22) but not tcp/80 with allow-icmp-ssh', () => {
    const state = lab();
    assert.equal(ask(state, { from: ROOT, to: SEED.fipIp, protocol: 'tcp', dstPort: 22 }).delivered, true);
    const web = ask(state, { from: ROOT, to: SEED.fipIp, protocol: 'tcp', dstPort: 80 });
    assert.equal(web.delivered, false);
    assert.equal(web.dropped?.reason, `no security group rule allows ingress tcp/80 to port ${SEED.vmPort} (from 10.0.2.15)`);
  });

  it('lets the instance out (egress rule) and its replies back in (stateful), SNATed to the floating IP', () => {
    const r = ping(lab({ allowIcmpSsh: false }), VM, '8.8.8.8');
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.ok(r.steps.some((s) => s.kind === 'nat' && s.detail.startsWith(`POSTROUTING SNAT source ${SEED.vmIp} → ${SEED.fipIp}`)));
    assert.ok(r.steps.some((s) => s.kind === 'exit'));
    assert.ok(r.steps.some((s) => s.kind === 'security-group' && s.detail.includes('stateful')));
  });

  it('uses the router SNAT address without a floating IP', () => {
    const r = ping(lab({ floatingIp: false }), VM, '8.8.8.8');
    assert.equal(r.replied, true);
    assert.ok(r.steps.some((s) => s.kind === 'nat' && s.detail === `POSTROUTING SNAT source ${SEED.vmIp} → ${SEED.gatewayIp} (snat)`));
  });

  it('lets an instance reach the DHCP port and its gateway (default group: egress anywhere)', () => {
    const state = lab({ allowIcmpSsh: false });
    assert.equal(ping(state, VM, '10.5.5.2').replied, true);
    assert.equal(ping(state, VM, '10.5.5.1').replied, true);
  });
});

describe('neighbour caches (the seed: 10.5.5.202 (incomplete) on qr-3fa254c3-77, fixed by ip neigh flush)', () => {
  const state = lab();
  const incomplete: LearnedNeighbour = { namespace: QR, ip: SEED.vmIp, dev: 'qr-3fa254c3-77', mac: null, state: 'INCOMPLETE' };
  const stale: LearnedNeighbour = { namespace: QR, ip: SEED.vmIp, dev: 'qr-3fa254c3-77', mac: 'fa:16:3e:99:99:99', state: 'STALE' };

  it('drops at an INCOMPLETE entry, and works once it is flushed', () => {
    const r = ping(state, { namespace: QR }, SEED.vmIp, [incomplete]);
    assert.equal(r.delivered, false);
    assert.equal(r.dropped?.at, QR);
    assert.match(r.dropped?.reason ?? '', /^neighbour 10\.5\.5\.104 \(incomplete\)/);
    assert.match(r.dropped?.reason ?? '', /ip netns exec qrouter-\S+ ip neigh flush dev qr-3fa254c3-77/);
    assert.equal(ping(state, { namespace: QR }, SEED.vmIp, []).delivered, true);
  });

  it('drops at a STALE entry whose MAC nobody has, also for the host → floating IP path', () => {
    const r = ping(state, { namespace: QR }, SEED.vmIp, [stale]);
    assert.match(r.dropped?.reason ?? '', /^stale neighbour entry: 10\.5\.5\.104 lladdr fa:16:3e:99:99:99 STALE on qr-3fa254c3-77/);
    assert.equal(ping(state, ROOT, SEED.fipIp, [stale]).delivered, false);
    assert.equal(ping(state, ROOT, SEED.fipIp, [{ ...stale, state: 'FAILED', mac: null }]).delivered, false);
  });

  it("a cached entry with the NIC's MAC is right for the host's address: br-ex shares that MAC", () => {
    const state = lab();
    const qg = state.namespaces.find((n) => n.name === QR)!.interfaces.find((i) => i.name.startsWith('qg-'))!.name;
    const host: LearnedNeighbour = { namespace: QR, ip: '10.0.2.15', dev: qg, mac: state.config.nicMac, state: 'REACHABLE' };
    const r = ask(state, { from: ROOT, to: SEED.fipIp, protocol: 'tcp', dstPort: 22 }, [host]);
    assert.equal(r.delivered, true, r.dropped?.reason);
    assert.equal(r.replied, true, r.dropped?.reason);
  });

  it('uses a correct cached entry and reports it REACHABLE', () => {
    const good: LearnedNeighbour = { ...stale, mac: SEED.vmMac };
    const r = ping(state, { namespace: QR }, SEED.vmIp, [good]);
    assert.equal(r.delivered, true);
    assert.ok(r.steps.some((s) => s.kind === 'arp' && s.detail.endsWith('STALE (neighbour cache)')));
    assert.deepEqual(r.learned[0], { ...good, state: 'REACHABLE' });
  });

  it('ARP alone asks the wire, whatever the cache says', () => {
    const r = ask(state, { from: { namespace: QR }, to: SEED.vmIp, protocol: 'arp' }, [incomplete]);
    assert.equal(r.delivered, true);
    assert.equal(r.replied, true);
    assert.deepEqual(kinds(r), ['arp']);
    assert.equal(r.learned[0].mac, SEED.vmMac);
    const nobody = ask(state, { from: { namespace: QR, interface: 'qr-3fa254c3-77' }, to: '10.5.5.77', protocol: 'arp' });
    assert.equal(nobody.delivered, false);
    assert.match(nobody.dropped?.reason ?? '', /nothing in this L2 segment owns 10\.5\.5\.77/);
  });
});

describe('failures a student meets', () => {
  const state = lab();

  it('no route → Network is unreachable', () => {
    const r = ping(state, { namespace: QDHCP }, '192.168.1.1');
    assert.equal(r.delivered, true, 'qdhcp has a default route via the router, which sends it upstream');
    const noDefault = ping(lab({ gateway: false }), { namespace: QR }, '192.168.1.1');
    assert.equal(noDefault.delivered, false);
    assert.deepEqual(noDefault.dropped, { at: QR, reason: `connect: Network is unreachable (no route to 192.168.1.1 in ${QR})` });
  });

  it('an instance bound to the old hostname sits on the dead VLAN: ARP from the router gets no answer, and the reason says why', () => {
    const snap = seedLab();
    const vm = snap.ports.find((p) => p.id === SEED.vmPort);
    assert.ok(vm);
    vm['binding:host_id'] = 'localhost.localdomain';
    const r = ping(computeHostState(snap, seedHost()), { namespace: QR }, SEED.vmIp);
    assert.equal(r.delivered, false);
    assert.match(r.dropped?.reason ?? '', /dead VLAN 4095 \(it is bound to host localhost\.localdomain, but this host is localhost\)/);
  });

  it('an unknown namespace, interface or port is reported like the tools do', () => {
    assert.equal(ping(state, { namespace: 'qrouter-nope' }, '10.5.5.1').dropped?.reason, 'Cannot open network namespace "qrouter-nope": No such file or directory');
    assert.equal(ping(state, { namespace: QR, interface: 'eth9' }, '10.5.5.1').dropped?.reason, 'Cannot find device "eth9"');
    assert.match(ping(state, { portId: 'nope' }, '10.5.5.1').dropped?.reason ?? '', /not an instance port/);
  });

  it('the NIC unplugged from br-ex: the upstream gateway stops answering (the seed: 10.0.2.1 INCOMPLETE on br-ex)', () => {
    const cut: HostState = { ...state, bridges: state.bridges.map((b) => (b.name === 'br-ex' ? { ...b, ports: b.ports.filter((p) => p.name !== 'enp0s3') } : b)) };
    const r = ping(cut, ROOT, '10.0.2.1');
    assert.equal(r.delivered, false);
    assert.match(r.dropped?.reason ?? '', /no reply to ARP who-has 10\.0\.2\.1 on br-ex/);
    assert.equal(ping(state, ROOT, '10.0.2.1').delivered, true);
  });

  it('works from a plain HostState without the dataplane extras (external VLAN inferred from addresses)', () => {
    const plain: HostState & Partial<HostExtras> = { ...state };
    delete plain.vlanBindings;
    delete plain.instancePorts;
    assert.equal(ping(plain, ROOT, SEED.gatewayIp).delivered, true);
    assert.equal(ping(plain, { namespace: QR }, '10.5.5.2').delivered, true);
  });
});

describe('determinism', () => {
  it('gives the same trace for the same state, neighbours and question', () => {
    const a = ping(lab(), ROOT, SEED.fipIp);
    const b = ping(lab(), ROOT, SEED.fipIp);
    assert.deepEqual(a, b);
  });
});
