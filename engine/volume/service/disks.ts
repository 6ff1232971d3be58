import { copySparse } from '../../core/sparse-copy';
import { closeSync, constants, existsSync, mkdirSync, openSync, readSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseQcow2Header } from '../../image/service/inspector';

export const GiB = 1024 ** 3;

/**
 * The LVM backend's logical volumes as sparse files in the lab's disks/ folder (`volume-<id>`,
 * `snapshot-<id>`, as cinder-volume names its LVs). A new volume is a file truncated to its size: real
 * bytes that take no room until written. Snapshots and clones are copy-on-write copies (a reflink where
 * the filesystem has them), else copies that keep the holes. Paths kept on the rows are relative to the data dir.
 */
export class VolumeDisks {
  constructor(readonly disksDir: string) {}

  /** The data-dir-relative path of a volume's or snapshot's file (`disks/volume-<id>`). */
  relPath(kind: 'volume' | 'snapshot', id: string): string {
    return join(basename(this.disksDir), `${kind}-${id}`);
  }

  /** The absolute path of a row's `path`. */
  abs(rel: string): string {
    return join(dirname(this.disksDir), rel);
  }

  private ensureDir(): void {
    mkdirSync(this.disksDir, { recursive: true, mode: 0o700 });
  }

  /** A blank volume: an empty sparse file of `sizeGb` GiB. */
  createBlank(rel: string, sizeGb: number): void {
    this.ensureDir();
    const p = this.abs(rel);
    closeSync(openSync(p, 'w', 0o600));
    truncateSync(p, sizeGb * GiB);
  }

  /** A copy-on-write copy of another file (a snapshot of a volume, a clone, a volume from a snapshot), grown to `sizeGb`. */
  cloneFrom(srcRel: string, rel: string, sizeGb: number): void {
    this.ensureDir();
    const dst = this.abs(rel);
    const src = this.abs(srcRel);
    if (existsSync(src)) copyDisk(src, dst);
    else closeSync(openSync(dst, 'w', 0o600));
    this.grow(rel, sizeGb);
  }

  /**
   * A volume from an image, as cinder-volume's fetch_to_raw does it: a qcow2 is converted to the raw guest
   * disk (qemu-img convert -O raw: allocated clusters written at their guest offsets, the rest left sparse);
   * any other image's bytes are copied as they are. The file ends `sizeGb` GiB long.
   */
  async fromImage(absSrc: string, rel: string, sizeGb: number): Promise<void> {
    this.ensureDir();
    const dst = this.abs(rel);
    const fd = openSync(absSrc, 'r');
    let head: Buffer;
    try {
      head = Buffer.alloc(104);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
    if (parseQcow2Header(head)) qcow2ToRaw(absSrc, dst, sizeGb * GiB);
    else await copyFile(absSrc, dst, constants.COPYFILE_FICLONE);
    this.grow(rel, sizeGb);
  }

  /** Extend: truncate to the larger size (never shrinks). */
  grow(rel: string, sizeGb: number): void {
    const p = this.abs(rel);
    if (!existsSync(p)) {
      this.createBlank(rel, sizeGb);
      return;
    }
    if (statSync(p).size < sizeGb * GiB) truncateSync(p, sizeGb * GiB);
  }

  remove(rel: string): void {
    rmSync(this.abs(rel), { force: true });
  }

  exists(rel: string): boolean {
    return existsSync(this.abs(rel));
  }

  /** Apparent size and the bytes really allocated on disk (a sparse file allocates far fewer). */
  usage(rel: string): { size: number; allocated: number } {
    const st = statSync(this.abs(rel));
    return { size: st.size, allocated: st.blocks * 512 };
  }
}

const OFFSET_MASK = 0x00fffffffffffe00n;
const COMPRESSED = 1n << 62n;
const ZERO_FLAG = 1n;

/**
 * qemu-img convert -O raw for the qcow2 images this lab serves (v2/v3, no backing file, no encryption,
 * no compressed clusters): every allocated data cluster is copied to its guest offset in a sparse file.
 * Throws on what it cannot convert (the volume then goes to error, as a failed conversion does).
 */
export function qcow2ToRaw(src: string, dst: string, minBytes: number): void {
  const fd = openSync(src, 'r');
  const out = openSync(dst, 'w', 0o600);
  try {
    const read = (offset: bigint, length: number) => {
      const b = Buffer.alloc(length);
      const n = readSync(fd, b, 0, length, Number(offset));
      return b.subarray(0, n);
    };
    const h = parseQcow2Header(read(0n, 104));
    if (!h) throw new Error('Image is not a qcow2 disk.');
    if (h.cryptMethod !== 0) throw new Error('Encrypted qcow2 images are not supported.');
    if (h.backingFileOffset !== 0n) throw new Error('qcow2 images with a backing file are not supported.');
    const cluster = 1 << h.clusterBits;
    const l2Entries = cluster / 8;
    const virtual = Number(h.size);
    truncateSync(dst, Math.max(virtual, minBytes));
    const l1 = read(h.l1TableOffset, h.l1Size * 8);
    for (let i = 0; i * 8 + 8 <= l1.length; i++) {
      const l2Offset = l1.readBigUInt64BE(i * 8) & OFFSET_MASK;
      if (l2Offset === 0n) continue;
      const l2 = read(l2Offset, cluster);
      for (let j = 0; j * 8 + 8 <= l2.length; j++) {
        const entry = l2.readBigUInt64BE(j * 8);
        if (entry === 0n) continue;
        if (entry & COMPRESSED) throw new Error('Compressed qcow2 clusters are not supported.');
        if (h.version >= 3 && entry & ZERO_FLAG) continue;
        const dataOffset = entry & OFFSET_MASK;
        if (dataOffset === 0n) continue;
        const guest = (i * l2Entries + j) * cluster;
        if (guest >= virtual) continue;
        const data = read(dataOffset, Math.min(cluster, virtual - guest));
        writeSync(out, data, 0, data.length, guest);
      }
    }
  } finally {
    closeSync(fd);
    closeSync(out);
  }
}

/** A volume file's copy that stays sparse (see copySparse). */
export const copyDisk = copySparse;
