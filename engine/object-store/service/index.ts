import { openSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import * as F from '../faults';
import { ObjectStoreStore } from '../store/object-store-store';
import type { AccountRecord, ContainerRecord, ContainerUsage, Metadata, ObjectRecord, SwiftIdentity } from '../types';
import { cleanAcl, crossTenantMatch, parseAcl, referrerAllowed, roleMatch } from './acl';
import { ObjectFiles } from './data';
import { type ListingEntry, type ListingQuery, walkListing } from './listing';
import { applyMetadata, type Headers, headerValue } from './metadata';

export { type Headers } from './metadata';

/** Swift's constraints (swift.common.constraints defaults), also what /info reports. */
export const LIMITS = {
  max_file_size: 5368709122,
  max_meta_name_length: 128,
  max_meta_value_length: 256,
  max_meta_count: 90,
  max_meta_overall_size: 4096,
  max_header_size: 8192,
  max_object_name_length: 1024,
  container_listing_limit: 10000,
  account_listing_limit: 10000,
  max_account_name_length: 256,
  max_container_name_length: 256,
  extra_header_count: 0,
};

/** keystoneauth's reseller_prefix: account `AUTH_<project_id>` belongs to that project. */
export const RESELLER_PREFIX = 'AUTH_';

export interface ObjectStoreDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  /** The lab's objects/ folder. */
  objectsDir: string;
}

/** What a request touches, for the access check (keystoneauth.authorize). */
export interface AccessRequest {
  method: string;
  account: string;
  container?: string;
  object?: string;
  referer?: string;
}

/** What the access check found: owners see and set ACLs. */
export interface Access {
  owner: boolean;
}

/** An object's bytes opened for reading, with its row (the fd survives a concurrent overwrite). */
export interface OpenedObject {
  object: ObjectRecord;
  fd: number;
}

export interface PutObjectInput {
  headers: Headers;
  body: Readable | undefined;
  /** Content-Length when sent (undefined: chunked). */
  contentLength?: number;
}

/**
 * A Swift-compatible object store: accounts, containers and objects, metadata in lab.db, bytes
 * in files. Knows nothing about HTTP beyond header names; the API layer maps the rest.
 */
export class ObjectStoreService {
  readonly store: ObjectStoreStore;
  readonly files: ObjectFiles;
  private lastTs = 0;

  constructor(readonly deps: ObjectStoreDeps) {
    this.store = new ObjectStoreStore(deps.db);
    this.files = new ObjectFiles(deps.objectsDir);
    this.files.sweep(this.store.allFiles());
  }

  /** Swift's X-Timestamp: seconds with five decimals, strictly growing within this engine. */
  timestamp(): string {
    let t = Math.round(this.deps.clock.now().getTime() * 100) / 100000;
    if (t <= this.lastTs) t = Math.round((this.lastTs + 0.00001) * 100000) / 100000;
    this.lastTs = t;
    return t.toFixed(5);
  }

  private publish(event: string, id: string, data?: Record<string, unknown>): void {
    this.deps.events.publish(`object-store.${event}`, id, data);
  }

  // --- access --------------------------------------------------------------------------------------
  /**
   * keystoneauth's decision: the reseller admin owns every account; a token of the account's project
   * with an operator role owns it; otherwise the container's read ACL (GET/HEAD) or write ACL
   * (object PUT/POST/DELETE/COPY) may let the caller in. A refusal is 401 without a token, 403 with one.
   */
  authorize(identity: SwiftIdentity | undefined, r: AccessRequest): Access {
    const deny = () => (identity ? F.forbidden() : F.unauthorized());
    if (!r.account.startsWith(RESELLER_PREFIX)) throw deny();
    if (identity?.resellerAdmin) return { owner: true };
    if (identity && !r.container && r.method === 'DELETE') throw deny();
    // the owner is settled first, so an owner reading a public container still sees its ACLs
    if (identity?.operator && r.account === RESELLER_PREFIX + identity.projectId) return { owner: true };
    const read = r.method === 'GET' || r.method === 'HEAD';
    // the proxy hands the container's ACL only to object requests and container reads
    let acl: string | null = null;
    if (r.container && (r.object || read)) {
      const c = this.store.container(r.account, r.container);
      acl = c ? (read ? c.read_acl : c.write_acl) : null;
    }
    const { referrers, entries } = parseAcl(acl);
    if (identity && entries.length && crossTenantMatch(identity, entries)) return { owner: false };
    let referred: boolean | undefined;
    if (read && referrerAllowed(r.referer, referrers)) {
      referred = !!r.object || entries.includes('.rlistings');
      if (referred) return { owner: false };
    }
    if (!identity) throw deny();
    if (r.account !== RESELLER_PREFIX + identity.projectId) throw deny();
    if (referred !== undefined) throw deny();
    if (roleMatch(identity, entries)) return { owner: false };
    throw deny();
  }

