import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadRequest, ServiceError } from '../../core/errors';
import * as F from '../faults';
import type { ImageRecord, InspectionResult } from '../types';
import { type Caller, IMAGE_SIZE_CAP, type ImageCore } from './core';
import { type ByteReader, UploadInspector } from './inspector';

const PARTIAL = '.upload-';

/** Where an image's bytes are and what the download headers say. */
export interface ImageData {
  path: string;
  size: number;
  checksum: string | null;
}

/**
 * Image data: uploads stream to `<imagesDir>/<id>` through md5, sha512 and the inspector, never held in
 * memory; a failed or aborted upload leaves no file and puts the image back to `queued`.
 */
export class DataManager {
  constructor(private readonly core: ImageCore) {
    mkdirSync(core.imagesDir, { recursive: true });
  }

  /** After a crash: uploads that never finished leave their images queued and their partial files gone. */
  recover(): void {
    for (const f of readdirSync(this.core.imagesDir)) if (f.startsWith(PARTIAL)) rmSync(join(this.core.imagesDir, f), { force: true });
    for (const image of this.core.store.images.where({ status: 'saving' })) {
      this.core.store.images.put({ ...image, status: 'queued', size: null, virtual_size: null, updated_at: this.core.now() });
    }
  }

  /** PUT /v2/images/{id}/file: streams `data` into the image's file and activates the image. */
  async upload(caller: Caller, id: string, data: Readable): Promise<ImageRecord> {
    const image = this.core.lookup(id, caller);
    try {
      caller.authorize('upload_image', this.core.target(image, caller));
    } catch (e) {
      if (e instanceof ServiceError && e.status === 403) throw new F.GlanceFault('Forbidden', `Not allowed to upload image data for image ${id}`);
      throw e;
    }
    if (!caller.isAdmin && image.owner !== caller.projectId) throw new F.GlanceFault('Forbidden', `Not allowed to upload image data for image ${id}`);
    if (image.status !== 'queued') throw F.statusTransition(image.status, 'saving');
    const missing = (['disk_format', 'container_format'] as const).filter((k) => !image[k]);
    if (missing.length) throw F.formatsNeeded(missing);

    this.core.write('image.updated', id, () => this.core.store.images.put({ ...image, status: 'saving', updated_at: this.core.now() }));
    const partial = join(this.core.imagesDir, `${PARTIAL}${id}-${randomBytes(4).toString('hex')}`);
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    const inspector = new UploadInspector();
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > IMAGE_SIZE_CAP) return done(F.uploadTooLarge(IMAGE_SIZE_CAP));
        md5.update(chunk);
        sha512.update(chunk);
        inspector.push(chunk);
        done(null, chunk);
      },
    });
    let inspection: InspectionResult;
    try {
      await pipeline(data, tap, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      const fh = await open(partial, 'r');
      try {
        const read: ByteReader = async (offset, length) => {
          const buf = Buffer.alloc(length);
          const { bytesRead } = await fh.read(buf, 0, length, offset);
          return buf.subarray(0, bytesRead);
        };
        inspection = await inspector.finish(read);
      } finally {
        await fh.close();
      }
    } catch (e) {
      await rm(partial, { force: true });
      this.restore(id);
      if (e instanceof ServiceError) throw e;
      throw new BadRequest(`Image upload was interrupted: ${(e as Error).message}`);
    }

    const current = this.core.store.images.get(id);
    if (!current || current.status !== 'saving') {
      await rm(partial, { force: true });
      throw F.goneDuringUpload(id);
    }
    await rename(partial, join(this.core.imagesDir, id));
    const done: ImageRecord = {
      ...current,
      status: 'active',
      size,
      checksum: md5.digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: sha512.digest('hex'),
      virtual_size: declaredVirtualSize(current, inspection, size),
      inspection,
      updated_at: this.core.now(),
    };
    return this.core.write('image.updated', id, () => {
      this.core.store.images.put(done);
      return done;
    });
  }

  /** Glance's _restore: a failed upload puts the image back to queued so it can be retried. */
  private restore(id: string): void {
    const image = this.core.store.images.get(id);
    if (image?.status !== 'saving') return;
    this.core.write('image.updated', id, () => this.core.store.images.put({ ...image, status: 'queued', size: null, virtual_size: null, updated_at: this.core.now() }));
  }

  /** GET /v2/images/{id}/file: the image's bytes, or undefined when it has none (204). */
  download(caller: Caller, id: string): ImageData | undefined {
    const image = this.core.lookup(id, caller);
    if (image.status === 'deactivated' && !caller.isAdmin) throw F.deactivatedDownload();
    caller.authorize('download_image', this.core.target(image, caller));
    const path = this.pathOf(image);
    if (!path) return undefined;
    return { path, size: statSync(path).size, checksum: image.checksum };
  }

  /** The data file of an image that has data. */
  pathOf(image: ImageRecord): string | undefined {
    if (image.status !== 'active' && image.status !== 'deactivated') return undefined;
    const path = join(this.core.imagesDir, image.id);
    return existsSync(path) ? path : undefined;
  }
}

/**
 * Glance Zed computes virtual_size while it stores a `bare` image, with the inspector of the declared
 * disk_format, only when the data matches it (raw matches anything: its virtual size is its size).
 */
function declaredVirtualSize(image: ImageRecord, inspection: InspectionResult, size: number): number | null {
  if (image.container_format !== 'bare') return null;
  if (image.disk_format === 'raw') return size;
  if (['qcow2', 'vhd', 'vhdx', 'vmdk', 'vdi'].includes(image.disk_format ?? '') && inspection.format === image.disk_format) return inspection.virtualSize ?? null;
  return null;
}
