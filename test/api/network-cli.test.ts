import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openstack, openstackJson, type ServeProcess, startServe, tempDir } from '../support/lab';

/**
 * The seed's networking walkthrough with the real python-openstackclient against
 * `stacklab serve`: provider and project networks, subnets, a router with a gateway,
 * security groups, a floating IP, ports, agents and IP availability.
 */
describe('networking through the real openstack CLI', () => {
  let lab: ServeProcess;
  const os = (args: string[]) => openstack(lab.dataDir, args);
  const json = <T = Record<string, unknown>>(args: string[]) => openstackJson<T>(lab.dataDir, args);
  const ids: Record<string, string> = {};

  before(async () => {
    lab = await startServe(tempDir());
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('lists neutron in the catalog on 9696', async () => {
    const r = await os(['endpoint', 'list', '--service', 'network', '-f', 'value', '-c', 'URL']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${9696 + lab.portOffset}`));
  });

  it('creates the flat external network on physnet extnet', async () => {
    const r = await os(['network', 'create', 'external_network', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet', '--external']);
    assert.equal(r.code, 0, r.stderr);
    for (const field of ['provider:network_type', 'provider:physical_network', 'router:external', 'mtu', 'status', 'subnets']) assert.match(r.stdout, new RegExp(`\\| ${field.replace(/[:]/g, ':')}\\s`));
    const n = await json(['network', 'show', 'external_network']);
    ids.ext = n.id as string;
    assert.equal(n['provider:network_type'], 'flat');
    assert.equal(n['provider:physical_network'], 'extnet');
    assert.equal(n['router:external'], true);
    assert.equal(n.mtu, 1500);
  });

  it('creates public_subnet with an allocation pool and no DHCP', async () => {
    const s = await json(['subnet', 'create', 'public_subnet', '--network', 'external_network', '--subnet-range', '10.0.2.0/24', '--no-dhcp', '--allocation-pool', 'start=10.0.2.100,end=10.0.2.200', '--gateway', '10.0.2.1']);
    ids.publicSubnet = s.id as string;
    assert.equal(s.cidr, '10.0.2.0/24');
    assert.equal(s.gateway_ip, '10.0.2.1');
    assert.equal(s.enable_dhcp, false);
    assert.deepEqual(s.allocation_pools, [{ start: '10.0.2.100', end: '10.0.2.200' }]);
  });

  it('creates intnet as vxlan with mtu 1450 and a segmentation id, and subnet1 with DHCP', async () => {
    const n = await json(['network', 'create', 'intnet']);
    ids.intnet = n.id as string;
    assert.equal(n['provider:network_type'], 'vxlan');
    assert.equal(n.mtu, 1450);
    assert.equal(typeof n['provider:segmentation_id'], 'number');
    const s = await json(['subnet', 'create', 'subnet1', '--subnet-range', '10.5.5.0/24', '--dns-nameserver', '8.8.8.8', '--network', 'intnet']);
    ids.subnet1 = s.id as string;
    assert.equal(s.gateway_ip, '10.5.5.1');
    assert.deepEqual(s.dns_nameservers, ['8.8.8.8']);
    assert.deepEqual(s.allocation_pools, [{ start: '10.5.5.2', end: '10.5.5.254' }]);
    const ports = await json<Record<string, unknown>[]>(['port', 'list', '--network', 'intnet', '--long']);
    const dhcp = ports.find((p) => p['Device Owner'] === 'network:dhcp');
    assert.ok(dhcp, 'a DHCP port appears with the subnet');
    assert.match(JSON.stringify(dhcp['Fixed IP Addresses']), /10\.5\.5\.2/);
    assert.match(String(dhcp['MAC Address']), /^fa:16:3e:/);
  });

  it('builds router R2 with an interface on subnet1 and a gateway on external_network', async () => {
    const r = await json(['router', 'create', 'R2']);
    ids.router = r.id as string;
    let res = await os(['router', 'add', 'subnet', 'R2', 'subnet1']);
    assert.equal(res.code, 0, res.stderr);
    res = await os(['router', 'set', 'R2', '--external-gateway', 'external_network']);
    assert.equal(res.code, 0, res.stderr);
    const shown = await json(['router', 'show', 'R2']);
    const gw = shown.external_gateway_info as { network_id: string; enable_snat: boolean; external_fixed_ips: { ip_address: string }[] };
    assert.equal(gw.network_id, ids.ext);
    assert.equal(gw.enable_snat, true);
    assert.match(gw.external_fixed_ips[0].ip_address, /^10\.0\.2\.(1\d\d|200)$/);
    const ports = await json<Record<string, unknown>[]>(['port', 'list', '--router', 'R2', '--long']);
    assert.deepEqual(ports.map((p) => p['Device Owner']).sort(), ['network:router_gateway', 'network:router_interface']);
    assert.ok(ports.some((p) => JSON.stringify(p['Fixed IP Addresses']).includes('10.5.5.1')));
  });

  it('refuses a second interface on the same subnet and deleting a network in use, as Neutron does', async () => {
    const again = await os(['router', 'add', 'subnet', 'R2', 'subnet1']);
    assert.notEqual(again.code, 0);
    const del = await os(['network', 'delete', 'intnet']);
    assert.notEqual(del.code, 0);
    assert.match(del.stderr, /one or more ports still in use|in use/i);
  });

  it('creates a security group with ICMP and SSH rules and refuses a duplicate rule', async () => {
    const g = await json(['security', 'group', 'create', 'allow-icmp-ssh']);
    ids.sg = g.id as string;
    let r = await os(['security', 'group', 'rule', 'create', '--protocol', 'icmp', 'allow-icmp-ssh']);
    assert.equal(r.code, 0, r.stderr);
    r = await os(['security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'allow-icmp-ssh']);
    assert.equal(r.code, 0, r.stderr);
    const rules = await json<Record<string, unknown>[]>(['security', 'group', 'rule', 'list', 'allow-icmp-ssh']);
    assert.ok(rules.some((x) => x['IP Protocol'] === 'icmp'));
    assert.ok(rules.some((x) => x['IP Protocol'] === 'tcp' && String(x['Port Range']) === '22:22'));
    const dup = await os(['security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'allow-icmp-ssh']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Security group rule already exists/);
  });

  it('creates a floating IP on public_subnet from the pool', async () => {
    const f = await json(['floating', 'ip', 'create', '--subnet', ids.publicSubnet, ids.ext]);
    assert.match(String(f.floating_ip_address), /^10\.0\.2\.(1\d\d|200)$/);
    assert.equal(f.status, 'DOWN');
    const list = await json<Record<string, unknown>[]>(['floating', 'ip', 'list']);
    assert.equal(list.length, 1);
  });

  it('lists the agents of the host alive, and IP availability for the project', async () => {
    const agents = await os(['network', 'agent', 'list']);
    assert.equal(agents.code, 0, agents.stderr);
    for (const t of ['Open vSwitch agent', 'DHCP agent', 'L3 agent', 'Metadata agent', 'Metering agent']) assert.match(agents.stdout, new RegExp(`${t}\\s*\\| localhost`));
    assert.match(agents.stdout, /:-\)/);
    const l3 = await json<Record<string, unknown>[]>(['network', 'agent', 'list', '--router', 'R2']);
    assert.equal(l3.length, 1);
    const avail = await json<Record<string, unknown>[]>(['ip', 'availability', 'list', '--project', 'admin']);
    const ext = avail.find((a) => a['Network Name'] === 'external_network');
    assert.ok(ext);
    assert.equal(ext['Total IPs'], 101);
    assert.equal(ext['Used IPs'], 2);
  });

  it('tags networks and lists only implemented extensions', async () => {
    const t = await json(['network', 'create', '--tag', 'lab', '--tag', 'blue', 'tagged']);
    assert.deepEqual(t.tags, ['blue', 'lab']);
    const byTag = await json<Record<string, unknown>[]>(['network', 'list', '--tags', 'lab']);
    assert.deepEqual(byTag.map((x) => x.Name), ['tagged']);
    const ext = await json<Record<string, unknown>[]>(['extension', 'list', '--network']);
    const aliases = ext.map((e) => e.Alias);
    for (const a of ['router', 'external-net', 'security-group', 'agent', 'network-ip-availability', 'standard-attr-tag']) assert.ok(aliases.includes(a), a);
    assert.ok(!aliases.includes('port_forwarding') && !aliases.includes('segment'));
  });

  it('answers a demo member with Neutron\'s policy error for a provider network', async () => {
    const r = await openstack(lab.dataDir, ['network', 'create', 'x', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet2'], { who: 'demo' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /disallowed by policy|403/);
  });
});
