/**
 * Object bytes on disk: `<objectsDir>/<account>/<random>.data`, one file per object version. A PUT
 * streams into `<objectsDir>/.tmp/` through MD5 (batched writes, one in flight while the next batch
 * is hashed), fsyncs the file, renames it into place and fsyncs the folder; only then does the
 * object's row point at it. A crash before the row commits leaves a file no row names, which
 * `sweep` removes at the next start; a crash mid-PUT leaves only a temp file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** Bytes gathered before one write (a few socket reads' worth). */
const BATCH = 1 << 20;
const TMP = '.tmp';

export interface WrittenFile {
  /** Path relative to the objects folder. */
  file: string;
  bytes: number;
  etag: string;
}

export class ObjectFiles {
  private readonly knownDirs = new Set<string>();

  constructor(readonly dir: string) {
    mkdirSync(join(dir, TMP), { recursive: true, mode: 0o700 });
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  /** After a crash: temp files and data files no row names go. */
  sweep(referenced: Set<string>): number {
    let removed = 0;
    for (const entry of readdirSync(this.dir)) {
      const sub = join(this.dir, entry);
      if (!statSync(sub).isDirectory()) continue;
      for (const f of readdirSync(sub)) {
        if (entry !== TMP && referenced.has(`${entry}/${f}`)) continue;
        rmSync(join(sub, f), { force: true });
        removed++;
      }
    }
    return removed;
  }

  /**
   * Streams `body` to a new data file of `account`. `check` runs once every byte is in and hashed,
   * before the file is made durable: it throws to refuse the upload (size or ETag mismatch), and
   * the temp file goes.
   */
  async write(account: string, body: AsyncIterable<Buffer> | Readable, maxBytes: number, check: (bytes: number, etag: string) => void): Promise<WrittenFile> {
    const tmp = join(this.dir, TMP, randomBytes(12).toString('hex'));
    const fh = await open(tmp, 'wx', 0o600);
    const md5 = createHash('md5');
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let inflight: Promise<unknown> = Promise.resolve();
    const flush = async () => {
      const batch = pending.length > 256 ? [Buffer.concat(pending)] : pending;
      pending = [];
      pendingBytes = 0;
      await inflight;
      inflight = writeAll(fh, batch);
    };
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > maxBytes) throw new RangeError('too large');
        md5.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= BATCH) await flush();
      }
      if (pending.length) await flush();
      await inflight;
      const etag = md5.digest('hex');
      check(bytes, etag);
      await fh.sync();
      await fh.close();
      const file = await this.place(account, tmp);
      return { file, bytes, etag };
    } catch (e) {
      await inflight.catch(() => undefined);
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** A durable copy of an existing data file (COPY, X-Copy-From); cloned where the filesystem can. */
  async copy(account: string, from: string): Promise<string> {
    const tmp = join(this.dir, TMP, randomBytes(12).toString('hex'));
    try {
      await copyFile(this.path(from), tmp, constants.COPYFILE_FICLONE);
      const fh = await open(tmp, 'r+');
      await fh.sync();
      await fh.close();
      return await this.place(account, tmp);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** Renames a finished temp file into the account's folder and makes the rename durable. */
  private async place(account: string, tmp: string): Promise<string> {
    const sub = join(this.dir, account);
    if (!this.knownDirs.has(account)) {
      await mkdir(sub, { recursive: true, mode: 0o700 });
      this.knownDirs.add(account);
    }
    const name = `${randomBytes(12).toString('hex')}.data`;
    await rename(tmp, join(sub, name));
    const d = await open(sub, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
    return `${account}/${name}`;
  }

  async remove(file: string): Promise<void> {
    await rm(this.path(file), { force: true });
  }
}

async function writeAll(fh: FileHandle, bufs: Buffer[]): Promise<void> {
  let total = 0;
  for (const b of bufs) total += b.length;
  let { bytesWritten } = await fh.writev(bufs);
  // a short write (rare on regular files) continues where it stopped
  while (bytesWritten < total) {
    const rest = Buffer.concat(bufs).subarray(bytesWritten);
    const r = await fh.write(rest);
    bytesWritten += r.bytesWritten;
  }
}
