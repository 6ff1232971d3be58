/**
 * Copying lab files into and out of snapshots as cheaply as the filesystem allows: files that are
 * never rewritten in place (Glance image data: written to a temporary file, then renamed) are hard
 * linked; files that may be appended to (the host's logs) are cloned (copy-on-write where the
 * filesystem supports it, a plain copy otherwise).
 */
import { constants, copyFileSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, closeSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { copySparse } from '../../core/sparse-copy';

export type CopyMode = 'link' | 'clone';

export interface CopyStats {
  files: number;
  bytes: number;
  linked: number;
}

/** Copies one file: a hard link in `link` mode when the filesystem allows, else a (reflink) copy. */
export function copyFile(src: string, dst: string, mode: CopyMode, stats: CopyStats): void {
  const st = lstatSync(src);
  stats.files++;
  stats.bytes += st.size;
  if (mode === 'link') {
    try {
      linkSync(src, dst);
      stats.linked++;
      return;
    } catch {
      // another filesystem, or links not allowed: copy
    }
  }
  // sparse files (the volumes in disks/) stay sparse: their holes are not written out
  if (st.blocks * 512 < st.size) copySparse(src, dst);
  else copyFileSync(src, dst, constants.COPYFILE_FICLONE);
}

/** Copies a file or a whole tree (symlinks kept as links); missing sources are skipped. */
export function copyTree(src: string, dst: string, mode: CopyMode, stats: CopyStats = { files: 0, bytes: 0, linked: 0 }): CopyStats {
  if (!existsSync(src)) return stats;
  const st = lstatSync(src);
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dst);
  } else if (st.isDirectory()) {
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src)) copyTree(join(src, name), join(dst, name), mode, stats);
  } else if (st.isFile()) {
    mkdirSync(dirname(dst), { recursive: true });
    copyFile(src, dst, mode, stats);
  }
  return stats;
}

/** Flushes a directory's entries (a rename inside it) to disk. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on a directory: the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Flushes every file of a tree to disk (before a commit point). */
export function fsyncTree(path: string): void {
  if (!existsSync(path)) return;
  const st = lstatSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) fsyncTree(join(path, name));
    fsyncDir(path);
  } else if (st.isFile()) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
