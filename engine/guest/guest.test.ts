/** The emulated CirrOS guest: boot transcripts from its spec, the serial console's login and shell, power changes, ssh access. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprint, hostKey } from './facts';
import { GuestManager } from './index';
import type { GuestSpec, ProbeFn } from './types';

const SERVER = '8013dacc-b5e3-48e3-b9df-08558f074b28';
const PORT = '5e2a7c1f-3d4b-4e6a-9f10-1a2b3c4d5e6f';

function spec(over: Partial<GuestSpec> = {}, nic: Partial<GuestSpec['nics'][number]> = {}): GuestSpec {
  return {
    serverId: SERVER,
    hostname: 'test-instance',
    imageName: 'cirros',
    inspection: { format: 'qcow2', bootable: true, virtualSize: 117440512 },
    ramMb: 2048,
    vcpus: 1,
    diskGb: 20,
    nics: [{ portId: PORT, networkId: 'net-1', mac: 'fa:16:3e:41:21:08', ip: '10.5.5.104', prefixLen: 24, gateway: '10.5.5.1', mtu: 1450, dhcp: true, ...nic }],
    ...over,
  };
}

/** A console driven line by line: what the guest answers to each line typed. */
async function consoleOf(g: GuestManager, serverId = SERVER) {
  let out = '';
  const session = g.attach(serverId, (d) => (out += d))!;
  assert.ok(session);
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    async type(line: string): Promise<string> {
      out = '';
      session.write(`${line}\r`);
      for (let i = 0; i < 5; i++) await settle();
      return out;
    },
    session,
  };
}

async function loggedIn(g: GuestManager) {
  const c = await consoleOf(g);
  await c.type('cirros');
  const after = await c.type('gocubsgo');
  assert.equal(after, '\r\n$ ');
  return c;
}

describe('guest boot transcript', () => {
  it('shows the port address, the EUI-64 link-local, routes, the datasource and the login prompt', () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    const log = g.consoleLog(SERVER)!;
    assert.match(log, /udhcpc: lease of 10\.5\.5\.104 obtained from 10\.5\.5\.1, lease time 86400/);
    assert.ok(log.includes('=== network info ===\nif-info: lo,up,127.0.0.1,8,,\nif-info: eth0,up,10.5.5.104,24,fe80::f816:3eff:fe41:2108/64,\n'), log);
    assert.ok(log.includes('ip-route:default via 10.5.5.1 dev eth0  src 10.5.5.104  metric 1002 \n'));
    assert.ok(log.includes('ip-route:10.5.5.0/24 dev eth0 scope link  src 10.5.5.104  metric 1002 \n'));
    assert.ok(log.includes('=== datasource: ec2 net ===\ninstance-id: i-'));
    assert.ok(log.includes('local-hostname: test-instance.novalocal\n'));
    assert.match(log, /=== cirros: current=0\.6\.2 latest=0\.6\.2 uptime=\d+\.\d\d ===/);
    assert.ok(log.includes('   http://cirros-cloud.net\n'));
    assert.ok(log.includes("login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.\n"));
    assert.ok(log.endsWith('test-instance login: '), JSON.stringify(log.slice(-60)));
    assert.ok(log.includes(`${hostKey(SERVER)} root@test-instance`));
    assert.equal(g.consoleLog(SERVER, 2), "login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.\ntest-instance login: ");
  });

  it('uses the ec2 id Nova gives, else one derived from the server id', () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec({ ec2Id: 'i-0000000b' }));
    assert.ok(g.consoleLog(SERVER)!.includes('instance-id: i-0000000b\n'));
  });

  it('without DHCP: no lease, eth0 without an address, no metadata, the default hostname', () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec({}, { dhcp: false }));
    const log = g.consoleLog(SERVER)!;
    assert.ok(log.includes('udhcpc: No lease, failing\nFAIL\n'));
    assert.ok(log.includes('if-info: eth0,up,,8,fe80::f816:3eff:fe41:2108/64,\n'));
    assert.ok(!log.includes('ip-route:default'));
    assert.ok(log.includes('failed 20/20: up '));
    assert.ok(log.includes('=== datasource: None None ===\n'));
    assert.ok(log.endsWith('cirros login: '));
  });

  for (const format of ['html', 'text', 'empty', 'unknown'] as const) {
    it(`an image whose bytes are ${format}: the firmware finds no bootable device, and nothing follows`, () => {
      const g = new GuestManager({ instant: true });
      g.boot(spec({ inspection: { format, bootable: false } }));
      const log = g.consoleLog(SERVER)!;
      const lines = log.trimEnd().split('\n');
      assert.deepEqual(lines.slice(-4), ['Booting from Hard Disk...', 'Boot failed: not a bootable disk', '', 'No bootable device.']);
      assert.ok(!log.includes('login'));
      assert.equal(g.power(SERVER), 'nobootdevice');
      assert.equal(g.listening(PORT), false);
    });
  }

  it('streams the boot to an attached console with CRLF line endings when not instant', async () => {
    const g = new GuestManager({ bootMs: 20 });
    g.boot(spec());
    let seen = '';
    g.attach(SERVER, (d) => (seen += d));
    while (!seen.includes('login: ')) await new Promise((r) => setTimeout(r, 5));
    assert.ok(seen.includes('if-info: eth0,up,10.5.5.104,24,fe80::f816:3eff:fe41:2108/64,\r\n'));
    assert.ok(!/[^\r]\n/.test(seen));
    assert.ok(g.consoleLog(SERVER)!.includes('if-info: eth0,up,10.5.5.104,24'));
  });
});

