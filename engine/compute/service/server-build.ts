import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../core/errors';
import { uuid } from '../../core/ids';
import type { GuestSpec } from '../../guest/types';
import type { ImageRecord } from '../../image/types';
import { resourcesFromFlavor } from '../scheduler/scheduler';
import type { RequestSpec } from '../scheduler/types';
import type { PlannedVolume, RequestedNetwork, ServerRow } from '../store/server-store';
import { type FlavorRecord, POWER_STATE, type ServerFault, type VmState } from '../types';
import type { ComputeDeps } from '.';
import type { LogContext } from './server-log';
import { generatePassword, instanceNotFound, type ServerCaller, type ServerKit, statusOf } from './servers';

/** What POST /servers asks for, parsed by the API (names as Nova's create() takes them). */
export interface CreateServerInput {
  name: string;
  flavorRef: string;
  /** '' or absent with block devices (refused for now). */
  imageRef?: string;
  networks?: RequestedNetwork[] | 'auto' | 'none';
  securityGroups?: string[];
  keyName?: string;
  /** base64, as given. */
  userData?: string;
  metadata?: Record<string, string>;
  availabilityZone?: string;
  minCount?: number;
  maxCount?: number;
  groupId?: string;
  description?: string | null;
  tags?: string[];
  hostname?: string;
  accessIPv4?: string;
  accessIPv6?: string;
  configDrive?: boolean;
  adminPass?: string;
  blockDeviceMappings?: unknown[];
}

export interface CreateResult {
  servers: ServerRow[];
  adminPass: string;
  reservationId: string;
}

/** Delays of the build path (ms) when the lab is not instant. */
/** How often nova-compute looks at a volume it is waiting for, and how many times (block_device_allocate_retries). */
const VOLUME_POLL_MS = 250;
const VOLUME_POLL_TRIES = 240;

export const DELAYS = { scheduling: 300, networking: 500, spawning: 1500, power: 800, reboot: 1200, rebuild: 1500, resize: 1500, delete: 400 } as const;

const MAX_RETRIES_PREFIX = 'Exceeded maximum number of retries.';
const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';
const SITE = '/usr/lib/python3.9/site-packages';

/** The instance's hostname from its display name, as Nova sanitizes it. */
export function sanitizeHostname(name: string, fallback: string): string {
  let h = name.toLowerCase().replace(/[ _]/g, '-').replace(/[^\w.-]+/g, '');
  h = h.replace(/^[.-]+|[.-]+$/g, '').slice(0, 63).replace(/[.-]+$/g, '');
  return h || fallback;
}

const lastSegment = (ref: string): string => ref.replace(/\/+$/, '').split('/').pop() ?? ref;

/**
 * The build path as a small persisted state machine: create validates and inserts in one step
 * (quota counted there), then scheduling → networking → spawning run after short delays (or at
 * once in an instant lab); a build that does not fit on its host is rescheduled to an alternate
 * and ends in ERROR with Nova's fault when none is left.
 */
export class ServerBuilder {
  constructor(private readonly kit: ServerKit) {}

  private get deps() {
    return this.kit.deps;
  }
  private get nova() {
    return this.kit.nova;
  }

  // ---- create ------------------------------------------------------------------------------

