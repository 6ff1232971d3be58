/**
 * The seed's instance chapter as a student types it in the lab's host shell (`stacklab shell -c`,
 * so `openstack` is the real python-openstackclient run from root's home): `curl -o` without -L
 * saves the mirror's redirect page, Glance takes it as qcow2 and the instance boots to "No
 * bootable device"; `wget` gets the real image and the next instance boots CirrOS with its port's
 * address; ping from the qrouter namespace and ssh to the floating IP reach it only while the
 * security group lets them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { hostShell, type Json, repoRoot, type ServeProcess, startServe, tempDir } from '../support/lab';

const URL = 'https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const IMG = 'cirros-0.6.2-x86_64-disk.img';

describe('the instance walkthrough in the host shell (instant lab)', () => {
  let lab: ServeProcess;
  let fip = '';
  const ids: Record<string, string> = {};

  /** One line in the host shell, with keystonerc_admin sourced first as the seed does. */
  const sh = (line: string) => hostShell(lab.dataDir, `source keystonerc_admin && ${line}`);
  const ok = async (line: string) => {
    const r = await sh(line);
    assert.equal(r.code, 0, `${line}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const json = async (line: string): Promise<Json> => JSON.parse(await ok(`${line} -f json`)) as Json;
  const serverIp = async (name: string) => {
    const s = await json(`openstack server show ${name}`);
    const ip = (s.addresses as Record<string, string[]>).intnet?.[0];
    assert.ok(ip, `no intnet address in ${JSON.stringify(s.addresses)}`);
    return ip;
  };

  before(async () => {
    lab = await startServe(tempDir('stacklab-walk-'), undefined, ['--instant']);
    await ok('openstack network create external_network --provider-network-type flat --provider-physical-network extnet --external');
    await ok('openstack subnet create public_subnet --network external_network --subnet-range 10.0.2.0/24 --no-dhcp --allocation-pool start=10.0.2.100,end=10.0.2.200 --gateway 10.0.2.1');
    await ok('openstack network create intnet');
    await ok('openstack subnet create subnet1 --subnet-range 10.5.5.0/24 --dns-nameserver 8.8.8.8 --network intnet');
    ids.router = (await json('openstack router create R2')).id as string;
    await ok('openstack router add subnet R2 subnet1');
    await ok('openstack router set R2 --external-gateway external_network');
    await ok('openstack security group create allow-icmp-ssh');
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('curl -o without -L: Glance takes the HTML page as qcow2, and the instance has no bootable device', async () => {
    await ok(`curl -o ./${IMG} ${URL}`);
    // as in the seed, the create's table still says queued: the SDK shows the image as POSTed, before the upload
    assert.equal((await json(`openstack image create --disk-format qcow2 --container-format bare --public --file ./${IMG} cirros-bad`)).status, 'queued');
    const img = await json('openstack image show cirros-bad');
    assert.equal(img.status, 'active');
    assert.ok((img.size as number) < 2048, `the saved page is small, got ${img.size}`);
    const s = await json('openstack server create --flavor m1.tiny --image cirros-bad --network intnet --wait bad-instance');
    assert.equal(s.status, 'ACTIVE');
    const log = await ok('openstack console log show bad-instance');
    assert.match(log, /Booting from Hard Disk\.\.\./);
    assert.match(log, /No bootable device/);
    assert.doesNotMatch(log, /login:/);
    await ok('openstack server delete --wait bad-instance');
  });

  it('wget gets the real image; the instance boots CirrOS with its port\'s address on eth0', async () => {
    await ok(`rm ${IMG} && wget ${URL.replace('https', 'http')}`);
    await ok(`openstack image create --disk-format qcow2 --container-format bare --public --file ./${IMG} cirros`);
    const img = await json('openstack image show cirros');
    assert.equal(img.status, 'active');
    assert.equal(img.size, 393216);
    const s = await json('openstack server create --flavor m1.small --image cirros --network intnet --security-group allow-icmp-ssh --wait test-instance');
    ids.server = s.id as string;
    assert.equal(s.status, 'ACTIVE');
    const ip = await serverIp('test-instance');
    assert.match(ip, /^10\.5\.5\.\d+$/);
    const log = await ok('openstack console log show test-instance');
    assert.match(log, new RegExp(`if-info: eth0,up,${ip.replace(/\./g, '\\.')},24,fe80::`));
    assert.match(log, /=== cirros: current=0\.6\.2/);
    assert.match(log, /login:/);
    assert.doesNotMatch(log, /No bootable device/);
  });

  it('ping from the qrouter namespace fails while the group has no ICMP rule, and works once it has', async () => {
    const ip = await serverIp('test-instance');
    const before = await sh(`ip netns exec qrouter-${ids.router} ping -c 3 ${ip}`);
    assert.notEqual(before.code, 0);
    assert.match(before.stdout, /100% packet loss/);
    await ok('openstack security group rule create --protocol icmp allow-icmp-ssh');
    const after = await sh(`ip netns exec qrouter-${ids.router} ping -c 3 ${ip}`);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.match(after.stdout, /3 packets transmitted, 3 received, 0% packet loss/);
  });

  it('ssh to the floating IP needs the SSH rule; then sshpass runs a command inside the instance', async () => {
    fip = (await json('openstack floating ip create external_network')).floating_ip_address as string;
    await ok(`openstack server add floating ip test-instance ${fip}`);
    const blocked = await sh(`sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${fip} hostname`);
    assert.equal(blocked.code, 255, blocked.stdout + blocked.stderr);
    assert.match(blocked.stderr, /port 22: Connection timed out/);
    await ok('openstack security group rule create --protocol tcp --dst-port 22 allow-icmp-ssh');
    const r = await sh(`sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${fip} hostname`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'test-instance');
    const ipa = await sh(`sshpass -p gocubsgo ssh -o StrictHostKeyChecking=no cirros@${fip} ip a`);
    assert.match(ipa.stdout, new RegExp(`inet ${(await serverIp('test-instance')).replace(/\./g, '\\.')}/24`));
  });

  it('interactive `stacklab shell` in a terminal does not echo the ssh password', async () => {
    // a real pseudo-terminal, as a student's: readline echoes what is typed unless told not to
    const pty = await import('node-pty');
    const term = pty.spawn(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'shell', '--data-dir', lab.dataDir], { cols: 120, rows: 30, env: process.env as Record<string, string> });
    let raw = '';
    term.onData((d) => (raw += d));
    // what the student reads: the text without readline's cursor movements (ESC [ … G, ESC [ 0 J)
    const CSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
    const screen = () => raw.replace(CSI, '');
    const until = async (re: RegExp) => {
      const t0 = Date.now();
      while (!re.test(screen())) {
        if (Date.now() - t0 > 20_000) throw new Error(`no ${re} on the terminal:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    try {
      await until(/\[root@localhost ~\]# $/);
      term.write(`ssh -o StrictHostKeyChecking=no cirros@${fip}\r`);
      await until(/password: $/);
      term.write('gocubsgo\r');
      await until(/\$ $/);
      term.write('hostname\r');
      await until(/test-instance/);
      term.write('exit\r');
      await until(/\][#] $/);
      term.write('exit\r');
    } catch (error) {
      // a failed wait must not leave the shell running: the test process would never end
      term.kill();
      throw error;
    }
    assert.equal(await exited, 0);
    assert.doesNotMatch(raw, /gocubsgo/, screen());
    assert.match(screen(), /cirros@[\d.]+'s password: \r*\n\$ hostname/);
  });
});