describe('guest console', () => {
  it('logs in as cirros/gocubsgo; a wrong password says Login incorrect; the password is not echoed', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    const c = await consoleOf(g);
    assert.equal(await c.type('cirros'), 'cirros\r\nPassword: ');
    assert.equal(await c.type('wrong'), '\r\nLogin incorrect\r\ntest-instance login: ');
    assert.equal(await c.type('cirros'), 'cirros\r\nPassword: ');
    assert.equal(await c.type('gocubsgo'), '\r\n$ ');
  });

  it('answers shell commands from the spec', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    const c = await loggedIn(g);
    assert.equal(await c.type('pwd'), 'pwd\r\n/home/cirros\r\n$ ');
    assert.equal(await c.type('hostname'), 'hostname\r\ntest-instance\r\n$ ');
    assert.equal(await c.type('whoami'), 'whoami\r\ncirros\r\n$ ');
    const ipa = await c.type('ip a');
    assert.ok(ipa.includes('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc pfifo_fast qlen 1000\r\n    link/ether fa:16:3e:41:21:08 brd ff:ff:ff:ff:ff:ff\r\n'));
    assert.ok(ipa.includes('    inet 10.5.5.104/24 brd 10.5.5.255 scope global dynamic noprefixroute eth0\r\n'));
    assert.ok(ipa.includes('    inet6 fe80::f816:3eff:fe41:2108/64 scope link \r\n'));
    const ifc = await c.type('ifconfig');
    assert.ok(ifc.includes('inet addr:10.5.5.104  Bcast:10.5.5.255  Mask:255.255.255.0'));
    assert.ok(ifc.includes('HWaddr FA:16:3E:41:21:08'));
    const ipr = await c.type('ip r');
    assert.ok(ipr.includes('default via 10.5.5.1 dev eth0  src 10.5.5.104  metric 1002 \r\n'));
    assert.ok((await c.type('cat /etc/os-release')).includes('PRETTY_NAME="CirrOS 0.6.2"'));
    assert.match(await c.type('uname -a'), /Linux test-instance 5\.15\.0-71-generic .* x86_64 GNU\/Linux/);
    assert.match(await c.type('uptime'), / up \d+ min, {2}load average: 0\.00, 0\.00, 0\.00/);
    assert.match(await c.type('free'), /Mem: +2058240 /);
    assert.equal(await c.type('frobnicate'), 'frobnicate\r\n-sh: frobnicate: not found\r\n$ ');
  });

  it('metadata: ec2 paths and the OpenStack meta_data.json', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec({ ec2Id: 'i-0000000b', name: 'test-instance', keyName: 'mykey', publicKey: 'ssh-ed25519 AAAAC3Nz mykey', projectId: 'p1' }));
    const c = await loggedIn(g);
    assert.equal(await c.type('curl http://169.254.169.254/latest/meta-data/instance-id'), 'curl http://169.254.169.254/latest/meta-data/instance-id\r\ni-0000000b$ ');
    assert.ok((await c.type('curl http://169.254.169.254/latest/meta-data/local-ipv4')).includes('\r\n10.5.5.104$ '));
    assert.ok((await c.type('curl http://169.254.169.254/latest/meta-data/hostname')).includes('\r\ntest-instance.novalocal$ '));
    assert.ok((await c.type('curl http://169.254.169.254/latest/meta-data/public-keys')).includes('\r\n0=mykey$ '));
    const json = await c.type('curl http://169.254.169.254/openstack/latest/meta_data.json');
    const doc = JSON.parse(json.slice(json.indexOf('{'), json.lastIndexOf('}') + 1)) as Record<string, unknown>;
    assert.equal(doc.uuid, SERVER);
    assert.equal(doc.name, 'test-instance');
    assert.deepEqual(doc.public_keys, { mykey: 'ssh-ed25519 AAAAC3Nz mykey' });
    assert.equal(doc.project_id, 'p1');
  });

  it('ping asks the probe from the guest port: replies, or 100% loss', async () => {
    const asked: [string, string, string][] = [];
    const probe: ProbeFn = (from, ip, proto) => {
      asked.push([from, ip, proto]);
      return ip === '10.5.5.1' ? { ok: true, hops: 0 } : { ok: false, hops: 0, arpFailed: true };
    };
    const g = new GuestManager({ instant: true, probe });
    g.boot(spec());
    const c = await loggedIn(g);
    const ok = (await c.type('ping -c 2 10.5.5.1')).split('\r\n');
    assert.equal(ok[1], 'PING 10.5.5.1 (10.5.5.1): 56 data bytes');
    assert.match(ok[2], /^64 bytes from 10\.5\.5\.1: seq=0 ttl=64 time=\d+\.\d{3} ms$/);
    assert.match(ok[3], /^64 bytes from 10\.5\.5\.1: seq=1 ttl=64 time=/);
    assert.ok(ok.includes('2 packets transmitted, 2 packets received, 0% packet loss'));
    const lost = await c.type('ping -c 3 10.5.5.99');
    assert.ok(lost.includes('3 packets transmitted, 0 packets received, 100% packet loss'));
    assert.deepEqual(asked, [
      [PORT, '10.5.5.1', 'icmp'],
      [PORT, '10.5.5.99', 'icmp'],
    ]);
  });

  it('sudo -i gives a root prompt; exit returns to cirros, then to the login prompt', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    const c = await loggedIn(g);
    assert.equal(await c.type('sudo -i'), 'sudo -i\r\n# ');
    assert.equal(await c.type('whoami'), 'whoami\r\nroot\r\n# ');
    assert.equal(await c.type('exit'), 'exit\r\nlogout\r\n$ ');
    const out = await c.type('exit');
    assert.ok(out.endsWith('test-instance login: '), out);
  });

  it('pause holds input until unpause; reboot prints a new boot; power off shows the shutdown', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    const c = await consoleOf(g);
    g.pause(SERVER);
    assert.equal(await c.type('cirros'), '');
    g.unpause(SERVER);
    await new Promise((r) => setImmediate(r));
    assert.ok(g.consoleLog(SERVER)!.endsWith('Password: '));
    const before = g.consoleLog(SERVER)!.split('=== network info ===').length;
    g.reboot(SERVER, false);
    const log = g.consoleLog(SERVER)!;
    assert.ok(log.includes('Requesting system reboot\n'));
    assert.equal(log.split('=== network info ===').length, before + 1);
    g.powerOff(SERVER);
    assert.ok(g.consoleLog(SERVER)!.includes('reboot: Power down\n'));
    assert.equal(await c.type('cirros'), '');
    g.powerOn(SERVER);
    assert.ok(g.consoleLog(SERVER)!.endsWith('test-instance login: '));
    g.destroy(SERVER);
    assert.equal(g.consoleLog(SERVER), undefined);
  });
});

