import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostShell, type Json, openstack, type ServeProcess, stacklab, startServe, tempDir } from '../support/lab';

/**
 * `stacklab doctor` on labs broken by hand, outside the scenario list: each break gives exactly its
 * finding (cause, evidence, fix), and after the student's fix the doctor reports nothing again.
 */
describe('stacklab doctor on hand-broken labs (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const ok = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const sh = async (line: string) => {
    const r = await hostShell(lab.dataDir, line);
    assert.equal(r.code, 0, `${line}: ${r.stderr}`);
  };
  const doctor = async () => {
    const r = await stacklab(['doctor', '--json', '--data-dir', lab.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { findings: Json[] }).findings;
  };
  const only = async (id: string) => {
    const f = await doctor();
    assert.deepEqual(f.map((x) => x.id), [id], JSON.stringify(f, null, 2));
    return f[0];
  };

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('a healthy lab: no findings; the text output says so', async () => {
    assert.deepEqual(await doctor(), []);
    const r = await stacklab(['doctor', '--data-dir', lab.dataDir]);
    assert.equal(r.stdout, 'No problems found.\n');
  });

  it('a stopped neutron-l3-agent', async () => {
    await sh('systemctl stop neutron-l3-agent');
    const f = await only('service-down');
    assert.equal(f.cause, 'neutron-l3-agent is inactive on the host.');
    assert.deepEqual(f.fix, ['systemctl start neutron-l3-agent', 'systemctl status neutron-l3-agent']);
    await sh('systemctl start neutron-l3-agent');
    assert.deepEqual(await doctor(), []);
  });

  it('a router without interface', async () => {
    await ok(['network', 'create', 'net1']);
    await ok(['subnet', 'create', '--network', 'net1', '--subnet-range', '10.20.0.0/24', 'sub1']);
    await ok(['router', 'create', 'r1']);
    const f = await only('router-no-interface');
    assert.equal(f.cause, 'Router r1 has no interface on any subnet.');
    await ok(['router', 'add', 'subnet', 'r1', 'sub1']);
    assert.deepEqual(await doctor(), []);
  });

  it('an image whose bytes are not its disk_format (the curl -o HTML page)', async () => {
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, '<html><head><title>302 Found</title></head><body>Moved</body></html>\n');
    await ok(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', file, 'broken']);
    const f = await only('image-format-mismatch');
    assert.match(f.cause as string, /^Image broken is declared qcow2 but its \d+ bytes are not a qcow2 disk/);
    assert.match((f.evidence as Json[])[0].command as string, /^openstack image show /);
    await ok(['image', 'delete', 'broken']);
    assert.deepEqual(await doctor(), []);
  });

  it('a port on a network set down', async () => {
    await ok(['port', 'create', '--network', 'net1', 'p1']);
    await ok(['network', 'set', '--disable', 'net1']);
    const f = await only('network-down');
    assert.equal(f.cause, 'Network net1 is administratively DOWN (admin_state_up False).');
    assert.deepEqual(f.fix, ['openstack network set --enable net1']);
    await ok(['network', 'set', '--enable', 'net1']);
    assert.deepEqual(await doctor(), []);
  });

  it('an instance port on a subnet without DHCP', async () => {
    await ok(['port', 'create', '--network', 'net1', '--device-owner', 'compute:nova', 'vmport']);
    await ok(['subnet', 'set', '--no-dhcp', 'sub1']);
    const f = await only('subnet-no-dhcp');
    assert.match(f.cause as string, /^Subnet sub1 has DHCP disabled while 1 instance port\(s\) are on its network\.$/);
    await ok(['subnet', 'set', '--dhcp', 'sub1']);
    assert.deepEqual(await doctor(), []);
  });
  // Five more, on an instance behind a router with a floating IP (the leftovers above are cleared first)
  const fipVm = async () => {
    await ok(['port', 'delete', 'vmport', 'p1']);
    await sh('source keystonerc_admin; wget -q http://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img; openstack image create --disk-format qcow2 --container-format bare --public --file cirros-0.6.2-x86_64-disk.img cirros');
    await ok(['network', 'create', 'public', '--external', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet']);
    await ok(['subnet', 'create', 'public_subnet', '--network', 'public', '--subnet-range', '10.0.2.0/24', '--no-dhcp', '--allocation-pool', 'start=10.0.2.100,end=10.0.2.200', '--gateway', '10.0.2.1']);
    await ok(['router', 'set', '--external-gateway', 'public', 'r1']);
    await ok(['security', 'group', 'create', 'web']);
  };

  it('a security group that admits ICMP and SSH only from members of another group', async () => {
    await fipVm();
    await ok(['security', 'group', 'rule', 'create', '--proto', 'icmp', '--remote-group', 'default', 'web']);
    await ok(['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', '--remote-group', 'default', 'web']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'net1', '--security-group', 'web', '--wait', 'vm1']);
    await ok(['floating', 'ip', 'create', '--floating-ip-address', '10.0.2.160', 'public']);
    await ok(['server', 'add', 'floating', 'ip', 'vm1', '10.0.2.160']);
    const f = await only('secgroup-no-ingress');
    assert.equal(f.cause, "The security group(s) of vm1's port (web) have no ingress rule admitting ICMP or TCP port 22 (SSH) from outside (their ingress rules admit only members of a security group).");
    assert.ok((f.evidence as Json[]).some((e) => e.command === 'ping -c 1 -W 1 10.0.2.160' && /0 received/.test(e.output as string)));
    await ok(['security', 'group', 'rule', 'create', '--proto', 'icmp', '--remote-ip', '0.0.0.0/0', 'web']);
    await ok(['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22:22', '--remote-ip', '10.0.2.0/24', 'web']);
    assert.deepEqual(await doctor(), []);
  });

  it("a router whose external gateway was removed under an instance", async () => {
    await ok(['server', 'remove', 'floating', 'ip', 'vm1', '10.0.2.160']);
    await ok(['router', 'unset', '--external-gateway', 'r1']);
    const f = await only('router-no-gateway');
    assert.equal(f.cause, 'Router r1 has no external gateway (external_gateway_info is empty) although external network public exists.');
    await ok(['router', 'set', '--external-gateway', 'public', 'r1']);
    assert.deepEqual(await doctor(), []);
  });

  it('DHCP enabled after the instance booted without a lease (no reboot yet)', async () => {
    await ok(['network', 'create', 'net2']);
    await ok(['subnet', 'create', '--network', 'net2', '--subnet-range', '10.21.0.0/24', '--no-dhcp', 'sub2']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'net2', '--wait', 'vm2']);
    await ok(['subnet', 'set', '--dhcp', 'sub2']);
    const f = await only('instance-no-lease');
    assert.match(f.cause as string, /^vm2's last boot got no DHCP lease \(udhcpc: No lease, failing\)/);
    assert.match((f.evidence as Json[])[0].output as string, /udhcpc: No lease, failing/);
    await ok(['server', 'reboot', '--wait', 'vm2']);
    assert.deepEqual(await doctor(), []);
  });

  it("the admin project's cores quota used up", async () => {
    await ok(['quota', 'set', '--cores', '2', 'admin']);
    const f = await only('quota-exhausted');
    assert.equal(f.cause, 'Project admin has used all of its compute quota: cores 2 of 2.');
    assert.deepEqual(f.fix, ['openstack quota set --cores 10 admin', 'openstack server delete <an instance of admin no longer needed>']);
    await ok(['quota', 'set', '--cores', '20', 'admin']);
    assert.deepEqual(await doctor(), []);
  });

  it('a stopped openstack-nova-compute', async () => {
    await sh('systemctl stop openstack-nova-compute');
    const f = await only('service-down');
    assert.equal(f.cause, 'openstack-nova-compute is inactive on the host.');
    await sh('systemctl start openstack-nova-compute');
    assert.deepEqual(await doctor(), []);
  });
});
