import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import { INVENTORY_DEFAULTS, PlacementService, capacityOf, fits } from './index';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function service(): { svc: PlacementService; events: EventBus } {
  const dir = mkdtempSync(join(tmpdir(), 'placement-'));
  dirs.push(dir);
  const events = new EventBus();
  return { svc: new PlacementService({ db: new LabDatabase(join(dir, 'lab.db')), clock: new ManualClock(), events }), events };
}

const inv = (total: number, extra: Partial<typeof INVENTORY_DEFAULTS> = {}) => ({ ...INVENTORY_DEFAULTS, total, ...extra });
const status = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { status?: number }).status;
  }
  return undefined;
};

describe('capacity math', () => {
  it('is (total - reserved) * allocation_ratio, with unit constraints', () => {
    assert.equal(capacityOf(inv(8, { reserved: 2, allocation_ratio: 16 })), 96);
    assert.equal(fits(inv(8, { reserved: 2, allocation_ratio: 16 }), 90, 6), true);
    assert.equal(fits(inv(8, { reserved: 2, allocation_ratio: 16 }), 90, 7), false);
    assert.equal(fits(inv(1024, { min_unit: 256 }), 0, 128), false);
    assert.equal(fits(inv(1024, { max_unit: 512 }), 0, 513), false);
    assert.equal(fits(inv(1024, { step_size: 256 }), 0, 300), false);
    assert.equal(fits(inv(1024, { step_size: 256 }), 0, 512), true);
    assert.equal(fits(inv(2048, { reserved: 512, allocation_ratio: 1.5 }), 2000, 304), true);
    assert.equal(fits(inv(2048, { reserved: 512, allocation_ratio: 1.5 }), 2000, 305), false);
  });
});

