import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlacementClient, ProviderCandidate, Resources } from '../../placement/types';
import type { AggregateRecord } from '../service/aggregates';
import type { FlavorRecord, HypervisorInfo } from '../types';
import { AggregateInstanceExtraSpecsFilter } from './filters/aggregate-instance-extra-specs-filter';
import { ImagePropertiesFilter } from './filters/image-properties-filter';
import { resourcesFromFlavor, Scheduler } from './scheduler';
import type { HostState, RequestSpec } from './types';

const flavor = (over: Partial<FlavorRecord> = {}): FlavorRecord => ({
  id: '2', name: 'm1.small', ram: 2048, vcpus: 1, disk: 20, ephemeral: 0, swap: 0, rxtx_factor: 1, is_public: true, disabled: false, description: null, extra_specs: {}, created_at: '', ...over,
});
const agg = (name: string, metadata: Record<string, string>, hosts: string[]): AggregateRecord => ({ id: 1, uuid: name, name, availability_zone: metadata.availability_zone ?? null, metadata, hosts, created_at: '', updated_at: null });
const spec = (over: Partial<RequestSpec> = {}): RequestSpec => ({ instanceId: 'i-1', projectId: 'p', flavor: flavor(), image: undefined, zone: null, forcedHost: null, group: undefined, groupHosts: [], ignoreHosts: [], ...over });

/** Placement with fixed free memory per provider; claims always succeed. */
function placement(free: Record<string, number>): PlacementClient & { claims: string[] } {
  const claims: string[] = [];
  return {
    claims,
    ensureComputeNode: () => {},
    removeProvider: () => {},
    candidates: (r: Resources): ProviderCandidate[] =>
      Object.entries(free)
        .filter(([, mb]) => mb >= (r.MEMORY_MB ?? 0))
        .map(([name, mb]) => ({ uuid: `rp-${name}`, name, remaining: { MEMORY_MB: mb - (r.MEMORY_MB ?? 0), VCPU: 10, DISK_GB: 10 } })),
    claim: (_c, rp) => (claims.push(rp), true),
    replaceAllocations: () => true,
    release: () => {},
    setAggregates: () => {},
    usages: () => ({}),
  };
}

function scheduler(free: Record<string, number>, opts: { zones?: Record<string, string>; aggregates?: AggregateRecord[]; down?: string[] } = {}) {
  const p = placement(free);
  const hosts: HypervisorInfo[] = Object.keys(free).map((h) => ({ hostname: h, vcpus: 2, memoryMb: 8192, localGb: 49, computeRunning: true }));
  const lines: string[] = [];
  const s = new Scheduler({
    placement: p,
    hypervisors: { hosts: () => hosts, availableMemoryMb: () => 0, spawn: () => {}, destroy: () => {} },
    serviceUp: (h) => !(opts.down ?? []).includes(h),
    serviceEnabled: () => true,
    zoneOf: (h) => opts.zones?.[h] ?? 'nova',
    aggregatesOf: (h) => (opts.aggregates ?? []).filter((a) => a.hosts.includes(h)),
    instancesOn: () => [],
  });
  return { s, p, lines, log: (level: string, logger: string, msg: string) => lines.push(`${level} ${logger} ${msg}`) };
}

