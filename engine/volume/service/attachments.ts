/**
 * Cinder's attachments: the 3.27+ attachment records (reserve → attaching → attached, deleted on
 * detach) and the legacy volume actions built on the same rows (os-reserve, os-attach, os-detach,
 * os-begin_detaching, os-initialize_connection, …). A volume's status and its `attachments` list
 * follow its attachment rows as Cinder's db api derives them; every change is one transaction.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { BadRequest, Conflict, NotFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import type { VolumeStore } from '../store/volume-store';
import type { Attachment, Volume, VolumeAttachmentRef } from '../types';

/** Who asks, as the attachment calls need it (policy is checked by the API before). */
export interface AttachmentCaller {
  projectId: string;
  userId: string;
  isAdmin: boolean;
  /**
   * The request comes from a service (Nova with its service token): it may delete an attachment
   * that a server still uses (Cinder's attachment_deletion_allowed).
   */
  service?: boolean;
}

/** The host connector os-brick reports (Nova's libvirt driver: initiator, ip, host, …). */
export type Connector = Record<string, unknown>;

/** `Invalid volume: …` (Cinder's InvalidVolume, a 400). */
export const invalidVolume = (reason: string): BadRequest => new BadRequest(`Invalid volume: ${reason}`);

/** `A or B or C` (cinder.utils.build_or_str). */
const orList = (xs: readonly string[]): string => xs.join(' or ');

/** The attach_status a volume takes from its attachments, in Cinder's order (attached > attaching > detaching > reserved). */
const ATTACH_ORDER = ['attached', 'attaching', 'detaching', 'reserved'];

/** The portal the LVM backend's iSCSI target (LIO) listens on: PackStack's host address. */
export const ISCSI_PORTAL = '10.0.2.15:3260';

/** Cinder's naive UTC timestamp with microseconds (`2026-11-22T05:22:07.000000`). */
export const cinderTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');

export interface AttachmentFilter {
  volume_id?: string;
  instance_id?: string;
  status?: string;
  attach_status?: string;
}

/** The 3.27 attachment records and the legacy attach/detach actions of one Cinder. */
export class VolumeAttachments {
  /**
   * Asks Nova which attachment a server uses for a volume (get_server_volume), set where the engine
   * wires Nova to Cinder; without it every attachment may be deleted.
   */
  novaAttachmentOf?: (serverId: string, volumeId: string) => string | undefined;

