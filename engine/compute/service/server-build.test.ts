import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import type { GuestDriver, GuestSpec } from '../../guest/types';
import type { ImageReader, ImageRecord } from '../../image/types';
import { NetworkService } from '../../network/service';
import { defaultNetworkConfig } from '../../network/service/core';
import { PlacementService } from '../../placement/service';
import type { FlavorRecord, HypervisorDriver, HypervisorInfo } from '../types';
import { ComputeService, defaultComputeConfig } from '.';
import type { ServerCaller } from './servers';
import type { ServerGroupRecord } from './server-groups';

const flavor = (id: string, ram: number, vcpus = 1, disk = 1): FlavorRecord => ({
  id, name: `f${id}`, ram, vcpus, disk, ephemeral: 0, swap: 0, rxtx_factor: 1, is_public: true, disabled: false, description: null, extra_specs: {}, created_at: '2026-01-01T00:00:00Z',
});

const image: ImageRecord = {
  id: 'img-1', name: 'cirros', status: 'active', visibility: 'public', protected: false, os_hidden: false, owner: 'admin-p', disk_format: 'qcow2', container_format: 'bare',
  size: 21430272, virtual_size: 117440512, checksum: null, os_hash_algo: null, os_hash_value: null, min_disk: 0, min_ram: 0, tags: [], created_at: '', updated_at: '', properties: {},
  inspection: { format: 'qcow2', bootable: true },
};

/** Hosts with a memory figure each; spawn/destroy account it. */
class FakeHosts implements HypervisorDriver {
  free = new Map<string, number>();
  running = new Map<string, { host: string; mb: number }>();
  logs: string[] = [];
  constructor(readonly list: HypervisorInfo[]) {
    for (const h of list) this.free.set(h.hostname, h.memoryMb);
  }
  hosts() {
    return this.list;
  }
  availableMemoryMb(h: string) {
    return (this.free.get(h) ?? 0) - [...this.running.values()].filter((r) => r.host === h).reduce((a, r) => a + r.mb, 0);
  }
  spawn(host: string, id: string, mb: number) {
    this.running.set(id, { host, mb });
  }
  destroy(_h: string, id: string) {
    this.running.delete(id);
  }
  appendLog(path: string, text: string) {
    this.logs.push(`${path}: ${text}`);
  }
}

class FakeGuests implements GuestDriver {
  booted: GuestSpec[] = [];
  state = new Map<string, string>();
  boot(spec: GuestSpec) {
    this.booted.push(spec);
    this.state.set(spec.serverId, 'running');
  }
  powerOff(id: string) {
    this.state.set(id, 'off');
  }
  powerOn(id: string) {
    this.state.set(id, 'running');
  }
  reboot(id: string) {
    this.state.set(id, 'running');
  }
  pause(id: string) {
    this.state.set(id, 'paused');
  }
  unpause(id: string) {
    this.state.set(id, 'running');
  }
  destroy(id: string) {
    this.state.delete(id);
  }
  consoleLog(id: string) {
    return this.state.has(id) ? 'login: ' : undefined;
  }
  attach() {
    return undefined;
  }
}

