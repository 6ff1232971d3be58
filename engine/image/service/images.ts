import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { uuid } from '../../core/ids';
import * as F from '../faults';
import type { ImageRecord, ImageVisibility } from '../types';
import type { Caller, ImageCore } from './core';

/** What POST /v2/images asks for, once the API layer has validated it against the image schema. */
export interface ImageCreate {
  id?: string;
  name?: string | null;
  visibility?: ImageVisibility;
  protected?: boolean;
  os_hidden?: boolean;
  owner?: string | null;
  disk_format?: string | null;
  container_format?: string | null;
  min_disk?: number;
  min_ram?: number;
  tags?: string[];
  /** Extra properties (strings). */
  properties: Record<string, string>;
}

/** One PATCH change, parsed: `path` is the property name (Glance allows depth 1 except locations). */
export interface ImageChange {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
  /** 4 for application/openstack-images-v2.0-json-patch (add refuses existing properties), 10 for v2.1. */
  draft: 4 | 10;
}

export type SortKey = 'name' | 'status' | 'container_format' | 'disk_format' | 'size' | 'id' | 'created_at' | 'updated_at';

export interface ImageListQuery {
  /** Attribute filters: name/id/status/container_format/disk_format accept `in:a,b` and `eq:x`. */
  filters: Record<string, string>;
  visibility?: ImageVisibility | 'all';
  memberStatus: 'pending' | 'accepted' | 'rejected' | 'all';
  tags: string[];
  osHidden: boolean;
  protected?: boolean;
  sizeMin?: number;
  sizeMax?: number;
  sortKeys: SortKey[];
  sortDirs: ('asc' | 'desc')[];
  limit: number;
  marker?: string;
}

/** Base attributes a PATCH sets directly (anything else is an extra property). */
const BASE_ATTRS = new Set(['name', 'visibility', 'protected', 'os_hidden', 'owner', 'disk_format', 'container_format', 'min_disk', 'min_ram', 'tags']);
/** Attributes an image always has: a PATCH may replace them but never remove them. */
const FIXED_ATTRS = new Set([...BASE_ATTRS, 'id', 'status', 'checksum', 'size', 'virtual_size', 'created_at', 'updated_at', 'os_hash_algo', 'os_hash_value', 'locations']);

/** Glance's images: create, list, show, update (JSON patch), delete, (de)activate, tags. */
export class ImageManager {
  constructor(private readonly core: ImageCore) {}

  create(caller: Caller, req: ImageCreate): ImageRecord {
    const owner = req.owner ?? caller.projectId;
    const visibility = req.visibility ?? 'shared';
    caller.authorize('add_image', { project_id: owner, owner, visibility });
    if (visibility === 'public') caller.authorize('publicize_image', { project_id: owner, owner, visibility });
    if (visibility === 'community') caller.authorize('communitize_image', { project_id: owner, owner, visibility });
    if (!caller.isAdmin && owner !== caller.projectId) throw F.notPermittedOwner(String(owner));
    if (req.min_disk !== undefined && req.min_disk < 0) throw F.negativeValue('min_disk', req.min_disk);
    if (req.min_ram !== undefined && req.min_ram < 0) throw F.negativeValue('min_ram', req.min_ram);
    const now = this.core.now();
    const image: ImageRecord = {
      id: req.id ?? uuid(),
      name: req.name ?? null,
      status: 'queued',
      visibility,
      protected: req.protected ?? false,
      os_hidden: req.os_hidden ?? false,
      owner: owner ?? '',
      disk_format: req.disk_format ?? null,
      container_format: req.container_format ?? null,
      size: null,
      virtual_size: null,
      checksum: null,
      os_hash_algo: null,
      os_hash_value: null,
      min_disk: req.min_disk ?? 0,
      min_ram: req.min_ram ?? 0,
      tags: [...new Set(req.tags ?? [])],
      created_at: now,
      updated_at: now,
      properties: { ...req.properties },
    };
    return this.core.write('image.created', image.id, () => {
      if (this.core.store.images.get(image.id)) throw F.imageIdExists(image.id);
      this.core.store.images.insert(image);
      return image;
    });
  }

  show(caller: Caller, id: string): ImageRecord {
    const image = this.core.lookup(id, caller);
    caller.authorize('get_image', this.core.target(image, caller));
    return image;
  }