describe('guest access for ssh', () => {
  it('listens once booted, logs in with the password, and cuts the session when the guest reboots', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec());
    assert.equal(g.listening(PORT), true);
    assert.equal(g.login(PORT, 'cirros', 'nope'), undefined);
    assert.equal(g.login(PORT, 'root', 'gocubsgo'), undefined);
    const s = g.login(PORT, 'cirros', 'gocubsgo')!;
    assert.equal(s.prompt(), '$ ');
    assert.deepEqual(await s.run('pwd'), { output: '/home/cirros\n', exited: false });
    assert.match(fingerprint(g.hostKey(PORT)!), /^SHA256:[A-Za-z0-9+/]{43}$/);
    g.reboot(SERVER, true);
    assert.deepEqual(await s.run('pwd'), { output: '', exited: true, lost: true });
    g.pause(SERVER);
    assert.equal(g.listening(PORT), false);
  });
});

describe('volumes hot-plugged into the guest', () => {
  it('an attached volume shows in lsblk and dmesg (and the console log) as vdb; detached, lsblk drops it; a boot with it lists it', async () => {
    const g = new GuestManager({ instant: true });
    g.boot(spec({ diskGb: 1 }));
    const ssh = async (line: string) => {
      const s = g.login(PORT, 'cirros', 'gocubsgo');
      assert.ok(s, 'ssh login');
      return (await s.run(line)).output;
    };
    assert.doesNotMatch(await ssh('lsblk'), /vdb/);
    g.attachVolume(SERVER, 'vdb', 2);
    assert.match(await ssh('lsblk'), /^vdb\s+253:16\s+0\s+2G\s+0 disk/m);
    const dmesg = await ssh('dmesg');
    assert.match(dmesg, /virtio_blk virtio\d+: \[vdb\] 4194304 512-byte logical blocks \(2\.15 GB\/2\.00 GiB\)/);
    assert.match(dmesg, /Linux version/);
    assert.match(g.consoleLog(SERVER) ?? '', /\[vdb\] 4194304 512-byte logical blocks/);
    g.resizeVolume(SERVER, 'vdb', 3);
    assert.match(await ssh('lsblk'), /^vdb\s+253:16\s+0\s+3G\s+0 disk/m);
    assert.match(await ssh('dmesg'), /virtio_blk virtio4: \[vdb\] new size: 6291456 512-byte logical blocks \(3\.22 GB\/3\.00 GiB\)\n.*vdb: detected capacity change from 4194304 to 6291456/);
    g.detachVolume(SERVER, 'vdb');
    assert.doesNotMatch(await ssh('lsblk'), /vdb/);
    g.boot(spec({ volumes: [{ dev: 'vdc', sizeGb: 1 }] }));
    assert.match(await ssh('dmesg'), /\[vdc\] 2097152 512-byte logical blocks \(1\.07 GB\/1\.00 GiB\)/);
    assert.match(await ssh('lsblk'), /^vdc\s+253:32/m);
  });
});
