/**
 * MD5 (Swift's ETag) on a worker thread, so hashing an upload runs on another core while the main
 * thread takes the next bytes off the socket and writes them. OpenSSL's MD5 is one sequential pass
 * (~700 MB/s a core here); on the main thread it was the largest part of a 100 MB PUT.
 *
 * A stream's buffers are handed over (their memory is transferred, not copied): the caller gives up
 * a buffer it passes to `update`. One worker serves every upload of the engine, each by its own id;
 * it is started on first use and keeps the process alive only while a hash is under way.
 */
import { Worker } from 'node:worker_threads';

// Plain JavaScript run by the worker (eval: it needs no file beside the compiled one, nor a loader).
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.abort) { hashes.delete(m.id); return; }
  let h = hashes.get(m.id);
  if (!h) { h = createHash('md5'); hashes.set(m.id, h); }
  if (m.data) {
    h.update(new Uint8Array(m.data, m.offset, m.length));
    // the memory goes back to be filled again (a worker's GC would free it late: RSS grew by 70 MiB)
    parentPort.postMessage({ id: m.id, hashed: m.length, data: m.data }, [m.data]);
  }
  if (m.end) {
    hashes.delete(m.id);
    parentPort.postMessage({ id: m.id, digest: h.digest('hex') });
  }
});
`;

interface Reply {
  id: number;
  hashed?: number;
  data?: ArrayBuffer;
  digest?: string;
}

/** Size of a pooled buffer, and how many the pool keeps. */
const SLAB = (1 << 20) + (1 << 18);
const POOL = 16;

/** One upload's running MD5. */
export class Md5Stream {
  /** Bytes handed over and not hashed yet. */
  behind = 0;
  private digestWaiter?: { resolve: (hex: string) => void; reject: (e: Error) => void };
  private failure?: Error;

  constructor(
    private readonly owner: Md5Worker,
    readonly id: number,
    /** Called each time the worker has hashed a buffer (`behind` went down). */
    private readonly onHashed: () => void,
  ) {}

  /**
   * Hashes `buf` next. `buf` must come from `Md5Worker.buffer`: its memory is the worker's from now
   * on (it reads empty here) and comes back to the pool once hashed.
   */
  update(buf: Buffer): void {
    if (this.failure) return;
    this.behind += buf.length;
    const data = buf.buffer as ArrayBuffer;
    this.owner.post({ id: this.id, data, offset: buf.byteOffset, length: buf.length }, [data]);
  }

  /** The MD5 of everything passed to `update`, in hex, once the worker has hashed it all. */
  digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.digestWaiter = { resolve, reject };
      this.owner.post({ id: this.id, end: true });
    });
  }

  /** Drops the hash (a failed upload). */
  abort(): void {
    this.owner.forget(this.id);
    // a worker that is not running holds nothing of this hash (none is started to be told)
    this.owner.post({ id: this.id, abort: true }, [], false);
  }

  /** @internal */
  reply(m: Reply): void {
    if (m.hashed !== undefined) {
      if (m.data) this.owner.recycle(m.data);
      this.behind -= m.hashed;
      this.onHashed();
    }
    if (m.digest !== undefined) {
      this.owner.forget(this.id);
      this.digestWaiter?.resolve(m.digest);
    }
  }

  /** @internal the worker died: this hash can't finish. */
  fail(e: Error): void {
    this.failure = e;
    this.behind = 0;
    this.digestWaiter?.reject(e);
    this.onHashed();
  }
}

export class Md5Worker {
  private worker?: Worker;
  private nextId = 1;
  private readonly streams = new Map<number, Md5Stream>();
  private readonly pool: ArrayBuffer[] = [];

  begin(onHashed: () => void = () => undefined): Md5Stream {
    const s = new Md5Stream(this, this.nextId++, onHashed);
    this.streams.set(s.id, s);
    this.hold();
    return s;
  }

  /** A buffer of `size` bytes (uninitialised) whose memory may be handed to `Md5Stream.update`. */
  buffer(size: number): Buffer {
    const ab = size <= SLAB ? (this.pool.pop() ?? new ArrayBuffer(SLAB)) : new ArrayBuffer(size);
    return Buffer.from(ab, 0, size);
  }

  /** @internal a hashed buffer's memory, for the next `buffer` call. */
  recycle(ab: ArrayBuffer): void {
    if (ab.byteLength === SLAB && this.pool.length < POOL) this.pool.push(ab);
  }

  /** @internal the message to the worker, started first unless `start` is false (then dropped when none runs). */
  post(message: object, transfer: ArrayBuffer[] = [], start = true): void {
    const w = start ? this.start() : this.worker;
    w?.postMessage(message, transfer);
  }

  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
    this.hold();
  }

  /** The worker keeps the process alive only while a hash is under way. */
  private hold(): void {
    if (this.streams.size) this.worker?.ref();
    else this.worker?.unref();
  }

  /** Stops the worker; hashes under way fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(SOURCE, { eval: true });
    w.on('message', (m: Reply) => this.streams.get(m.id)?.reply(m));
    const died = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      const streams = [...this.streams.values()];
      this.streams.clear();
      for (const s of streams) s.fail(e);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the MD5 worker stopped (exit code ${code})`)));
    this.worker = w;
    this.hold();
    return w;
  }
}
