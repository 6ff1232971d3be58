import { closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, rmSync, statSync, truncateSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const GiB = 1024 ** 3;

/**
 * The LVM backend's logical volumes as sparse files in the lab's disks/ folder (`volume-<id>`,
 * `snapshot-<id>`, as cinder-volume names its LVs). A new volume is a file truncated to its size: real
 * bytes that take no room until written. Snapshots and clones are copy-on-write copies (a reflink where
 * the filesystem has them, a plain copy otherwise). Paths kept on the rows are relative to the data dir.
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
    if (existsSync(src)) copyFileSync(src, dst, constants.COPYFILE_FICLONE);
    else closeSync(openSync(dst, 'w', 0o600));
    this.grow(rel, sizeGb);
  }

  /** A volume from an image: the image's bytes at the start, the rest of `sizeGb` sparse. */
  async fromFile(absSrc: string, rel: string, sizeGb: number): Promise<void> {
    this.ensureDir();
    await copyFile(absSrc, this.abs(rel), constants.COPYFILE_FICLONE);
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