  // --- accounts ------------------------------------------------------------------------------------
  /** The account, or the empty one an autocreating Swift shows before the first write. */
  account(account: string): AccountRecord & { usage: { containers: number; objects: number; bytes: number } } {
    this.expire(account);
    const a = this.store.account(account) ?? { account, metadata: {}, created_at: this.timestamp(), put_timestamp: '0' };
    return { ...a, usage: this.store.accountUsage(account) };
  }

  listContainers(account: string, q: ListingQuery): ListingEntry<ContainerUsage>[] {
    this.expire(account);
    return walkListing((range) => this.store.containers(account, range), (c) => c.name, q);
  }

  private ensureAccount(account: string): AccountRecord {
    const existing = this.store.account(account);
    if (existing) return existing;
    const ts = this.timestamp();
    const a: AccountRecord = { account, metadata: {}, created_at: ts, put_timestamp: ts };
    this.store.putAccount(a);
    return a;
  }

  /** POST on the account: metadata. */
  updateAccount(account: string, headers: Headers): AccountRecord {
    const metadata = applyMetadata('account', this.store.account(account)?.metadata ?? {}, headers);
    const a = this.store.db.tx(() => {
      const next = { ...this.ensureAccount(account), metadata, put_timestamp: this.timestamp() };
      this.store.putAccount(next);
      return next;
    });
    this.publish('account.updated', account);
    return a;
  }

  // --- containers ----------------------------------------------------------------------------------
  private checkContainerName(name: string): void {
    // Swift measures names in UTF-8 bytes
    const n = Buffer.byteLength(name);
    if (n > LIMITS.max_container_name_length) throw F.badRequest(`Container name length of ${n} longer than ${LIMITS.max_container_name_length}`);
  }

  private aclsFrom(headers: Headers, current: Pick<ContainerRecord, 'read_acl' | 'write_acl'>): Pick<ContainerRecord, 'read_acl' | 'write_acl'> {
    const out = { read_acl: current.read_acl, write_acl: current.write_acl };
    const read = headerValue(headers, 'x-container-read');
    const write = headerValue(headers, 'x-container-write');
    if (read !== undefined) out.read_acl = cleanAcl('X-Container-Read', read) || null;
    if (write !== undefined) out.write_acl = cleanAcl('X-Container-Write', write) || null;
    if (headerValue(headers, 'x-remove-container-read') !== undefined) out.read_acl = null;
    if (headerValue(headers, 'x-remove-container-write') !== undefined) out.write_acl = null;
    return out;
  }

  /** PUT container: true when created (201), false when it existed and was updated (202). */
  putContainer(account: string, name: string, headers: Headers): boolean {
    this.checkContainerName(name);
    const existing = this.store.container(account, name);
    const metadata = applyMetadata('container', existing?.metadata ?? {}, headers);
    const acls = this.aclsFrom(headers, existing ?? { read_acl: null, write_acl: null });
    const ts = this.timestamp();
    this.store.db.tx(() => {
      this.ensureAccount(account);
      this.store.putContainer({ account, name, metadata, ...acls, created_at: existing?.created_at ?? ts, put_timestamp: ts });
    });
    this.publish(existing ? 'container.updated' : 'container.created', `${account}/${name}`);
    return !existing;
  }

  container(account: string, name: string): ContainerUsage {
    const c = this.store.container(account, name);
    if (!c) throw F.notFound();
    this.expire(account, name);
    const u = this.store.containerUsage(account, name);
    return { ...c, object_count: u.objects, bytes_used: u.bytes };
  }

  listObjects(account: string, container: string, q: ListingQuery): ListingEntry<ObjectRecord>[] {
    this.container(account, container);
    return walkListing((range) => this.store.objects(account, container, range), (o) => o.name, q);
  }

  updateContainer(account: string, name: string, headers: Headers): void {
    const c = this.store.container(account, name);
    if (!c) throw F.notFound();
    const metadata = applyMetadata('container', c.metadata, headers);
    const acls = this.aclsFrom(headers, c);
    this.store.db.tx(() => this.store.putContainer({ ...c, metadata, ...acls, put_timestamp: this.timestamp() }));
    this.publish('container.updated', `${account}/${name}`);
  }

  /** DELETE container: 404 when missing, 409 while it holds objects. */
  deleteContainer(account: string, name: string): void {
    this.store.db.tx(() => {
      if (!this.store.container(account, name)) throw F.notFound();
      if (this.store.containerUsage(account, name).objects > 0) throw F.conflict();
      this.store.deleteContainer(account, name);
    });
    this.publish('container.deleted', `${account}/${name}`);
  }

