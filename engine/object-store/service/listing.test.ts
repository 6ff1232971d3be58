import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NameRange } from '../store/object-store-store';
import { type ListingQuery, walkListing } from './listing';

const NAMES = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'b0', 'd.txt', 'e/4.txt', 'e/5.txt'];

/** The store's range query over a sorted array (what SQLite answers), counting the reads. */
function store(names: string[]) {
  let reads = 0;
  const fetch = (r: NameRange): string[] => {
    reads++;
    let out = names.filter(
      (n) =>
        n.startsWith(r.prefix) &&
        (!r.start || n >= r.start) &&
        (!r.marker || (r.reverse ? n < r.marker : n > r.marker)) &&
        (!r.endMarker || (r.reverse ? n > r.endMarker : n < r.endMarker)),
    );
    out.sort();
    if (r.reverse) out.reverse();
    out = out.slice(0, r.limit);
    return out;
  };
  return { fetch, reads: () => reads };
}

const q = (over: Partial<ListingQuery>): ListingQuery => ({ prefix: '', marker: '', endMarker: '', delimiter: '', limit: 10000, reverse: false, ...over });
const list = (over: Partial<ListingQuery>, names = NAMES) =>
  walkListing(store(names).fetch, (n) => n, q(over)).map((e) => (e.kind === 'subdir' ? `[${e.subdir}]` : e.item));

describe('walkListing (Swift listing semantics)', () => {
  it('rolls names up to subdirs at the delimiter, each counting once toward the limit', () => {
    assert.deepEqual(list({ delimiter: '/' }), ['a.txt', '[b/]', 'b0', 'd.txt', '[e/]']);
    assert.deepEqual(list({ delimiter: '/', limit: 2 }), ['a.txt', '[b/]']);
    assert.deepEqual(list({ delimiter: '/', prefix: 'b/' }), ['b/1.txt', 'b/2.txt', '[b/c/]']);
  });

  it('skips past a subdir without missing the name right after it (b/ then b0)', () => {
    assert.deepEqual(list({ delimiter: '/', marker: 'a.txt', limit: 2 }), ['[b/]', 'b0']);
  });

  it('reverses, with marker and end_marker on the other side', () => {
    assert.deepEqual(list({ reverse: true, delimiter: '/' }), ['[e/]', 'd.txt', 'b0', '[b/]', 'a.txt']);
    assert.deepEqual(list({ reverse: true, marker: 'd.txt', endMarker: 'b/1.txt' }), ['b0', 'b/c/3.txt', 'b/2.txt']);
  });

  it('path lists only what is directly under it: no subdirs, nor the path\'s own marker object', () => {
    assert.deepEqual(list({ prefix: 'b/', delimiter: '/', pathMode: true }), ['b/1.txt', 'b/2.txt']);
    assert.deepEqual(list({ prefix: 'p/', delimiter: '/', pathMode: true }, ['p/', 'p/q/', 'p/q/r', 'p/x']), ['p/q/', 'p/x']);
  });

  it('reads the store once when nothing rolls up', () => {
    const s = store(NAMES);
    assert.equal(walkListing(s.fetch, (n) => n, q({ limit: 3 })).length, 3);
    assert.equal(s.reads(), 1);
  });
});
