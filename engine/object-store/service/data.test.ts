import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ObjectFiles } from './data';
import { Md5Worker } from './md5-worker';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

function lab(): { files: ObjectFiles; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'objfiles-'));
  return { files: new ObjectFiles(dir), dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `data` as a stream of chunks of uneven sizes (1 byte to 200 KiB), as a socket might give them. */
function uneven(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = [1, 7, 65536, 200_000, 3, 1 << 20][i % 6];
    chunks.push(Buffer.from(data.subarray(at, at + n)));
    at += n;
  }
  return Readable.from(chunks, { objectMode: false });
}

test('a body in uneven chunks lands byte for byte, its ETag the MD5 of the bytes; small and empty bodies too', async () => {
  const { files, dir, done } = lab();
  try {
    for (const size of [0, 1, 1000, (1 << 20) + 5, 40 << 20]) {
      const data = randomBytes(size);
      let seen: [number, string] | undefined;
      const w = await files.write('AUTH_p', uneven(data), 1 << 30, (bytes, etag) => (seen = [bytes, etag]));
      assert.deepEqual(seen, [size, md5(data)], `size ${size}`);
      assert.equal(w.bytes, size);
      assert.equal(w.etag, md5(data));
      assert.ok(readFileSync(files.path(w.file)).equals(data), `bytes of ${size}`);
    }
    assert.deepEqual(readdirSync(join(dir, '.tmp')), [], 'no temp file left');
  } finally {
    done();
  }
});

test('concurrent uploads each get their own ETag (one MD5 worker serves them all)', async () => {
  const { files, done } = lab();
  try {
    const datas = [0, 1, 2, 3].map((i) => randomBytes((3 << 20) + i * 77));
    const ws = await Promise.all(datas.map((d) => files.write('AUTH_p', uneven(d), 1 << 30, () => undefined)));
    ws.forEach((w, i) => {
      assert.equal(w.etag, md5(datas[i]));
      assert.ok(readFileSync(files.path(w.file)).equals(datas[i]));
    });
  } finally {
    done();
  }
});

test('a refused upload (the check throws), a too large one and a client gone mid-body leave no file', async () => {
  const { files, dir, done } = lab();
  try {
    const data = randomBytes(3 << 20);
    await assert.rejects(
      files.write('AUTH_p', uneven(data), 1 << 30, () => {
        throw new Error('etag mismatch');
      }),
      /etag mismatch/,
    );
    await assert.rejects(files.write('AUTH_p', uneven(data), 1 << 20, () => undefined), RangeError);
    const body = new PassThrough();
    const w = files.write('AUTH_p', body, 1 << 30, () => undefined);
    body.write(data.subarray(0, 2 << 20));
    setTimeout(() => body.destroy(), 20);
    await assert.rejects(w, /went away|premature|aborted/);
    assert.deepEqual(readdirSync(join(dir, '.tmp')), [], 'temp files removed');
    assert.ok(!readdirSync(dir).includes('AUTH_p'), 'no data file placed');
  } finally {
    done();
  }
});

test('Md5Worker: buffers are handed over, digests are right, and a stopped worker fails the hash under way', async () => {
  const w = new Md5Worker();
  const s = w.begin();
  const b = w.buffer(5);
  b.write('hello');
  s.update(b);
  assert.equal(b.length, 0, 'the memory went to the worker');
  assert.equal(await s.digest(), md5(Buffer.from('hello')));
  assert.equal(await w.begin().digest(), md5(Buffer.alloc(0)));
  const t = w.begin();
  const big = w.buffer(1 << 20);
  big.fill(1);
  t.update(big);
  await w.close();
  await assert.rejects(t.digest(), /MD5 worker stopped/);
});
