/**
 * Object bytes on disk: `<objectsDir>/<account>/<random>.data`, one file per object version. A PUT
 * streams into `<objectsDir>/.tmp/` (batched writes, one in flight while the next batch comes in, MD5
 * on a worker thread), fsyncs the file, renames it into place and fsyncs the folder; only then does the
 * object's row point at it. A crash before the row commits leaves a file no row names, which
 * `sweep` removes at the next start; a crash mid-PUT leaves only a temp file.
 */
import { randomBytes } from 'node:crypto';
import { constants, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Md5Worker } from './md5-worker';

/** Bytes gathered before one write (a few socket reads' worth). */
const BATCH = 1 << 20;
/** Bytes the MD5 worker may lag behind the writes before the body pauses. */
const HASH_AHEAD = 8 << 20;
/** Bytes written between two datasyncs started while a large body streams in. */
const SYNC_EVERY = 16 << 20;
const TMP = '.tmp';

export interface WrittenFile {
  /** Path relative to the objects folder. */
  file: string;
  bytes: number;
  etag: string;
}

export class ObjectFiles {
  private readonly knownDirs = new Set<string>();
  private readonly md5 = new Md5Worker();

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
      const { bytes, etag } = await streamInto(fh, body, maxBytes, this.md5);
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
 * Writes `body` to `fh` in batches of about BATCH bytes, one write in flight while the next batch
 * comes in; each written batch then goes to the MD5 worker (hashing runs on another core). The body
 * pauses (backpressure to the client) while a batch waits for the write or the worker is more than
 * HASH_AHEAD behind, so memory stays at a few batches whatever the object's size. Every SYNC_EVERY
 * bytes a datasync starts beside the writes, so the final one has only the tail to flush.
 * Rejects on a stream error, an early close, or more than `maxBytes` (RangeError).
 */
function streamInto(fh: FileHandle, body: Readable, maxBytes: number, hasher: Md5Worker): Promise<{ bytes: number; etag: string }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /** The write in flight (with what follows it), null when none. */
    let writing: Promise<void> | null = null;
    const queued: Buffer[] = [];
    let unsynced = 0;
    let syncing: Promise<void> | null = null;
    let syncError: Error | undefined;
    let ended = false;
    let done = false;
    const flow = () => {
      if (done) return;
      const hold = queued.length > 0 || md5.behind > HASH_AHEAD;
      if (hold && !body.isPaused()) body.pause();
      else if (!hold && body.isPaused()) body.resume();
      finish();
    };
    const md5 = hasher.begin(flow);
    const settled = async () => {
      // let a write or a datasync in flight settle before the caller closes the file
      while (writing) await writing;
      await syncing;
    };
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      body.destroy();
      md5.abort();
      void settled().then(() => reject(e));
    };
    // one buffer of the hasher's a batch: written from, then handed to the worker, then reused
    const take = (): Buffer => {
      const batch = hasher.buffer(pendingBytes);
      let at = 0;
      for (const b of pending) at += b.copy(batch, at);
      pending = [];
      pendingBytes = 0;
      return batch;
    };
    const finish = () => {
      if (done || writing || queued.length || !ended) return;
      done = true;
      md5.digest().then(
        (etag) => settled().then(() => (syncError ? reject(syncError) : resolve({ bytes, etag }))),
        (e: Error) => settled().then(() => reject(e)),
      );
    };
    const start = (batch: Buffer) => {
      writing = writeAll(fh, batch).then(
        () => {
          writing = null;
          if (done) return;
          unsynced += batch.length;
          md5.update(batch);
          if (unsynced >= SYNC_EVERY && !syncing) {
            unsynced = 0;
            // a failed datasync fails the upload (a later one may not report it again)
            syncing = fh.datasync().then(
              () => void (syncing = null),
              (e: Error) => {
                syncing = null;
                syncError = e;
                fail(e);
              },
            );
          }
          const next = queued.shift();
          if (next) start(next);
          flow();
        },
        (e: Error) => {
          writing = null;
          fail(e);
        },
      );
    };
    const push = (batch: Buffer) => {
      if (!writing) start(batch);
      else queued.push(batch);
    };
    body.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(new RangeError('too large'));
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < BATCH) return;
      push(take());
      flow();
    });
    body.on('end', () => {
      ended = true;
      if (pendingBytes) push(take());
      flow();
    });
    body.on('error', (e) => fail(e));
    body.on('close', () => {
      if (!ended) fail(new Error('the client went away before the end of the body'));
    });
  });
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let at = 0;
  // a short write (rare on regular files) continues where it stopped
  while (at < buf.length) at += (await fh.write(buf, at, buf.length - at)).bytesWritten;
}
