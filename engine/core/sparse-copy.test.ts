import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copySparse, copySparseByChunks } from './sparse-copy';

for (const [name, copy] of [['copySparse', copySparse], ['copySparseByChunks', copySparseByChunks]] as const)
test(`${name} keeps the bytes and the holes of a sparse file`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sparse-'));
  try {
    const src = join(dir, 'src');
    closeSync(openSync(src, 'w'));
    truncateSync(src, 256 * 1024 * 1024);
    const fd = openSync(src, 'r+');
    writeSync(fd, Buffer.from('head'), 0, 4, 0);
    writeSync(fd, Buffer.from('middle'), 0, 6, 100 * 1024 * 1024 + 3);
    writeSync(fd, Buffer.from('tail'), 0, 4, 256 * 1024 * 1024 - 4);
    closeSync(fd);
    const dst = join(dir, 'dst');
    copy(src, dst);
    assert.equal(statSync(dst).size, statSync(src).size);
    assert.ok(readFileSync(dst).equals(readFileSync(src)), 'same bytes');
    // three 1 MiB chunks hold data; the other 253 MiB stay holes (a dense copy allocates all 256 MiB)
    assert.ok(statSync(dst).blocks * 512 <= 8 * 1024 * 1024, `allocated ${statSync(dst).blocks * 512} bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