describe('servers: build path, scheduler, actions (instant, in-process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'servers-'));
  let n = 0;
  let db: LabDatabase;
  let nova: ComputeService;
  let network: NetworkService;
  let placement: PlacementService;
  let hosts: FakeHosts;
  let guests: FakeGuests;
  let groups: Map<string, ServerGroupRecord>;
  let netId: string;
  const caller: ServerCaller = { projectId: 'demo-p', userId: 'demo-u', isAdmin: false, requestId: 'req-1' };
  const flavors = new Map([['2', flavor('2', 2048)], ['big', flavor('big', 65536, 8)], ['3', flavor('3', 4096, 2, 1)]]);

  function lab(hostList: HypervisorInfo[], quota = 10): void {
    db = new LabDatabase(join(dir, `lab${n++}.db`));
    const clock = new ManualClock();
    const events = new EventBus();
    network = new NetworkService({ db, clock, events, config: defaultNetworkConfig('localhost') });
    placement = new PlacementService({ db, clock, events });
    hosts = new FakeHosts(hostList);
    guests = new FakeGuests();
    const images: ImageReader = { find: (id) => (id === image.id ? image : undefined), dataPath: () => undefined, usableBy: () => true };
    nova = new ComputeService({ db, clock, events, config: { ...defaultComputeConfig(), instant: true }, network, images, placement, hypervisors: hosts, guests });
    nova.flavors.find = (id) => flavors.get(id);
    groups = new Map();
    nova.serverGroups.find = (id) => groups.get(id);
    nova.serverGroups.addMember = (g, s) => groups.get(g)!.members.push(s);
    nova.serverGroups.removeMember = (s) => {
      for (const g of groups.values()) g.members = g.members.filter((m) => m !== s);
    };
    nova.quotas.check = (p, _u, d) => {
      const used = nova.servers.list({ projectId: p }).length;
      if (used + d.instances > quota) throw Object.assign(new Error(`Quota exceeded for instances: Requested ${d.instances}, but already used ${used} of ${quota} instances`), { status: 403 });
    };
    for (const h of hostList)
      placement.ensureComputeNode({ uuid: `00000000-0000-0000-0000-${String(hostList.indexOf(h)).padStart(12, '0')}`, name: h.hostname, inventories: { VCPU: { total: h.vcpus, allocation_ratio: 16 }, MEMORY_MB: { total: h.memoryMb, reserved: 512 }, DISK_GB: { total: h.localGb } } });
    const net = network.networks.create({ projectId: 'demo-p', isAdmin: false }, { name: 'intnet' });
    netId = net.id;
    network.subnets.create({ projectId: 'demo-p', isAdmin: false }, { network_id: net.id, cidr: '10.5.5.0/24', ip_version: 4, name: 'subnet1' });
  }
  const host = (hostname: string, memoryMb = 7751): HypervisorInfo => ({ hostname, vcpus: 2, memoryMb, localGb: 49, computeRunning: true });

  beforeEach(() => lab([host('localhost')]));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('boots ACTIVE at once: host, port bound and ACTIVE, guest booted with the port, placement claimed', () => {
    const r = nova.servers.builder.create(caller, { name: 'test-instance', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] });
    const s = nova.servers.find(r.servers[0].id)!;
    assert.equal(s.vm_state, 'active');
    assert.equal(s.power_state, 1);
    assert.equal(s.host, 'localhost');
    assert.ok(s.launched_at);
    assert.equal(s.port_ids.length, 1);
    const port = network.ports.find(s.port_ids[0])!;
    assert.equal(port.device_id, s.id);
    assert.equal(port.device_owner, 'compute:nova');
    assert.equal(port['binding:host_id'], 'localhost');
    assert.equal(port.status, 'ACTIVE');
    assert.equal(guests.booted[0].nics[0].mac, port.mac_address);
    assert.equal(guests.booted[0].nics[0].ip, port.fixed_ips[0].ip_address);
    assert.equal(guests.booted[0].nics[0].prefixLen, 24);
    const rp = placement.candidates({ MEMORY_MB: 1 })[0];
    assert.equal(placement.usages(rp.uuid).MEMORY_MB, 2048);
    assert.equal(hosts.availableMemoryMb('localhost'), 7751 - 2048);
  });

  it('names several servers name-1, name-2 and deleting frees ports, claims and memory', () => {
    const r = nova.servers.builder.create(caller, { name: 'vm', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }], minCount: 2, maxCount: 2 });
    assert.deepEqual(r.servers.map((s) => s.name), ['vm-1', 'vm-2']);
    for (const s of r.servers) nova.servers.builder.delete(caller, s.id);
    assert.equal(nova.servers.list({ projectId: 'demo-p' }).length, 0);
    assert.equal(nova.servers.list({ projectId: 'demo-p', includeDeleted: true }).length, 2);
    assert.equal(network.ports.list({ projectId: 'demo-p', isAdmin: false }).filter((p) => p.device_owner.startsWith('compute:')).length, 0);
    const rp = placement.candidates({ MEMORY_MB: 1 })[0];
    assert.equal(placement.usages(rp.uuid).MEMORY_MB ?? 0, 0);
    assert.equal(hosts.running.size, 0);
  });

  it('NoValidHost when placement has no room: ERROR with the fault, filter lines not needed', () => {
    const r = nova.servers.builder.create(caller, { name: 'huge', flavorRef: 'big', imageRef: image.id, networks: [{ uuid: netId }] });
    const s = nova.servers.find(r.servers[0].id)!;
    assert.equal(s.vm_state, 'error');
    assert.equal(s.fault?.code, 500);
    assert.equal(s.fault?.message, 'No valid host was found. There are not enough hosts available.');
    assert.match(s.fault?.details ?? '', /nova\.exception\.NoValidHost: No valid host was found\./);
    assert.ok(hosts.logs.some((l) => l.includes('Got no allocation candidates from the Placement API')));
  });

  it('a host short of real memory fails the build there; with one host the retries are exhausted', () => {
    hosts.free.set('localhost', 1500);
    const r = nova.servers.builder.create(caller, { name: 'starved', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] });
    const s = nova.servers.find(r.servers[0].id)!;
    assert.equal(s.vm_state, 'error');
    assert.equal(s.fault?.message, `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${s.id}.`);
    const rp = placement.candidates({ MEMORY_MB: 1 })[0];
    assert.equal(placement.usages(rp.uuid).MEMORY_MB ?? 0, 0);
    assert.equal(network.ports.list({ projectId: 'demo-p', isAdmin: false }).filter((p) => p.device_owner.startsWith('compute:')).length, 0);
    assert.ok(hosts.logs.some((l) => l.includes('nova-compute.log') && l.includes('Instance failed to spawn')));
    assert.deepEqual(nova.servers.lastSchedule(s.id)!.failedHosts, ['localhost']);
    const events = nova.servers.kit.actions.list(s.id)[0].events;
    assert.ok(events.some((e) => e.event === 'compute__do_build_and_run_instance' && e.result === 'Error'));
  });

  it('reschedules to an alternate host when the first one is short of memory', () => {
    lab([host('localhost'), host('compute2', 4096)]);
    hosts.free.set('localhost', 1000);
    const r = nova.servers.builder.create(caller, { name: 'moved', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] });
    const s = nova.servers.find(r.servers[0].id)!;
    assert.equal(s.vm_state, 'active');
    assert.equal(s.host, 'compute2');
    assert.ok(hosts.logs.some((l) => l.includes('was re-scheduled')));
  });

  it('anti-affinity with one host: the second member fails NoValidHost with the filter results logged', () => {
    groups.set('g1', { id: 'g1', name: 'g', policy: 'anti-affinity', rules: {}, members: [], project_id: 'demo-p', user_id: 'demo-u' });
    const a = nova.servers.builder.create(caller, { name: 'a', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }], groupId: 'g1' }).servers[0];
    const b = nova.servers.builder.create(caller, { name: 'b', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }], groupId: 'g1' }).servers[0];
    assert.equal(nova.servers.find(a.id)!.vm_state, 'active');
    const sb = nova.servers.find(b.id)!;
    assert.equal(sb.vm_state, 'error');
    assert.equal(sb.fault?.message, 'No valid host was found. There are not enough hosts available.');
    const line = hosts.logs.find((l) => l.includes('Filtering removed all hosts'))!;
    assert.match(line, new RegExp(`instance ID '${b.id}'. Filter results: \\['AvailabilityZoneFilter: \\(start: 1, end: 1\\)', 'ComputeFilter: \\(start: 1, end: 1\\)', 'AggregateInstanceExtraSpecsFilter: \\(start: 1, end: 1\\)', 'ImagePropertiesFilter: \\(start: 1, end: 1\\)', 'ServerGroupAntiAffinityFilter: \\(start: 1, end: 0\\)'\\]`));
    assert.ok(hosts.logs.some((l) => l.includes('Filter ServerGroupAntiAffinityFilter returned 0 hosts')));
    const last = nova.servers.lastSchedule(b.id)!;
    assert.equal(last.reason, 'ServerGroupAntiAffinityFilter');
    assert.deepEqual(last.filterResults.at(-1), { filter: 'ServerGroupAntiAffinityFilter', start: 1, end: 0 });
  });

  it('actions move through the states and refuse the wrong ones with Nova 409s', () => {
    const id = nova.servers.builder.create(caller, { name: 'vm', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] }).servers[0].id;
    let seq = 0;
    const me = (): ServerCaller => ({ ...caller, requestId: `req-${++seq}` });
    const act = nova.servers.action;
    const st = () => nova.servers.find(id)!;
    assert.throws(() => act.start(me(), id), { message: `Cannot 'start' instance ${id} while it is in vm_state active` });
    act.stop(me(), id);
    assert.equal(st().vm_state, 'stopped');
    assert.equal(st().power_state, 4);
    assert.equal(hosts.running.size, 0);
    assert.throws(() => act.stop(me(), id), { message: `Cannot 'stop' instance ${id} while it is in vm_state stopped` });
    act.start(me(), id);
    assert.equal(st().vm_state, 'active');
    act.pause(me(), id);
    assert.equal(st().vm_state, 'paused');
    assert.equal(st().power_state, 3);
    act.unpause(me(), id);
    act.suspend(me(), id);
    assert.equal(st().vm_state, 'suspended');
    act.resume(me(), id);
    act.reboot(me(), id, 'HARD');
    assert.equal(st().vm_state, 'active');
    act.resize(me(), id, '3');
    assert.equal(st().vm_state, 'resized');
    assert.equal(st().flavor.id, '3');
    const rp = placement.candidates({ MEMORY_MB: 1 })[0];
    assert.equal(placement.usages(rp.uuid).MEMORY_MB, 2048 + 4096);
    act.confirmResize(me(), id);
    assert.equal(st().vm_state, 'active');
    assert.equal(placement.usages(rp.uuid).MEMORY_MB, 4096);
    act.resize(me(), id, '2');
    act.revertResize(me(), id);
    assert.equal(st().flavor.id, '3');
    assert.equal(placement.usages(rp.uuid).MEMORY_MB, 4096);
    act.lock(me(), id, 'maintenance');
    assert.throws(() => act.stop(me(), id), { message: `Instance ${id} is locked` });
    act.unlock(me(), id);
    act.rebuild(me(), id, { imageRef: image.id, name: 'renamed' });
    assert.equal(st().name, 'renamed');
    assert.equal(st().vm_state, 'active');
    const actions = nova.servers.kit.actions.list(id).map((a) => a.action);
    assert.deepEqual(actions.slice(0, 3), ['rebuild', 'unlock', 'lock']);
    act.shelve(me(), id);
    assert.equal(st().vm_state, 'shelved_offloaded');
    assert.equal(st().host, null);
    assert.equal(placement.usages(rp.uuid).MEMORY_MB ?? 0, 0);
    assert.equal(hosts.running.size, 0);
    assert.throws(() => act.start(me(), id), { message: `Cannot 'start' instance ${id} while it is in vm_state shelved_offloaded` });
    act.unshelve(me(), id);
    assert.equal(st().vm_state, 'active');
    assert.equal(st().host, 'localhost');
    assert.equal(placement.usages(rp.uuid).MEMORY_MB, 4096);
    assert.equal(network.ports.find(st().port_ids[0])!['binding:host_id'], 'localhost');
  });

  it('quota: the create that passes the limit is refused and nothing is written', () => {
    lab([host('localhost')], 1);
    nova.servers.builder.create(caller, { name: 'one', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] });
    assert.throws(() => nova.servers.builder.create(caller, { name: 'two', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] }), /Quota exceeded for instances/);
    assert.equal(nova.servers.list({ projectId: 'demo-p' }).length, 1);
  });

  it('validates flavor, image, key pair and network with Nova messages', () => {
    assert.throws(() => nova.servers.builder.create(caller, { name: 'x', flavorRef: '99', imageRef: image.id }), { message: 'Flavor 99 could not be found.' });
    assert.throws(() => nova.servers.builder.create(caller, { name: 'x', flavorRef: '2', imageRef: 'nope' }), { message: 'Image nope could not be found.' });
    assert.throws(() => nova.servers.builder.create(caller, { name: 'x', flavorRef: '2', imageRef: image.id, keyName: 'k9' }), { message: 'Keypair k9 not found for user demo-u' });
    assert.throws(() => nova.servers.builder.create(caller, { name: 'x', flavorRef: '2', imageRef: image.id, networks: [{ uuid: '6a4e5b3c-0000-4000-8000-000000000000' }] }), {
      message: 'Network 6a4e5b3c-0000-4000-8000-000000000000 could not be found.',
    });
    assert.equal(nova.servers.list({}).length, 0);
  });

  it('a port the user gave is bound to the server and only unbound when the server goes', () => {
    const port = network.ports.create({ projectId: 'demo-p', isAdmin: false }, { network_id: netId, name: 'mine' });
    const s = nova.servers.builder.create(caller, { name: 'with-port', flavorRef: '2', imageRef: image.id, networks: [{ port: port.id }] }).servers[0];
    assert.deepEqual(nova.servers.find(s.id)!.port_ids, [port.id]);
    assert.equal(network.ports.find(port.id)!.device_id, s.id);
    assert.throws(() => nova.servers.builder.create(caller, { name: 'again', flavorRef: '2', imageRef: image.id, networks: [{ port: port.id }] }), { message: `Port ${port.id} is still in use.` });
    nova.servers.builder.delete(caller, s.id);
    const after = network.ports.find(port.id)!;
    assert.equal(after.device_id, '');
    assert.equal(after['binding:host_id'], '');
    assert.equal(after.status, 'DOWN');
  });

  it('a build cut short by an engine stop carries on at the next start', () => {
    // the first engine is not instant: the build waits on its timers, then the engine "stops"
    const slow = new ComputeService({ ...nova.deps, config: { ...nova.deps.config, instant: false } });
    slow.flavors.find = nova.flavors.find;
    slow.quotas.check = () => {};
    const id = slow.servers.builder.create(caller, { name: 'interrupted', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] }).servers[0].id;
    assert.equal(slow.servers.find(id)!.vm_state, 'building');
    // the next engine on the same database (instant here) finds it and finishes the build
    nova.servers.builder.recover();
    const s = nova.servers.find(id)!;
    assert.equal(s.vm_state, 'active');
    assert.equal(s.port_ids.length, 1);
  });

  it('a step that breaks ends the build in ERROR instead of failing the create', () => {
    guests.boot = () => {
      throw new Error('the guest would not start');
    };
    const s = nova.servers.builder.create(caller, { name: 'broken', flavorRef: '2', imageRef: image.id, networks: [{ uuid: netId }] }).servers[0];
    const after = nova.servers.find(s.id)!;
    assert.equal(after.vm_state, 'error');
    assert.equal(after.fault?.message, `Build of instance ${s.id} aborted: the guest would not start`);
    assert.equal(hosts.running.size, 0);
    assert.equal(network.ports.list({ projectId: 'demo-p', isAdmin: false }).filter((p) => p.device_owner.startsWith('compute:')).length, 0);
  });
});
