/**
 * Cinder's volumes (cinder.volume.api + the create flow + what cinder-volume's LVM driver does to the
 * bytes): create blank / from a snapshot / from a volume / from an image, list, show, update, metadata,
 * delete (cascade, force), extend, retype, bootable, readonly, reset-status. Every API call validates
 * first and writes in one transaction; the backend's part (the file in disks/) runs right after the call
 * returns and moves the status on (creating → available | error, extending → available, …), as
 * cinder-volume does after the API has answered 202.
 */
import type { Clock } from '../../core/clock';
import { BadRequest, NotFound, ServiceError } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import type { ImageReader, ImageRecord } from '../../image/types';
import type { VolumeStore } from '../store/volume-store';
import { DEFAULT_TYPE_NAME, type Volume, type VolumeSnapshot, type VolumeType } from '../types';
import { GiB } from './disks';
import type { VolumeService } from './index';

/** Who asks: policy has been checked by the API; these decide what the caller may see. */
export interface VolumeCaller {
  projectId: string;
  userId: string;
  isAdmin: boolean;
}

/** The one backend of this all-in-one Cinder: PackStack's LVM on `localhost` (cinder-volume's host@backend#pool). */
export const BACKEND_NAME = 'lvm';
export const BACKEND_HOST = `localhost@${BACKEND_NAME}#${BACKEND_NAME}`;
/** cinder.conf's storage_availability_zone. */
export const STORAGE_AZ = 'nova';

/** Cinder's naive UTC timestamp with microseconds (`2026-11-22T05:22:07.000000`). */
export const cinderTimestamp = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');

/** `Invalid volume: …` (InvalidVolume, 400). */
export const invalidVolume = (reason: string): BadRequest => new BadRequest(`Invalid volume: ${reason}`);
/** `Invalid input received: …` (InvalidInput, 400). */
export const invalidInput = (reason: string): BadRequest => new BadRequest(`Invalid input received: ${reason}`);

/** The statuses a volume may be deleted from without force (cinder.volume.api.API.delete). */
const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];
/** Migration statuses that do not block a delete or a retype (AVAILABLE_MIGRATION_STATUS). */
const MIGRATION_OK = [null, 'none', 'error', 'success'];
/** Every status Cinder knows (fields.VolumeStatus.ALL), for reset-status. */
export const VOLUME_STATUSES = [
  'creating', 'available', 'deleting', 'error', 'error_deleting', 'error_managing', 'managing', 'attaching', 'in-use', 'detaching',
  'maintenance', 'restoring-backup', 'error_restoring', 'reserved', 'awaiting-transfer', 'backing-up', 'error_backing-up',
  'error_extending', 'downloading', 'uploading', 'retyping', 'extending',
];
const MIGRATION_STATUSES = ['migrating', 'error', 'success', 'completing', 'none', 'starting'];

export interface CreateVolumeInput {
  size?: unknown;
  name?: string | null;
  description?: string | null;
  /** Name or id. */
  volumeType?: string | null;
  metadata?: Record<string, string> | null;
  snapshotId?: string | null;
  sourceVolid?: string | null;
  imageRef?: string | null;
  availabilityZone?: string | null;
  groupId?: string | null;
}

export interface VolumeListFilter {
  allProjects?: boolean;
  projectId?: string;
  name?: string;
  status?: string;
  bootable?: boolean;
  metadata?: Record<string, string>;
  availabilityZone?: string;
  groupId?: string;
  userId?: string;
  size?: number;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s);

/** cinder.utils.check_metadata_properties. */
export function checkMetadata(metadata: unknown): Record<string, string> {
  if (metadata === null || metadata === undefined) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw invalidInput('Metadata should be a dict.');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata as Record<string, unknown>)) {
    if (!k.length) throw new BadRequest(`Invalid metadata: Metadata key: ${k} has a minimum character requirement of 1.`);
    if (typeof v !== 'string') throw new BadRequest(`Invalid metadata: Value for metadata key: ${k} is not a string.`);
    if (k.length > 255) throw new BadRequest(`Invalid metadata size: Metadata property key ${k} greater than 255 characters.`);
    if (v.length > 255) throw new BadRequest(`Invalid metadata size: Metadata property key ${k} value greater than 255 characters.`);
    out[k] = v;
  }
  return out;
}

