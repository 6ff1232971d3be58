/**
 * Cinder's volume backups with the swift backup driver (cinder.backup.api, the backup manager and the
 * chunked driver): the volume's bytes go, 50 MiB at a time and zlib-compressed, as objects into the
 * `volumebackups` container of the owner's account in the lab's object store, named
 * `volume_<volume id>/<YYYYmmddHHMMSS>/az_nova_backup_<backup id>-00001`…, followed by the `_sha256file`
 * (a SHA-256 per 32 KiB block, what an incremental backup compares against) and the `_metadata` object
 * (every chunk's offset, length, compression and MD5, and the volume's metadata). Restore reads them back
 * (a chain of incrementals from its full backup on) into a volume. The API answers first; the backup
 * service's part runs after, creating → available | error, restoring → available.
 */
import { createHash } from 'node:crypto';
import { closeSync, readFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { deflate as deflateCb, deflateSync, inflate as inflateCb } from 'node:zlib';
import { BadRequest, NotFound, ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { ObjectStoreService } from '../../object-store/service';
import type { Volume, VolumeBackup } from '../types';
import { checkKeys, descriptionField, invalidField, UUID_RE } from './group-types';
import type { VolumeService } from './index';
import { checkMetadata, cinderTimestamp, type CreateVolumeInput, invalidVolume, STORAGE_AZ, type VolumeCaller } from './volumes';
import { GiB } from './disks';

const deflate = promisify(deflateCb);
const inflate = promisify(inflateCb);

/** cinder.conf's backup_swift_container, backup_swift_object_size and backup_swift_block_size defaults. */
export const BACKUP_CONTAINER = 'volumebackups';
export const CHUNK_SIZE = 52428800;
export const SHA_BLOCK = 32768;
/** The backup driver a backup row names (Cinder's `service` column). */
export const BACKUP_SERVICE = 'cinder.backup.drivers.swift.SwiftBackupDriver';
/** How many chunk PUTs a backup keeps going at once. */
const PUTS_IN_FLIGHT = 4;
/** The chunked driver's metadata version. */
const DRIVER_VERSION = '1.0.0';
/** keystoneauth's reseller prefix: a project's account in the object store. */
const accountOf = (projectId: string) => `AUTH_${projectId}`;

export const invalidBackup = (reason: string): BadRequest => new BadRequest(`Invalid backup: ${reason}`);
const BACKUP_STATUSES = ['error', 'error_deleting', 'creating', 'available', 'deleting', 'deleted', 'restoring'];

/** A backup's chunk as the metadata object lists it. */
interface ChunkEntry {
  offset: number;
  length: number;
  compression: 'zlib' | 'none';
  md5: string;
}

/** The `_metadata` object's content. */
interface BackupMetadataDoc {
  version: string;
  backup_id: string;
  volume_id: string;
  backup_name: string | null;
  backup_description: string | null;
  created_at: string;
  objects: Record<string, ChunkEntry>[];
  parent_id: string | null;
  volume_meta: string | null;
}

// ---- zero data: the sparse parts of a volume, hashed and compressed once ---------------------------

const ZERO_MIB = Buffer.alloc(1024 * 1024);
const ZERO_BLOCK_SHA = createHash('sha256').update(Buffer.alloc(SHA_BLOCK)).digest('hex');
const zeroChunks = new Map<number, { md5: string; deflated: Buffer }>();

/** True when every byte of `buf` is zero. */
export function isZero(buf: Buffer): boolean {
  for (let o = 0; o < buf.length; o += ZERO_MIB.length) {
    const part = buf.subarray(o, Math.min(buf.length, o + ZERO_MIB.length));
    if (!part.equals(ZERO_MIB.subarray(0, part.length))) return false;
  }
  return true;
}

function zeroChunk(length: number): { md5: string; deflated: Buffer } {
  let z = zeroChunks.get(length);
  if (!z) {
    // whole chunks share one entry; the odd lengths of incremental extents are not worth keeping many of
    if (zeroChunks.size > 64) zeroChunks.clear();
    const data = Buffer.alloc(length);
    z = { md5: createHash('md5').update(data).digest('hex'), deflated: deflateSync(data) };
    zeroChunks.set(length, z);
  }
  return z;
}

/** The SHA-256 of each 32 KiB block of `data` (the chunked driver's _calculate_sha). */
export function blockShas(data: Buffer): string[] {
  const out: string[] = [];
  for (let o = 0; o < data.length; o += SHA_BLOCK) {
    const block = data.subarray(o, Math.min(data.length, o + SHA_BLOCK));
    out.push(block.length === SHA_BLOCK && isZero(block) ? ZERO_BLOCK_SHA : createHash('sha256').update(block).digest('hex'));
  }
  return out;
}

/** The object name prefix of the swift driver: `volume_<id>/<YYYYmmddHHMMSS>/az_<az>_backup_<id>`. */
export function objectPrefix(b: Pick<VolumeBackup, 'id' | 'volume_id' | 'availability_zone'>, now: Date): string {
  const ts = now.toISOString().replace(/\.\d{3}Z$/, '').replace(/[-:T]/g, '');
  return `volume_${b.volume_id}/${ts}/az_${b.availability_zone}_backup_${b.id}`;
}

/** Python's str() of a naive datetime, as the driver writes created_at into its metadata. */
const pyDatetime = (cinderTime: string): string => cinderTime.replace('T', ' ');

export interface BackupListFilter {
  allTenants?: boolean;
  name?: string;
  status?: string;
  volumeId?: string;
}

/** The object store seen as the swift backup driver sees it: put, get, list by prefix, delete. */
class BackupObjects {
  constructor(
    private readonly os: ObjectStoreService,
    private readonly account: string,
    private readonly container: string,
  ) {}

  /** put_container: created when a HEAD says 404. */
  ensureContainer(): void {
    try {
      this.os.container(this.account, this.container);
    } catch (e) {
      if (!(e instanceof ServiceError) || e.status !== 404) throw e;
      this.os.putContainer(this.account, this.container, {});
    }
  }

  /** SwiftObjectWriter.close: the PUT, and the ETag checked against the MD5 of what was sent. */
  async put(name: string, data: Buffer): Promise<void> {
    const rec = await this.os.putObject(this.account, this.container, name, { headers: {}, body: Readable.from([data]), contentLength: data.length });
    const md5 = createHash('md5').update(data).digest('hex');
    if (rec.etag !== md5) throw new Error(`error writing object to swift, MD5 of object in swift ${rec.etag} is not the same as MD5 of object sent to swift ${md5}`);
  }

  get(name: string): Buffer {
    const { fd } = this.os.open(this.account, this.container, name);
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every object name under `prefix` (the listing's pages walked through). */
  names(prefix: string): string[] {
    const out: string[] = [];
    let marker = '';
    for (;;) {
      const page = this.os.listObjects(this.account, this.container, { prefix, marker, endMarker: '', delimiter: '', limit: 10000, reverse: false });
      const names = page.flatMap((e) => (e.kind === 'item' ? [e.item.name] : []));
      out.push(...names);
      if (names.length < 10000) return out;
      marker = names[names.length - 1];
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.os.deleteObject(this.account, this.container, name);
    } catch (e) {
      if (!(e instanceof ServiceError) || e.status !== 404) throw e;
    }
  }
}

export class VolumeBackups {
  constructor(private readonly svc: VolumeService) {
    svc.quotas.addCounter('backups', (projectId) => svc.store.backups.count({ project_id: projectId }));
    svc.quotas.addCounter('backup_gigabytes', (projectId) => svc.store.backups.where({ project_id: projectId }).reduce((n, b) => n + b.size, 0));
  }

  private get store() {
    return this.svc.store;
  }

  private now(): string {
    return cinderTimestamp(this.svc.opts.clock.now());
  }

  private publish(event: string, b: VolumeBackup): void {
    this.svc.opts.events.publish(`volume.backup.${event}`, b.id, { name: b.name, status: b.status, volume_id: b.volume_id, project_id: b.project_id });
  }

  private objectStore(): ObjectStoreService {
    const os = this.svc.opts.objectStore;
    if (!os) throw new ServiceError('ServiceUnavailable', 'Service cinder-backup could not be found.');
    return os;
  }

  private objects(b: VolumeBackup): BackupObjects {
    return new BackupObjects(this.objectStore(), accountOf(b.project_id), b.container ?? BACKUP_CONTAINER);
  }

  /** Changes a backup row in one transaction (unless it went meanwhile) and tells the GUI. */
  private settle(id: string, change: (b: VolumeBackup) => void): VolumeBackup | undefined {
    const b = this.store.db.tx(() =>
      this.store.backups.modify(id, (row) => {
        change(row);
        row.updated_at = this.now();
      }),
    );
    if (b) this.publish('updated', b);
    return b;
  }

  private settleVolume(id: string, change: (v: Volume) => void): void {
    this.svc.volumes.settle(id, change);
  }

  /**
   * The backup manager's start-up cleanup: a backup still creating goes to error (its volume back to its
   * status), one restoring back to available (its volume to error_restoring), one deleting is deleted.
   */
  resume(): void {
    for (const b of this.store.backups.all()) {
      if (b.status === 'creating') {
        this.releaseSource(b);
        this.settle(b.id, (r) => ((r.status = 'error'), (r.fail_reason = 'incomplete backup reset on manager restart')));
      } else if (b.status === 'restoring') {
        if (b.restore_volume_id) this.settleVolume(b.restore_volume_id, (v) => v.status === 'restoring-backup' && (v.status = 'error_restoring'));
        this.settle(b.id, (r) => ((r.status = 'available'), (r.restore_volume_id = null)));
      } else if (b.status === 'deleting') {
        this.svc.volumes.later(() => this.finishDelete(b.id));
      }
    }
  }

  get(caller: VolumeCaller, id: string): VolumeBackup {
    const b = this.store.backups.get(id);
    if (!b || (!caller.isAdmin && b.project_id !== caller.projectId)) throw new NotFound(`Backup ${id} could not be found.`);
    return b;
  }

  /** Backups the caller sees, newest first. */
  list(caller: VolumeCaller, f: BackupListFilter = {}): VolumeBackup[] {
    const rows = caller.isAdmin && f.allTenants ? this.store.backups.all() : this.store.backups.where({ project_id: caller.projectId });
    return rows
      .filter((b) => f.name === undefined || b.name === f.name)
      .filter((b) => f.status === undefined || b.status === f.status)
      .filter((b) => f.volumeId === undefined || b.volume_id === f.volumeId)
      .reverse();
  }

  // ---- create -------------------------------------------------------------------------------------

  /**
   * POST /backups: checked as cinder.backup.api.API.create checks it (the volume available, or in-use with
   * force; a snapshot of it available; an incremental's parent), the backups and backup_gigabytes quotas
   * counted in the transaction that writes the row and turns the volume backing-up.
   */
  create(caller: VolumeCaller, body: Record<string, unknown>, opts: { metadataAllowed?: boolean; azAllowed?: boolean } = {}): VolumeBackup {
    const allowed = ['volume_id', 'container', 'name', 'description', 'incremental', 'force', 'snapshot_id'];
    if (opts.metadataAllowed) allowed.push('metadata');
    if (opts.azAllowed) allowed.push('availability_zone');
    checkKeys(body, allowed);
    if (body.volume_id === undefined) throw new BadRequest("'volume_id' is a required property");
    if (typeof body.volume_id !== 'string' || !UUID_RE.test(body.volume_id)) throw invalidField('volume_id', body.volume_id, `'${String(body.volume_id)}' is not a 'uuid'`);
    if (body.snapshot_id != null && (typeof body.snapshot_id !== 'string' || !UUID_RE.test(body.snapshot_id))) throw invalidField('snapshot_id', body.snapshot_id, `'${String(body.snapshot_id)}' is not a 'uuid'`);
    for (const k of ['container', 'name']) {
      const val = body[k];
      if (val != null && typeof val !== 'string') throw invalidField(k, val, `${JSON.stringify(val)} is not of type 'string', 'null'`);
      if (typeof val === 'string' && val.length > 255) throw invalidField(k, val, `'${val}' is too long`);
    }
    for (const k of ['incremental', 'force']) {
      if (body[k] != null && typeof body[k] !== 'boolean') throw invalidField(k, body[k], `${JSON.stringify(body[k])} is not of type 'boolean'`);
    }
    const name = typeof body.name === 'string' ? body.name.trim() : null;
    const description = descriptionField(body.description);
    const container = typeof body.container === 'string' && body.container ? body.container : null;
    const metadata = checkMetadata(body.metadata ?? null);
    const az = body.availability_zone ?? null;
    if (az !== null && az !== STORAGE_AZ) throw new BadRequest(`Invalid input received: Availability zone '${String(az)}' is invalid.`);
    this.objectStore();

    const volume = this.svc.volumes.get(caller, body.volume_id);
    const snapshot = typeof body.snapshot_id === 'string' ? this.svc.snapshots.get(caller, body.snapshot_id) : undefined;
    if (snapshot) {
      if (snapshot.volume_id !== volume.id) throw invalidVolume(`Volume ${volume.id} does not match with snapshot.volume_id ${snapshot.volume_id}.`);
      if (snapshot.status !== 'available') throw new BadRequest(`Invalid snapshot: Snapshot to be backed up must be available, but the current status is "${snapshot.status}".`);
    } else if (!['available', 'in-use'].includes(volume.status)) {
      throw invalidVolume(`Volume to be backed up must be available or in-use, but the current status is "${volume.status}".`);
    } else if (volume.status === 'in-use' && body.force !== true) {
      throw invalidVolume('Backing up an in-use volume must use the force flag.');
    }

    const b = this.store.db.tx(() => {
      this.svc.quotas.check(caller.projectId, { backups: 1, backup_gigabytes: volume.size });
      let parent: VolumeBackup | undefined;
      if (body.incremental === true) {
        const mine = this.store.backups.where({ volume_id: volume.id }).filter((x) => x.project_id === caller.projectId);
        if (!mine.length) throw invalidBackup('No backups available to do an incremental backup.');
        // the parent is the one with the latest data; from a snapshot, the latest taken before it
        const candidates = snapshot ? mine.filter((x) => x.data_timestamp < snapshot.created_at) : mine;
        parent = (candidates.length ? candidates : mine).reduce((a, x) => (x.data_timestamp > a.data_timestamp ? x : a));
        if (parent.status !== 'available') throw invalidBackup('The parent backup must be available for incremental backup.');
      }
      const now = this.now();
      const row: VolumeBackup = {
        id: uuid(),
        project_id: caller.projectId,
        user_id: caller.userId,
        volume_id: volume.id,
        snapshot_id: snapshot?.id ?? null,
        name,
        description,
        status: 'creating',
        fail_reason: null,
        size: volume.size,
        object_count: 0,
        container,
        availability_zone: volume.availability_zone,
        service: BACKUP_SERVICE,
        service_metadata: null,
        parent_id: parent?.id ?? null,
        is_incremental: !!parent,
        num_dependent_backups: 0,
        data_timestamp: snapshot?.created_at ?? now,
        metadata,
        restore_volume_id: null,
        volume_previous_status: snapshot ? null : volume.status,
        created_at: now,
        updated_at: null,
      };
      if (snapshot) this.store.snapshots.put({ ...snapshot, status: 'backing-up', updated_at: now });
      else this.store.volumes.put({ ...volume, status: 'backing-up', previous_status: volume.status, updated_at: now });
      this.store.backups.insert(row);
      return row;
    });
    this.publish('created', b);
    this.svc.opts.events.publish('volume.volume.updated', volume.id, { name: volume.name, status: snapshot ? volume.status : 'backing-up' });
    this.svc.volumes.later(() => this.runBackup(b.id));
    return b;
  }

  /** The volume (or snapshot) goes back to what it was before the backup. */
  private releaseSource(b: VolumeBackup): void {
    if (b.snapshot_id) {
      const s = this.store.snapshots.get(b.snapshot_id);
      if (s && s.status === 'backing-up') this.store.db.tx(() => this.store.snapshots.put({ ...s, status: 'available', updated_at: this.now() }));
    } else {
      this.settleVolume(b.volume_id, (v) => {
        if (v.status !== 'backing-up') return;
        v.status = b.volume_previous_status ?? v.previous_status ?? 'available';
        v.previous_status = null;
      });
    }
  }

  /** The backup service: the source's bytes as chunk objects, then the sha256file and the metadata object. */
  private async runBackup(id: string): Promise<void> {
    const b = this.store.backups.get(id);
    if (!b || b.status !== 'creating') return;
    let tmp: string | null = null;
    try {
      const volume = this.store.volumes.get(b.volume_id);
      if (!volume) throw new Error(`Volume ${b.volume_id} could not be found.`);
      let source: string;
      if (b.snapshot_id) {
        const s = this.store.snapshots.get(b.snapshot_id);
        if (!s) throw new Error(`Snapshot ${b.snapshot_id} could not be found.`);
        source = this.svc.disks.abs(s.path);
      } else if (b.volume_previous_status === 'in-use') {
        // an attached volume is backed up from a point-in-time copy (Cinder's temporary snapshot)
        tmp = this.svc.disks.relPath('snapshot', `backup-${b.id}.tmp`);
        this.svc.disks.cloneFrom(volume.path, tmp, volume.size);
        source = this.svc.disks.abs(tmp);
      } else {
        source = this.svc.disks.abs(volume.path);
      }
      const container = b.container ?? BACKUP_CONTAINER;
      const prefix = objectPrefix(b, this.svc.opts.clock.now());
      this.settle(id, (r) => ((r.container = container), (r.service_metadata = prefix)));
      const store = new BackupObjects(this.objectStore(), accountOf(b.project_id), container);
      store.ensureContainer();

      const parent = b.parent_id ? this.store.backups.get(b.parent_id) : undefined;
      const parentShas: string[] | undefined = parent
        ? (JSON.parse(store.get(`${parent.service_metadata}_sha256file`).toString('utf8')) as { sha256s: string[] }).sha256s
        : undefined;

      const objects: Record<string, ChunkEntry>[] = [];
      const shas: string[] = [];
      let objectId = 1;
      // the object store syncs every object to disk: a few PUTs at a time keep those waits overlapping
      const inFlight = new Set<Promise<void>>();
      let failed: unknown;
      const launch = async (put: Promise<void>) => {
        const tracked: Promise<void> = put.catch((e: unknown) => void (failed ??= e)).finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        if (inFlight.size >= PUTS_IN_FLIGHT) await Promise.race(inFlight);
        if (failed) throw failed;
      };
      const writeChunk = (chunk: Buffer, offset: number, zero = isZero(chunk)) => {
        const index = objectId - 1;
        const name = `${prefix}-${String(objectId).padStart(5, '0')}`;
        objectId++;
        // the read buffer is reused for the next chunk while this one is still being compressed and sent
        const data = zero ? chunk : Buffer.from(chunk);
        return launch(putChunk(name, index, data, offset, zero));
      };
      const putChunk = async (name: string, index: number, data: Buffer, offset: number, zero: boolean) => {
        let out: Buffer;
        let md5: string;
        if (zero) {
          const z = zeroChunk(data.length);
          out = z.deflated;
          md5 = z.md5;
        } else {
          out = await deflate(data);
          md5 = createHash('md5').update(data).digest('hex');
        }
        const compression = out.length < data.length ? 'zlib' : 'none';
        await store.put(name, compression === 'zlib' ? out : data);
        objects[index] = { [name]: { offset, length: data.length, compression, md5 } };
      };

      const total = volume.size * GiB;
      const fh = await open(source, 'r');
      try {
        const buf = Buffer.alloc(CHUNK_SIZE);
        for (let offset = 0; offset < total; ) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK_SIZE, total - offset), offset);
          if (bytesRead <= 0) break;
          const data = buf.subarray(0, bytesRead);
          // the sparse part of a volume is scanned once: its blocks' SHA-256 are all the zero block's
          const zero = isZero(data);
          const list = zero && bytesRead % SHA_BLOCK === 0 ? new Array<string>(Math.ceil(bytesRead / SHA_BLOCK)).fill(ZERO_BLOCK_SHA) : blockShas(data);
          if (parentShas) {
            // an incremental backup writes only the extents whose blocks changed since its parent
            let start = -1;
            for (let i = 0; i <= list.length; i++) {
              const changed = i < list.length && list[i] !== parentShas[shas.length + i];
              if (changed && start < 0) start = i;
              if (!changed && start >= 0) {
                await writeChunk(data.subarray(start * SHA_BLOCK, Math.min(bytesRead, i * SHA_BLOCK)), offset + start * SHA_BLOCK);
                start = -1;
              }
            }
          } else {
            await writeChunk(data, offset, zero);
          }
          shas.push(...list);
          offset += bytesRead;
        }
      } finally {
        await Promise.all(inFlight);
        await fh.close();
      }
      if (failed) throw failed;

      const current = this.store.backups.get(id);
      const createdAt = pyDatetime(current?.created_at ?? b.created_at);
      const header = { backup_description: b.description, backup_id: b.id, backup_name: b.name, created_at: createdAt, version: DRIVER_VERSION, volume_id: b.volume_id };
      await store.put(`${prefix}_sha256file`, Buffer.from(JSON.stringify(sortKeys({ ...header, chunk_size: SHA_BLOCK, sha256s: shas }), null, 2)));
      const meta: BackupMetadataDoc = { ...header, objects, parent_id: b.parent_id, volume_meta: volumeMeta(volume) };
      await store.put(`${prefix}_metadata`, Buffer.from(JSON.stringify(sortKeys(meta), null, 2)));

      this.releaseSource(b);
      const done = this.settle(id, (r) => {
        if (r.status !== 'creating') return;
        r.status = 'available';
        r.object_count = objectId;
      });
      if (done && b.parent_id) {
        const p = this.store.backups.get(b.parent_id);
        if (p) this.store.db.tx(() => this.store.backups.put({ ...p, num_dependent_backups: p.num_dependent_backups + 1 }));
      }
    } catch (e) {
      this.releaseSource(b);
      this.settle(id, (r) => ((r.status = 'error'), (r.fail_reason = (e as Error).message)));
    } finally {
      if (tmp) this.svc.disks.remove(tmp);
    }
  }

  // ---- update, delete -----------------------------------------------------------------------------

  /** PUT /backups/{id} (3.9): name, description, and from 3.43 metadata. */
  update(caller: VolumeCaller, id: string, body: Record<string, unknown>, metadataAllowed: boolean): VolumeBackup {
    checkKeys(body, metadataAllowed ? ['name', 'description', 'metadata'] : ['name', 'description']);
    if (body.name != null && typeof body.name !== 'string') throw invalidField('name', body.name, `${JSON.stringify(body.name)} is not of type 'string', 'null'`);
    const description = body.description === undefined ? undefined : descriptionField(body.description);
    const metadata = body.metadata === undefined ? undefined : checkMetadata(body.metadata);
    this.get(caller, id);
    return this.settle(id, (r) => {
      if (body.name !== undefined) r.name = typeof body.name === 'string' ? body.name.trim() : null;
      if (description !== undefined) r.description = description;
      if (metadata !== undefined) r.metadata = metadata;
    })!;
  }

  /** DELETE: available or error (any status with force), and no incremental backup depending on it. */
  delete(caller: VolumeCaller, id: string, force = false): void {
    const b = this.store.db.tx(() => {
      const row = this.get(caller, id);
      if (!force && !['available', 'error'].includes(row.status)) throw invalidBackup('Backup status must be available or error');
      if (this.store.backups.count({ parent_id: row.id }) > 0) throw invalidBackup('Incremental backups exist for this backup.');
      row.status = 'deleting';
      row.updated_at = this.now();
      this.store.backups.put(row);
      return row;
    });
    this.publish('updated', b);
    this.svc.volumes.later(() => this.finishDelete(b.id));
  }

  /** The driver removes every object under the backup's prefix; then the row goes (and its quota with it). */
  private async finishDelete(id: string): Promise<void> {
    const b = this.store.backups.get(id);
    if (!b || b.status !== 'deleting') return;
    try {
      if (b.service_metadata && this.svc.opts.objectStore) {
        const store = this.objects(b);
        try {
          for (const name of store.names(b.service_metadata)) await store.delete(name);
        } catch (e) {
          // no container: nothing was written
          if (!(e instanceof ServiceError) || e.status !== 404) throw e;
        }
      }
    } catch (e) {
      this.settle(id, (r) => ((r.status = 'error_deleting'), (r.fail_reason = (e as Error).message)));
      return;
    }
    this.store.db.tx(() => {
      this.store.backups.delete(id);
      const p = b.parent_id ? this.store.backups.get(b.parent_id) : undefined;
      if (p) this.store.backups.put({ ...p, num_dependent_backups: Math.max(0, p.num_dependent_backups - 1) });
    });
    this.publish('deleted', b);
  }

  /** os-reset_status (admin): available or error only, as Cinder's backup API takes it. */
  resetStatus(caller: VolumeCaller, id: string, status: unknown): void {
    if (typeof status !== 'string') throw new BadRequest("'status' is a required property");
    const s = status.toLowerCase();
    if (!BACKUP_STATUSES.includes(s)) throw new BadRequest(`Invalid input for field/attribute status. Value: ${status}. '${status}' is not one of ['available', 'error']`);
    if (!['available', 'error'].includes(s)) throw new BadRequest(`Invalid input for field/attribute status. Value: ${status}. '${status}' is not one of ['available', 'error']`);
    this.get(caller, id);
    this.settle(id, (r) => (r.status = s));
  }

  // ---- restore --------------------------------------------------------------------------------------

  /**
   * POST /backups/{id}/restore: into `volumeId`, or a new volume of the backup's size (named `name`, else
   * restore_backup_<id>); the backup must be available, the volume available and large enough. Answers
   * with what Cinder answers; the bytes are written after.
   */
  async restore(caller: VolumeCaller, id: string, input: { volumeId?: string | null; name?: string | null }): Promise<{ backup_id: string; volume_id: string; volume_name: string | null }> {
    const b = this.get(caller, id);
    if (b.status !== 'available') throw invalidBackup('Backup status must be available');
    let volume: Volume;
    if (!input.volumeId) {
      volume = this.svc.volumes.create(caller, { size: b.size, name: input.name ?? `restore_backup_${b.id}`, description: 'auto-created_from_restore_from_backup' });
      // Cinder's API waits for the new volume to leave creating
      for (let i = 0; i < 10000; i++) {
        const now = this.store.volumes.get(volume.id);
        if (!now || now.status !== 'creating') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      volume = this.store.volumes.get(volume.id) ?? volume;
      if (volume.status === 'error') throw invalidVolume(`Error while creating volume ${volume.id} for restoring backup ${b.id}.`);
    } else {
      volume = this.svc.volumes.get(caller, input.volumeId);
    }
    const result = this.store.db.tx(() => {
      const v = this.store.volumes.get(volume.id);
      const backup = this.store.backups.get(b.id);
      if (!v) throw new NotFound(`Volume ${volume.id} could not be found.`);
      if (!backup || backup.status !== 'available') throw invalidBackup('Backup status must be available');
      if (v.status !== 'available') throw invalidVolume('Volume to be restored to must be available');
      if (backup.size > v.size) throw invalidVolume(`volume size ${v.size} is too small to restore backup of size ${backup.size}.`);
      const now = this.now();
      this.store.backups.put({ ...backup, status: 'restoring', restore_volume_id: v.id, updated_at: now });
      this.store.volumes.put({ ...v, status: 'restoring-backup', updated_at: now });
      return { backup_id: backup.id, volume_id: v.id, volume_name: v.name };
    });
    this.publish('updated', { ...b, status: 'restoring' });
    this.svc.opts.events.publish('volume.volume.updated', volume.id, { name: volume.name, status: 'restoring-backup' });
    this.svc.volumes.later(() => this.runRestore(b.id, volume.id));
    return result;
  }

  /**
   * POST /volumes with backup_id (3.47): a new volume (its size the backup's unless larger is asked;
   * its type, name and metadata as for any create, quota counted) that the backup is restored into
   * once the backend has made it: creating, then restoring-backup, then available with the backup's
   * bytes and volume metadata. Answers the new volume, as Cinder does, before the bytes are there.
   */
  createVolumeFrom(caller: VolumeCaller, backupId: string, input: CreateVolumeInput): Volume {
    const b = this.get(caller, backupId);
    if (b.status !== 'available') throw invalidBackup('Backup status must be available');
    let size = input.size ?? b.size;
    if (typeof size === 'string' && /^\d+$/.test(size)) size = Number(size);
    if (typeof size === 'number' && Number.isInteger(size) && size < b.size) {
      throw new BadRequest(`Invalid input received: Volume size ${size}GB cannot be smaller than the backup size ${b.size}GB. It must be >= backup size.`);
    }
    const v = this.svc.volumes.create(caller, { ...input, size });
    this.svc.volumes.later(() => this.restoreWhenMade(caller, b.id, v.id));
    return v;
  }

  /** Waits for a volume made for a backup to leave creating, then restores into it (error when that cannot start). */
  private async restoreWhenMade(caller: VolumeCaller, backupId: string, volumeId: string): Promise<void> {
    for (;;) {
      const v = this.store.volumes.get(volumeId);
      if (!v) return;
      if (v.status !== 'creating') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    if (this.store.volumes.get(volumeId)?.status !== 'available') return;
    try {
      await this.restore(caller, backupId, { volumeId });
    } catch (e) {
      this.settleVolume(volumeId, (row) => {
        row.status = 'error';
        row.fault = (e as Error).message;
      });
    }
  }

  /** The backup chain from its full backup to this one (what a restore lays down, in order). */
  private chain(b: VolumeBackup): VolumeBackup[] {
    const out = [b];
    let cur = b;
    while (cur.parent_id) {
      const p = this.store.backups.get(cur.parent_id);
      if (!p) throw new Error(`Backup ${cur.parent_id} could not be found.`);
      out.unshift(p);
      cur = p;
    }
    return out;
  }

  /** The backup service's restore: every backup of the chain's chunks written at their offsets, then the volume's metadata. */
  private async runRestore(id: string, volumeId: string): Promise<void> {
    const b = this.store.backups.get(id);
    const v = this.store.volumes.get(volumeId);
    if (!b || b.status !== 'restoring' || !v) return;
    try {
      const chain = this.chain(b);
      this.svc.disks.grow(v.path, v.size);
      const fh = await open(this.svc.disks.abs(v.path), 'r+');
      const scratch = Buffer.allocUnsafe(CHUNK_SIZE);
      let meta: BackupMetadataDoc | undefined;
      try {
        for (const link of chain) {
          const store = this.objects(link);
          meta = JSON.parse(store.get(`${link.service_metadata}_metadata`).toString('utf8')) as BackupMetadataDoc;
          for (const entry of meta.objects) {
            const [name, info] = Object.entries(entry)[0];
            // a chunk of zeros (its MD5 says so) needs no download or inflating
            const zero = info.length <= CHUNK_SIZE && info.md5 === zeroChunk(info.length).md5;
            let data: Buffer | null = null;
            if (!zero) {
              const raw = store.get(name);
              data = info.compression === 'zlib' ? await inflate(raw) : raw;
              if (data.length !== info.length) throw new Error(`restore of object ${name} gave ${data.length} bytes, expected ${info.length}`);
            }
            await writeOver(fh, data, info.offset, info.length, scratch);
          }
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      this.settleVolume(volumeId, (row) => {
        row.status = 'available';
        if (meta?.volume_meta) applyVolumeMeta(row, meta.volume_meta);
      });
      this.settle(id, (r) => ((r.status = 'available'), (r.restore_volume_id = null)));
    } catch (e) {
      this.settleVolume(volumeId, (row) => (row.status = 'error_restoring'));
      this.settle(id, (r) => ((r.status = 'available'), (r.restore_volume_id = null), (r.fail_reason = (e as Error).message)));
    }
  }

  // ---- export / import of the backup record --------------------------------------------------------

  /** GET /backups/{id}/export_record: the driver and the row, base64 JSON (what import_record takes back). */
  exportRecord(caller: VolumeCaller, id: string): { backup_service: string; backup_url: string } {
    const b = this.get(caller, id);
    if (b.status !== 'available') throw invalidBackup(`Backup status must be available and not ${b.status}.`);
    return { backup_service: b.service, backup_url: Buffer.from(JSON.stringify(b)).toString('base64') };
  }

  /**
   * POST /backups/import_record: a backup row from an exported record, refused while the backup exists;
   * available once its metadata object is found in the owner's container, else error.
   */
  importRecord(caller: VolumeCaller, service: unknown, url: unknown): VolumeBackup {
    if (typeof service !== 'string' || !service) throw new BadRequest('Incorrect request body format.');
    if (typeof url !== 'string' || !url) throw new BadRequest('Incorrect request body format.');
    if (service !== BACKUP_SERVICE) throw new BadRequest(`Service ${service} could not be found.`);
    let rec: VolumeBackup;
    try {
      rec = JSON.parse(Buffer.from(url, 'base64').toString('utf8')) as VolumeBackup;
    } catch {
      throw new BadRequest("Invalid input received: Can't parse backup record.");
    }
    if (!rec || typeof rec.id !== 'string' || typeof rec.volume_id !== 'string' || typeof rec.service_metadata !== 'string') {
      throw new BadRequest("Invalid input received: Can't parse backup record.");
    }
    const b = this.store.db.tx(() => {
      if (this.store.backups.get(rec.id)) throw invalidBackup('Backup already exists in database.');
      this.svc.quotas.check(caller.projectId, { backups: 1, backup_gigabytes: Number(rec.size) || 0 });
      const row: VolumeBackup = {
        ...rec,
        project_id: caller.projectId,
        user_id: caller.userId,
        status: 'creating',
        fail_reason: null,
        restore_volume_id: null,
        num_dependent_backups: 0,
        metadata: rec.metadata ?? {},
        updated_at: null,
      };
      this.store.backups.insert(row);
      return row;
    });
    this.publish('created', b);
    this.svc.volumes.later(() => {
      let ok = false;
      try {
        this.objects(b).get(`${b.service_metadata}_metadata`);
        ok = true;
      } catch {
        ok = false;
      }
      this.settle(b.id, (r) => ((r.status = ok ? 'available' : 'error'), (r.fail_reason = ok ? null : 'Backup metadata not found in the backup service.')));
    });
    return b;
  }
}

const WRITE_BLOCK = 64 * 1024;

/**
 * Writes `data` (null: zeros) at `offset` where the file differs from it, 64 KiB at a time: what is the
 * same already (a hole under zeros above all) is left alone, so a restored volume stays as sparse as
 * the one backed up.
 */
async function writeOver(fh: FileHandle, data: Buffer | null, offset: number, length: number, scratch: Buffer): Promise<void> {
  const { bytesRead } = await fh.read(scratch, 0, length, offset);
  if (bytesRead < length) scratch.fill(0, bytesRead, length);
  for (let o = 0; o < length; o += WRITE_BLOCK) {
    const end = Math.min(length, o + WRITE_BLOCK);
    const want = data ? data.subarray(o, end) : ZERO_MIB.subarray(0, end - o);
    if (scratch.subarray(o, end).equals(want)) continue;
    await fh.write(want, 0, want.length, offset + o);
  }
}

/** JSON with sorted keys at every level (json.dumps(sort_keys=True)). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** The backup metadata API's volume_meta: the volume's base fields, its metadata and its Glance metadata (version 2). */
function volumeMeta(v: Volume): string {
  const { attachments: _a, path: _p, ...base } = v;
  return JSON.stringify({
    version: 2,
    'volume-base-metadata': { ...base, display_name: v.name, display_description: v.description },
    'volume-metadata': { ...v.metadata },
    'volume-glance-metadata': { ...(v.volume_image_metadata ?? {}) },
  });
}

/**
 * Restores what a backup's volume_meta carries: the metadata and the Glance metadata (merged), the bootable
 * flag with them, and the name and description when the volume was made for this restore
 * (restore_backup_<id>) or has none, as Cinder's backup metadata API does.
 */
function applyVolumeMeta(v: Volume, json: string): void {
  let m: { 'volume-base-metadata'?: Record<string, unknown>; 'volume-metadata'?: Record<string, string>; 'volume-glance-metadata'?: Record<string, string> };
  try {
    m = JSON.parse(json) as typeof m;
  } catch {
    return;
  }
  const base = m['volume-base-metadata'] ?? {};
  if (m['volume-metadata']) v.metadata = { ...v.metadata, ...m['volume-metadata'] };
  const glance = m['volume-glance-metadata'];
  if (glance && Object.keys(glance).length) {
    v.volume_image_metadata = { ...(v.volume_image_metadata ?? {}), ...glance };
    if (base.bootable === true) v.bootable = true;
  }
  const name = base.display_name;
  if (typeof name === 'string' && name && (!v.name || v.name.startsWith('restore_backup_'))) {
    v.name = name;
    v.description = typeof base.display_description === 'string' ? base.display_description : v.description;
  }
}
