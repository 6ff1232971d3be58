/**
 * The sim host: realizing a desired state (what appeared and went, the nsids `ip netns` shows),
 * neighbour caches (learn, flush, faults, orphans dropped), units and memory, the hostname, and
 * a persistence round trip through JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostChange } from '../types';
import { baselineState } from './baseline';
import { SEED, seedConfig, seedState } from './seed.fixture';
import { SimHost } from './sim-host';

const make = (changes: HostChange[] = []) => new SimHost(seedConfig(), { onChange: (c) => changes.push(c), now: () => new Date('2025-01-14T04:30:00Z') });

describe('SimHost.apply', () => {
  it('starts as a fresh PackStack host: loopback, the NIC on br-ex, three bridges, no namespaces', () => {
    const host = make();
    assert.equal(host.hostname, 'localhost');
    assert.deepEqual(host.state.bridges.map((b) => b.name), ['br-int', 'br-ex', 'br-tun']);
    assert.deepEqual(host.namespaceList(), []);
    assert.equal(host.namespace('')?.interfaces.find((i) => i.name === 'br-ex')?.addresses[0].cidr, '10.0.2.15/24');
  });

  it('reports added namespaces, interfaces and OVS ports, and gives nsids in creation order', () => {
    const changes: HostChange[] = [];
    const host = make(changes);
    const diff = host.apply(seedState());
    assert.deepEqual(diff.added.namespaces, [SEED.qdhcp, SEED.qrouter]);
    assert.ok(diff.added.interfaces.some((i) => i.namespace === SEED.qrouter && i.name === SEED.qg));
    assert.deepEqual(
      diff.added.ovsPorts.map((p) => p.name),
      [SEED.tap, SEED.qr, SEED.qg, SEED.instanceTap],
    );
    assert.deepEqual(diff.removed, { namespaces: [], interfaces: [], ovsPorts: [] });
    assert.equal(changes.filter((c) => c.type === 'dataplane').length, 1);
    assert.deepEqual(host.namespaceList(), [
      { name: SEED.qrouter, id: 1 },
      { name: SEED.qdhcp, id: 0 },
    ]);
  });

  it('emits nothing when the state did not change, and reports removals', () => {
    const changes: HostChange[] = [];
    const host = make(changes);
    host.apply(seedState());
    changes.length = 0;
    host.apply(seedState());
    assert.equal(changes.length, 0);
    const noRouter = seedState();
    noRouter.namespaces = noRouter.namespaces.filter((n) => n.name !== SEED.qrouter);
    noRouter.bridges[0].ports = noRouter.bridges[0].ports.filter((p) => p.name !== SEED.qr && p.name !== SEED.qg);
    const diff = host.apply(noRouter);
    assert.deepEqual(diff.removed.namespaces, [SEED.qrouter]);
    assert.deepEqual(diff.removed.ovsPorts.map((p) => p.name).sort(), [SEED.qg, SEED.qr]);
    assert.deepEqual(host.namespaceList(), [{ name: SEED.qdhcp, id: 0 }]);
  });

  it('does not share objects with the caller', () => {
    const host = make();
    const s = seedState();
    host.apply(s);
    s.namespaces.pop();
    assert.equal(host.state.namespaces.length, 3);
  });
});

describe('SimHost neighbour caches', () => {
  it('learns, replaces by address and device, and answers the NeighbourTable lookups', () => {
    const host = make();
    host.apply(seedState());
    host.learn(SEED.qrouter, [{ ip: '10.5.5.104', dev: SEED.qr, mac: null, state: 'INCOMPLETE' }]);
    host.learn(SEED.qrouter, [{ ip: '10.5.5.104', dev: SEED.qr, mac: SEED.instanceMac, state: 'REACHABLE' }]);
    assert.deepEqual(host.get(SEED.qrouter, '10.5.5.104'), { ip: '10.5.5.104', dev: SEED.qr, mac: SEED.instanceMac, state: 'REACHABLE' });
    assert.equal(host.list(SEED.qrouter).length, 1);
    assert.equal(host.get('', '10.5.5.104'), undefined);
  });

  it('flushes by device or prefix, and keeps PERMANENT entries unless asked', () => {
    const host = make();
    host.apply(seedState());
    host.learn(SEED.qrouter, [
      { ip: '10.5.5.202', dev: SEED.qr, mac: null, state: 'INCOMPLETE' },
      { ip: '10.5.5.104', dev: SEED.qr, mac: SEED.instanceMac, state: 'STALE' },
      { ip: '10.0.2.1', dev: SEED.qg, mac: SEED.gatewayMac, state: 'REACHABLE' },
    ]);
    host.setEntry(SEED.qrouter, { ip: '10.5.5.9', dev: SEED.qr, mac: 'fa:16:3e:00:00:09', state: 'PERMANENT' });
    assert.equal(host.flush(SEED.qrouter, { dev: SEED.qr }).length, 2);
    assert.deepEqual(host.list(SEED.qrouter).map((e) => e.ip), ['10.0.2.1', '10.5.5.9']);
    assert.equal(host.flush(SEED.qrouter, { to: '10.0.2.0/24' }).length, 1);
    assert.equal(host.flush(SEED.qrouter, { includePermanent: true }).length, 1);
    assert.deepEqual(host.list(SEED.qrouter), []);
  });

  it('drops entries whose namespace or device went away when a new state is applied', () => {
    const host = make();
    host.apply(seedState());
    host.learn(SEED.qrouter, [{ ip: '10.5.5.104', dev: SEED.qr, mac: SEED.instanceMac, state: 'REACHABLE' }]);
    host.learn(SEED.qdhcp, [{ ip: '10.5.5.104', dev: SEED.tap, mac: SEED.instanceMac, state: 'REACHABLE' }]);
    host.learn('', [{ ip: '10.0.2.1', dev: 'br-ex', mac: SEED.gatewayMac, state: 'REACHABLE' }]);
    const next = seedState();
    next.namespaces = next.namespaces.filter((n) => n.name !== SEED.qrouter);
    host.apply(next);
    assert.deepEqual(host.list(SEED.qrouter), []);
    assert.equal(host.list(SEED.qdhcp).length, 1);
    assert.equal(host.list('').length, 1);
  });

  it('files what a walk learned under the namespace that holds each device', () => {
    const host = make();
    host.apply(seedState());
    host.learnFromTrace('', [
      { ip: '10.0.2.117', dev: 'br-ex', mac: SEED.qgMac, state: 'REACHABLE' },
      { ip: '10.5.5.104', dev: SEED.qr, mac: SEED.instanceMac, state: 'REACHABLE' },
    ]);
    assert.equal(host.get('', '10.0.2.117')?.mac, SEED.qgMac);
    assert.equal(host.get(SEED.qrouter, '10.5.5.104')?.mac, SEED.instanceMac);
  });
});

describe('SimHost services, memory and hostname', () => {
  it('stops, starts and restarts units, with new pids and memory following', () => {
    const changes: HostChange[] = [];
    const host = make(changes);
    const before = host.memory();
    const pid = host.service('httpd.service')?.pid;
    assert.equal(host.stopService('httpd')?.state, 'inactive');
    const after = host.memory();
    assert.equal(before.usedMb - after.usedMb, 1650);
    assert.equal(after.availableMb - before.availableMb, 1650);
    const restarted = host.restartService('httpd');
    assert.equal(restarted?.state, 'active');
    assert.notEqual(restarted?.pid, pid);
    assert.equal(host.startService('no-such-unit'), undefined);
    assert.ok(changes.some((c) => c.type === 'service' && c.unit === 'httpd' && c.action === 'stop' && c.active === 'inactive'));
    assert.ok(changes.some((c) => c.type === 'memory'));
    assert.equal(host.failService('neutron-l3-agent')?.state, 'failed');
    assert.equal(host.isActive('neutron-l3-agent'), false);
  });

  it('changes the hostname, tells the engine, and refuses invalid names', () => {
    const changes: HostChange[] = [];
    const host = new SimHost({ ...seedConfig(), hostname: 'localhost.localdomain' }, { onChange: (c) => changes.push(c) });
    assert.equal(host.shortHostname, 'localhost');
    host.setHostname('localhost');
    assert.equal(host.hostname, 'localhost');
    assert.equal(host.config.hostname, 'localhost');
    assert.deepEqual(changes, [{ type: 'hostname', previous: 'localhost.localdomain', hostname: 'localhost' }]);
    assert.throws(() => host.setHostname('bad_name!'), /Invalid hostname/);
  });
});

describe('SimHost persistence', () => {
  it('round-trips through JSON with state, caches, nsids, units, memory and ids', () => {
    const host = make();
    host.apply(seedState());
    host.learn(SEED.qrouter, [{ ip: '10.5.5.202', dev: SEED.qr, mac: null, state: 'INCOMPLETE' }]);
    host.stopService('httpd');
    host.setHostname('controller');
    host.setMemory({ baseUsedMb: 1000 });
    const data = JSON.parse(JSON.stringify(host));
    const back = SimHost.fromJSON(data);
    assert.deepEqual(back.toJSON(), host.toJSON());
    assert.equal(back.hostname, 'controller');
    assert.deepEqual(back.namespaceList(), host.namespaceList());
    assert.equal(back.get(SEED.qrouter, '10.5.5.202')?.state, 'INCOMPLETE');
    assert.equal(back.isActive('httpd'), false);
    assert.deepEqual(back.memory(), host.memory());
    assert.equal(back.ids.ovsUuid, host.ids.ovsUuid);
  });

  it('refuses data of an unknown version', () => {
    const data = { ...make().toJSON(), version: 2 } as unknown as Parameters<typeof SimHost.fromJSON>[0];
    assert.throws(() => SimHost.fromJSON(data), /unsupported/);
  });

  it('keeps the baseline consistent with the config it was built for', () => {
    const s = baselineState({ ...seedConfig(), nic: 'eth0', bridgeMappings: { extnet: 'br-ex', physnet2: 'br-eth1' } });
    assert.deepEqual(s.bridges.map((b) => b.name), ['br-int', 'br-ex', 'br-eth1', 'br-tun']);
    assert.ok(s.bridges[0].ports.some((p) => p.name === 'int-br-eth1' && p.options?.peer === 'phy-br-eth1'));
    assert.ok(s.bridges[1].ports.some((p) => p.name === 'eth0'));
  });
});

describe('SimHost.learnFromTrace with namespaced entries', () => {
  it('uses an entry\'s own namespace when the walker gives one', () => {
    const host = new SimHost(seedConfig(), { state: seedState() });
    const e = { ip: '10.5.5.104', dev: 'lo', mac: SEED.instanceMac, state: 'REACHABLE' as const, namespace: SEED.qdhcp };
    host.learnFromTrace('', [e]);
    assert.deepEqual(host.list(SEED.qdhcp), [{ ip: '10.5.5.104', dev: 'lo', mac: SEED.instanceMac, state: 'REACHABLE' }]);
    assert.deepEqual(host.list(''), []);
  });
});