  constructor(
    private readonly store: VolumeStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  private now(): string {
    return cinderTime(this.clock.now());
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** The volume as the caller may see it (its project's, any for an admin), else Cinder's 404. */
  volume(caller: AttachmentCaller, volumeId: string): Volume {
    const v = this.store.volumes.get(volumeId);
    if (!v || (!caller.isAdmin && v.project_id !== caller.projectId)) throw new NotFound(`Volume ${volumeId} could not be found.`);
    return v;
  }

  /** One attachment the caller may see, else VolumeAttachmentNotFound. */
  get(caller: AttachmentCaller, id: string): Attachment {
    const a = this.store.attachments.get(id);
    if (!a || (!caller.isAdmin && a.project_id !== caller.projectId)) throw new NotFound(`Volume attachment could not be found with filter: attachment_id = ${id}.`);
    return a;
  }

  /** The live attachment rows of a volume (oldest first). */
  ofVolume(volumeId: string): Attachment[] {
    return this.store.attachments.where({ volume_id: volumeId });
  }

  /** GET /attachments: the project's (or, for an admin asking all_tenants, everyone's), filtered. */
  list(caller: AttachmentCaller, allTenants: boolean, filter: AttachmentFilter, projectId?: string): Attachment[] {
    let rows = caller.isAdmin && allTenants ? this.store.attachments.all() : this.store.attachments.where({ project_id: caller.projectId });
    if (caller.isAdmin && allTenants && projectId) rows = rows.filter((a) => a.project_id === projectId);
    if (filter.volume_id) rows = rows.filter((a) => a.volume_id === filter.volume_id);
    if (filter.instance_id) rows = rows.filter((a) => a.instance === filter.instance_id);
    const status = filter.attach_status ?? filter.status;
    if (status) rows = rows.filter((a) => a.status === status);
    return rows;
  }

  /** status and attach_status of a volume from its attachments (cinder.db's _get_statuses_from_attachments). */
  statusesOf(volumeId: string): { status: string; attach_status: string } {
    const states = this.ofVolume(volumeId)
      .map((a) => a.status)
      .filter((s) => !s.startsWith('error_'))
      .sort((a, b) => ATTACH_ORDER.indexOf(a) - ATTACH_ORDER.indexOf(b));
    const attach = states[0] ?? 'detached';
    return { attach_status: attach, status: attach === 'attached' ? 'in-use' : attach === 'detached' ? 'available' : attach };
  }

  // ---- 3.27 attachments ----------------------------------------------------------------------

  /**
   * attachment_create: reserves the volume for `instance` (status `reserved`), and with a connector
   * initializes the connection at once (then `attaching`, as attachment_update leaves it).
   */
  create(caller: AttachmentCaller, input: { volumeId: string; instance?: string | null; connector?: Connector | null; mode?: 'rw' | 'ro' | null }): Attachment {
    return this.store.db.tx(() => {
      const v = this.volume(caller, input.volumeId);
      if (v.status.includes('error'))
        throw invalidVolume(`Volume attachments can not be created if the volume is in an error state. The Volume ${v.id} currently has a status of: ${v.status} `);
      const allowed = v.multiattach ? ['available', 'in-use', 'downloading'] : ['available', 'downloading'];
      if (!allowed.includes(v.status)) {
        // the same server attaching again (a migration) may reserve anew
        const same = !!input.instance && ['in-use', 'reserved'].includes(v.status) && this.ofVolume(v.id).some((a) => a.instance === input.instance);
        if (!same) throw invalidVolume(`Volume ${v.id} status must be ${orList(allowed)} to reserve, but the current status is ${v.status}.`);
      }
      const now = this.now();
      const a: Attachment = {
        id: uuid(),
        project_id: v.project_id,
        volume_id: v.id,
        instance: input.instance ?? null,
        status: 'reserved',
        attach_mode: v.readonly ? 'ro' : (input.mode ?? 'null'),
        connector: null,
        connection_info: {},
        mountpoint: null,
        attached_host: null,
        attached_at: null,
        detached_at: null,
        created_at: now,
        updated_at: null,
      };
      this.store.attachments.insert(a);
      this.saveVolume(v, { status: 'reserved' });
      if (input.connector && Object.keys(input.connector).length) this.connect(v, a, input.connector);
      this.events.publish('volume.attachment.created', a.id, { volume_id: v.id, instance: a.instance, status: a.status });
      return this.store.attachments.get(a.id)!;
    });
  }

  /** attachment_update: the host's connector in, the connection info out; volume and attachment `attaching`. */
  update(caller: AttachmentCaller, id: string, connector: Connector): Attachment {
    return this.store.db.tx(() => {
      const a = this.get(caller, id);
      const v = this.volume({ ...caller, isAdmin: true }, a.volume_id);
      if (v.status.includes('error'))
        throw invalidVolume(`Volume attachments can not be updated if the volume is in an error state. The Volume ${v.id} currently has a status of: ${v.status} `);
      const others = this.ofVolume(v.id).filter((x) => x.id !== a.id && x.connection_info && Object.keys(x.connection_info).length);
      if (!v.multiattach && others.length) throw invalidVolume(`duplicate connectors detected on volume ${v.id}`);
      this.connect(v, a, connector);
      this.events.publish('volume.attachment.updated', a.id, { volume_id: v.id, instance: a.instance, status: 'attaching' });
      return this.store.attachments.get(a.id)!;
    });
  }

  /** os-complete (3.44): the attachment `attached`, the volume `in-use`. */
  complete(caller: AttachmentCaller, id: string): void {
    this.store.db.tx(() => {
      const a = this.get(caller, id);
      const v = this.volume({ ...caller, isAdmin: true }, a.volume_id);
      const now = this.now();
      a.status = 'attached';
      a.attached_at ??= now;
      a.updated_at = now;
      this.store.attachments.put(a);
      this.saveVolume(v, { status: 'in-use' });
      this.events.publish('volume.attachment.updated', a.id, { volume_id: v.id, instance: a.instance, status: a.status });
    });
  }

  /**
   * attachment_delete: the connection is terminated and the record goes; the volume takes the
   * status its remaining attachments give it. Answers the attachments left on the volume. A user's
   * call for an attachment a server still uses is refused (Bug #2004555: detach through Nova).
   */
  delete(caller: AttachmentCaller, id: string): Attachment[] {
    return this.store.db.tx(() => {
      const a = this.get(caller, id);
      const connected = !!a.connection_info && Object.keys(a.connection_info).length > 0;
      if (!caller.service && a.instance && connected && this.novaAttachmentOf?.(a.instance, a.volume_id) === a.id)
        throw new Conflict(`Detach volume from instance ${a.instance} using the Compute API`);
      return this.finishDetach(a.volume_id, a.id);
    });
  }

  // ---- legacy volume actions ------------------------------------------------------------------

  /** os-reserve: available → attaching (no attachment row yet). */
  reserve(caller: AttachmentCaller, volumeId: string): void {
    this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      const allowed = v.multiattach ? ['available', 'in-use'] : ['available'];
      if (!allowed.includes(v.status)) throw invalidVolume(`Volume status must be ${orList(allowed)} to reserve, but the status is ${v.status}.`);
      this.saveVolume(v, { status: 'attaching' });
    });
  }

  /** os-unreserve: attaching → in-use (it has attachments) or available; nothing otherwise. */
  unreserve(caller: AttachmentCaller, volumeId: string): void {
    this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      if (v.status !== 'attaching') return;
      this.saveVolume(v, { status: this.ofVolume(v.id).length ? 'in-use' : 'available' });
    });
  }

  /** os-begin_detaching: in-use and attached → detaching. */
  beginDetaching(caller: AttachmentCaller, volumeId: string): void {
    this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      const migrating = !!v.migration_status && !['success', 'error'].includes(v.migration_status);
      if (v.status !== 'in-use' || this.statusesOf(v.id).attach_status !== 'attached' || migrating)
        throw invalidVolume("Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.");
      this.saveVolume(v, { status: 'detaching' });
    });
  }

  /** os-roll_detaching: detaching → in-use; nothing otherwise. */
  rollDetaching(caller: AttachmentCaller, volumeId: string): void {
    this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      if (v.status === 'detaching') this.saveVolume(v, { status: 'in-use' });
    });
  }

  /** os-attach (the volume manager's attach_volume): the attachment recorded attached at once. */
  attach(caller: AttachmentCaller, volumeId: string, input: { instance?: string; hostName?: string; mountpoint: string; mode: 'rw' | 'ro' }): Attachment {
    return this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      const fail = (reason: string) => new BadRequest(`Error attaching volume - InvalidVolume: ${reason}`);
      if (v.status === 'maintenance') throw invalidVolume('The volume cannot be attached in maintenance mode.');
      if (v.readonly && input.mode !== 'ro') throw new BadRequest(`Error attaching volume - InvalidVolumeAttachMode: Invalid attaching mode '${input.mode}' for volume ${v.id}.`);
      const host = input.hostName ? sanitizeHostname(input.hostName) : null;
      const mine = this.ofVolume(v.id).find((a) => (input.instance ? a.instance === input.instance : a.attached_host === host));
      if (mine) {
        this.saveVolume(v, { status: 'in-use' });
        return mine;
      }
      if (v.status === 'in-use' && !v.multiattach && !v.migration_status) throw fail('volume is already attached and multiple attachments are not enabled');
      const now = this.now();
      const a: Attachment = {
        id: uuid(),
        project_id: v.project_id,
        volume_id: v.id,
        instance: input.instance ?? null,
        status: 'attached',
        attach_mode: input.mode,
        connector: null,
        connection_info: null,
        mountpoint: input.mountpoint,
        attached_host: host,
        attached_at: now,
        detached_at: null,
        created_at: now,
        updated_at: now,
      };
      this.store.attachments.insert(a);
      this.saveVolume(v, { status: 'in-use' });
      this.events.publish('volume.attachment.created', a.id, { volume_id: v.id, instance: a.instance, status: a.status });
      return a;
    });
  }

  /** os-detach / the detach half of os-force_detach: one attachment (the only one when none is named) goes. */
  detach(caller: AttachmentCaller, volumeId: string, attachmentId: string | null, verb = 'detaching'): void {
    this.store.db.tx(() => {
      const v = this.volume(caller, volumeId);
      if (v.status === 'maintenance') throw invalidVolume('The volume cannot be detached in maintenance mode.');
      if (attachmentId) {
        const a = this.store.attachments.get(attachmentId);
        if (a && a.volume_id !== v.id) throw new BadRequest('Invalid input received: Mismatched volume and attachment');
        this.finishDetach(v.id, attachmentId);
        return;
      }
      const all = this.ofVolume(v.id);
      if (all.length > 1) throw new BadRequest(`Error ${verb} volume - InvalidVolume: Invalid volume: Detach volume failed: More than one attachment, but no attachment_id provided.`);
      if (all.length === 1) this.finishDetach(v.id, all[0].id);
      else this.saveVolume(v, { status: 'available' });
    });
  }

  /** os-initialize_connection: the connection info for a connector (the legacy attach path). */
  initializeConnection(caller: AttachmentCaller, volumeId: string, connector: Connector): Record<string, unknown> {
    const v = this.volume(caller, volumeId);
    if (v.status === 'maintenance') throw invalidVolume('The volume connection cannot be initialized in maintenance mode.');
    return { driver_volume_type: 'iscsi', data: iscsiProperties(v, this.ofVolume(v.id).find((a) => a.connector?.host === connector.host)?.attach_mode ?? 'rw') };
  }

  /** os-terminate_connection: the export goes; a volume still `attaching` is unreserved. */
  terminateConnection(caller: AttachmentCaller, volumeId: string): void {
    this.volume(caller, volumeId);
    this.unreserve(caller, volumeId);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** _connection_create + volume_attached(mark_attached=False): attaching, with the host and mountpoint. */
  private connect(v: Volume, a: Attachment, connector: Connector): void {
    const mode = a.attach_mode !== 'null' ? a.attach_mode : connector.mode === 'ro' ? 'ro' : 'rw';
    const now = this.now();
    const props = iscsiProperties(v, mode);
    a.connector = { ...connector, mode };
    a.connection_info = { ...props, driver_volume_type: 'iscsi', attachment_id: a.id };
    a.status = 'attaching';
    a.attach_mode = mode;
    a.mountpoint = typeof connector.mountpoint === 'string' ? connector.mountpoint : 'na';
    a.attached_host = typeof connector.host === 'string' ? connector.host : '';
    a.attached_at = now;
    a.updated_at = now;
    this.store.attachments.put(a);
    this.saveVolume(v, { status: 'attaching' });
  }

  /** volume_detached: the attachment row goes, the volume's statuses follow what is left. */
  private finishDetach(volumeId: string, attachmentId: string): Attachment[] {
    const a = this.store.attachments.get(attachmentId);
    if (a) this.store.attachments.delete(a.id);
    const v = this.store.volumes.get(volumeId);
    if (v) {
      const { status } = this.statusesOf(volumeId);
      const busy = v.status === 'uploading' || (!!v.migration_status && !['success', 'error'].includes(v.migration_status));
      this.saveVolume(v, status === 'available' && busy ? {} : { status });
    }
    if (a) this.events.publish('volume.attachment.deleted', a.id, { volume_id: volumeId, instance: a.instance });
    return this.ofVolume(volumeId);
  }

  /** Saves the volume with its `attachments` view rebuilt from the attached rows. */
  private saveVolume(v: Volume, change: Partial<Pick<Volume, 'status'>>): void {
    if (change.status) v.status = change.status;
    v.attachments = this.ofVolume(v.id)
      .filter((a) => a.status === 'attached')
      .map(
        (a): VolumeAttachmentRef => ({
          id: v.id,
          attachment_id: a.id,
          volume_id: v.id,
          server_id: a.instance ?? '',
          host_name: a.attached_host,
          device: a.mountpoint,
          attached_at: a.attached_at,
        }),
      );
    v.updated_at = this.now();
    this.store.volumes.put(v);
    this.events.publish('volume.volume.updated', v.id, { status: v.status, attachments: v.attachments.length });
  }
}

/** The LVM backend's iSCSI target for a volume (lioadm), with CHAP credentials stable for the volume. */
function iscsiProperties(v: Volume, mode: string): Record<string, unknown> {
  const h = createHash('sha256').update(`stacklab-chap:${v.id}`).digest('base64').replace(/[^A-Za-z0-9]/g, '');
  return {
    target_discovered: false,
    target_portal: ISCSI_PORTAL,
    target_iqn: `iqn.2010-10.org.openstack:volume-${v.id}`,
    target_lun: 0,
    volume_id: v.id,
    auth_method: 'CHAP',
    auth_username: h.slice(0, 20),
    auth_password: h.slice(20, 36),
    encrypted: v.encrypted,
    qos_specs: null,
    access_mode: mode,
    cacheable: false,
  };
}

/** Cinder's volume_utils.sanitize_hostname: lower case, only [a-z0-9.-], no leading/trailing dots or dashes. */
function sanitizeHostname(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
}