  // --- objects -------------------------------------------------------------------------------------
  private checkObjectName(name: string): void {
    const n = Buffer.byteLength(name);
    if (n > LIMITS.max_object_name_length) throw F.badRequest(`Object name length of ${n} longer than ${LIMITS.max_object_name_length}`);
  }

  object(account: string, container: string, name: string): ObjectRecord {
    const o = this.store.object(account, container, name);
    if (!o) throw F.notFound();
    if (this.expired(o)) {
      this.expire(account, container);
      throw F.notFound();
    }
    return o;
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.clock.now().getTime() / 1000);
  }

  private expired(o: ObjectRecord): boolean {
    const at = o.metadata['x-delete-at'];
    return at !== undefined && Number(at) <= this.nowSeconds();
  }

  /**
   * Swift's object expirer, run when an account or container is read: objects whose X-Delete-At has
   * passed go, rows and bytes.
   */
  private expire(account: string, container?: string): void {
    const now = this.nowSeconds();
    // most reads find nothing to expire: only then is the write lock taken
    if (!this.store.hasExpired(account, container, now)) return;
    const gone = this.store.db.tx(() => this.store.deleteExpired(account, container, now));
    for (const o of gone) {
      void this.files.remove(o.file);
      this.publish('object.deleted', `${o.account}/${o.container}/${o.name}`, { expired: true });
    }
  }

  /** X-Delete-At / X-Delete-After of a PUT or POST, checked as Swift checks them: the epoch second, or undefined. */
  private deleteAt(headers: Headers): string | undefined {
    const after = headerValue(headers, 'x-delete-after');
    const at = headerValue(headers, 'x-delete-at');
    const now = this.nowSeconds();
    if (after !== undefined) {
      if (!/^-?\d+$/.test(after.trim())) throw F.badRequest('Non-integer X-Delete-After');
      const n = Number(after);
      if (n <= 0) throw F.badRequest('X-Delete-After in past');
      return String(now + n);
    }
    if (at !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(at.trim())) throw F.badRequest('Non-integer X-Delete-At');
      const n = Math.floor(Number(at));
      if (n <= now) throw F.badRequest('X-Delete-At in past');
      return String(n);
    }
    return undefined;
  }

  private withDeleteAt(metadata: Metadata, headers: Headers): Metadata {
    const at = this.deleteAt(headers);
    return at === undefined ? metadata : { ...metadata, 'x-delete-at': at };
  }

  /** Opens an object's data for a GET (the row and an fd on its file, taken together). */
  open(account: string, container: string, name: string): OpenedObject {
    const object = this.object(account, container, name);
    try {
      return { object, fd: openSync(this.files.path(object.file), 'r') };
    } catch (e) {
      // a row whose file is gone (a lab restored without it): Swift's object server answers 404
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw F.notFound();
      throw e;
    }
  }

  /** PUT object: streams the body to disk, checks size and ETag, then records the row. */
  async putObject(account: string, container: string, name: string, input: PutObjectInput): Promise<ObjectRecord> {
    this.checkObjectName(name);
    if (input.contentLength !== undefined && input.contentLength > LIMITS.max_file_size) throw F.tooLarge();
    if (!this.store.container(account, container)) throw F.notFound();
    this.checkQuota(account, container, input.contentLength ?? 0);
    const metadata = this.withDeleteAt(applyMetadata('object', {}, input.headers, true), input.headers);
    const expected = headerValue(input.headers, 'etag')?.replace(/^"(.*)"$/, '$1').toLowerCase();
    const body = input.body ?? Readable.from([]);
    let written;
    try {
      written = await this.files.write(account, body, LIMITS.max_file_size, (bytes, etag) => {
        if (input.contentLength !== undefined && bytes < input.contentLength) throw F.clientDisconnect();
        if (expected && expected !== etag) throw F.unprocessable();
      });
    } catch (e) {
      if (e instanceof RangeError) throw F.tooLarge();
      if (e instanceof F.SwiftFault) throw e;
      throw F.clientDisconnect();
    }
    const record: ObjectRecord = {
      account,
      container,
      name,
      bytes: written.bytes,
      etag: written.etag,
      content_type: contentTypeOf(input.headers, name),
      timestamp: this.timestamp(),
      metadata,
      file: written.file,
    };
    return this.commitObject(record);
  }

  /**
   * Swift's account_quotas and container_quotas: X-Account-Meta-Quota-Bytes, X-Container-Meta-Quota-Bytes
   * and -Quota-Count refuse an upload (413, "Upload exceeds quota.") that would take the account or the
   * container past them; `bytes` is the upload's declared size.
   */
  private checkQuota(account: string, container: string, bytes: number): void {
    // account_quotas: X-Account-Meta-Quota-Bytes, set by the reseller admin
    const accountQuota = this.store.account(account)?.metadata['x-account-meta-quota-bytes'];
    if (accountQuota !== undefined && bytes > 0 && Number(accountQuota) < this.store.accountUsage(account).bytes + bytes) throw new F.SwiftFault(413, 'Upload exceeds quota.');
    const c = this.store.container(account, container);
    if (!c) return;
    const quotaBytes = c.metadata['x-container-meta-quota-bytes'];
    const quotaCount = c.metadata['x-container-meta-quota-count'];
    if (quotaBytes === undefined && quotaCount === undefined) return;
    const usage = this.store.containerUsage(account, container);
    const over = (quotaBytes !== undefined && bytes > 0 && Number(quotaBytes) < usage.bytes + bytes) || (quotaCount !== undefined && Number(quotaCount) < usage.objects + 1);
    if (over) throw new F.SwiftFault(413, 'Upload exceeds quota.');
  }

  /** Records a new version of an object, then drops the previous version's bytes. */
  private async commitObject(record: ObjectRecord): Promise<ObjectRecord> {
    let previous: ObjectRecord | undefined;
    try {
      this.store.db.tx(() => {
        // the container may have gone while the bytes streamed in
        if (!this.store.container(record.account, record.container)) throw F.notFound();
        previous = this.store.object(record.account, record.container, record.name);
        this.store.putObject(record);
      });
    } catch (e) {
      await this.files.remove(record.file);
      throw e;
    }
    if (previous) await this.files.remove(previous.file);
    this.publish('object.created', `${record.account}/${record.container}/${record.name}`, { bytes: record.bytes });
    return record;
  }

  /** POST object: replaces its metadata (and Content-Type when given). */
  updateObject(account: string, container: string, name: string, headers: Headers): ObjectRecord {
    const o = this.object(account, container, name);
    // a POST replaces the metadata: X-Delete-At stays only when sent again
    const metadata = this.withDeleteAt(applyMetadata('object', {}, headers, true), headers);
    const type = headerValue(headers, 'content-type');
    const next: ObjectRecord = { ...o, metadata, content_type: type || o.content_type, timestamp: this.timestamp() };
    this.store.db.tx(() => this.store.putObject(next));
    this.publish('object.updated', `${account}/${container}/${name}`);
    return next;
  }

  async deleteObject(account: string, container: string, name: string): Promise<void> {
    const o = this.store.db.tx(() => {
      const found = this.store.object(account, container, name);
      if (!found) throw F.notFound();
      this.store.deleteObject(account, container, name);
      return found;
    });
    await this.files.remove(o.file);
    this.publish('object.deleted', `${account}/${container}/${name}`);
  }

  /**
   * COPY, or PUT with X-Copy-From: a new object with the source's bytes and ETag, its metadata
   * merged with the request's (only the request's with X-Fresh-Metadata: true).
   */
  async copyObject(src: { account: string; container: string; name: string }, dst: { account: string; container: string; name: string }, headers: Headers): Promise<{ source: ObjectRecord; copy: ObjectRecord }> {
    this.checkObjectName(dst.name);
    const source = this.object(src.account, src.container, src.name);
    if (!this.store.container(dst.account, dst.container)) throw F.notFound();
    this.checkQuota(dst.account, dst.container, source.bytes);
    const fresh = (headerValue(headers, 'x-fresh-metadata') ?? '').toLowerCase() === 'true';
    const requested = applyMetadata('object', {}, headers, true);
    // the copy does not inherit the source's expiry; the request may give it one
    const { 'x-delete-at': _expiry, ...inherited } = source.metadata;
    const metadata: Metadata = this.withDeleteAt(fresh ? requested : { ...inherited, ...requested }, headers);
    const type = headerValue(headers, 'content-type');
    const file = await this.files.copy(dst.account, source.file);
    const copy = await this.commitObject({
      ...dst,
      bytes: source.bytes,
      etag: source.etag,
      content_type: type || source.content_type,
      timestamp: this.timestamp(),
      metadata,
      file,
    });
    return { source, copy };
  }
}


/** The proxy's default Content-Type: the client's, else guessed from the name, else octet-stream. */
const TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  zip: 'application/zip',
  iso: 'application/x-iso9660-image',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  sh: 'application/x-sh',
  py: 'text/x-python',
};

function contentTypeOf(headers: Headers, name: string): string {
  const given = headerValue(headers, 'content-type');
  if (given) return given;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}