  /** Glance's image_get_all for a caller: what it may see, filtered, sorted and paged. */
  list(caller: Caller, q: ImageListQuery): { images: ImageRecord[]; nextMarker?: string } {
    caller.authorize('get_images', { project_id: caller.projectId });
    const store = this.core.store;
    const memberships = caller.projectId ? store.membershipsOf(caller.projectId) : new Map();
    let images = store.images.all().filter((i) => {
      if (!caller.isAdmin) {
        const own = i.owner === caller.projectId;
        const open = i.visibility === 'public' || i.visibility === 'community';
        const m = memberships.get(i.id);
        const member = i.visibility === 'shared' && m !== undefined && (q.memberStatus === 'all' || m.status === q.memberStatus);
        if (!own && !open && !member) return false;
      }
      if (q.visibility !== undefined) {
        if (q.visibility !== 'all' && i.visibility !== q.visibility) return false;
      } else if (i.visibility === 'community' && i.owner !== caller.projectId) {
        // without a visibility filter, community images show only to their owner
        return false;
      }
      return true;
    });
    images = images.filter((i) => i.os_hidden === q.osHidden && (q.protected === undefined || i.protected === q.protected));
    images = images.filter((i) => i.status !== 'deleted' && i.status !== 'killed');
    if (q.sizeMin !== undefined) images = images.filter((i) => i.size !== null && i.size >= q.sizeMin!);
    if (q.sizeMax !== undefined) images = images.filter((i) => i.size !== null && i.size <= q.sizeMax!);
    for (const t of q.tags) images = images.filter((i) => i.tags.includes(t));
    for (const [k, raw] of Object.entries(q.filters)) images = images.filter((i) => matches(i, k, raw));

    const keys = [...q.sortKeys];
    const dirs = q.sortDirs.length === 1 ? keys.map(() => q.sortDirs[0]) : [...q.sortDirs];
    for (const k of ['created_at', 'id'] as const) {
      if (!keys.includes(k)) {
        keys.push(k);
        dirs.push(q.sortDirs.length === 1 ? q.sortDirs[0] : 'desc');
      }
    }
    images.sort((a, b) => {
      for (let n = 0; n < keys.length; n++) {
        const c = compare(a[keys[n]], b[keys[n]]);
        if (c !== 0) return dirs[n] === 'desc' ? -c : c;
      }
      return 0;
    });
    if (q.marker !== undefined) {
      const at = images.findIndex((i) => i.id === q.marker);
      if (at < 0) {
        const marker = store.images.get(q.marker);
        if (!marker || !this.core.visible(marker, caller)) throw F.imageNotFound(q.marker);
        images = images.filter((i) => after(i, marker, keys, dirs));
      } else images = images.slice(at + 1);
    }
    const page = images.slice(0, q.limit);
    // Glance offers a next page whenever this one is full
    return { images: page, nextMarker: page.length > 0 && page.length === q.limit ? page[page.length - 1].id : undefined };
  }

  update(caller: Caller, id: string, changes: ImageChange[]): ImageRecord {
    const image = this.core.lookup(id, caller);
    const target = this.core.target(image, caller);
    const next: ImageRecord = { ...image, properties: { ...image.properties }, tags: [...image.tags] };
    const mutable = () => {
      caller.authorize('modify_image', target);
      if (!caller.isAdmin && image.owner !== caller.projectId) throw F.notOwner();
    };
    for (const ch of changes) {
      const key = ch.path;
      if (ch.op === 'replace' && key === 'owner' && !caller.isAdmin) throw F.ownerByNonAdmin();
      if (key === 'visibility' && ch.op !== 'remove') {
        if (ch.value === 'public') caller.authorize('publicize_image', target);
        if (ch.value === 'community') caller.authorize('communitize_image', target);
      }
      mutable();
      if (ch.op === 'remove') {
        if (FIXED_ATTRS.has(key)) throw F.propertyNotRemovable(key);
        if (!(key in next.properties)) throw F.propertyMissing(key);
        delete next.properties[key];
        continue;
      }
      const exists = FIXED_ATTRS.has(key) || key in next.properties;
      if (ch.op === 'add' && ch.draft === 4 && exists) throw F.propertyPresent(key);
      if (ch.op === 'replace' && !exists) throw F.propertyMissing(key);
      if (BASE_ATTRS.has(key)) this.setBase(next, key, ch.value);
      else next.properties[key] = ch.value as string;
    }
    if (changes.length === 0) return image;
    next.updated_at = this.core.now();
    return this.core.write('image.updated', id, () => {
      this.core.store.images.put(next);
      return next;
    });
  }

  private setBase(image: ImageRecord, key: string, value: unknown): void {
    switch (key) {
      case 'disk_format':
      case 'container_format':
        if (image.status !== 'queued' && image.status !== 'importing') throw F.formatOnlyForQueued(key);
        image[key] = value as string | null;
        return;
      case 'min_disk':
      case 'min_ram':
        if ((value as number) < 0) throw F.negativeValue(key, value as number);
        image[key] = value as number;
        return;
      case 'tags':
        image.tags = [...new Set(value as string[])];
        return;
      case 'name':
        image.name = value as string | null;
        return;
      case 'visibility':
        image.visibility = value as ImageVisibility;
        return;
      case 'protected':
      case 'os_hidden':
        image[key] = value as boolean;
        return;
      case 'owner':
        image.owner = (value as string | null) ?? '';
        return;
    }
  }