/** The volume_image_metadata Cinder copies from Glance at create-from-image (every value a string). */
export function imageMetadataOf(image: ImageRecord): Record<string, string> {
  const meta: Record<string, string> = {
    image_id: image.id,
    image_name: image.name ?? '',
    checksum: image.checksum ?? '',
    container_format: image.container_format ?? '',
    disk_format: image.disk_format ?? '',
    min_disk: String(image.min_disk ?? 0),
    min_ram: String(image.min_ram ?? 0),
    size: String(image.size ?? 0),
  };
  for (const [k, v] of Object.entries(image.properties ?? {})) if (!(k in meta)) meta[k] = String(v);
  return meta;
}

/** Cinder's volumes over one store; the backend's work runs on the next turn of the event loop. */
export class VolumeManager {
  /**
   * Checks a create's `group_id` (the group exists, is the caller's, accepts the volume type); set by the
   * groups manager. Without it no group is known.
   */
  groupCheck?: (caller: VolumeCaller, groupId: string, volumeTypeId: string) => void;
  /**
   * Tells Nova an in-use volume grew (its os-server-external-events `volume-extended`, one event per
   * server holding it); set where the engine wires Cinder to Nova. Without it the guests never learn.
   */
  novaVolumeExtended?: (volumeId: string, serverIds: string[]) => void;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly svc: VolumeService) {}

  private get store(): VolumeStore {
    return this.svc.store;
  }
  private get clock(): Clock {
    return this.svc.opts.clock;
  }
  private get events(): EventBus {
    return this.svc.opts.events;
  }
  private get images(): ImageReader | undefined {
    return this.svc.opts.images;
  }
  private now(): string {
    return cinderTimestamp(this.clock.now());
  }

  // ---- the backend's asynchronous part ---------------------------------------------------------

  /** Runs the backend's step after this call has answered (the next turn of the event loop). */
  later(step: () => unknown): void {
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => step())
      .then(() => undefined)
      .catch(() => {
        // a step records its own failure on the row; the database may also have closed under it (engine stop)
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves once every backend step started so far (and those they start) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Changes a volume row in one transaction after a backend step (unless it was deleted meanwhile) and tells the GUI. */
  settle(id: string, change: (v: Volume) => void): Volume | undefined {
    const v = this.svc.opts.db.tx(() =>
      this.store.volumes.modify(id, (row) => {
        change(row);
        row.updated_at = this.now();
      }),
    );
    if (v) this.events.publish('volume.volume.updated', v.id, { name: v.name, status: v.status });
    return v;
  }

  /** Finishes what an engine stop interrupted: creating, extending, retyping and deleting rows. */
  resume(): void {
    for (const v of this.store.volumes.all()) {
      if (v.status === 'creating' || v.status === 'downloading') this.later(() => this.build(v.id));
      else if (v.status === 'extending') this.later(() => this.finishExtend(v.id, v.size));
      else if (v.status === 'deleting') this.later(() => this.finishDelete(v.id));
      else if (v.status === 'retyping') this.settle(v.id, (r) => ((r.status = r.previous_status ?? 'available'), (r.previous_status = null)));
    }
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** The volume as the caller may see it (its project's; any for an admin), else VolumeNotFound. */
  get(caller: VolumeCaller, id: string): Volume {
    const v = this.store.volumes.get(id);
    if (!v || (!caller.isAdmin && v.project_id !== caller.projectId)) throw new NotFound(`Volume ${id} could not be found.`);
    return v;
  }

  find(id: string): Volume | undefined {
    return this.store.volumes.get(id);
  }

  /** The volume type of a row (undefined when it was deleted under the volume). */
  typeOf(v: Volume): VolumeType | undefined {
    return this.store.types.get(v.volume_type_id);
  }

  /**
   * Volumes the caller sees, newest first (Cinder's default sort created_at desc): its project's, or with
   * `allProjects` (an admin's all_tenants) every project's, narrowed by `projectId`.
   */
  list(caller: VolumeCaller, f: VolumeListFilter = {}): Volume[] {
    let rows: Volume[];
    if (caller.isAdmin && f.allProjects) rows = f.projectId ? this.store.volumes.where({ project_id: f.projectId }) : this.store.volumes.all();
    else rows = this.store.volumes.where({ project_id: caller.projectId });
    return rows
      .filter((v) => f.name === undefined || v.name === f.name)
      .filter((v) => f.status === undefined || v.status === f.status)
      .filter((v) => f.bootable === undefined || v.bootable === f.bootable)
      .filter((v) => f.availabilityZone === undefined || v.availability_zone === f.availabilityZone)
      .filter((v) => f.groupId === undefined || v.group_id === f.groupId)
      .filter((v) => f.userId === undefined || v.user_id === f.userId)
      .filter((v) => f.size === undefined || v.size === f.size)
      .filter((v) => !f.metadata || Object.entries(f.metadata).every(([k, val]) => v.metadata[k] === val))
      .reverse();
  }

  // ---- create ---------------------------------------------------------------------------------

  private resolveType(ref: string | null | undefined, caller: VolumeCaller): VolumeType {
    if (!ref) return this.svc.types.get(DEFAULT_TYPE_NAME);
    let t: VolumeType | undefined;
    if (isUuid(ref)) t = this.store.types.get(ref) ?? this.store.types.where({ name: ref })[0];
    else t = this.store.types.where({ name: ref })[0];
    // a private type is visible to admins only (this lab keeps no type-access list)
    if (t && !t.is_public && !caller.isAdmin) t = undefined;
    if (!t) throw new NotFound(isUuid(ref) ? `Volume type ${ref} could not be found.` : `Volume type with name ${ref} could not be found.`);
    return t;
  }

  private snapshotFor(caller: VolumeCaller, id: string): VolumeSnapshot {
    const s = this.store.snapshots.get(id);
    if (!s || (!caller.isAdmin && s.project_id !== caller.projectId)) throw new NotFound(`Snapshot ${id} could not be found.`);
    return s;
  }

  private imageFor(caller: VolumeCaller, ref: string): ImageRecord {
    const id = ref.replace(/\/+$/, '').split('/').pop() ?? ref;
    if (!isUuid(id)) throw new BadRequest('Invalid image identifier or unable to access requested image.');
    const image = this.images?.find(id);
    if (!image || !this.images!.usableBy(image, caller.projectId, caller.isAdmin)) throw new NotFound(`Image ${id} could not be found.`);
    return image;
  }

  /** Validates a create as Cinder's API and create flow do, inserts the row (status creating) and starts the backend. */
  create(caller: VolumeCaller, input: CreateVolumeInput): Volume {
    const type0 = input.volumeType ? this.resolveType(input.volumeType, caller) : undefined;
    const snapshot = input.snapshotId ? this.snapshotFor(caller, input.snapshotId) : undefined;
    const source = input.sourceVolid ? this.get(caller, input.sourceVolid) : undefined;
    const image = input.imageRef ? this.imageFor(caller, input.imageRef) : undefined;

    let size: unknown = input.size ?? null;
    if (size === null && snapshot) size = snapshot.size;
    else if (size === null && source) size = source.size;
    if (size !== null && typeof size === 'string' && /^\d+$/.test(size)) size = Number(size);
    if (size !== null && (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)) {
      throw invalidInput(`Invalid volume size provided for create request: ${String(size)} (size argument must be an integer (or string representation of an integer) and greater than zero).`);
    }
    if (size === null) throw invalidInput("Volume size 'None' must be an integer and greater than 0");
    const sizeGb = size as number;

    // a volume from a snapshot or a volume keeps its source's type unless told otherwise
    const type = type0 ?? (snapshot ? this.store.types.get(this.store.volumes.get(snapshot.volume_id)?.volume_type_id ?? '') : undefined) ?? (source ? this.typeOf(source) : undefined) ?? this.resolveType(null, caller);

    if (snapshot && snapshot.status !== 'available') throw new BadRequest("Invalid snapshot: Originating snapshot status must be one of 'available' values");
    if (source && !['available', 'in-use'].includes(source.status)) throw invalidVolume("Originating source volume status must be one of 'available, in-use' values");
    if (source && sizeGb < source.size) {
      throw invalidInput(`Volume size '${sizeGb}'GB cannot be smaller than original volume size  ${source.size}GB. They must be >= original volume size.`);
    }
    if (!source && snapshot && sizeGb < snapshot.size) {
      throw invalidInput(`Volume size '${sizeGb}'GB cannot be smaller than the snapshot size ${snapshot.size}GB. They must be >= original snapshot size.`);
    }
    const zone = input.availabilityZone ?? (source?.availability_zone ?? STORAGE_AZ);
    if (zone !== STORAGE_AZ) throw new BadRequest(`Availability zone '${zone}' is invalid.`);
    const metadata = checkMetadata(input.metadata);
    if (image) this.checkImage(image, sizeGb);
    if (input.groupId) {
      if (!this.groupCheck) throw new NotFound(`Group ${input.groupId} could not be found.`);
      this.groupCheck(caller, input.groupId, type.id);
    }

    const id = uuid();
    const bootable = image ? true : snapshot ? (this.store.volumes.get(snapshot.volume_id)?.bootable ?? false) : (source?.bootable ?? false);
    const imageMeta = image
      ? imageMetadataOf(image)
      : snapshot
        ? (this.store.volumes.get(snapshot.volume_id)?.volume_image_metadata ?? null)
        : (source?.volume_image_metadata ?? null);
    const v: Volume = {
      id,
      project_id: caller.projectId,
      user_id: caller.userId,
      name: input.name ?? null,
      description: input.description ?? null,
      status: 'creating',
      size: sizeGb,
      availability_zone: zone,
      bootable,
      multiattach: type.extra_specs.multiattach === '<is> True',
      encrypted: false,
      readonly: false,
      volume_type_id: type.id,
      snapshot_id: snapshot?.id ?? null,
      source_volid: source?.id ?? null,
      image_id: image?.id ?? null,
      volume_image_metadata: imageMeta ? { ...imageMeta } : null,
      group_id: input.groupId ?? null,
      metadata,
      attachments: [],
      migration_status: null,
      previous_status: null,
      admin_metadata: {},
      fault: null,
      host: '',
      path: this.svc.disks.relPath('volume', id),
      created_at: this.now(),
      updated_at: null,
    };
    this.svc.opts.db.tx(() => {
      // the quota is counted and the row written in one step: two creates cannot both pass
      this.svc.quotas.check(caller.projectId, { volumes: 1, gigabytes: sizeGb }, type.name);
      this.store.volumes.insert(v);
    });
    this.events.publish('volume.volume.created', v.id, { name: v.name, status: v.status, project_id: v.project_id, size: v.size });
    this.later(() => this.build(v.id));
    return v;
  }

  /** volume_utils.check_image_metadata. */
  private checkImage(image: ImageRecord, sizeGb: number): void {
    if (image.status !== 'active') throw invalidInput(`Image ${image.id} is not active.`);
    const imageGb = Math.ceil((image.size ?? 0) / GiB);
    if (imageGb > sizeGb) throw invalidInput(`Size of specified image ${imageGb}GB is larger than volume size ${sizeGb}GB.`);
    if (sizeGb < (image.min_disk ?? 0)) throw invalidInput(`Volume size ${sizeGb}GB cannot be smaller than the image minDisk size ${image.min_disk}GB.`);
    const virtual = image.virtual_size ?? image.inspection?.virtualSize;
    if (virtual) {
      const vGb = Math.ceil(virtual / GiB);
      if (vGb > sizeGb) throw new BadRequest(`Image ${image.id} is unacceptable: Image virtual size is ${vGb}GB and doesn't fit in a volume of size ${sizeGb}GB.`);
    }
  }

  /** cinder-scheduler picks the backend, then cinder-volume makes the bytes (blank, clone, snapshot copy or image copy). */
  private async build(id: string): Promise<void> {
    const v = this.store.volumes.get(id);
    if (!v || (v.status !== 'creating' && v.status !== 'downloading')) return;
    const type = this.typeOf(v);
    const wanted = type?.extra_specs.volume_backend_name;
    if (wanted !== undefined && wanted !== BACKEND_NAME) {
      // the capabilities filter finds no backend reporting that volume_backend_name
      this.settle(id, (r) => ((r.status = 'error'), (r.fault = 'No valid backend was found. No weighed backends available')));
      return;
    }
    const disks = this.svc.disks;
    try {
      if (v.snapshot_id) {
        const s = this.store.snapshots.get(v.snapshot_id);
        disks.cloneFrom(s?.path ?? '', v.path, v.size);
      } else if (v.source_volid) {
        const src = this.store.volumes.get(v.source_volid);
        disks.cloneFrom(src?.path ?? '', v.path, v.size);
      } else if (v.image_id) {
        const data = this.images?.dataPath(v.image_id);
        if (!data) throw new Error(`Image ${v.image_id} has no data.`);
        this.settle(id, (r) => (r.status = 'downloading'));
        await disks.fromImage(data, v.path, v.size);
        if (!this.store.volumes.get(id)) {
          disks.remove(v.path);
          return;
        }
      } else {
        disks.createBlank(v.path, v.size);
      }
    } catch (e) {
      this.settle(id, (r) => ((r.status = 'error'), (r.host = BACKEND_HOST), (r.fault = (e as Error).message)));
      return;
    }
    this.settle(id, (r) => {
      r.status = 'available';
      r.host = BACKEND_HOST;
      if (r.image_id) r.bootable = true;
    });
  }

  // ---- update, metadata -------------------------------------------------------------------------

  private write(v: Volume, event = true): Volume {
    v.updated_at = this.now();
    this.svc.opts.db.tx(() => this.store.volumes.put(v));
    if (event) this.events.publish('volume.volume.updated', v.id, { name: v.name, status: v.status });
    return v;
  }

  update(caller: VolumeCaller, id: string, changes: { name?: string | null; description?: string | null; metadata?: Record<string, string> }): Volume {
    const v = this.get(caller, id);
    if (v.status === 'maintenance') throw invalidVolume('The volume cannot be updated during maintenance.');
    const metadata = changes.metadata !== undefined ? checkMetadata(changes.metadata) : undefined;
    if (changes.name !== undefined) v.name = changes.name;
    if (changes.description !== undefined) v.description = changes.description;
    if (metadata) v.metadata = metadata;
    return this.write(v);
  }

  /** Merges (or with `replace`, replaces) a volume's user metadata; the whole metadata after. */
  setMetadata(caller: VolumeCaller, id: string, metadata: unknown, replace = false): Record<string, string> {
    const v = this.get(caller, id);
    if (['maintenance', 'uploading'].includes(v.status)) throw invalidVolume(`Updating volume metadata is not allowed for volumes in ${v.status} status.`);
    const m = checkMetadata(metadata);
    v.metadata = replace ? m : { ...v.metadata, ...m };
    this.write(v);
    return { ...v.metadata };
  }

  deleteMetadata(caller: VolumeCaller, id: string, key: string): void {
    const v = this.get(caller, id);
    if (!(key in v.metadata)) throw new NotFound(`Volume ${v.id} has no metadata with key ${key}.`);
    if (['maintenance', 'uploading'].includes(v.status)) throw invalidVolume(`Deleting volume metadata is not allowed for volumes in ${v.status} status.`);
    delete v.metadata[key];
    this.write(v);
  }

  /** os-set_image_metadata / os-unset_image_metadata (volume_glance_metadata). */
  setImageMetadata(caller: VolumeCaller, id: string, metadata: unknown): Record<string, string> {
    const v = this.get(caller, id);
    const m = checkMetadata(metadata);
    v.volume_image_metadata = { ...(v.volume_image_metadata ?? {}), ...m };
    this.write(v);
    return { ...v.volume_image_metadata };
  }

  unsetImageMetadata(caller: VolumeCaller, id: string, key: string): void {
    const v = this.get(caller, id);
    if (!v.volume_image_metadata || !(key in v.volume_image_metadata)) throw new NotFound(`Glance metadata for volume ${v.id} with key ${key} could not be found.`);
    delete v.volume_image_metadata[key];
    if (!Object.keys(v.volume_image_metadata).length) v.volume_image_metadata = null;
    this.write(v);
  }

  // ---- actions --------------------------------------------------------------------------------

  setBootable(caller: VolumeCaller, id: string, bootable: boolean): Volume {
    const v = this.get(caller, id);
    if (v.status === 'maintenance') throw invalidVolume('The volume cannot be updated during maintenance.');
    v.bootable = bootable;
    return this.write(v);
  }

  updateReadonly(caller: VolumeCaller, id: string, readonly: boolean): Volume {
    const v = this.get(caller, id);
    if (v.status !== 'available') throw invalidVolume(`Volume ${v.id} status must be available to update readonly flag, but current status is: ${v.status}.`);
    v.readonly = readonly;
    v.admin_metadata = { ...(v.admin_metadata ?? {}), readonly: readonly ? 'True' : 'False' };
    return this.write(v);
  }

  /** os-extend: available (or in-use with `attached`, 3.42+) → extending → back, the file truncated larger. */
  extend(caller: VolumeCaller, id: string, newSize: number, attached = false): Volume {
    const v = this.get(caller, id);
    if (newSize - v.size <= 0) throw invalidInput(`New size for extend must be greater than current size. (current: ${v.size}, extended: ${newSize}).`);
    const expected = attached ? 'in-use' : 'available';
    if (v.status !== expected) throw invalidVolume(`Volume ${v.id} status must be '{'status': '${expected}'}' to extend, currently ${v.status}.`);
    const perVolume = this.svc.quotas.limits(v.project_id).per_volume_gigabytes;
    if (perVolume !== undefined && perVolume >= 0 && newSize > perVolume) {
      throw new ServiceError('PayloadTooLarge', `Requested volume size ${newSize}G is larger than maximum allowed limit ${perVolume}G.`);
    }
    const typeName = this.typeOf(v)?.name;
    this.svc.opts.db.tx(() => {
      this.svc.quotas.check(v.project_id, { gigabytes: newSize - v.size }, typeName);
      v.previous_status = v.status;
      v.status = 'extending';
      v.updated_at = this.now();
      this.store.volumes.put(v);
    });
    this.events.publish('volume.volume.updated', v.id, { name: v.name, status: v.status });
    this.later(() => this.finishExtend(v.id, newSize));
    return v;
  }

  private finishExtend(id: string, newSize: number): void {
    const v = this.store.volumes.get(id);
    if (!v || v.status !== 'extending') return;
    try {
      this.svc.disks.grow(v.path, newSize);
    } catch (e) {
      this.settle(id, (r) => ((r.status = 'error_extending'), (r.fault = (e as Error).message), (r.previous_status = null)));
      return;
    }
    const settled = this.settle(id, (r) => {
      r.size = newSize;
      r.status = r.previous_status ?? 'available';
      r.previous_status = null;
    });
    // Cinder's volume manager, after extending an attached volume: Nova's extend_volume for each server
    if (settled?.status === 'in-use') {
      const servers = [...new Set(this.svc.attachments.ofVolume(id).flatMap((a) => (a.instance && a.status === 'attached' ? [a.instance] : [])))];
      if (servers.length) this.novaVolumeExtended?.(id, servers);
    }
  }

  /**
   * os-retype: the type changes in place when the new type's backend is this one (retype in the driver);
   * a type naming another volume_backend_name would need a migration that no backend can take, so the
   * volume goes back to its status unchanged, as Cinder's scheduler leaves it.
   */
  retype(caller: VolumeCaller, id: string, newTypeRef: string, migrationPolicy: string | null = null): Volume {
    const v = this.get(caller, id);
    let t: VolumeType;
    try {
      t = this.resolveType(newTypeRef, caller);
    } catch (e) {
      if (e instanceof NotFound) throw e;
      throw invalidInput(`Invalid volume_type passed: ${newTypeRef}.`);
    }
    const multi = t.extra_specs.multiattach === '<is> True';
    if (multi !== v.multiattach && v.status !== 'available') {
      throw invalidInput(
        `Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, the specified volume however currently has a status of: ${v.status}.`,
      );
    }
    if (!['available', 'in-use'].includes(v.status) || !MIGRATION_OK.includes(v.migration_status) || v.group_id || v.volume_type_id === t.id) {
      throw invalidVolume(
        'Retype needs volume to be in available or in-use state, not be part of an active migration or a consistency group, requested type has to be different that the one from the volume, and for in-use volumes front-end qos specs cannot change.',
      );
    }
    v.previous_status = v.status;
    v.status = 'retyping';
    this.write(v);
    this.later(() =>
      this.settle(id, (r) => {
        // the driver retypes in place on its own backend; another volume_backend_name needs a migration
        // (allowed by migration_policy on-demand) to a backend this lab does not have, so nothing changes
        const wanted = t.extra_specs.volume_backend_name;
        if (wanted === undefined || wanted === BACKEND_NAME) {
          r.volume_type_id = t.id;
          r.multiattach = multi;
        } else {
          r.fault = migrationPolicy === 'on-demand' ? 'No valid backend was found. No weighed backends available' : 'Retype requires migration but is not allowed.';
        }
        r.status = r.previous_status ?? 'available';
        r.previous_status = null;
      }),
    );
    return v;
  }

  /** os-reset_status (admin): status, attach_status and migration_status as told, nothing else checked. */
  resetStatus(caller: VolumeCaller, id: string, body: { status?: string | null; attach_status?: string | null; migration_status?: string | null }): Volume {
    const v = this.get(caller, id);
    if (!body.status && !body.attach_status && !body.migration_status) throw new BadRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
    if (body.status && !VOLUME_STATUSES.includes(body.status.toLowerCase())) {
      throw new BadRequest(`Volume status: ${body.status} is invalid, valid statuses are: (${VOLUME_STATUSES.map((s) => `'${s}'`).join(', ')}).`);
    }
    if (body.attach_status && !['attached', 'detached'].includes(body.attach_status.toLowerCase())) {
      throw new BadRequest(`Volume attach status: ${body.attach_status} is invalid, valid statuses are: ['attached', 'detached'].`);
    }
    if (body.migration_status && !MIGRATION_STATUSES.includes(body.migration_status.toLowerCase())) {
      throw new BadRequest(`Volume migration status: ${body.migration_status} is invalid, valid statuses are: (${MIGRATION_STATUSES.map((s) => `'${s}'`).join(', ')}).`);
    }
    if (body.status) v.status = body.status.toLowerCase();
    if (body.migration_status) v.migration_status = body.migration_status.toLowerCase() === 'none' ? null : body.migration_status.toLowerCase();
    if (body.attach_status?.toLowerCase() === 'detached') v.attachments = [];
    return this.write(v);
  }

  // ---- delete ---------------------------------------------------------------------------------

  /**
   * cinder.volume.api.API.delete: refused (InvalidVolume) unless the volume is in a deletable status (any with
   * `force`), not attached, not migrating, in no group, and has no snapshots (with `cascade`, only snapshots
   * that are available or in error, which go with it).
   */
  delete(caller: VolumeCaller, id: string, opts: { cascade?: boolean; force?: boolean } = {}): void {
    const v = this.get(caller, id);
    const snaps = this.store.snapshots.where({ volume_id: v.id });
    const statusOk = opts.force || DELETABLE.includes(v.status);
    const attached = v.attachments.length > 0 || this.store.attachments.where({ volume_id: v.id }).some((a) => a.status === 'attached');
    const snapsOk = opts.cascade ? snaps.every((s) => ['available', 'error', 'deleting'].includes(s.status) || opts.force) : snaps.length === 0;
    if (!statusOk || attached || !MIGRATION_OK.includes(v.migration_status) || v.group_id || !snapsOk) {
      const status = opts.force ? '' : `status must be ${DELETABLE.join(' or ')} and `;
      throw invalidVolume(
        `Volume ${status}must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`,
      );
    }
    this.svc.opts.db.tx(() => {
      v.status = 'deleting';
      v.updated_at = this.now();
      this.store.volumes.put(v);
      if (opts.cascade) {
        for (const s of snaps) {
          s.status = 'deleting';
          s.updated_at = this.now();
          this.store.snapshots.put(s);
        }
      }
    });
    this.events.publish('volume.volume.updated', v.id, { name: v.name, status: v.status });
    this.later(() => this.finishDelete(v.id));
  }

  /** cinder-volume removes the LV (and the snapshots going with it) and the row goes. */
  private finishDelete(id: string): void {
    const v = this.store.volumes.get(id);
    if (!v || v.status !== 'deleting') return;
    const snaps = this.store.snapshots.where({ volume_id: id });
    for (const s of snaps) this.svc.disks.remove(s.path);
    this.svc.disks.remove(v.path);
    this.svc.opts.db.tx(() => {
      for (const s of snaps) this.store.snapshots.delete(s.id);
      for (const a of this.store.attachments.where({ volume_id: id })) this.store.attachments.delete(a.id);
      this.store.volumes.delete(id);
    });
    for (const s of snaps) this.events.publish('volume.snapshot.deleted', s.id, { name: s.name, volume_id: id });
    this.events.publish('volume.volume.deleted', id, { name: v.name, project_id: v.project_id });
  }
}
