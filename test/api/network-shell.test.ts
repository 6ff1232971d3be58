/**
 * The lab's host shell follows Neutron: the seed's topology (external_network, intnet/subnet1,
 * router R2) is built through Neutron's HTTP API on a `stacklab serve`, then read back on the host
 * shell (`stacklab shell -c …`) the way the seeds do: `ip netns`, `ip netns exec … ip addr/route`,
 * `ping`, `arp -n`, `ip neigh flush`, `ovs-vsctl show`, `ip a`. What the shell shows must agree with
 * the API (same ports, same addresses, same MACs), follow API changes at once, and survive a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostShell, type Json, neutronCall, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

/** `stacklab shell --data-dir DIR -c LINE`: one command line on the lab's host shell. */
const shell = hostShell;


interface Port {
  id: string;
  network_id: string;
  device_owner: string;
  device_id: string;
  mac_address: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
}

/** The OVS port (and in-namespace device) name Neutron's agents give a port: tap/qr-/qg-/qvo + id[:11]. */
function devName(p: Port): string | undefined {
  const short = p.id.slice(0, 11);
  if (p.device_owner === 'network:dhcp') return `tap${short}`;
  if (p.device_owner === 'network:router_interface') return `qr-${short}`;
  if (p.device_owner === 'network:router_gateway') return `qg-${short}`;
  if (p.device_owner.startsWith('compute:')) return `qvo${short}`;
  return undefined;
}

interface OvsPort {
  bridge: string;
  name: string;
  tag?: number;
  interfaces: string[];
}

/** Parses `ovs-vsctl show` into bridges → ports (name, tag, interfaces). */
function parseOvs(text: string): { bridges: string[]; ports: OvsPort[] } {
  const bridges: string[] = [];
  const ports: OvsPort[] = [];
  let bridge = '';
  let port: OvsPort | undefined;
  for (const line of text.split('\n')) {
    let m = /^ {4}Bridge "?([^"\s]+)"?\s*$/.exec(line);
    if (m) {
      bridge = m[1];
      bridges.push(bridge);
      port = undefined;
      continue;
    }
    m = /^ {8}Port "?([^"\s]+)"?\s*$/.exec(line);
    if (m) {
      port = { bridge, name: m[1], interfaces: [] };
      ports.push(port);
      continue;
    }
    m = /^ {12}tag: (\d+)\s*$/.exec(line);
    if (m && port) {
      port.tag = Number(m[1]);
      continue;
    }
    m = /^ {12}Interface "?([^"\s]+)"?\s*$/.exec(line);
    if (m && port) port.interfaces.push(m[1]);
  }
  return { bridges, ports };
}

/** `ip netns` → the namespace names (the lines may carry ` (id: N)`). */
function netnsNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[0]);
}

/** `arp -n` → { ip: { mac, iface, incomplete } }. */
function arpTable(text: string): Record<string, { mac: string; iface: string; incomplete: boolean }> {
  const out: Record<string, { mac: string; iface: string; incomplete: boolean }> = {};
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(f[0] ?? '')) continue;
    if (f[1] === '(incomplete)') out[f[0]] = { mac: '', iface: f[f.length - 1], incomplete: true };
    else out[f[0]] = { mac: f[2], iface: f[f.length - 1], incomplete: false };
  }
  return out;
}

const PING_OK = (n: number) => new RegExp(`${n} packets transmitted, ${n} received, 0% packet loss`);

