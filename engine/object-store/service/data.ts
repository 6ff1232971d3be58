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
  async write(account: string, body: Readable, maxBytes: number, check: (bytes: number, etag: string) => void): Promise<WrittenFile> {
    const tmp = join(this.dir, TMP, randomBytes(12).toString('hex'));
    const fh = await open(tmp, 'wx', 0o600);
    try {
      const { bytes, etag } = await streamInto(fh, body, maxBytes);
      check(bytes, etag);
      // the bytes and the size (what reading them back needs); the rename is made durable below
      await fh.datasync();
      await fh.close();
      const file = await this.place(account, tmp);
      return { file, bytes, etag };
    } catch (e) {
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

/**
 * Hashes `body` and writes it to `fh` in batches of about BATCH bytes, one write in flight while the
 * next batch is hashed; when a second batch is ready before the first is on disk, the body pauses
 * (backpressure to the client), so memory stays at two batches whatever the object's size.
 * Rejects on a stream error, an early close, or more than `maxBytes` (RangeError).
 */
function streamInto(fh: FileHandle, body: Readable, maxBytes: number): Promise<{ bytes: number; etag: string }> {
  return new Promise((resolve, reject) => {
    const md5 = createHash('md5');
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let writing = false;
    let queued: Buffer[] | null = null;
    let ended = false;
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      body.destroy();
      // let a write in flight settle before the caller closes the file
      const wait = () => (writing ? setTimeout(wait, 1) : reject(e));
      wait();
    };
    const take = (): Buffer[] => {
      const batch = pending.length > 256 ? [Buffer.concat(pending)] : pending;
      pending = [];
      pendingBytes = 0;
      return batch;
    };
    const finish = () => {
      if (done || writing || queued || !ended) return;
      done = true;
      resolve({ bytes, etag: md5.digest('hex') });
    };
    const start = (batch: Buffer[]) => {
      writing = true;
      writeAll(fh, batch).then(
        () => {
          writing = false;
          if (done) return;
          if (queued) {
            const next = queued;
            queued = null;
            start(next);
            body.resume();
          } else finish();
        },
        (e: Error) => {
          writing = false;
          fail(e);
        },
      );
    };
    body.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(new RangeError('too large'));
      md5.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < BATCH) return;
      if (!writing) start(take());
      else {
        queued = take();
        body.pause();
      }
    });
    body.on('end', () => {
      ended = true;
      if (pending.length) {
        if (!writing) start(take());
        else queued = take();
      }
      finish();
    });
    body.on('error', (e) => fail(e));
    body.on('close', () => {
      if (!ended) fail(new Error('the client went away before the end of the body'));
    });
  });
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
