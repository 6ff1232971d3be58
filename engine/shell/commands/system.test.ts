/** Host commands: systemctl, hostname / hostnamectl, free -m, arp. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEED } from '../../host/sim/seed.fixture';
import { rig } from '../shell.fixture';
import { systemdAgo, systemdTime } from './systemctl';

describe('systemctl', () => {
  let t = new Date('2025-01-11T23:49:12Z').getTime();
  const now = () => new Date(t);

  it('status of a running unit, in systemd layout', async () => {
    t = new Date('2025-01-11T23:49:12Z').getTime();
    const r = rig({ now });
    t += (60 + 31) * 60_000;
    const out = await r.run('systemctl status neutron-server');
    assert.equal(out.code, 0);
    const lines = out.stdout.split('\n');
    assert.equal(lines[0], '● neutron-server.service - OpenStack Neutron Server');
    assert.equal(lines[1], '     Loaded: loaded (/usr/lib/systemd/system/neutron-server.service; enabled; preset: disabled)');
    assert.equal(lines[2], '     Active: active (running) since Sat 2025-01-11 23:49:12 UTC; 1h 31min ago');
    assert.match(lines[3], /^ {3}Main PID: \d+ \(neutron-server\)$/);
    assert.ok(lines.includes('     Memory: 380.0M'));
    assert.ok(lines.includes('     CGroup: /system.slice/neutron-server.service'));
  });

  it('stop, status (inactive, exit 3), start, restart; unknown units', async () => {
    t = new Date('2025-01-14T04:00:00Z').getTime();
    const r = rig({ now });
    assert.deepEqual(await r.run('systemctl stop httpd.service'), { stdout: '', stderr: '', code: 0 });
    t += 5000;
    const st = await r.run('systemctl status httpd');
    assert.equal(st.code, 3);
    assert.match(st.stdout, /^○ httpd\.service - The Apache HTTP Server\n/);
    assert.match(st.stdout, /\n {5}Active: inactive \(dead\) since Tue 2025-01-14 04:00:00 UTC; 5s ago\n/);
    assert.equal((await r.run('systemctl is-active httpd')).stdout, 'inactive\n');
    await r.run('systemctl start httpd');
    assert.equal(r.host.isActive('httpd'), true);
    const pid = r.host.service('neutron-l3-agent')?.pid;
    await r.run('systemctl restart neutron-l3-agent.service');
    assert.notEqual(r.host.service('neutron-l3-agent')?.pid, pid);
    assert.ok(r.changes.some((c) => c.type === 'service' && c.unit === 'neutron-l3-agent' && c.action === 'restart'));
    assert.deepEqual(await r.run('systemctl status nosuch'), { stdout: '', stderr: 'Unit nosuch.service could not be found.\n', code: 4 });
    assert.deepEqual(await r.run('systemctl restart nosuch'), { stdout: '', stderr: 'Failed to restart nosuch.service: Unit nosuch.service not found.\n', code: 5 });
  });

  it('firewalld is disabled and dead, like after the seeds set-up', async () => {
    const r = rig();
    const out = await r.run('systemctl status firewalld');
    assert.equal(out.stdout, '○ firewalld.service - firewalld - dynamic firewall daemon\n     Loaded: loaded (/usr/lib/systemd/system/firewalld.service; disabled; preset: disabled)\n     Active: inactive (dead)\n       Docs: man:firewalld(1)\n');
    assert.equal((await r.run('systemctl is-enabled firewalld')).stdout, 'disabled\n');
  });

  it('openvswitch is a oneshot: active (exited)', async () => {
    const r = rig();
    assert.match((await r.run('systemctl status openvswitch')).stdout, /Active: active \(exited\) since/);
  });

  it('formats systemd times', () => {
    const a = new Date('2025-01-11T23:49:12Z');
    assert.equal(systemdTime(a), 'Sat 2025-01-11 23:49:12 UTC');
    assert.equal(systemdAgo(a, new Date(a.getTime() + 42_000)), '42s ago');
    assert.equal(systemdAgo(a, new Date(a.getTime() + 185_000)), '3min 5s ago');
    assert.equal(systemdAgo(a, new Date(a.getTime() + 2 * 86400_000 + 3 * 3600_000)), '2 days 3h ago');
  });
});

describe('hostname and hostnamectl', () => {
  it('shows and sets the hostname; the host reports the change', async () => {
    const r = rig();
    assert.equal((await r.run('hostname')).stdout, 'localhost\n');
    assert.match((await r.run('hostnamectl')).stdout, /^ Static hostname: localhost\n {7}Icon name: computer-vm\n/);
    assert.deepEqual(await r.run('hostnamectl set-hostname localhost.localdomain'), { stdout: '', stderr: '', code: 0 });
    assert.equal((await r.run('hostname')).stdout, 'localhost.localdomain\n');
    assert.equal((await r.run('hostname -s')).stdout, 'localhost\n');
    assert.deepEqual(r.changes.filter((c) => c.type === 'hostname'), [{ type: 'hostname', previous: 'localhost', hostname: 'localhost.localdomain' }]);
    assert.equal(r.shell.prompt(), '[root@localhost ~]# ');
    assert.deepEqual(await r.run('hostnamectl set-hostname bad_name'), { stdout: '', stderr: "Invalid static hostname 'bad_name'\n", code: 1 });
    assert.equal((await r.run('hostname -I')).stdout, '10.0.2.15 \n');
  });
});

describe('free', () => {
  it('free -m prints procps columns, and stopping httpd frees its memory', async () => {
    const r = rig();
    const before = (await r.run('free -m')).stdout.split('\n');
    assert.equal(before[0], '               total        used        free      shared  buff/cache   available');
    assert.match(before[1], /^Mem: {11}15827 +\d+ +\d+ +38 +1120 +\d+$/);
    assert.match(before[2], /^Swap: {11}8063 {11}0 {8}8063$/);
    const used = (l: string) => Number(l.split(/\s+/)[2]);
    await r.run('systemctl stop httpd');
    const after = (await r.run('free -m')).stdout.split('\n');
    assert.equal(used(before[1]) - used(after[1]), 1650);
    assert.match((await r.run('free -h')).stdout, /Mem: +15\.5Gi/);
  });
});

describe('arp', () => {
  it('arp -n in the qrouter namespace matches the seeds troubleshooting output', async () => {
    const r = rig();
    r.host.learn(SEED.qrouter, [
      { ip: '10.5.5.202', dev: SEED.qr, mac: null, state: 'INCOMPLETE' },
      { ip: '10.0.2.1', dev: SEED.qg, mac: SEED.gatewayMac, state: 'REACHABLE' },
    ]);
    assert.equal(
      (await r.run(`ip netns exec ${SEED.qrouter} arp -n`)).stdout,
      'Address                  HWtype  HWaddress           Flags Mask            Iface\n' +
        '10.5.5.202                       (incomplete)                              qr-3fa254c3-77\n' +
        '10.0.2.1                 ether   52:54:00:12:35:00   C                     qg-2e261868-ab\n',
    );
  });

  it('arp -a names the gateway, -s adds a permanent entry, -d removes it', async () => {
    const r = rig();
    r.host.learn('', [{ ip: '10.0.2.1', dev: 'br-ex', mac: null, state: 'INCOMPLETE' }]);
    assert.equal((await r.run('arp -a')).stdout, '_gateway (10.0.2.1) at <incomplete> on br-ex\n');
    await r.run('arp -s 10.0.2.1 52:54:00:12:35:00');
    assert.equal((await r.run('ip neigh')).stdout, '10.0.2.1 dev br-ex lladdr 52:54:00:12:35:00 PERMANENT\n');
    assert.match((await r.run('arp -n')).stdout, /\n10\.0\.2\.1 {17}ether {3}52:54:00:12:35:00 {3}CM {20}br-ex\n/);
    await r.run('arp -d 10.0.2.1');
    assert.equal((await r.run('arp -n')).stdout, '');
  });
});