describe('the host shell follows Neutron (stacklab serve + stacklab shell -c)', () => {
  let lab: ServeProcess;
  let dataDir: string;
  let token: string;
  const ids: Record<string, string> = {};

  const neutron = (method: string, path: string, body?: unknown) => neutronCall(lab.portOffset, token, method, path, body);
  const ok = async (method: string, path: string, body?: unknown, status = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200): Promise<Json> => {
    const r = await neutron(method, path, body);
    assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const ports = async (): Promise<Port[]> => (await ok('GET', '/ports')).ports as Port[];
  const portBy = async (owner: string, networkId?: string): Promise<Port> => {
    const p = (await ports()).find((x) => x.device_owner === owner && (!networkId || x.network_id === networkId));
    assert.ok(p, `a ${owner} port`);
    return p;
  };
  const sh = (line: string) => shell(dataDir, line);
  const login = async () => {
    token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(dataDir).OS_PASSWORD, 'admin');
  };

  before(async () => {
    dataDir = tempDir();
    lab = await startServe(dataDir);
    await login();
    // the seed's topology
    ids.ext = (await ok('POST', '/networks', { network: { name: 'external_network', 'provider:network_type': 'flat', 'provider:physical_network': 'extnet', 'router:external': true } })).network.id;
    ids.publicSubnet = (
      await ok('POST', '/subnets', {
        subnet: { name: 'public_subnet', network_id: ids.ext, ip_version: 4, cidr: '10.0.2.0/24', enable_dhcp: false, gateway_ip: '10.0.2.1', allocation_pools: [{ start: '10.0.2.100', end: '10.0.2.200' }] },
      })
    ).subnet.id;
    ids.intnet = (await ok('POST', '/networks', { network: { name: 'intnet' } })).network.id;
    ids.subnet1 = (await ok('POST', '/subnets', { subnet: { name: 'subnet1', network_id: ids.intnet, ip_version: 4, cidr: '10.5.5.0/24', dns_nameservers: ['8.8.8.8'] } })).subnet.id;
    ids.router = (await ok('POST', '/routers', { router: { name: 'R2' } })).router.id;
    await ok('PUT', `/routers/${ids.router}/add_router_interface`, { subnet_id: ids.subnet1 });
    await ok('PUT', `/routers/${ids.router}`, { router: { external_gateway_info: { network_id: ids.ext } } });
    const dhcp = await portBy('network:dhcp', ids.intnet);
    ids.dhcpPort = dhcp.id;
    ids.dhcpMac = dhcp.mac_address;
    ids.qrPort = (await portBy('network:router_interface')).id;
    ids.qgPort = (await portBy('network:router_gateway')).id;
    ids.qr = `qr-${ids.qrPort.slice(0, 11)}`;
    ids.qg = `qg-${ids.qgPort.slice(0, 11)}`;
    ids.tap = `tap${ids.dhcpPort.slice(0, 11)}`;
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('the API has the seed topology: a DHCP port 10.5.5.2 with a fa:16:3e MAC, the router on 10.5.5.1 and the pool', async () => {
    const dhcp = (await ports()).find((p) => p.id === ids.dhcpPort)!;
    assert.deepEqual(
      dhcp.fixed_ips.map((f) => f.ip_address),
      ['10.5.5.2'],
    );
    assert.match(ids.dhcpMac, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const qr = (await ports()).find((p) => p.id === ids.qrPort)!;
    assert.deepEqual(
      qr.fixed_ips.map((f) => f.ip_address),
      ['10.5.5.1'],
    );
    const qg = (await ports()).find((p) => p.id === ids.qgPort)!;
    assert.match(qg.fixed_ips[0].ip_address, /^10\.0\.2\.(1\d\d|200)$/);
  });

  it('`ip netns` lists exactly qrouter-<R2> and qdhcp-<intnet>', async () => {
    const r = await sh('ip netns');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(netnsNames(r.stdout).sort(), [`qdhcp-${ids.intnet}`, `qrouter-${ids.router}`].sort());
  });

  it('`ip netns exec qdhcp-… ip addr show` has lo and the DHCP tap with 10.5.5.2/24, mtu 1450 and the port\'s MAC', async () => {
    const r = await sh(`ip netns exec qdhcp-${ids.intnet} ip addr show`);
    assert.equal(r.code, 0, r.stderr);
    const ifaces = [...r.stdout.matchAll(/^\d+: ([^:@\s]+)(?:@\S+)?: /gm)].map((m) => m[1]);
    assert.deepEqual(ifaces, ['lo', ids.tap]);
    const tapBlock = r.stdout.slice(r.stdout.indexOf(`: ${ids.tap}:`));
    assert.match(tapBlock, /\bmtu 1450\b/);
    assert.match(tapBlock, new RegExp(`link/ether ${ids.dhcpMac} brd ff:ff:ff:ff:ff:ff`));
    assert.match(tapBlock, new RegExp(`inet 10\\.5\\.5\\.2/24 brd 10\\.5\\.5\\.255 scope global ${ids.tap}`));
    assert.match(r.stdout, /inet 127\.0\.0\.1\/8 scope host lo/);
  });

  it('`ip netns exec qrouter-… ip route` has the default via 10.0.2.1 and 10.5.5.0/24 on qr-', async () => {
    const r = await sh(`ip netns exec qrouter-${ids.router} ip route`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^default via 10\\.0\\.2\\.1 dev ${ids.qg}\\b`, 'm'));
    assert.match(r.stdout, new RegExp(`^10\\.5\\.5\\.0/24 dev ${ids.qr} proto kernel scope link src 10\\.5\\.5\\.1\\b`, 'm'));
    assert.match(r.stdout, new RegExp(`^10\\.0\\.2\\.0/24 dev ${ids.qg} proto kernel scope link src 10\\.0\\.2\\.\\d+`, 'm'));
  });

  it('pings the router\'s own address and the DHCP port from the qrouter namespace (0% packet loss)', async () => {
    for (const ip of ['10.5.5.1', '10.5.5.2']) {
      const r = await sh(`ip netns exec qrouter-${ids.router} ping -c 3 ${ip}`);
      assert.equal(r.code, 0, `${ip}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^PING ${ip.replace(/\./g, '\\.')} `, 'm'));
      assert.match(r.stdout, PING_OK(3));
    }
  });

  it('`arp -n` in the qrouter then lists 10.5.5.2 with the DHCP port\'s MAC on qr-', async () => {
    const r = await sh(`ip netns exec qrouter-${ids.router} arp -n`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Address\s+HWtype\s+HWaddress\s+Flags Mask\s+Iface/);
    const t = arpTable(r.stdout);
    assert.deepEqual(t['10.5.5.2'], { mac: ids.dhcpMac, iface: ids.qr, incomplete: false });
    const neigh = await sh(`ip netns exec qrouter-${ids.router} ip neigh`);
    assert.match(neigh.stdout, new RegExp(`^10\\.5\\.5\\.2 dev ${ids.qr} lladdr ${ids.dhcpMac} (REACHABLE|STALE|DELAY)`, 'm'));
  });

  it('`ip neigh flush dev qr-…` empties that cache', async () => {
    const r = await sh(`ip netns exec qrouter-${ids.router} ip neigh flush dev ${ids.qr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const arp = await sh(`ip netns exec qrouter-${ids.router} arp -n`);
    assert.equal(arpTable(arp.stdout)['10.5.5.2'], undefined, arp.stdout);
    const neigh = await sh(`ip netns exec qrouter-${ids.router} ip neigh show dev ${ids.qr}`);
    assert.equal(neigh.code, 0, neigh.stderr);
    assert.equal(neigh.stdout.trim(), '');
  });

  it('`ovs-vsctl show` has br-int/br-ex/br-tun with their patch ports and enp0s3 on br-ex', async () => {
    const r = await sh('ovs-vsctl show');
    assert.equal(r.code, 0, r.stderr);
    const { bridges, ports: ovs } = parseOvs(r.stdout);
    assert.deepEqual([...bridges].sort(), ['br-ex', 'br-int', 'br-tun']);
    const on = (bridge: string, name: string) => ovs.find((p) => p.bridge === bridge && p.name === name);
    for (const [bridge, name, peer] of [
      ['br-int', 'patch-tun', 'patch-int'],
      ['br-tun', 'patch-int', 'patch-tun'],
      ['br-int', 'int-br-ex', 'phy-br-ex'],
      ['br-ex', 'phy-br-ex', 'int-br-ex'],
    ]) {
      assert.ok(on(bridge, name), `${name} on ${bridge}`);
      assert.match(r.stdout, new RegExp(`Interface ${name}\\s+type: patch\\s+options: \\{peer=${peer}\\}`));
    }
    assert.ok(on('br-ex', 'enp0s3'), 'enp0s3 on br-ex');
    for (const b of ['br-int', 'br-ex', 'br-tun']) assert.ok(on(b, b), `the ${b} internal port`);
    assert.match(r.stdout, /^\s*ovs_version: "/m);
  });

  it('`ovs-vsctl show` and the API agree: every tap/qr-/qg- port is a Neutron port, each tagged per network, and vice versa', async () => {
    // a port nobody plugged in (no device) is in the API but on no bridge, as in Neutron
    const loose = (await ok('POST', '/ports', { port: { network_id: ids.intnet, name: 'unbound' } })).port as Port;
    try {
      const r = await sh('ovs-vsctl show');
      const { ports: ovs } = parseOvs(r.stdout);
      const apiPorts = await ports();
      const expected = new Map(apiPorts.filter((p) => devName(p)).map((p) => [devName(p)!, p]));
      const shown = ovs.filter((p) => /^(tap|qr-|qg-|qvo|qvb)/.test(p.name));
      assert.deepEqual(shown.map((p) => p.name).sort(), [...expected.keys()].sort(), 'the device ports on the bridges are exactly the API\'s bound ports');
      assert.ok(!ovs.some((p) => p.name.includes(loose.id.slice(0, 11))), 'an unbound port has no OVS port');
      const tagOf = new Map<string, number>();
      for (const p of shown) {
        assert.equal(p.bridge, 'br-int', `${p.name} is on br-int`);
        assert.ok(Number.isInteger(p.tag) && p.tag! > 0, `${p.name} has a tag:`);
        assert.deepEqual(p.interfaces, [p.name]);
        const net = expected.get(p.name)!.network_id;
        if (tagOf.has(net)) assert.equal(p.tag, tagOf.get(net), `${p.name} shares its network's local VLAN`);
        tagOf.set(net, p.tag!);
      }
      assert.notEqual(tagOf.get(ids.intnet), tagOf.get(ids.ext), 'two networks, two local VLANs');
      for (const n of [ids.tap, ids.qr, ids.qg]) assert.ok(expected.has(n), n);
    } finally {
      await ok('DELETE', `/ports/${loose.id}`);
    }
  });

  it('`ip a` on the host shows 10.0.2.15/24 on br-ex, and `ping -c 2 10.0.2.1` works', async () => {
    const a = await sh('ip a');
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /inet 10\.0\.2\.15\/24 brd 10\.0\.2\.255 scope global br-ex/);
    assert.match(a.stdout, /^\d+: enp0s3: .* master ovs-system /m);
    const p = await sh('ping -c 2 10.0.2.1');
    assert.equal(p.code, 0, p.stdout + p.stderr);
    assert.match(p.stdout, PING_OK(2));
  });

  it('`hostname` prints localhost; an unknown command exits 127; -c returns the command\'s status', async () => {
    const h = await sh('hostname');
    assert.deepEqual(h, { code: 0, stdout: 'localhost\n', stderr: '' });
    const u = await sh('no-such-command --flag');
    assert.equal(u.code, 127);
    assert.equal(u.stdout, '');
    assert.match(u.stderr, /no-such-command: command not found/);
    assert.equal((await sh('true')).code, 0);
    assert.equal((await sh('false')).code, 1);
    assert.equal((await sh('exit 3')).code, 3);
    assert.equal((await sh('false || exit 5')).code, 5);
    assert.equal((await sh('true && hostname')).stdout, 'localhost\n');
    const bad = await sh('ip netns exec qrouter-00000000-0000-0000-0000-000000000000 ip a');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Cannot open network namespace "qrouter-00000000-0000-0000-0000-000000000000": No such file or directory/);
  });

  it('`openstack network list` runs in the host shell after `source keystonerc_admin`', async () => {
    const r = await sh('source keystonerc_admin && openstack network list -f value -c ID -c Name');
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => l.trim()).sort();
    assert.deepEqual(rows, [`${ids.ext} external_network`, `${ids.intnet} intnet`].sort());
    const without = await sh('openstack network list');
    assert.notEqual(without.code, 0, 'without the rc file the client has no credentials');
  });

  it('a restart (SIGTERM, serve again on the same dir) keeps the namespaces and a learned neighbour entry', async () => {
    const ping = await sh(`ip netns exec qrouter-${ids.router} ping -c 1 10.5.5.2`);
    assert.match(ping.stdout, PING_OK(1));
    const netnsBefore = netnsNames((await sh('ip netns')).stdout).sort();
    const arpBefore = arpTable((await sh(`ip netns exec qrouter-${ids.router} arp -n`)).stdout);
    assert.equal(arpBefore['10.5.5.2']?.mac, ids.dhcpMac);
    assert.equal(await lab.stop(), 0);
    lab = await startServe(dataDir, lab.portOffset);
    await login();
    assert.deepEqual(netnsNames((await sh('ip netns')).stdout).sort(), netnsBefore);
    const arpAfter = arpTable((await sh(`ip netns exec qrouter-${ids.router} arp -n`)).stdout);
    assert.deepEqual(arpAfter['10.5.5.2'], arpBefore['10.5.5.2']);
    const ovs = parseOvs((await sh('ovs-vsctl show')).stdout).ports.map((p) => p.name);
    for (const n of [ids.tap, ids.qr, ids.qg]) assert.ok(ovs.includes(n), `${n} after the restart`);
  });

  it('removing the router interface through the API takes qr- off br-int and its route out of the qrouter at once', async () => {
    await ok('PUT', `/routers/${ids.router}/remove_router_interface`, { subnet_id: ids.subnet1 });
    const ovs = parseOvs((await sh('ovs-vsctl show')).stdout).ports.map((p) => p.name);
    assert.ok(!ovs.includes(ids.qr), `${ids.qr} is gone from ovs-vsctl show`);
    assert.ok(ovs.includes(ids.qg) && ovs.includes(ids.tap));
    const route = await sh(`ip netns exec qrouter-${ids.router} ip route`);
    assert.doesNotMatch(route.stdout, /10\.5\.5\.0\/24/);
    const addr = await sh(`ip netns exec qrouter-${ids.router} ip addr show`);
    assert.doesNotMatch(addr.stdout, new RegExp(ids.qr));
    assert.ok(netnsNames((await sh('ip netns')).stdout).includes(`qrouter-${ids.router}`), 'the router (with its gateway) keeps its namespace');
  });

  it('deleting the router through the API removes qrouter- from `ip netns` and qg- from `ovs-vsctl show` at once', async () => {
    await ok('DELETE', `/routers/${ids.router}`);
    assert.deepEqual(netnsNames((await sh('ip netns')).stdout), [`qdhcp-${ids.intnet}`]);
    const ovs = parseOvs((await sh('ovs-vsctl show')).stdout).ports.map((p) => p.name);
    assert.ok(!ovs.includes(ids.qg), `${ids.qg} is gone`);
    assert.deepEqual(
      ovs.filter((n) => /^(tap|qr-|qg-)/.test(n)),
      [ids.tap],
    );
    const gone = await sh(`ip netns exec qrouter-${ids.router} ip a`);
    assert.notEqual(gone.code, 0);
  });
});
