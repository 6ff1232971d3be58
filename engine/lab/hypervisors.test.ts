import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { systemClock } from '../core/clock';
import { LabDatabase } from '../core/db';
import { EventBus } from '../core/events';
import { NetworkService } from '../network/service';
import { defaultNetworkConfig } from '../network/service/core';
import { HostRuntime } from './host-runtime';
import { EXTRA_HOST_BASE_USED_MB, SimHypervisors } from './hypervisors';

describe('SimHypervisors: the sim host and added compute hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hypervisors-'));
  const db = new LabDatabase(join(dir, 'lab.db'));
  const events = new EventBus();
  const network = new NetworkService({ db, clock: systemClock, events, config: defaultNetworkConfig('localhost') });
  const runtime = new HostRuntime(db, events, network, dir, 'localhost');
  const hv = new SimHypervisors(runtime, db);
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the sim host with its memory and nova-compute running', () => {
    const [sim] = hv.hosts();
    assert.equal(sim.hostname, 'localhost');
    assert.equal(sim.memoryMb, runtime.host.memory().totalMb);
    assert.equal(sim.computeRunning, true);
    runtime.host.stopService('openstack-nova-compute');
    assert.equal(hv.hosts()[0].computeRunning, false);
    runtime.host.startService('openstack-nova-compute');
  });

  it("an instance's qemu process uses the sim host's memory (free -m) until it is destroyed", () => {
    const before = runtime.host.memory();
    hv.spawn('localhost', 'vm-1', 512);
    assert.equal(runtime.host.memory().usedMb, before.usedMb + 512);
    assert.equal(hv.availableMemoryMb('localhost'), before.availableMb - 512);
    hv.spawn('localhost', 'vm-1', 512); // the same instance again does not count twice
    assert.equal(runtime.host.memory().usedMb, before.usedMb + 512);
    hv.destroy('localhost', 'vm-1');
    assert.equal(runtime.host.memory().usedMb, before.usedMb);
  });

  it('added hosts have their own memory, persist, and are removed only when empty', () => {
    hv.addHost({ name: 'compute2', memoryMb: 4096, vcpus: 4 });
    assert.throws(() => hv.addHost({ name: 'compute2' }), /already exists/);
    assert.throws(() => hv.addHost({ name: 'localhost' }), /already exists/);
    assert.throws(() => hv.addHost({ name: 'bad name' }), /invalid host name/);
    assert.deepEqual(hv.hosts().map((h) => h.hostname), ['localhost', 'compute2']);
    assert.equal(hv.availableMemoryMb('compute2'), 4096 - EXTRA_HOST_BASE_USED_MB);
    const simUsed = runtime.host.memory().usedMb;
    hv.spawn('compute2', 'vm-2', 1024);
    assert.equal(hv.availableMemoryMb('compute2'), 4096 - EXTRA_HOST_BASE_USED_MB - 1024);
    assert.equal(runtime.host.memory().usedMb, simUsed, 'the sim host does not carry compute2 instances');
    assert.throws(() => hv.removeHost('compute2'), /still has 1 instance/);
    const again = new SimHypervisors(runtime, db);
    assert.equal(again.hosts()[1].vcpus, 4);
    hv.destroy('compute2', 'vm-2');
    hv.removeHost('compute2');
    assert.throws(() => hv.removeHost('localhost'), /cannot be removed/);
    assert.deepEqual(hv.hosts().map((h) => h.hostname), ['localhost']);
  });
});