  create(caller: ServerCaller, input: CreateServerInput): CreateResult {
    const { deps, nova } = this;
    const flavorId = lastSegment(input.flavorRef);
    const flavor = nova.flavors.find(flavorId);
    if (!flavor) throw new ServiceError('BadRequest', `Flavor ${flavorId} could not be found.`);
    if (flavor.disabled) throw new ServiceError('BadRequest', `Flavor ${flavorId} could not be found.`);
    const { rootVolume, planned } = this.blockDevices(caller, input);
    const bootsFromNewVolume = planned.some((p) => p.bootIndex === 0);
    let bootImage: ImageRecord | undefined;
    if (bootsFromNewVolume && planned.find((p) => p.bootIndex === 0)!.source === 'image') bootImage = this.usableImage(caller, planned.find((p) => p.bootIndex === 0)!.uuid!, { ...flavor, disk: 0 });
    if (!rootVolume && !bootsFromNewVolume && !input.imageRef) throw new ServiceError('BadRequest', 'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.');
    const image: Pick<ImageRecord, 'id' | 'name'> = rootVolume
      ? { id: '', name: rootVolume.image_name ?? `volume ${rootVolume.id}` }
      : bootsFromNewVolume
        ? { id: '', name: bootImage?.name ?? 'a new volume' }
        : this.usableImage(caller, lastSegment(input.imageRef!), flavor);

    if (input.keyName !== undefined && !nova.keypairs.find(caller.userId, input.keyName))
      throw new ServiceError('BadRequest', `Keypair ${input.keyName} not found for user ${caller.userId}`);
    const minCount = input.minCount ?? 1;
    const maxCount = Math.max(input.maxCount ?? minCount, minCount);
    const netCaller = { projectId: caller.projectId, isAdmin: caller.isAdmin };
    const networks = this.kit.ports.resolve(netCaller, input.networks, maxCount);
    const groupIds = this.kit.ports.securityGroupIds(caller.projectId, input.securityGroups?.length ? input.securityGroups : ['default']);
    const { zone, forcedHost } = this.zoneOf(input.availabilityZone);
    let group = undefined as ReturnType<typeof nova.serverGroups.find>;
    if (input.groupId) {
      group = nova.serverGroups.find(input.groupId);
      if (!group || (!caller.isAdmin && group.project_id !== caller.projectId)) throw new ServiceError('BadRequest', `Instance group ${input.groupId} could not be found.`);
    }

    const reservationId = 'r-' + randomBytes(6).toString('base64').replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 8).padEnd(8, 'x');
    const adminPass = input.adminPass ?? generatePassword();
    const rows = deps.db.tx(() => {
      // the quota is counted and the rows are written in one synchronous step: concurrent creates cannot both pass
      const count = this.countWithinQuota(caller, flavor, minCount, maxCount);
      const out: ServerRow[] = [];
      for (let i = 0; i < count; i++) {
        const id = uuid();
        const name = count > 1 ? `${input.name}-${i + 1}` : input.name;
        const now = this.kit.now();
        const row: ServerRow = {
          id,
          name,
          project_id: caller.projectId,
          user_id: caller.userId,
          vm_state: 'building',
          task_state: 'scheduling',
          power_state: POWER_STATE.NOSTATE,
          flavor,
          image_id: image.id,
          key_name: input.keyName ?? null,
          user_data: input.userData ?? null,
          metadata: { ...(input.metadata ?? {}) },
          tags: [...new Set(input.tags ?? [])],
          host: null,
          node: null,
          availability_zone: zone,
          port_ids: [],
          created_port_ids: [],
          security_groups: groupIds,
          server_group_id: group?.id ?? null,
          config_drive: input.configDrive ? 'True' : '',
          access_ipv4: input.accessIPv4 ?? '',
          access_ipv6: input.accessIPv6 ?? '',
          description: input.description ?? null,
          locked: false,
          locked_reason: null,
          hostname: input.hostname && count === 1 ? input.hostname : sanitizeHostname(name, `Server-${id}`),
          launch_index: i,
          reservation_id: reservationId,
          progress: 0,
          fault: null,
          created_at: now,
          updated_at: now,
          launched_at: null,
          terminated_at: null,
          deleted: false,
          internal_id: this.kit.store.nextInternalId(),
          build: {
            networks,
            zone,
            forcedHost,
            triedHosts: [],
            securityGroupIds: groupIds,
            requestId: caller.requestId,
            callerIsAdmin: caller.isAdmin,
            attempt: 0,
            ...(planned.length ? { plannedVolumes: planned.map((p) => ({ ...p })) } : {}),
          },
          old_flavor: null,
          migration_id: null,
          deleted_at: null,
          provider: null,
        };
        this.kit.store.servers.insert(row);
        // the root volume is reserved and attached as /dev/vda in the same transaction (Cinder's 400 when it is not available)
        if (rootVolume) nova.serverVolumes.attach(caller, id, { volumeId: rootVolume.id, root: true, deleteOnTermination: rootVolume.deleteOnTermination });
        this.kit.actions.start(id, 'create', caller.requestId, caller.projectId, caller.userId);
        if (group) this.nova.serverGroups.addMember(group.id, id);
        out.push(row);
      }
      return out;
    });
    for (const r of rows) {
      this.kit.publish(r, 'created');
      this.kit.log.write('nova-api', 'INFO', 'nova.api.openstack.compute.servers', this.ctx(r), `Creating server ${r.name} with flavor ${flavor.name} and image ${image.name ?? image.id}`, r.id);
    }
    for (const r of rows) this.kit.later(DELAYS.scheduling, () => this.step(r.id, () => this.schedule(r.id)));
    return { servers: rows.map((r) => this.kit.row(r.id) ?? r), adminPass, reservationId };
  }

  /**
   * The server's block device mappings (block_device_mapping_v2), checked as Nova's API does: an
   * existing volume (source and destination volume) is reserved and attached at create, as
   * /dev/vda when its boot_index is 0; a mapping from an image, a volume snapshot or blank with
   * destination volume is planned — nova-compute has Cinder create that volume at build
   * (`openstack server create --boot-from-volume 1 --image cirros`). Local disks other than the
   * image's own (swap, ephemeral) are not served here.
   */
  private blockDevices(caller: ServerCaller, input: CreateServerInput): { rootVolume?: NonNullable<ReturnType<NonNullable<ComputeDeps['volumes']>['get']>> & { deleteOnTermination: boolean }; planned: PlannedVolume[] } {
    const bdms = input.blockDeviceMappings;
    if (!bdms || !bdms.length) return { planned: [] };
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
    const invalid = (why: string) => new ServiceError('BadRequest', `Block Device Mapping is Invalid: ${why}`);
    const ctx = { projectId: caller.projectId, userId: caller.userId, isAdmin: caller.isAdmin };
    const flag = (v: unknown) => v === true || v === 'true' || v === 'True' || v === '1';
    let rootVolume: ReturnType<ServerBuilder['blockDevices']>['rootVolume'];
    const planned: PlannedVolume[] = [];
    let roots = 0;
    for (const b of bdms) {
      if (!isObj(b)) throw invalid(`${JSON.stringify(b)} is not a mapping.`);
      const bootIndex = b.boot_index === undefined || b.boot_index === null || b.boot_index === 'none' ? null : Number(b.boot_index);
      if (bootIndex !== null && !Number.isInteger(bootIndex)) throw invalid(`Boot index ${String(b.boot_index)} is invalid.`);
      const boot = bootIndex === 0 ? 0 : bootIndex !== null && bootIndex > 0 ? bootIndex : null;
      if (boot === 0) roots++;
      const source = b.source_type;
      const destination = b.destination_type ?? (source === 'volume' || source === 'snapshot' ? 'volume' : 'local');
      if (destination === 'local') {
        if (source === 'image' && boot === 0) continue; // the image's own root disk
        throw invalid('only volumes (destination_type volume) are available in this lab, not local swap or ephemeral disks.');
      }
      if (destination !== 'volume') throw invalid(`Invalid destination_type ${String(destination)}.`);
      if ((input.maxCount ?? 1) > 1 || (input.minCount ?? 1) > 1) throw new ServiceError('BadRequest', 'Cannot attach one or more volumes to multiple instances');
      const deleteOnTermination = flag(b.delete_on_termination);
      let size: number | null = null;
      if (b.volume_size !== undefined && b.volume_size !== null && b.volume_size !== '') {
        size = Number(b.volume_size);
        if (!Number.isInteger(size) || size < 0) throw invalid(`Volume size ${String(b.volume_size)} is invalid.`);
      }
      if (source === 'volume') {
        if (typeof b.uuid !== 'string') throw invalid('A volume mapping needs the volume uuid.');
        if (boot !== 0) throw invalid('only an existing volume as the root disk (boot_index 0) is available at create in this lab; attach others with `openstack server add volume`.');
        const v = this.deps.volumes?.get(ctx, b.uuid);
        if (!v) throw invalid(`failed to get volume ${b.uuid}.`);
        if (!v.bootable) throw new ServiceError('BadRequest', `Block Device ${b.uuid} is not bootable.`);
        rootVolume = { ...v, deleteOnTermination };
      } else if (source === 'image') {
        if (typeof b.uuid !== 'string') throw invalid('An image mapping needs the image uuid.');
        if (!size) throw invalid("Images with destination_type 'volume' need to have a non-zero size specified");
        const image = this.deps.images.find(b.uuid);
        if (!image || !this.deps.images.usableBy(image, caller.projectId, caller.isAdmin)) throw new ServiceError('BadRequest', `Image ${b.uuid} could not be found.`);
        planned.push({ source: 'image', uuid: image.id, size, bootIndex: boot, deleteOnTermination });
      } else if (source === 'snapshot') {
        if (typeof b.uuid !== 'string') throw invalid('A snapshot mapping needs the snapshot uuid.');
        const snap = this.deps.volumes?.snapshot(ctx, b.uuid);
        if (!snap) throw invalid(`failed to get snapshot ${b.uuid}.`);
        planned.push({ source: 'snapshot', uuid: snap.id, size: size || null, bootIndex: boot, deleteOnTermination });
      } else if (source === 'blank') {
        if (!size) throw invalid('Blank volumes need a non-zero volume_size.');
        if (boot === 0) throw invalid('Boot sequence for the instance and image/block device mapping combination is not valid.');
        planned.push({ source: 'blank', uuid: null, size, bootIndex: boot, deleteOnTermination });
      } else throw invalid(`Invalid source_type ${String(source)}.`);
    }
    if (roots > 1) throw invalid('Boot sequence for the instance and image/block device mapping combination is not valid.');
    if ((planned.length || rootVolume) && !this.deps.volumes) throw new ServiceError('BadRequest', 'Block storage (Cinder) is not available in this lab.');
    return { rootVolume, planned };
  }

  /** An image the caller may boot, active, and fitting the flavor (Nova's 400s). */
  usableImage(caller: Pick<ServerCaller, 'projectId' | 'isAdmin'>, imageId: string, flavor: FlavorRecord): ImageRecord {
    const image = this.deps.images.find(imageId);
    if (!image || !this.deps.images.usableBy(image, caller.projectId, caller.isAdmin)) throw new ServiceError('BadRequest', `Image ${imageId} could not be found.`);
    if (image.status !== 'active') throw new ServiceError('BadRequest', `Image ${imageId} is not active.`);
    if (image.min_ram > flavor.ram) throw new ServiceError('BadRequest', "Flavor's memory is too small for requested image.");
    if (flavor.disk > 0) {
      const gib = 1024 ** 3;
      const size = image.virtual_size ?? image.size ?? 0;
      if (size > flavor.disk * gib)
        throw new ServiceError('BadRequest', `Flavor's disk is too small for requested image. Flavor disk is ${flavor.disk * gib} bytes, image is ${size} bytes.`);
      if (image.min_disk > flavor.disk)
        throw new ServiceError('BadRequest', `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${flavor.disk * gib} bytes, minimum size is ${image.min_disk * gib} bytes.`);
    }
    return image;
  }

  /** How many servers the quota allows between min and max (Nova builds as many as fit, at least min). */
  private countWithinQuota(caller: ServerCaller, flavor: FlavorRecord, min: number, max: number): number {
    for (let n = max; n > min; n--) {
      try {
        this.nova.quotas.check(caller.projectId, caller.userId, { instances: n, cores: n * flavor.vcpus, ram: n * flavor.ram });
        return n;
      } catch {
        // fewer may fit
      }
    }
    this.nova.quotas.check(caller.projectId, caller.userId, { instances: min, cores: min * flavor.vcpus, ram: min * flavor.ram });
    return min;
  }

  /** `az`, `az:host`, `:host` → the zone and the forced host; an unknown zone is a 400. */
  private zoneOf(asked: string | undefined): { zone: string | null; forcedHost: string | null } {
    if (!asked) return { zone: null, forcedHost: null };
    const [z, host] = asked.split(':', 2);
    const zone = z || null;
    if (zone) {
      const zones = new Set(this.deps.hypervisors.hosts().map((h) => this.nova.aggregates.zoneOf(h.hostname)));
      if (!zones.has(zone)) throw new ServiceError('BadRequest', 'The requested availability zone is not available');
    }
    return { zone, forcedHost: host || null };
  }

  // ---- the build steps ----------------------------------------------------------------------

  ctx(s: Pick<ServerRow, 'user_id' | 'project_id' | 'build'>, requestId?: string): LogContext {
    return { requestId: requestId ?? s.build?.requestId ?? `req-${uuid()}`, userId: s.user_id, projectId: s.project_id };
  }

  /**
   * Runs one build step; an unexpected error ends the build in ERROR (with the error as the
   * fault) instead of leaving the server in BUILD or failing the request that started it.
   */
  private step(id: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      const s = this.kit.row(id);
      const message = `Build of instance ${id} aborted: ${(e as Error).message}`;
      if (s) this.kit.log.write('nova-compute', 'ERROR', 'nova.compute.manager', this.ctx(s), message, id);
      if (s && !s.deleted && s.vm_state === 'building') this.fail(id, { code: 500, message, details: (e as Error).stack ?? message, created: this.kit.now() });
    }
  }

  /** Live server still building (not deleted meanwhile). */
  private building(id: string): ServerRow | undefined {
    const s = this.kit.row(id);
    return s && !s.deleted && s.vm_state === 'building' && s.task_state !== 'deleting' && s.build ? s : undefined;
  }

  /** The scheduler picks a host (claimed in placement) and alternates for reschedules. */
  schedule(id: string): void {
    const s = this.building(id);
    if (!s || !s.build) return;
    const b = s.build;
    const ctx = this.ctx(s);
    const finish = this.kit.actions.event(b.requestId, 'conductor_schedule_and_build_instances', null);
    const group = s.server_group_id ? this.nova.serverGroups.find(s.server_group_id) : undefined;
    const groupHosts = group
      ? group.members
          .filter((m) => m !== s.id)
          .map((m) => this.kit.row(m))
          .filter((m): m is ServerRow => !!m && !m.deleted && !!m.host)
          .map((m) => m.host!)
      : [];
    const spec: RequestSpec = {
      instanceId: s.id,
      projectId: s.project_id,
      flavor: s.flavor,
      image: this.deps.images.find(s.image_id),
      zone: b.zone,
      forcedHost: b.forcedHost,
      group,
      groupHosts,
      ignoreHosts: b.triedHosts,
    };
    this.kit.syncComputeNodes();
    const result = this.kit.scheduler.schedule(spec, s.user_id, this.deps.config.schedulerMaxAttempts, (level, logger, message) =>
      this.kit.log.write('nova-scheduler', level, logger, ctx, message),
    );
    this.kit.update(id, (r) => (r.last_schedule = { at: this.kit.now(), filterResults: result.filterResults, reason: result.reason ?? null, failedHosts: b.triedHosts }));
    if (result.selections.length === 0) {
      const tb = traceback(
        [
          ['nova/conductor/manager.py', 1580, 'schedule_and_build_instances', 'host_lists = self._schedule_instances(context, request_specs[0],'],
          ['nova/conductor/manager.py', 940, '_schedule_instances', 'host_lists = self.query_client.select_destinations('],
          ['nova/scheduler/client/query.py', 41, 'select_destinations', 'return self.scheduler_rpcapi.select_destinations(context, spec_obj,'],
          ['nova/scheduler/rpcapi.py', 160, 'select_destinations', "return cctxt.call(ctxt, 'select_destinations', **msg_kwargs)"],
          ['nova/scheduler/manager.py', 246, 'select_destinations', 'raise exception.NoValidHost(reason="")'],
        ],
        `nova.exception.NoValidHost: ${NO_VALID_HOST}`,
      );
      this.kit.log.write('nova-conductor', 'ERROR', 'nova.conductor.manager', ctx, `Failed to schedule instances: nova.exception_Remote.NoValidHost_Remote: ${NO_VALID_HOST}\n${tb}`);
      this.kit.log.write('nova-conductor', 'WARNING', 'nova.scheduler.utils', ctx, `Failed to compute_task_build_instances: ${NO_VALID_HOST}\n${tb}`);
      this.kit.log.write('nova-conductor', 'WARNING', 'nova.scheduler.utils', ctx, `Setting instance to ERROR state.: nova.exception.NoValidHost: ${NO_VALID_HOST}`, s.id);
      finish({ message: NO_VALID_HOST, traceback: tb });
      this.fail(s.id, { code: 500, message: NO_VALID_HOST, details: tb, created: this.kit.now() });
      return;
    }
    finish();
    this.place(s.id, result.selections.map((x) => ({ host: x.host, providerUuid: x.providerUuid })), true);
  }

  /**
   * Puts the build on the first of `hosts` (claimed already when `claimed`), keeping the rest as
   * alternates; networking follows.
   */
  private place(id: string, hosts: { host: string; providerUuid: string }[], claimed: boolean): void {
    const s = this.building(id);
    if (!s || !s.build) return;
    const [first, ...alternates] = hosts;
    if (!claimed && !this.deps.placement.claim(s.id, first.providerUuid, resourcesFromFlavor(s.flavor), s.project_id, s.user_id)) {
      // the alternate no longer fits: try the next one
      if (alternates.length) return this.place(id, alternates, false);
      return this.exhausted(id);
    }
    const host = first.host;
    const zone = this.nova.aggregates.zoneOf(host);
    this.kit.update(id, (r) => {
      r.host = host;
      r.node = host;
      r.availability_zone = r.build?.zone ?? zone;
      r.task_state = 'networking';
      r.build!.attempt += 1;
      r.build!.alternates = alternates;
      r.provider = first.providerUuid;
    });
    this.kit.log.write('nova-compute', 'INFO', 'nova.compute.claims', this.ctx(s), `Claim successful on node ${host}`, s.id);
    this.kit.later(DELAYS.networking, () => this.step(id, () => this.network(id)));
  }

  /** Neutron ports on the host: created (or taken), bound, with the server's security groups. */
  private network(id: string): void {
    const s = this.building(id);
    if (!s || !s.build || !s.host) return;
    const b = s.build;
    const zone = s.availability_zone ?? this.nova.aggregates.zoneOf(s.host);
    try {
      const requested = b.networks === 'auto' || b.networks === 'none' ? [] : b.networks;
      const { portIds, created } = this.kit.ports.allocate(s, requested, b.securityGroupIds, s.host, zone);
      this.kit.update(id, (r) => {
        r.port_ids = portIds;
        r.created_port_ids = created;
        r.task_state = r.build?.plannedVolumes?.length ? 'block_device_mapping' : 'spawning';
      });
    } catch (e) {
      const msg = (e as Error).message;
      this.kit.log.write('nova-compute', 'ERROR', 'nova.compute.manager', this.ctx(s), `Instance failed network setup after 1 attempt(s): ${msg}`, s.id);
      this.deps.placement.release(s.id);
      this.fail(id, { code: 500, message: `Build of instance ${s.id} aborted: Failed to allocate the network(s), not rescheduling.`, details: msg, created: this.kit.now() });
      return;
    }
    if (this.kit.row(id)?.task_state === 'block_device_mapping') this.kit.later(VOLUME_POLL_MS, () => this.step(id, () => this.volumes(id)));
    else this.kit.later(DELAYS.spawning, () => this.step(id, () => this.spawn(id)));
  }

  /**
   * nova-compute's _prep_block_device: Cinder creates each planned volume, the host waits for it to
   * be available (block_device_allocate_retries), then reserves and attaches it — the boot one as
   * /dev/vda; a volume that ends in error or never gets there ends the build in ERROR.
   */
  private volumes(id: string): void {
    const s = this.building(id);
    if (!s || !s.build || !s.host || s.task_state !== 'block_device_mapping') return;
    const cinder = this.deps.volumes!;
    const ctx = { projectId: s.project_id, userId: s.user_id, isAdmin: s.build.callerIsAdmin };
    const caller = { ...ctx, requestId: s.build.requestId } as ServerCaller;
    const planned = (s.build.plannedVolumes ?? []).map((p) => ({ ...p }));
    try {
      for (const p of planned) {
        if (p.volumeId) continue;
        p.volumeId = cinder.create(ctx, { size: p.size, ...(p.source === 'image' ? { imageId: p.uuid! } : p.source === 'snapshot' ? { snapshotId: p.uuid! } : {}) });
        const at = p.bootIndex === 0 ? '/dev/vda' : 'the next free device';
        const what = p.source === 'image' ? `volume-backed-image ${p.uuid}` : p.source === 'snapshot' ? `volume from snapshot ${p.uuid}` : 'blank volume';
        this.kit.log.write('nova-compute', 'INFO', 'nova.virt.block_device', this.ctx(s), `Booting with ${what} at ${at}`, s.id);
      }
    } catch (e) {
      this.kit.update(id, (r) => (r.build!.plannedVolumes = planned));
      return this.failVolumes(id, `Build of instance ${id} aborted: ${(e as Error).message}`);
    }
    for (const p of planned) p.checks = (p.checks ?? 0) + 1;
    this.kit.update(id, (r) => (r.build!.plannedVolumes = planned));
    const attached = new Set((s.volumes ?? []).map((b) => b.volume_id));
    // a volume already attached to this server (a build rescheduled after the attach) is ready
    const states = planned.map((p) => ({ p, status: attached.has(p.volumeId!) ? 'available' : (cinder.get(ctx, p.volumeId!)?.status ?? 'deleted') }));
    const bad = states.find((x) => x.status !== 'available' && (!['creating', 'downloading'].includes(x.status) || (x.p.checks ?? 0) >= VOLUME_POLL_TRIES));
    if (bad) {
      const checks = bad.p.checks ?? 0;
      return this.failVolumes(id, `Build of instance ${id} aborted: Volume ${bad.p.volumeId} did not finish being created even after we waited ${Math.round((checks * VOLUME_POLL_MS) / 1000)} seconds or ${checks} attempts. And its status is ${bad.status}.`);
    }
    if (states.some((x) => x.status !== 'available')) {
      this.kit.later(VOLUME_POLL_MS, () => this.step(id, () => this.volumes(id)));
      return;
    }
    // the boot volume first, so it is /dev/vda and the others follow in boot order
    for (const p of [...planned].sort((a, b) => (a.bootIndex ?? 99) - (b.bootIndex ?? 99))) {
      if (attached.has(p.volumeId!)) continue;
      this.nova.serverVolumes.attach(caller, id, { volumeId: p.volumeId!, root: p.bootIndex === 0, atBuild: true, deleteOnTermination: p.deleteOnTermination });
    }
    this.kit.update(id, (r) => (r.task_state = 'spawning'));
    this.kit.later(DELAYS.spawning, () => this.step(id, () => this.spawn(id)));
  }

  /** A volume Nova made could not be had: ERROR with the build's fault (the volumes stay, as Nova leaves them). */
  private failVolumes(id: string, message: string): void {
    const s = this.kit.row(id);
    if (!s) return;
    this.kit.log.write('nova-compute', 'ERROR', 'nova.compute.manager', this.ctx(s), `Failure prepping block device: ${message}`, id);
    this.fail(id, { code: 500, message, details: message, created: this.kit.now() });
  }

  /** The hypervisor starts the guest — unless the host's memory really is not there. */
  private spawn(id: string): void {
    const s = this.building(id);
    if (!s || !s.build || !s.host) return;
    const host = s.host;
    const ctx = this.ctx(s);
    const finish = this.kit.actions.event(s.build.requestId, 'compute__do_build_and_run_instance', host);
    const available = this.deps.hypervisors.availableMemoryMb(host);
    if (available < s.flavor.ram) {
      const err = `internal error: qemu unexpectedly closed the monitor: ${new Date(this.deps.clock.now()).toISOString()} qemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory`;
      const tb = traceback(
        [
          ['nova/compute/manager.py', 2743, '_build_resources', 'yield resources'],
          ['nova/compute/manager.py', 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'],
          ['nova/virt/libvirt/driver.py', 4372, 'spawn', 'self._create_guest_with_network('],
          ['nova/virt/libvirt/guest.py', 165, 'launch', 'return self._domain.createWithFlags(flags)'],
        ],
        `libvirt.libvirtError: ${err}`,
      );
      this.kit.log.write('nova-compute', 'ERROR', 'nova.compute.manager', ctx, `Instance failed to spawn: libvirt.libvirtError: ${err}\n${tb}`, s.id);
      this.kit.log.write('nova-compute', 'ERROR', 'nova.compute.manager', ctx, `Build of instance ${s.id} was re-scheduled: ${err}`, s.id);
      finish({ message: err, traceback: tb, details: `Build of instance ${s.id} was re-scheduled: ${err}` });
      this.unwind(s);
      const alternates = (s.build.alternates ?? []).filter((h) => h.host !== host);
      this.kit.update(id, (r) => {
        r.build!.triedHosts = [...new Set([...r.build!.triedHosts, host])];
        if (r.last_schedule) r.last_schedule.failedHosts = r.build!.triedHosts;
        r.host = null;
        r.node = null;
        r.provider = null;
        r.task_state = 'scheduling';
        r.port_ids = [];
        r.created_port_ids = [];
      });
      if (alternates.length === 0 || s.build.attempt >= this.deps.config.schedulerMaxAttempts) return this.exhausted(id);
      this.kit.log.write('nova-conductor', 'INFO', 'nova.conductor.manager', ctx, `Rescheduling build of instance to host ${alternates[0].host}`, s.id);
      this.kit.later(DELAYS.scheduling, () => this.step(id, () => this.place(id, alternates, false)));
      return;
    }
    this.deps.hypervisors.spawn(host, s.id, s.flavor.ram);
    const current = this.kit.row(id)!;
    this.deps.guests.boot(this.guestSpec(current));
    this.kit.ports.activate(current.port_ids);
    const took = s.build.attempt >= 1 ? ((Date.parse(this.kit.now()) - Date.parse(s.created_at)) / 1000).toFixed(2) : '0.00';
    this.kit.update(id, (r) => {
      r.vm_state = 'active';
      r.task_state = null;
      r.power_state = POWER_STATE.RUNNING;
      r.launched_at = this.kit.now();
      r.progress = 0;
      r.build = null;
    });
    this.kit.log.write('nova-compute', 'INFO', 'nova.compute.manager', ctx, `Took ${took} seconds to build instance.`, s.id);
    finish();
  }

  /** No alternate left: ERROR with MaxRetriesExceeded. */
  private exhausted(id: string): void {
    const s = this.kit.row(id);
    if (!s) return;
    const message = `${MAX_RETRIES_PREFIX} Exhausted all hosts available for retrying build failures for instance ${id}.`;
    const tb = traceback([['nova/conductor/manager.py', 705, 'build_instances', 'raise exception.MaxRetriesExceeded(reason=msg)']], `nova.exception.MaxRetriesExceeded: ${message}`);
    const ctx = this.ctx(s);
    this.kit.log.write('nova-conductor', 'ERROR', 'nova.conductor.manager', ctx, `Failed to schedule instances: nova.exception.MaxRetriesExceeded: ${message}\n${tb}`);
    this.kit.log.write('nova-conductor', 'WARNING', 'nova.scheduler.utils', ctx, `Failed to compute_task_build_instances: ${message}\n${tb}`);
    this.kit.log.write('nova-conductor', 'WARNING', 'nova.scheduler.utils', ctx, `Setting instance to ERROR state.: nova.exception.MaxRetriesExceeded: ${message}`, id);
    this.fail(id, { code: 500, message, details: tb, created: this.kit.now() });
  }

  /** ERROR with a fault; the build's claim and ports are gone. */
  private fail(id: string, fault: ServerFault): void {
    const s = this.kit.row(id);
    if (!s) return;
    // whatever already started on the host stops (a build that broke after the spawn)
    if (s.host) this.deps.hypervisors.destroy(s.host, s.id);
    this.deps.guests.destroy(s.id);
    this.unwind(s);
    this.kit.update(id, (r) => {
      r.vm_state = 'error';
      r.task_state = null;
      r.power_state = POWER_STATE.NOSTATE;
      r.fault = fault;
      r.port_ids = [];
      r.created_port_ids = [];
      if (fault.message.startsWith('No valid host')) {
        r.host = null;
        r.node = null;
      }
      r.build = null;
    });
  }

  /** Releases what a build on its host took: the placement claim and the ports Nova made. */
  private unwind(s: ServerRow): void {
    this.deps.placement.release(s.id);
    try {
      this.kit.ports.release(s.project_id, s.port_ids, s.created_port_ids);
    } catch {
      // a port already gone is fine
    }
  }

  /** The guest's boot spec from the server and its ports. */
  guestSpec(s: ServerRow): GuestSpec {
    const rootVolume = (s.volumes ?? []).find((b) => b.boot_index === 0);
    const fromVolume = rootVolume ? this.deps.volumes?.get({ projectId: s.project_id, userId: s.user_id, isAdmin: true }, rootVolume.volume_id) : undefined;
    // booted from a volume: the disk is the volume's, its bytes those of the image it was made from
    const image = this.deps.images.find(fromVolume?.image_id ?? s.image_id);
    const kp = s.key_name ? this.nova.keypairs.find(s.user_id, s.key_name) : undefined;
    return {
      serverId: s.id,
      hostname: s.hostname,
      imageName: image?.name ?? fromVolume?.image_name ?? s.image_id,
      inspection: image?.inspection,
      ramMb: s.flavor.ram,
      vcpus: s.flavor.vcpus,
      diskGb: rootVolume ? rootVolume.size : s.flavor.disk,
      nics: this.kit.ports.nics(s),
      ...(kp ? { publicKey: kp.public_key, keyName: kp.name } : {}),
      ...(s.user_data ? { userData: s.user_data } : {}),
      name: s.name,
      flavorName: s.flavor.name,
      projectId: s.project_id,
      availabilityZone: s.availability_zone ?? this.deps.config.defaultAvailabilityZone,
      ec2Id: `i-${s.internal_id.toString(16).padStart(8, '0')}`,
      volumes: (s.volumes ?? []).filter((b) => b.boot_index !== 0).map((b) => ({ dev: b.device.replace('/dev/', ''), sizeGb: b.size })),
    };
  }

  // ---- delete ------------------------------------------------------------------------------

  delete(caller: ServerCaller, id: string, force = false): void {
    const s = this.kit.row(id);
    if (!s || s.deleted || (!caller.isAdmin && s.project_id !== caller.projectId)) throw instanceNotFound(id);
    this.checkNotLocked(caller, s);
    void force;
    this.kit.actions.start(id, 'delete', caller.requestId, caller.projectId, caller.userId);
    this.kit.update(id, (r) => (r.task_state = 'deleting'));
    this.kit.later(DELAYS.delete, () => this.terminate(id, caller.requestId));
  }

  /** The compute host tears the instance down; the row stays, soft-deleted. */
  private terminate(id: string, requestId: string): void {
    const s = this.kit.row(id);
    if (!s || s.deleted) return;
    const finish = this.kit.actions.event(requestId, 'compute_terminate_instance', s.host);
    if (s.host) this.deps.hypervisors.destroy(s.host, s.id);
    this.deps.guests.destroy(s.id);
    // the volumes go back to Cinder (their attachments deleted): available again
    this.nova.serverVolumes.detachAll(s);
    this.unwind(s);
    if (s.migration_id) this.deps.placement.release(s.migration_id);
    this.nova.serverGroups.removeMember(s.id);
    this.kit.log.write('nova-compute', 'INFO', 'nova.compute.manager', this.ctx(s, requestId), 'Terminating instance', s.id);
    const now = this.kit.now();
    this.kit.update(
      id,
      (r) => {
        r.vm_state = 'deleted';
        r.task_state = null;
        r.power_state = POWER_STATE.NOSTATE;
        r.deleted = true;
        r.deleted_at = now;
        r.terminated_at = now;
        r.build = null;
      },
      'deleted',
    );
    finish();
  }

  /** Locked servers refuse changes from non-admins (409 InstanceIsLocked). */
  checkNotLocked(caller: Pick<ServerCaller, 'isAdmin'>, s: ServerRow): void {
    if (s.locked && !caller.isAdmin) throw new ServiceError('Conflict', `Instance ${s.id} is locked`);
  }

  // ---- after a restart ----------------------------------------------------------------------

  /** Builds and deletions interrupted by an engine stop carry on; other transitions settle. */
  recover(): void {
    for (const s of this.kit.store.live()) {
      if (s.vm_state === 'building' && s.build) {
        this.unwind(s);
        this.kit.update(s.id, (r) => {
          r.host = null;
          r.node = null;
          r.port_ids = [];
          r.created_port_ids = [];
          r.task_state = 'scheduling';
        });
        this.kit.later(DELAYS.scheduling, () => this.step(s.id, () => this.schedule(s.id)));
      } else if (s.task_state === 'deleting') {
        this.kit.later(0, () => this.terminate(s.id, `req-${uuid()}`));
      } else if (s.task_state) {
        // a power or resize transition the engine stopped in the middle of: it finished
        const settled: Record<string, VmState> = { 'powering-off': 'stopped', 'powering-on': 'active', pausing: 'paused', unpausing: 'active', suspending: 'suspended', resuming: 'active' };
        this.kit.update(s.id, (r) => {
          if (settled[r.task_state!]) r.vm_state = settled[r.task_state!];
          r.task_state = null;
        });
      }
    }
  }

  statusOf = statusOf;
}

/** A Python traceback's text, with frames in Nova's installed paths. */
export function traceback(frames: [string, number, string, string][], last: string): string {
  return ['Traceback (most recent call last):', ...frames.flatMap(([file, line, fn, code]) => [`  File "${SITE}/${file}", line ${line}, in ${fn}`, `    ${code}`]), last].join('\n');
}