describe('PlacementService', () => {
  it('creates providers with unique names and uuids (409 placement.duplicate_name)', () => {
    const { svc } = service();
    const rp = svc.createProvider({ name: 'cn1' });
    assert.equal(rp.generation, 0);
    assert.equal(rp.root_uuid, rp.uuid);
    assert.throws(() => svc.createProvider({ name: 'cn1' }), (e: { status: number; code: string; message: string }) => e.status === 409 && e.code === 'placement.duplicate_name' && e.message === 'Conflicting resource provider name: cn1 already exists.');
    assert.throws(() => svc.createProvider({ name: 'other', uuid: rp.uuid }), /Conflicting resource provider uuid: /);
    const child = svc.createProvider({ name: 'cn1-numa0', parentProviderUuid: rp.uuid });
    assert.equal(child.root_uuid, rp.uuid);
    assert.equal(status(() => svc.deleteProvider(rp.uuid)), 409);
  });

  it('checks generations on inventory writes and bumps them', () => {
    const { svc, events } = service();
    const rp = svc.createProvider({ name: 'cn' });
    const seen: string[] = [];
    events.subscribe((e) => seen.push(e.type));
    const r = svc.setInventories(rp.uuid, 0, { VCPU: inv(4, { allocation_ratio: 16 }), MEMORY_MB: inv(2048, { reserved: 512 }) }, true);
    assert.equal(r.provider.generation, 1);
    assert.throws(() => svc.setInventories(rp.uuid, 0, { VCPU: inv(8) }, true), (e: { status: number; code: string }) => e.status === 409 && e.code === 'placement.concurrent_update');
    assert.ok(seen.includes('placement.provider.inventory.updated'));
    // reserved == total: refused before 1.26, allowed after
    assert.equal(status(() => svc.setInventories(rp.uuid, 1, { VCPU: inv(4, { reserved: 4 }) }, false)), 400);
    assert.equal(svc.setInventories(rp.uuid, 1, { VCPU: inv(4, { reserved: 4 }), MEMORY_MB: inv(2048) }, true).provider.generation, 2);
    assert.equal(status(() => svc.setInventories(rp.uuid, 2, { VCPU: inv(4, { reserved: 5 }) }, true)), 400);
    assert.equal(status(() => svc.setInventories(rp.uuid, 2, { NOPE: inv(4) }, true)), 400);
  });

  it('claims atomically against capacity, ratio and reserved; refuses inventory deletion in use', () => {
    const { svc } = service();
    const rp = svc.createProvider({ name: 'cn' });
    svc.setInventories(rp.uuid, 0, { VCPU: inv(2, { allocation_ratio: 2 }), MEMORY_MB: inv(2048, { reserved: 512 }), DISK_GB: inv(20) }, true);
    const [a, b, c] = [uuid(), uuid(), uuid()];
    assert.equal(svc.claim(a, rp.uuid, { VCPU: 2, MEMORY_MB: 1024, DISK_GB: 1 }, 'p', 'u'), true);
    assert.equal(svc.claim(b, rp.uuid, { VCPU: 2, MEMORY_MB: 512, DISK_GB: 1 }, 'p', 'u'), true);
    // 1536 of (2048 - 512) used; VCPU 4 of 2 * 2
    assert.equal(svc.claim(c, rp.uuid, { VCPU: 1, MEMORY_MB: 1, DISK_GB: 1 }, 'p', 'u'), false);
    assert.deepEqual(svc.allocationsOfConsumer(c), []);
    assert.deepEqual(svc.usages(rp.uuid), { VCPU: 4, MEMORY_MB: 1536, DISK_GB: 2 });
    assert.equal(svc.candidates({ VCPU: 1 }).length, 0);
    assert.throws(() => svc.deleteInventory(rp.uuid, 'VCPU'), (e: { status: number; message: string }) => e.status === 409 && /in use/.test(e.message));
    assert.throws(() => svc.setInventories(rp.uuid, svc.getProvider(rp.uuid).generation, { DISK_GB: inv(20) }, true), (e: { code: string }) => e.code === 'placement.inventory.inuse');
    svc.release(a);
    assert.deepEqual(svc.usages(rp.uuid), { VCPU: 2, MEMORY_MB: 512, DISK_GB: 1 });
    assert.equal(svc.claim(c, rp.uuid, { VCPU: 1, MEMORY_MB: 1, DISK_GB: 1 }, 'p', 'u'), true);
    assert.equal(svc.totalUsages('p').VCPU, 3);
    assert.equal(status(() => svc.deleteProvider(rp.uuid)), 409);
  });

  it('replaces a consumer allocations (resize) and checks consumer generations from 1.28', () => {
    const { svc } = service();
    const rp = svc.createProvider({ name: 'cn' });
    svc.setInventories(rp.uuid, 0, { VCPU: inv(4) }, true);
    const c = uuid();
    svc.writeAllocations([{ consumer: c, allocations: { [rp.uuid]: { VCPU: 3 } }, projectId: 'p', userId: 'u', consumerGeneration: null }], { checkConsumerGeneration: true, setConsumerType: false }, 'put');
    assert.equal(svc.consumer(c)!.generation, 1);
    // the consumer's own allocation does not count against its replacement
    svc.writeAllocations([{ consumer: c, allocations: { [rp.uuid]: { VCPU: 4 } }, projectId: 'p', userId: 'u', consumerGeneration: 1 }], { checkConsumerGeneration: true, setConsumerType: false }, 'put');
    assert.throws(
      () => svc.writeAllocations([{ consumer: c, allocations: { [rp.uuid]: { VCPU: 1 } }, projectId: 'p', userId: 'u', consumerGeneration: 1 }], { checkConsumerGeneration: true, setConsumerType: false }, 'put'),
      (e: { message: string }) => e.message === 'consumer generation conflict - expected 2 but got 1',
    );
    assert.throws(
      () => svc.writeAllocations([{ consumer: c, allocations: { [rp.uuid]: { VCPU: 5 } }, projectId: 'p', userId: 'u', consumerGeneration: 2 }], { checkConsumerGeneration: true, setConsumerType: false }, 'put'),
      (e: { status: number; message: string }) => e.status === 409 && e.message === `Unable to allocate inventory: Unable to create allocation for 'VCPU' on resource provider '${rp.uuid}'. The requested amount would exceed the capacity.`,
    );
    assert.equal(svc.usages(rp.uuid).VCPU, 4);
    assert.equal(svc.replaceAllocations(c, {}, 'p', 'u'), true);
    assert.equal(svc.consumer(c), undefined);
  });

  it('ranks candidates by free memory then name, with traits and aggregates', () => {
    const { svc } = service();
    const agg = uuid();
    svc.ensureComputeNode({ uuid: uuid(), name: 'b-host', inventories: { VCPU: { total: 4 }, MEMORY_MB: { total: 4096 } }, traits: ['COMPUTE_STATUS_DISABLED'] });
    const a = uuid();
    svc.ensureComputeNode({ uuid: a, name: 'a-host', inventories: { VCPU: { total: 4, allocation_ratio: 4 }, MEMORY_MB: { total: 4096 } }, traits: ['HW_CPU_X86_AVX2'] });
    const c = uuid();
    svc.ensureComputeNode({ uuid: c, name: 'c-host', inventories: { VCPU: { total: 4 }, MEMORY_MB: { total: 8192, reserved: 512 } } });
    assert.deepEqual(svc.candidates({ VCPU: 1, MEMORY_MB: 512 }).map((x) => x.name), ['c-host', 'a-host', 'b-host']);
    assert.deepEqual(svc.candidates({ VCPU: 1 }, { forbidden: ['COMPUTE_STATUS_DISABLED'] }).map((x) => x.name), ['c-host', 'a-host']);
    assert.deepEqual(svc.candidates({ VCPU: 1 }, { required: ['HW_CPU_X86_AVX2'] }).map((x) => x.name), ['a-host']);
    // Nova reports max_unit = total: no single instance larger than the host
    assert.deepEqual(svc.candidates({ VCPU: 5 }), []);
    assert.equal(svc.candidates({ VCPU: 1, MEMORY_MB: 512 })[0].remaining.MEMORY_MB, 8192 - 512 - 512);
    svc.setAggregates(a, [agg]);
    assert.deepEqual(svc.candidates({ VCPU: 1 }, { memberOf: [[agg]] }).map((x) => x.name), ['a-host']);
    // re-reporting the same inventory does not bump the generation
    const g = svc.getProvider(c).generation;
    svc.ensureComputeNode({ uuid: c, name: 'c-host', inventories: { VCPU: { total: 4 }, MEMORY_MB: { total: 8192, reserved: 512 } } });
    assert.equal(svc.getProvider(c).generation, g);
    svc.removeProvider(c);
    assert.equal(svc.findProvider(c), undefined);
  });

  it('finds allocation candidates across a tree from 1.29 and granular groups on single providers', () => {
    const { svc } = service();
    const root = svc.createProvider({ name: 'cn' });
    svc.setInventories(root.uuid, 0, { VCPU: inv(4), MEMORY_MB: inv(4096) }, true);
    const pf = svc.createProvider({ name: 'cn-pf', parentProviderUuid: root.uuid });
    svc.setInventories(pf.uuid, 0, { SRIOV_NET_VF: inv(8) }, true);
    svc.putTrait('CUSTOM_PHYSNET_A');
    svc.setProviderTraits(pf.uuid, undefined, ['CUSTOM_PHYSNET_A']);
    const g = (suffix: string, resources: Record<string, number>, required: string[][] = []) => ({ suffix, useSameProvider: suffix !== '', resources, required, forbidden: [], memberOf: [], forbiddenAggregates: [] });
    const spread = svc.allocationCandidates({ groups: { '': g('', { VCPU: 1, SRIOV_NET_VF: 1 }) }, sameSubtrees: [], nestedAware: true });
    assert.equal(spread.allocationRequests.length, 1);
    assert.deepEqual(spread.allocationRequests[0].allocations, { [root.uuid]: { VCPU: 1 }, [pf.uuid]: { SRIOV_NET_VF: 1 } });
    assert.equal(spread.summaries.length, 2);
    const old = svc.allocationCandidates({ groups: { '': g('', { VCPU: 1, SRIOV_NET_VF: 1 }) }, sameSubtrees: [], nestedAware: false });
    assert.equal(old.allocationRequests.length, 0);
    const granular = svc.allocationCandidates({ groups: { '': g('', { VCPU: 1 }), '1': g('1', { SRIOV_NET_VF: 2 }, [['CUSTOM_PHYSNET_A']]) }, sameSubtrees: [], nestedAware: true });
    assert.deepEqual(granular.allocationRequests[0].mappings, { '': [root.uuid], '1': [pf.uuid] });
    const none = svc.allocationCandidates({ groups: { '': g('', { VCPU: 5 }) }, sameSubtrees: [], nestedAware: true });
    assert.deepEqual(none, { allocationRequests: [], summaries: [] });
  });
});