describe('scheduler', () => {
  it('asks placement for VCPU, MEMORY_MB and DISK_GB (root + ephemeral + swap rounded up to GiB)', () => {
    assert.deepEqual(resourcesFromFlavor(flavor({ disk: 20, ephemeral: 5, swap: 1536 })), { VCPU: 1, MEMORY_MB: 2048, DISK_GB: 27 });
    assert.deepEqual(resourcesFromFlavor(flavor({ disk: 0, ephemeral: 0, swap: 0 })), { VCPU: 1, MEMORY_MB: 2048 });
  });

  it('weighs by free RAM (spread) and claims the best host, the others as alternates', () => {
    const { s, p, log } = scheduler({ a: 3000, b: 6000, c: 4000 });
    const r = s.schedule(spec(), 'u', 3, log);
    assert.deepEqual(r.selections.map((x) => x.host), ['b', 'c', 'a']);
    assert.deepEqual(p.claims, ['rp-b']);
    assert.deepEqual(s.schedule(spec(), 'u', 2, log).selections.map((x) => x.host), ['b', 'c']);
  });

  it('records each filter with start and end counts; a down compute service is filtered out', () => {
    const { s, log, lines } = scheduler({ a: 3000, b: 6000 }, { down: ['b'] });
    const r = s.schedule(spec(), 'u', 3, log);
    assert.deepEqual(r.selections.map((x) => x.host), ['a']);
    assert.deepEqual(r.filterResults.find((f) => f.filter === 'ComputeFilter'), { filter: 'ComputeFilter', start: 2, end: 1 });
    assert.ok(lines.includes('DEBUG nova.filters Filter ComputeFilter returned 1 host(s)'));
  });

  it('availability zones, forced hosts and hosts a build already failed on', () => {
    const { s, log, lines } = scheduler({ a: 3000, b: 6000 }, { zones: { a: 'az1', b: 'nova' } });
    assert.deepEqual(s.schedule(spec({ zone: 'az1' }), 'u', 3, log).selections.map((x) => x.host), ['a']);
    assert.deepEqual(s.schedule(spec({ forcedHost: 'a' }), 'u', 3, log).selections.map((x) => x.host), ['a']);
    const none = s.schedule(spec({ zone: 'az9' }), 'u', 3, log);
    assert.equal(none.selections.length, 0);
    assert.equal(none.reason, 'AvailabilityZoneFilter');
    assert.ok(lines.some((l) => l.includes("Filtering removed all hosts for the request with instance ID 'i-1'. Filter results: ['AvailabilityZoneFilter: (start: 2, end: 0)']")));
    assert.deepEqual(s.schedule(spec({ ignoreHosts: ['b'] }), 'u', 3, log).selections.map((x) => x.host), ['a']);
  });

  it('placement without room: no candidates, NoValidHost reason placement', () => {
    const { s, log, lines } = scheduler({ a: 1000 });
    const r = s.schedule(spec(), 'u', 3, log);
    assert.equal(r.reason, 'placement');
    assert.ok(lines.some((l) => l.startsWith('INFO nova.scheduler.manager Got no allocation candidates from the Placement API.')));
  });

  it('AggregateInstanceExtraSpecsFilter matches scoped flavor extra specs against aggregate metadata', () => {
    const f = new AggregateInstanceExtraSpecsFilter();
    const host = (aggregates: AggregateRecord[]) => ({ aggregates }) as HostState;
    const ssd = spec({ flavor: flavor({ extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' } }) });
    assert.equal(f.hostPasses(host([agg('fast', { ssd: 'true' }, ['a'])]), ssd), true);
    assert.equal(f.hostPasses(host([agg('slow', { ssd: 'false' }, ['a'])]), ssd), false);
    assert.equal(f.hostPasses(host([]), ssd), false);
    assert.equal(f.hostPasses(host([]), spec({ flavor: flavor({ extra_specs: { 'hw:cpu_policy': 'dedicated' } }) })), true);
    assert.equal(f.hostPasses(host([agg('x', { tier: 'gold' }, ['a'])]), spec({ flavor: flavor({ extra_specs: { 'aggregate_instance_extra_specs:tier': '<or> silver <or> gold' } }) })), true);
  });

  it('ImagePropertiesFilter passes x86_64/qemu images and refuses other architectures', () => {
    const f = new ImagePropertiesFilter();
    const host = { supportedInstances: [['x86_64', 'qemu', 'hvm']] } as HostState;
    const img = (properties: Record<string, string>) => spec({ image: { properties } as RequestSpec['image'] });
    assert.equal(f.hostPasses(host, img({})), true);
    assert.equal(f.hostPasses(host, img({ hw_architecture: 'x86_64', img_hv_type: 'qemu' })), true);
    assert.equal(f.hostPasses(host, img({ architecture: 'amd64' })), true);
    assert.equal(f.hostPasses(host, img({ hw_architecture: 'aarch64' })), false);
    assert.equal(f.hostPasses(host, img({ hypervisor_type: 'xen' })), false);
  });
});
