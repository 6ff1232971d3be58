/** ssh, sshpass and ssh-keygen -R in the host shell, with a fake walker and emulated guests. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceResult } from '../../dataplane/types';
import { fingerprint, hostKey } from '../../guest/facts';
import { GuestManager } from '../../guest';
import type { GuestSpec } from '../../guest/types';
import { SEED } from '../../host/sim/seed.fixture';
import { MemFs } from '../fs';
import { rig } from '../shell.fixture';

const SERVER = '8013dacc-b5e3-48e3-b9df-08558f074b28';
const PORT = '41d7e5a0-3c5e-4b4f-9d1a-0c1f2e3d4b5a';

function spec(over: Partial<GuestSpec> = {}): GuestSpec {
  return {
    serverId: SERVER,
    hostname: 'test-instance',
    imageName: 'cirros',
    inspection: { format: 'qcow2', bootable: true },
    ramMb: 2048,
    vcpus: 1,
    diskGb: 20,
    nics: [{ portId: PORT, networkId: SEED.intnet, mac: SEED.instanceMac, ip: SEED.instanceIp, prefixLen: 24, gateway: '10.5.5.1', mtu: 1450, dhcp: true }],
    ...over,
  };
}

const toInstance: Partial<TraceResult> = {
  delivered: true,
  replied: true,
  steps: [
    { kind: 'nat', at: SEED.qrouter, detail: `DNAT ${SEED.fip} → ${SEED.instanceIp}` },
    { kind: 'deliver', at: `instance:${PORT}`, detail: 'tcp 22' },
    // the walker traces the SYN-ACK too: the last delivery is back at the sender
    { kind: 'deliver', at: SEED.qrouter, detail: 'tcp SYN-ACK delivered' },
  ],
};

function setup(guestSpec: GuestSpec = spec(), answers: Record<string, Partial<TraceResult>> = {}) {
  const guests = new GuestManager({ instant: true });
  guests.boot(guestSpec);
  const fs = new MemFs({}, ['/root', '/tmp']);
  const r = rig({ answers: { [SEED.fip]: toInstance, [SEED.instanceIp]: toInstance, ...answers }, deps: { fs, guests } });
  return { r, fs, guests };
}

describe('ssh', () => {
  it('asks about the unknown host key, then the password, then hands the lines to the guest shell until exit', async () => {
    const { r, fs } = setup();
    const first = await r.run(`ssh cirros@${SEED.fip}`);
    assert.equal(first.code, 0);
    assert.equal(
      first.stderr,
      `The authenticity of host '${SEED.fip} (${SEED.fip})' can't be established.\nED25519 key fingerprint is ${fingerprint(hostKey(SERVER))}.\nThis key is not known by any other names\n`,
    );
    assert.equal(r.shell.prompt(), 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ');
    assert.equal((await r.run('maybe')).stderr, "Please type 'yes', 'no' or the fingerprint: ");
    assert.equal((await r.run('yes')).stderr, `Warning: Permanently added '${SEED.fip}' (ED25519) to the list of known hosts.\n`);
    assert.equal(fs.read('/root/.ssh/known_hosts')!.toString(), `${SEED.fip} ${hostKey(SERVER)}\n`);
    assert.equal(r.shell.prompt(), `cirros@${SEED.fip}'s password: `);
    assert.equal(r.shell.secret, true);
    assert.equal((await r.run('nope')).stderr, 'Permission denied, please try again.\n');
    assert.deepEqual(await r.run('gocubsgo'), { stdout: '', stderr: '', code: 0 });
    assert.equal(r.shell.prompt(), '$ ');
    assert.equal((await r.run('pwd')).stdout, '/home/cirros\n');
    assert.ok((await r.run('ip a')).stdout.includes(`    inet ${SEED.instanceIp}/24 brd 10.5.5.255 scope global dynamic noprefixroute eth0\n`));
    assert.deepEqual(await r.run('exit'), { stdout: '', stderr: `Connection to ${SEED.fip} closed.\n`, code: 0 });
    assert.equal(r.shell.prompt(), '[root@localhost ~]# ');
    assert.equal((await r.run('pwd')).stdout, '/root\n');
    assert.deepEqual(r.asked.at(-1), { from: { namespace: '' }, to: SEED.fip, protocol: 'tcp', dstPort: 22 });
  });

  it('runs a command after the password; three wrong passwords end it', async () => {
    const { r } = setup();
    await r.run(`ssh -o StrictHostKeyChecking=no cirros@${SEED.fip} hostname`);
    assert.equal(r.shell.prompt(), `cirros@${SEED.fip}'s password: `);
    assert.deepEqual(await r.run('gocubsgo'), { stdout: 'test-instance\n', stderr: '', code: 0 });
    await r.run(`ssh cirros@${SEED.fip}`);
    await r.run('a');
    await r.run('b');
    assert.deepEqual(await r.run('c'), { stdout: '', stderr: `cirros@${SEED.fip}: Permission denied (publickey,password).\n`, code: 255 });
    assert.equal(r.shell.prompt(), '[root@localhost ~]# ');
  });

  it('sshpass gives the password; from the qrouter namespace to the fixed IP', async () => {
    const { r } = setup();
    const out = await r.run(`ip netns exec ${SEED.qrouter} sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${SEED.instanceIp} whoami`);
    assert.equal(out.stdout, 'cirros\n');
    assert.equal(out.code, 0);
    assert.deepEqual(r.asked.at(-1), { from: { namespace: SEED.qrouter }, to: SEED.instanceIp, protocol: 'tcp', dstPort: 22 });
    assert.equal((await r.run(`sshpass -p wrong ssh cirros@${SEED.fip} whoami`)).code, 5);
  });

  it('says why it cannot connect: no route to host, timed out, refused, unknown name', async () => {
    const { r } = setup(spec(), {
      '10.0.2.200': { delivered: false, steps: [], dropped: { at: 'br-ex', reason: 'ARP: nobody answered who-has 10.0.2.200 (INCOMPLETE)' } },
      '10.0.2.201': { delivered: false, steps: [], dropped: { at: 'qvo', reason: 'security group: no ingress rule admits tcp 22' } },
      '10.0.2.117': { delivered: true, replied: true, steps: [{ kind: 'deliver', at: SEED.qrouter, detail: 'local' }] },
    });
    assert.deepEqual(await r.run('ssh cirros@10.0.2.200'), { stdout: '', stderr: 'ssh: connect to host 10.0.2.200 port 22: No route to host\n', code: 255 });
    assert.equal((await r.run('ssh cirros@10.0.2.201')).stderr, 'ssh: connect to host 10.0.2.201 port 22: Connection timed out\n');
    assert.equal((await r.run('ssh cirros@10.0.2.117')).stderr, 'ssh: connect to host 10.0.2.117 port 22: Connection refused\n');
    assert.equal((await r.run('ssh cirros@test-instance')).stderr, 'ssh: Could not resolve hostname test-instance: Name or service not known\n');
    assert.equal((await r.run('ssh')).code, 255);
  });

  it('a guest that did not boot does not answer', async () => {
    const { r } = setup(spec({ inspection: { format: 'html', bootable: false } }));
    assert.equal((await r.run(`ssh cirros@${SEED.fip}`)).stderr, `ssh: connect to host ${SEED.fip} port 22: No route to host\n`);
  });

  it('a changed host key is refused until ssh-keygen -R forgets the old one', async () => {
    const { r, fs } = setup();
    fs.mkdir('/root/.ssh');
    fs.write('/root/.ssh/known_hosts', `${SEED.fip} ${hostKey('an-older-server')}\n`);
    const out = await r.run(`ssh cirros@${SEED.fip}`);
    assert.equal(out.code, 255);
    assert.match(out.stderr, /WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!/);
    assert.match(out.stderr, /Offending ED25519 key in \/root\/\.ssh\/known_hosts:1\n/);
    const kg = await r.run(`ssh-keygen -R ${SEED.fip}`);
    assert.equal(kg.stdout, `# Host ${SEED.fip} found: line 1\n/root/.ssh/known_hosts updated.\nOriginal contents retained as /root/.ssh/known_hosts.old\n`);
    await r.run(`ssh cirros@${SEED.fip}`);
    assert.equal(r.shell.prompt(), 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ');
    assert.equal((await r.run('no')).stderr, 'Host key verification failed.\n');
  });

  it('a reboot cuts the session', async () => {
    const { r, guests } = setup();
    await r.run(`sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${SEED.fip}`);
    assert.equal(r.shell.prompt(), '$ ');
    guests.reboot(SERVER, true);
    assert.deepEqual(await r.run('pwd'), { stdout: '', stderr: `Connection to ${SEED.fip} closed by remote host.\nConnection to ${SEED.fip} closed.\n`, code: 255 });
  });
});
