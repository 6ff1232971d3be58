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
});
