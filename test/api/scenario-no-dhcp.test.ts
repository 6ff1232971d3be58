import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type Json, openstack, openstackJson, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** no-dhcp: the private subnet made with --no-dhcp; the guest gets no lease until DHCP is on and it reboots. */
describe('scenario no-dhcp (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const os = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const ids = (d: { findings: Json[] }) => d.findings.map((f) => f.id);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('the console shows udhcpc failing; enabling DHCP is not enough until the reboot', async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'no-dhcp']);
    const vm = await openstackJson<Json>(lab.dataDir, ['server', 'show', 'vm1']);
    assert.equal(vm.status, 'ACTIVE');
    const ip = String((vm.addresses as Record<string, string[]>).private[0]);
    const routerId = String((await openstackJson<Json>(lab.dataDir, ['router', 'show', 'router1'])).id);
    const ssh = () => hostShell(lab.dataDir, `ip netns exec qrouter-${routerId} sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${ip} hostname`);
    assert.match(await os(['console', 'log', 'show', 'vm1']), /udhcpc: No lease, failing\n/);
    const before2 = await ssh();
    assert.notEqual(before2.code, 0, 'a guest without its address does not answer');
    assert.match(before2.stderr, /Connection timed out|No route to host/);

    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(ids(d), ['subnet-no-dhcp', 'instance-no-lease'], JSON.stringify(d.findings, null, 2));
    assert.equal(d.findings[0].cause, 'Subnet private_subnet has DHCP disabled while 1 instance port(s) are on its network.');
    assert.deepEqual(d.findings[0].fix, ['openstack subnet set --dhcp private_subnet']);
    assert.match(d.findings[1].cause as string, /^vm1's last boot got no DHCP lease \(udhcpc: No lease, failing\)/);
    assert.deepEqual(d.findings[1].fix.slice(-1), ['openstack server reboot vm1']);

    // DHCP on: the guest already gave up; only the reboot's new boot gets the lease
    await os(['subnet', 'set', '--dhcp', 'private_subnet']);
    const mid = await doctorJson(lab.dataDir);
    assert.deepEqual(ids(mid), ['instance-no-lease']);
    assert.equal(mid.scenario?.solved, false);

    await os(['server', 'reboot', '--wait', 'vm1']);
    const log = await os(['console', 'log', 'show', 'vm1']);
    assert.match(log.slice(log.lastIndexOf('Linux version ')), new RegExp(`udhcpc: lease of ${ip.replace(/\./g, '\\.')} obtained from `));
    const after2 = await ssh();
    assert.equal(after2.code, 0, after2.stderr);
    assert.equal(after2.stdout, 'vm1\n');
    assert.deepEqual((await doctorJson(lab.dataDir)).findings, []);
    const st = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(st.name, 'no-dhcp');
    assert.equal(st.solved, true);
  });
});