  delete(caller: Caller, id: string): void {
    const image = this.core.lookup(id, caller);
    caller.authorize('delete_image', this.core.target(image, caller));
    if (!caller.isAdmin && image.owner !== caller.projectId) throw F.notOwner();
    if (image.protected) throw F.protectedImageDelete(id);
    this.core.write('image.deleted', id, () => {
      this.core.store.images.delete(id);
    });
    rmSync(join(this.core.imagesDir, id), { force: true });
  }

  deactivate(caller: Caller, id: string): ImageRecord {
    return this.setActivation(caller, id, 'deactivate');
  }

  reactivate(caller: Caller, id: string): ImageRecord {
    return this.setActivation(caller, id, 'reactivate');
  }

  private setActivation(caller: Caller, id: string, action: 'deactivate' | 'reactivate'): ImageRecord {
    const image = this.core.lookup(id, caller);
    caller.authorize(action, this.core.target(image, caller));
    if (!caller.isAdmin && image.owner !== caller.projectId) throw F.notOwner();
    const [from, to] = action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active'];
    if (image.status === to) return image;
    if (image.status !== from) throw action === 'deactivate' ? F.notAllowedToDeactivate(image.status) : F.notAllowedToReactivate(image.status);
    const next: ImageRecord = { ...image, status: to as ImageRecord['status'], updated_at: this.core.now() };
    return this.core.write('image.updated', id, () => {
      this.core.store.images.put(next);
      return next;
    });
  }

  addTag(caller: Caller, id: string, tag: string): void {
    const image = this.core.lookup(id, caller);
    caller.authorize('modify_image', this.core.target(image, caller));
    if (!caller.isAdmin && image.owner !== caller.projectId) throw F.notAllowedTags(id);
    if ([...tag].length > 255) throw F.tagTooLong(tag);
    if (image.tags.includes(tag)) return;
    const next = { ...image, tags: [...image.tags, tag], updated_at: this.core.now() };
    this.core.write('image.updated', id, () => this.core.store.images.put(next));
  }

  deleteTag(caller: Caller, id: string, tag: string): void {
    const image = this.core.lookup(id, caller);
    caller.authorize('modify_image', this.core.target(image, caller));
    if (!caller.isAdmin && image.owner !== caller.projectId) throw F.notAllowedDeleteTags(id);
    if (!image.tags.includes(tag)) throw F.tagNotFound();
    const next = { ...image, tags: image.tags.filter((t) => t !== tag), updated_at: this.core.now() };
    this.core.write('image.updated', id, () => this.core.store.images.put(next));
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // SQL sorts NULL first
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Whether `i` sorts strictly after `marker` under the keys and directions (a marker that was filtered out). */
function after(i: ImageRecord, marker: ImageRecord, keys: SortKey[], dirs: ('asc' | 'desc')[]): boolean {
  for (let n = 0; n < keys.length; n++) {
    const c = compare(i[keys[n]], marker[keys[n]]);
    if (c !== 0) return dirs[n] === 'desc' ? c < 0 : c > 0;
  }
  return false;
}

/** One attribute filter: `in:a,"b,c"` and `eq:x` operators for the core columns, exact match otherwise. */
function matches(i: ImageRecord, key: string, raw: string): boolean {
  const base = (i as unknown as Record<string, unknown>)[key];
  const value = key in i && key !== 'properties' && key !== 'inspection' ? base : i.properties[key];
  if (key === 'created_at' || key === 'updated_at') {
    const m = /^(eq|neq|lt|lte|gt|gte):(.*)$/s.exec(raw);
    const [op, when] = m ? [m[1], m[2]] : ['eq', raw];
    const d = Date.parse(String(value)) - Date.parse(when);
    return op === 'eq' ? d === 0 : op === 'neq' ? d !== 0 : op === 'lt' ? d < 0 : op === 'lte' ? d <= 0 : op === 'gt' ? d > 0 : d >= 0;
  }
  if (['name', 'id', 'status', 'container_format', 'disk_format'].includes(key)) {
    const { op, rest } = splitOp(raw);
    if (op === 'in') return splitQuoted(rest).includes(String(value));
    return String(value ?? '') === rest;
  }
  if (typeof value === 'boolean') return String(value) === raw.toLowerCase();
  if (value === null || value === undefined) return false;
  return String(value) === raw;
}

function splitOp(raw: string): { op: 'eq' | 'in'; rest: string } {
  const m = /^(in|eq):(.*)$/s.exec(raw);
  return m ? { op: m[1] as 'eq' | 'in', rest: m[2] } : { op: 'eq', rest: raw };
}

function splitQuoted(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"([^"]*)"|([^,]+)/g)) out.push(m[1] ?? m[2]);
  return out;
}
