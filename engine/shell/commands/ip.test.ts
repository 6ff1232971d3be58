/** `ip` on the seeds' topology: addresses, links, routes, neighbours and namespaces, as iproute2 prints them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEED } from '../../host/sim/seed.fixture';
import { rig } from '../shell.fixture';

const inQdhcp = (cmd: string) => `ip netns exec ${SEED.qdhcp} ${cmd}`;
const inQrouter = (cmd: string) => `ip netns exec ${SEED.qrouter} ${cmd}`;

describe('ip netns', () => {
  it('lists namespaces newest first with their ids, like the seeds', async () => {
    const r = rig();
    for (const line of ['ip netns', 'ip netns list', 'ip netns ls']) {
      assert.deepEqual(await r.run(line), { stdout: `${SEED.qrouter} (id: 1)\n${SEED.qdhcp} (id: 0)\n`, stderr: '', code: 0 });
    }
  });

  it('exec runs a command inside the namespace; ip addr there shows only its interfaces', async () => {
    const r = rig();
    const out = await r.run(inQdhcp('ip addr show'));
    assert.equal(
      out.stdout,
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host ',
        '       valid_lft forever preferred_lft forever',
        '7: tap177c8c39-42: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/ether fa:16:3e:cd:fc:be brd ff:ff:ff:ff:ff:ff',
        '    inet 10.5.5.2/24 brd 10.5.5.255 scope global tap177c8c39-42',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::f816:3eff:fecd:fcbe/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(out.stdout, /qr-|qg-|br-ex|enp0s3/);
  });

  it('-n NS is the same as netns exec', async () => {
    const r = rig();
    assert.equal((await r.run(`ip -n ${SEED.qrouter} a`)).stdout, (await r.run(inQrouter('ip a'))).stdout);
  });

  it('fails like iproute2 for a missing namespace, name or command', async () => {
    const r = rig();
    assert.deepEqual(await r.run('ip netns exec qdhcp-nope ip a'), { stdout: '', stderr: 'Cannot open network namespace "qdhcp-nope": No such file or directory\n', code: 255 });
    assert.equal((await r.run('ip netns exec')).stderr, 'No netns name specified\n');
    assert.equal((await r.run(`ip netns exec ${SEED.qdhcp}`)).stderr, 'No command specified\n');
    assert.deepEqual(await r.run(`ip netns exec ${SEED.qdhcp} nosuch`), { stdout: '', stderr: 'exec of "nosuch" failed: No such file or directory\n', code: 255 });
    assert.equal((await r.run(`ip netns exec ${SEED.qdhcp} export A=1`)).code, 255, 'builtins are not programs');
  });

  it('pipes work around a netns exec', async () => {
    const r = rig();
    assert.equal((await r.run(`${inQrouter('ip a')} | grep 'inet '`)).stdout, [
      '    inet 127.0.0.1/8 scope host lo',
      '    inet 10.5.5.1/24 brd 10.5.5.255 scope global qr-3fa254c3-77',
      '    inet 10.0.2.117/24 brd 10.0.2.255 scope global qg-2e261868-ab',
      '    inet 10.0.2.118/32 brd 10.0.2.118 scope global qg-2e261868-ab',
      '',
    ].join('\n'));
  });
});

describe('ip address / link', () => {
  it('shows the root namespace with the NIC enslaved to OVS and the host address on br-ex', async () => {
    const r = rig();
    const out = (await r.run('ip a')).stdout;
    assert.match(out, /^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n/);
    assert.match(out, /\n2: enp0s3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master ovs-system state UP group default qlen 1000\n {4}link\/ether 08:00:27:d9:c7:ca brd ff:ff:ff:ff:ff:ff\n {4}inet6 fe80::a00:27ff:fed9:c7ca\/64 scope link \n/);
    assert.match(out, /\n3: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n/);
    assert.match(out, /\n {4}inet 10\.0\.2\.15\/24 brd 10\.0\.2\.255 scope global br-ex\n/);
  });

  it('show dev X, abbreviations, -4 and a missing device', async () => {
    const r = rig();
    const one = await r.run(inQrouter(`ip address show dev ${SEED.qr}`));
    assert.match(one.stdout, /^8: qr-3fa254c3-77: /);
    assert.equal(one.stdout.split('\n').filter((l) => /^\d+:/.test(l)).length, 1);
    assert.equal((await r.run(inQrouter(`ip a s ${SEED.qr}`))).stdout, one.stdout);
    const v4 = (await r.run(inQdhcp('ip -4 a'))).stdout;
    assert.doesNotMatch(v4, /inet6|link\/ether/);
    assert.match(v4, /inet 10\.5\.5\.2\/24/);
    assert.deepEqual(await r.run('ip a show dev tapnope'), { stdout: '', stderr: 'Device "tapnope" does not exist.\n', code: 1 });
  });

  it('ip link and -br', async () => {
    const r = rig();
    assert.equal(
      (await r.run(inQdhcp('ip link'))).stdout,
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '7: tap177c8c39-42: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether fa:16:3e:cd:fc:be brd ff:ff:ff:ff:ff:ff\n',
    );
    assert.equal((await r.run(inQdhcp('ip -br a'))).stdout, 'lo               UNKNOWN        127.0.0.1/8 ::1/128 \ntap177c8c39-42   UNKNOWN        10.5.5.2/24 fe80::f816:3eff:fecd:fcbe/64 \n');
  });

  it('refuses changes and unknown objects', async () => {
    const r = rig();
    assert.equal((await r.run('ip addr add 1.2.3.4/24 dev br-ex')).code, 2);
    assert.deepEqual(await r.run('ip foo'), { stdout: '', stderr: 'Object "foo" is unknown, try "ip help".\n', code: 255 });
    assert.deepEqual(await r.run('ip a frob'), { stdout: '', stderr: 'Command "frob" is unknown, try "ip address help".\n', code: 255 });
  });
});

describe('ip route', () => {
  it('prints the qrouter table like the seeds (kernel routes with src, trailing blank)', async () => {
    const r = rig();
    assert.deepEqual(await r.run(inQrouter('ip route')), {
      stdout: 'default via 10.0.2.1 dev qg-2e261868-ab proto static \n10.0.2.0/24 dev qg-2e261868-ab proto kernel scope link src 10.0.2.117 \n10.5.5.0/24 dev qr-3fa254c3-77 proto kernel scope link src 10.5.5.1 \n',
      stderr: '',
      code: 0,
    });
    assert.equal((await r.run(inQdhcp('ip r'))).stdout, 'default via 10.5.5.1 dev tap177c8c39-42 \n10.5.5.0/24 dev tap177c8c39-42 proto kernel scope link src 10.5.5.2 \n');
    assert.equal((await r.run('ip route')).stdout, 'default via 10.0.2.1 dev br-ex proto static \n10.0.2.0/24 dev br-ex proto kernel scope link src 10.0.2.15 \n');
  });

  it('ip route get picks the longest prefix', async () => {
    const r = rig();
    assert.equal((await r.run(inQrouter('ip route get 10.5.5.104'))).stdout, '10.5.5.104 dev qr-3fa254c3-77 src 10.5.5.1 uid 0 \n    cache \n');
    assert.equal((await r.run(inQrouter('ip route get 8.8.8.8'))).stdout, '8.8.8.8 via 10.0.2.1 dev qg-2e261868-ab src 10.0.2.117 uid 0 \n    cache \n');
  });
});

describe('ip neigh', () => {
  const seedArp = (r: ReturnType<typeof rig>) =>
    r.host.learn(SEED.qrouter, [
      { ip: '10.5.5.202', dev: SEED.qr, mac: null, state: 'INCOMPLETE' },
      { ip: '10.0.2.1', dev: SEED.qg, mac: SEED.gatewayMac, state: 'REACHABLE' },
    ]);

  it('shows entries of the namespace, optionally by device', async () => {
    const r = rig();
    seedArp(r);
    assert.equal((await r.run(inQrouter('ip neigh show'))).stdout, '10.5.5.202 dev qr-3fa254c3-77 INCOMPLETE\n10.0.2.1 dev qg-2e261868-ab lladdr 52:54:00:12:35:00 REACHABLE\n');
    assert.equal((await r.run(inQrouter(`ip n show dev ${SEED.qg}`))).stdout, '10.0.2.1 dev qg-2e261868-ab lladdr 52:54:00:12:35:00 REACHABLE\n');
    assert.equal((await r.run('ip neigh')).stdout, '', 'the root namespace has its own cache');
  });

  it('flush dev X empties that device only; flush all empties the rest', async () => {
    const r = rig();
    seedArp(r);
    assert.deepEqual(await r.run(inQrouter(`ip neigh flush dev ${SEED.qr}`)), { stdout: '', stderr: '', code: 0 });
    assert.equal((await r.run(inQrouter(`ip neigh show dev ${SEED.qr}`))).stdout, '');
    assert.equal(r.host.list(SEED.qrouter).length, 1);
    await r.run(inQrouter('ip neigh flush all'));
    assert.deepEqual(r.host.list(SEED.qrouter), []);
    assert.deepEqual(await r.run('ip neigh flush'), { stdout: '', stderr: 'Flush requires arguments.\n', code: 255 });
    assert.deepEqual(await r.run('ip neigh flush dev nope'), { stdout: '', stderr: 'Cannot find device "nope"\n', code: 1 });
  });

  it('add, replace and del manage static entries', async () => {
    const r = rig();
    await r.run(`ip neigh add 10.0.2.1 lladdr 52:54:00:12:35:00 dev br-ex`);
    assert.equal((await r.run('ip neigh')).stdout, '10.0.2.1 dev br-ex lladdr 52:54:00:12:35:00 PERMANENT\n');
    assert.equal((await r.run(`ip neigh add 10.0.2.1 lladdr 52:54:00:12:35:00 dev br-ex`)).code, 2);
    await r.run('ip neigh flush dev br-ex');
    assert.equal(r.host.list('').length, 1, 'PERMANENT entries survive a flush');
    await r.run('ip neigh del 10.0.2.1 dev br-ex');
    assert.deepEqual(r.host.list(''), []);
  });
});
