/** `ovs-vsctl` on the seeds' bridges, in its real layout. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rig } from '../shell.fixture';

describe('ovs-vsctl', () => {
  it('show: uuid, manager, bridges with controller, fail_mode, ports, tags, patch peers, version', async () => {
    const r = rig();
    const out = await r.run('ovs-vsctl show');
    assert.equal(out.code, 0);
    const lines = out.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 16), [
      'c7c4cbfc-1f94-4359-9287-b829ff0bddf9',
      '    Manager "ptcp:6640:127.0.0.1"',
      '        is_connected: true',
      '    Bridge br-int',
      '        Controller "tcp:127.0.0.1:6633"',
      '            is_connected: true',
      '        fail_mode: secure',
      '        datapath_type: system',
      '        Port br-int',
      '            Interface br-int',
      '                type: internal',
      '        Port patch-tun',
      '            Interface patch-tun',
      '                type: patch',
      '                options: {peer=patch-int}',
      '        Port int-br-ex',
    ]);
    assert.match(out.stdout, /\n {8}Port tap177c8c39-42\n {12}tag: 1\n {12}Interface tap177c8c39-42\n {16}type: internal\n/);
    assert.match(out.stdout, /\n {8}Port qg-2e261868-ab\n {12}tag: 2\n/);
    assert.match(out.stdout, /\n {8}Port enp0s3\n {12}Interface enp0s3\n {8}Port br-ex\n/, 'a system port has no type line');
    assert.match(out.stdout, /\n {8}Port phy-br-ex\n {12}Interface phy-br-ex\n {16}type: patch\n {16}options: \{peer=int-br-ex\}\n/);
    assert.ok(out.stdout.endsWith('    ovs_version: "3.1.7-140.el9s"\n'));
  });

  it('show without the OVS agent: controllers not connected', async () => {
    const r = rig();
    r.host.stopService('neutron-openvswitch-agent');
    assert.doesNotMatch((await r.run('ovs-vsctl show')).stdout, /is_connected/);
  });

  it('list-br, list-ports, br-exists, port-to-br', async () => {
    const r = rig();
    assert.equal((await r.run('ovs-vsctl list-br')).stdout, 'br-ex\nbr-int\nbr-tun\n');
    assert.equal((await r.run('ovs-vsctl list-ports br-ex')).stdout, 'enp0s3\nphy-br-ex\n');
    assert.equal((await r.run('ovs-vsctl list-ports br-int')).stdout, 'int-br-ex\npatch-tun\nqg-2e261868-ab\nqr-3fa254c3-77\ntap177c8c39-42\ntap41d7e5a0-3c\n');
    assert.deepEqual(await r.run('ovs-vsctl list-ports br-nope'), { stdout: '', stderr: 'ovs-vsctl: no bridge named br-nope\n', code: 1 });
    assert.equal((await r.run('ovs-vsctl br-exists br-tun')).code, 0);
    assert.equal((await r.run('ovs-vsctl br-exists br-nope')).code, 2);
    assert.equal((await r.run('ovs-vsctl port-to-br qr-3fa254c3-77')).stdout, 'br-int\n');
  });

  it('fails to connect when Open vSwitch is stopped', async () => {
    const r = rig();
    await r.run('systemctl stop openvswitch');
    assert.deepEqual(await r.run('ovs-vsctl show'), {
      stdout: '',
      stderr: 'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n',
      code: 1,
    });
  });
});
