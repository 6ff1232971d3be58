import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { qcow2Image } from '../../../test/support/images';
import { GiB, qcow2ToRaw, VolumeDisks } from './disks';

/** The first `n` bytes of a (large, sparse) file. */
function head(path: string, n: number): Buffer {
  const b = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  try {
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

describe('VolumeDisks (the LVM backend as sparse files in disks/)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stacklab-disks-'));
  const disks = new VolumeDisks(join(dataDir, 'disks'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names files as cinder-volume names its LVs, relative to the data dir', () => {
    assert.equal(disks.relPath('volume', 'abc'), join('disks', 'volume-abc'));
    assert.equal(disks.abs(disks.relPath('snapshot', 'x')), join(dataDir, 'disks', 'snapshot-x'));
  });

  it('a blank volume is a sparse file of its size; grow truncates larger and never shrinks', () => {
    const rel = disks.relPath('volume', 'blank');
    disks.createBlank(rel, 2);
    const u = disks.usage(rel);
    assert.equal(u.size, 2 * GiB);
    assert.ok(u.allocated < 1024 * 1024, `allocated ${u.allocated} bytes`);
    disks.grow(rel, 3);
    assert.equal(disks.usage(rel).size, 3 * GiB);
    disks.grow(rel, 1);
    assert.equal(disks.usage(rel).size, 3 * GiB);
    disks.remove(rel);
    assert.equal(disks.exists(rel), false);
  });

  it('a clone copies the bytes (copy-on-write where possible) and the copy is independent of its source', () => {
    const src = disks.relPath('volume', 'src');
    disks.createBlank(src, 1);
    writeFileSync(disks.abs(src), 'hello', { flag: 'r+' });
    const snap = disks.relPath('snapshot', 's');
    disks.cloneFrom(src, snap, 1);
    writeFileSync(disks.abs(src), 'HELLO', { flag: 'r+' });
    assert.equal(head(disks.abs(snap), 5).toString(), 'hello');
    assert.equal(statSync(disks.abs(snap)).size, GiB);
    assert.ok(disks.usage(snap).allocated < 1024 * 1024, `the copy stays sparse (${disks.usage(snap).allocated} bytes allocated)`);
    const bigger = disks.relPath('volume', 'from-snap');
    disks.cloneFrom(snap, bigger, 2);
    assert.equal(disks.usage(bigger).size, 2 * GiB);
    assert.equal(head(disks.abs(bigger), 5).toString(), 'hello');
  });

  it('converts a qcow2 to the raw guest disk (boot sector at 0), other images are copied as they are', async () => {
    const q = join(dataDir, 'img.qcow2');
    writeFileSync(q, qcow2Image({ virtualSize: 64 * 1024 * 1024, bootable: true }));
    const rel = disks.relPath('volume', 'from-image');
    await disks.fromImage(q, rel, 1);
    const sector = head(disks.abs(rel), 512);
    assert.equal(sector.readUInt16BE(510), 0x55aa);
    assert.notEqual(sector.readUInt32BE(0), 0x514649fb, 'no qcow2 header left');
    assert.equal(disks.usage(rel).size, GiB);
    const raw = join(dataDir, 'img.raw');
    writeFileSync(raw, Buffer.from('not a qcow2 at all'));
    const rel2 = disks.relPath('volume', 'from-raw');
    await disks.fromImage(raw, rel2, 1);
    assert.equal(head(disks.abs(rel2), 18).toString(), 'not a qcow2 at all');
    const empty = join(dataDir, 'empty.qcow2');
    writeFileSync(empty, qcow2Image({ virtualSize: 64 * 1024 * 1024, mapped: false }));
    qcow2ToRaw(empty, join(dataDir, 'empty.raw'), 0);
    assert.equal(statSync(join(dataDir, 'empty.raw')).size, 64 * 1024 * 1024);
    assert.ok(readFileSync(join(dataDir, 'empty.raw')).subarray(0, 4096).every((b) => b === 0), 'an unallocated guest disk reads as zeros');
  });
});
