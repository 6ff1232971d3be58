import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type Json, openstack, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** secgroup-blocks: an instance with a floating IP in the default security group; solved with two rules. */
describe('scenario secgroup-blocks (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const os = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('ping and ssh to the floating IP time out; the doctor names the group; two rules solve it', async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'secgroup-blocks']);
    assert.match(await os(['server', 'list']), /\| vm1\s+\| ACTIVE\s+\| private=10\.0\.2\.150, 10\.5\.5\.\d+/);
    const ping = await hostShell(lab.dataDir, 'ping -c 1 -W 1 10.0.2.150');
    assert.equal(ping.code, 1);
    assert.match(ping.stdout, /1 packets transmitted, 0 received/);
    const ssh = await hostShell(lab.dataDir, 'sshpass -p gocubsgo ssh cirros@10.0.2.150 hostname');
    assert.notEqual(ssh.code, 0);

    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(d.findings.map((f) => f.id), ['secgroup-no-ingress'], JSON.stringify(d.findings, null, 2));
    const f = d.findings[0];
    assert.equal(f.symptom, 'ping and ssh to instance vm1 at floating IP 10.0.2.150 time out.');
    assert.equal(f.cause, "The security group(s) of vm1's port (default) have no ingress rule admitting ICMP or TCP port 22 (SSH) from outside (their ingress rules admit only members of a security group).");
    assert.deepEqual(f.fix, ['openstack security group rule create --proto icmp default', 'openstack security group rule create --proto tcp --dst-port 22 default']);
    assert.ok((f.evidence as Json[]).some((e) => /^openstack security group rule list \S+ --ingress -f json$/.test(e.command as string)));
    assert.equal(d.scenario?.solved, false);

    // ICMP alone: ping works, ssh is still refused and the doctor now asks only for port 22
    await os(['security', 'group', 'rule', 'create', '--proto', 'icmp', 'default']);
    assert.equal((await hostShell(lab.dataDir, 'ping -c 1 -W 1 10.0.2.150')).code, 0);
    const half = await doctorJson(lab.dataDir);
    assert.deepEqual(half.findings.map((x) => x.fix), [['openstack security group rule create --proto tcp --dst-port 22 default']]);
    assert.equal(half.findings[0].symptom, 'ssh to instance vm1 at floating IP 10.0.2.150 times out.');

    await os(['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'default']);
    const login = await hostShell(lab.dataDir, 'sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@10.0.2.150 hostname');
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.stdout, 'vm1\n');
    const fixed = await doctorJson(lab.dataDir);
    assert.deepEqual(fixed.findings, []);
    const st = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(st.name, 'secgroup-blocks');
    assert.equal(st.solved, true);
  });
});
