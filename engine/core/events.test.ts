import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBus, type LabEvent } from './events';

describe('EventBus', () => {
  it('numbers events from 1 and hands them to subscribers in order', () => {
    const bus = new EventBus();
    const seen: LabEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.publish('network.port.created', 'p1');
    bus.publish('network.port.updated', 'p1', { status: 'ACTIVE' });
    assert.deepEqual(seen.map((e) => [e.seq, e.type, e.id]), [
      [1, 'network.port.created', 'p1'],
      [2, 'network.port.updated', 'p1'],
    ]);
    assert.equal(bus.lastSeq, 2);
  });

  it('lets a subscriber resume after the last sequence number it saw', () => {
    const bus = new EventBus();
    for (let i = 0; i < 5; i++) bus.publish('identity.project.created', `p${i}`);
    const replayed: number[] = [];
    bus.subscribe((e) => replayed.push(e.seq), 3);
    bus.publish('identity.project.deleted', 'p0');
    assert.deepEqual(replayed, [4, 5, 6]);
    assert.deepEqual(bus.since(4).events.map((e) => e.seq), [5, 6]);
    assert.equal(bus.since(4).complete, true);
  });

  it('says when events a subscriber missed were already dropped', () => {
    const bus = new EventBus(3);
    for (let i = 0; i < 10; i++) bus.publish('x', String(i));
    const r = bus.since(2);
    assert.deepEqual(r.events.map((e) => e.seq), [8, 9, 10]);
    assert.equal(r.complete, false);
    assert.equal(bus.since(7).complete, true);
  });

  it('keeps publishing when a subscriber throws', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((e) => seen.push(e.seq));
    bus.publish('a');
    bus.publish('b');
    assert.deepEqual(seen, [1, 2]);
  });
});
