/** `ping` answered by a fake walker: replies (ttl by routers crossed), unreachable hosts, no route, options. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEED } from '../../host/sim/seed.fixture';
import { rig } from '../shell.fixture';

const REPLY = /^64 bytes from (\S+): icmp_seq=(\d+) ttl=(\d+) time=(\d+(\.\d+)?) ms$/;

describe('ping', () => {
  it('through the router to a floating IP: ttl 63, summary, learned ARP entries stored', async () => {
    const r = rig({
      answers: {
        [SEED.fip]: {
          delivered: true,
          replied: true,
          steps: [
            { kind: 'route', at: '', detail: 'via br-ex' },
            { kind: 'arp', at: 'br-ex', detail: `${SEED.fip} is-at ${SEED.qgMac}` },
            { kind: 'nat', at: SEED.qrouter, detail: `DNAT ${SEED.fip} → ${SEED.instanceIp}` },
            { kind: 'route', at: SEED.qrouter, detail: `dev ${SEED.qr}` },
            { kind: 'deliver', at: SEED.instanceTap, detail: 'instance' },
          ],
          learned: [
            { ip: SEED.fip, dev: 'br-ex', mac: SEED.qgMac, state: 'REACHABLE' },
            { ip: SEED.instanceIp, dev: SEED.qr, mac: SEED.instanceMac, state: 'REACHABLE' },
          ],
        },
      },
    });
    const out = await r.run(`ping -c 3 ${SEED.fip}`);
    assert.equal(out.code, 0);
    const lines = out.stdout.split('\n');
    assert.equal(lines[0], 'PING 10.0.2.118 (10.0.2.118) 56(84) bytes of data.');
    for (const [k, l] of lines.slice(1, 4).entries()) {
      const m = REPLY.exec(l);
      assert.ok(m, l);
      assert.deepEqual([m[1], m[2], m[3]], [SEED.fip, String(k + 1), '63']);
    }
    assert.equal(lines[4], '');
    assert.equal(lines[5], '--- 10.0.2.118 ping statistics ---');
    assert.match(lines[6], /^3 packets transmitted, 3 received, 0% packet loss, time \d+ms$/);
    assert.match(lines[7], /^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
    assert.deepEqual(r.asked, [{ from: { namespace: '' }, to: SEED.fip, protocol: 'icmp' }]);
    assert.equal(r.host.get('', SEED.fip)?.mac, SEED.qgMac);
    assert.equal(r.host.get(SEED.qrouter, SEED.instanceIp)?.mac, SEED.instanceMac);
  });

  it('from the qrouter namespace to the instance: ttl 64, asked from that namespace', async () => {
    const r = rig({
      answers: {
        [SEED.instanceIp]: {
          delivered: true,
          replied: true,
          steps: [
            { kind: 'route', at: SEED.qrouter, detail: `dev ${SEED.qr}` },
            { kind: 'switch', at: 'br-int', detail: 'vlan 1' },
            { kind: 'deliver', at: SEED.instanceTap, detail: 'instance' },
          ],
        },
      },
    });
    const out = await r.run(`ip netns exec ${SEED.qrouter} ping -c 2 ${SEED.instanceIp}`);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /icmp_seq=2 ttl=64 /);
    assert.deepEqual(r.asked[0].from, { namespace: SEED.qrouter });
  });

  it('an unresolved neighbour: Destination Host Unreachable from our address, +errors, exit 1', async () => {
    const r = rig({
      answers: {
        '10.5.5.202': {
          delivered: false,
          steps: [
            { kind: 'route', at: SEED.qrouter, detail: `dev ${SEED.qr}` },
            { kind: 'arp', at: SEED.qr, detail: 'who-has 10.5.5.202: no reply' },
          ],
          dropped: { at: SEED.qrouter, reason: 'ARP: no reply for 10.5.5.202 (incomplete)' },
          learned: [{ ip: '10.5.5.202', dev: SEED.qr, mac: null, state: 'INCOMPLETE' }],
        },
      },
    });
    const out = await r.run(`ip netns exec ${SEED.qrouter} ping -c 3 10.5.5.202`);
    assert.equal(out.code, 1);
    assert.equal(
      out.stdout.replace(/time \d+ms/, 'time Xms'),
      [
        'PING 10.5.5.202 (10.5.5.202) 56(84) bytes of data.',
        'From 10.5.5.1 icmp_seq=1 Destination Host Unreachable',
        'From 10.5.5.1 icmp_seq=2 Destination Host Unreachable',
        'From 10.5.5.1 icmp_seq=3 Destination Host Unreachable',
        '',
        '--- 10.5.5.202 ping statistics ---',
        '3 packets transmitted, 0 received, +3 errors, 100% packet loss, time Xms',
        'pipe 3',
        '',
      ].join('\n'),
    );
    assert.equal((await r.run(`ip netns exec ${SEED.qrouter} arp -n`)).stdout.split('\n')[1], '10.5.5.202                       (incomplete)                              qr-3fa254c3-77');
  });

  it('a silent drop (security group): no reply lines, 100% loss', async () => {
    const r = rig({ answers: { '10.5.5.104': { delivered: false, steps: [{ kind: 'security-group', at: SEED.instanceTap, detail: 'no ingress icmp rule' }], dropped: { at: SEED.instanceTap, reason: 'security group: no rule admits icmp' } } } });
    const out = await r.run(`ip netns exec ${SEED.qdhcp} ping -c 2 10.5.5.104`);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /^PING 10\.5\.5\.104 \(10\.5\.5\.104\) 56\(84\) bytes of data\.\n\n--- 10\.5\.5\.104 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time \d+ms\n$/);
  });

  it('answers its own addresses without the walker, as in the seeds', async () => {
    const r = rig();
    const out = await r.run(`ip netns exec ${SEED.qdhcp} ping -c 1 10.5.5.2`);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /^64 bytes from 10\.5\.5\.2: icmp_seq=1 ttl=64 time=/m);
    assert.match(out.stdout, /1 packets transmitted, 1 received, 0% packet loss, time 0ms/);
    assert.equal(r.asked.length, 0);
  });

  it('no route, bad names and bad options', async () => {
    const r = rig();
    r.host.apply({ ...r.host.state, namespaces: r.host.state.namespaces.map((n) => (n.name === SEED.qdhcp ? { ...n, routes: n.routes.filter((x) => x.destination !== 'default') } : n)) });
    assert.deepEqual(await r.run(`ip netns exec ${SEED.qdhcp} ping -c 1 8.8.8.8`), { stdout: '', stderr: 'ping: connect: Network is unreachable\n', code: 2 });
    assert.deepEqual(await r.run('ping nosuchhost'), { stdout: '', stderr: 'ping: nosuchhost: Name or service not known\n', code: 2 });
    assert.equal((await r.run('ping')).code, 1);
    assert.equal((await r.run('ping -c x 10.0.2.1')).code, 1);
  });

  it('defaults to 4 packets, honours -s and -q', async () => {
    const r = rig({ answers: { '10.0.2.1': { delivered: true, replied: true, steps: [{ kind: 'deliver', at: 'br-ex', detail: 'gateway' }] } } });
    const four = await r.run('ping 10.0.2.1');
    assert.equal(four.stdout.split('\n').filter((l) => REPLY.test(l)).length, 4);
    const sized = await r.run('ping -c1 -s 1 10.0.2.1');
    assert.match(sized.stdout, /^PING 10\.0\.2\.1 \(10\.0\.2\.1\) 1\(29\) bytes of data\.\n9 bytes from 10\.0\.2\.1: icmp_seq=1 ttl=64 /);
    const quiet = await r.run('ping -q -c 2 10.0.2.1');
    assert.doesNotMatch(quiet.stdout, /bytes from/);
    assert.match(quiet.stdout, /2 received/);
  });

  it('a walk that leaves the lab gets an internet-like ttl', async () => {
    const r = rig({ answers: { '8.8.8.8': { delivered: true, replied: true, steps: [{ kind: 'route', at: 'host', detail: 'default via 10.0.2.1' }, { kind: 'exit', at: 'host', detail: 'leaves the lab' }] } } });
    assert.match((await r.run('ping -c 1 8.8.8.8')).stdout, /^64 bytes from 8\.8\.8\.8: icmp_seq=1 ttl=58 time=\d\d\.\d ms$/m);
  });

  it('counts the routers on the reply leg when the walk has one', async () => {
    const step = (kind: string, at: string) => ({ kind, at, detail: '' });
    const instance = 'instance:41d7e5a0';
    const r = rig({
      answers: {
        [SEED.fip]: {
          delivered: true,
          replied: true,
          steps: [
            step('route', 'host'), step('nat', SEED.qrouter), step('route', SEED.qrouter), step('deliver', instance),
            step('reply', instance), step('route', instance), step('route', SEED.qrouter), step('deliver', 'host'),
          ],
        },
        [SEED.instanceIp]: {
          delivered: true,
          replied: true,
          steps: [step('route', SEED.qrouter), step('deliver', instance), step('reply', instance), step('route', instance), step('deliver', SEED.qrouter)],
        },
      },
    });
    assert.match((await r.run(`ping -c 1 ${SEED.fip}`)).stdout, / ttl=63 /);
    assert.match((await r.run(`ip netns exec ${SEED.qrouter} ping -c 1 ${SEED.instanceIp}`)).stdout, / ttl=64 /);
  });
});
