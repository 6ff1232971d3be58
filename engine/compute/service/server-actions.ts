import { ServiceError } from '../../core/errors';
import { resourcesFromFlavor } from '../scheduler/scheduler';
import type { ServerRow } from '../store/server-store';
import { POWER_STATE, type VmState } from '../types';
import { DELAYS, type ServerBuilder } from './server-build';
import { instanceNotFound, type ServerCaller, type ServerKit } from './servers';
import { uuid } from '../../core/ids';

/** Which states an action accepts (nova/compute/api.py's check_instance_state). */
interface StateCheck {
  vm: VmState[] | null;
  /** Allowed task states; [null] = none running (the default). */
  task?: (string | null)[] | null;
  mustHaveLaunched?: boolean;
}

const NONE: (string | null)[] = [null];
const REBOOT_TASKS: (string | null)[] = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard', 'suspending', 'pausing', 'unpausing', 'resuming', 'powering-off', 'powering-on'];

/**
 * Server actions (POST /servers/{id}/action): each checks the state as Nova does (409 "Cannot
 * '<action>' instance <id> while it is in vm_state <state>"), sets its task state, records an
 * instance action, and finishes on the host after a short delay (at once in an instant lab).
 */
export class ServerActions {
  constructor(
    private readonly kit: ServerKit,
    private readonly builder: ServerBuilder,
  ) {}

  private get deps() {
    return this.kit.deps;
  }

  /** The server, visible to the caller and not locked against it, in a state the action accepts. */
  private prepare(caller: ServerCaller, id: string, apiName: string, check: StateCheck, lockCheck = true): ServerRow {
    const s = this.kit.row(id);
    if (!s || s.deleted || (!caller.isAdmin && s.project_id !== caller.projectId)) throw instanceNotFound(id);
    if (lockCheck) this.builder.checkNotLocked(caller, s);
    const conflict = (attr: string, state: string | null) => new ServiceError('Conflict', `Cannot '${apiName}' instance ${id} while it is in ${attr} ${state === null ? 'None' : state}`);
    if (check.vm && !check.vm.includes(s.vm_state)) throw conflict('vm_state', s.vm_state);
    const task = check.task === undefined ? NONE : check.task;
    if (task && !task.includes(s.task_state)) throw conflict('task_state', s.task_state);
    if (check.mustHaveLaunched !== false && !s.launched_at) throw conflict('launched_at', null);
    return s;
  }

  /** Starts the action: task state now, record it, finish after `ms` on the host. */
  private run(caller: ServerCaller, s: ServerRow, action: string, event: string, taskState: string | null, ms: number, done: (r: ServerRow) => void): void {
    this.kit.actions.start(s.id, action, caller.requestId, caller.projectId, caller.userId);
    if (taskState !== null) this.kit.update(s.id, (r) => (r.task_state = taskState));
    const finish = this.kit.actions.event(caller.requestId, event, s.host);
    this.kit.later(ms, () => {
      const r = this.kit.row(s.id);
      if (!r || r.deleted) return;
      done(r);
      finish();
    });
  }

  private settle(id: string, change: (r: ServerRow) => void): void {
    this.kit.update(id, (r) => {
      change(r);
      r.task_state = null;
    });
  }

  reboot(caller: ServerCaller, id: string, type: 'SOFT' | 'HARD'): void {
    const hard = type === 'HARD';
    const s = this.prepare(caller, id, 'reboot', hard ? { vm: ['active', 'stopped', 'paused', 'suspended', 'error'], task: REBOOT_TASKS } : { vm: ['active'], task: NONE });
    this.run(caller, s, 'reboot', 'compute_reboot_instance', hard ? 'rebooting_hard' : 'rebooting', DELAYS.reboot, (r) => {
      const wasOff = r.power_state !== POWER_STATE.RUNNING;
      if (wasOff && r.host) this.deps.hypervisors.spawn(r.host, r.id, r.flavor.ram);
      // the guest asks DHCP again as it boots: it sees the ports as they are now
      if (wasOff) this.deps.guests.powerOn(r.id, this.kit.ports.nics(r));
      else this.deps.guests.reboot(r.id, hard, this.kit.ports.nics(r));
      this.settle(r.id, (x) => {
        x.vm_state = 'active';
        x.power_state = POWER_STATE.RUNNING;
      });
    });
  }

  stop(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'stop', { vm: ['active', 'error'] });
    this.run(caller, s, 'stop', 'compute_stop_instance', 'powering-off', DELAYS.power, (r) => {
      this.deps.guests.powerOff(r.id);
      if (r.host) this.deps.hypervisors.destroy(r.host, r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'stopped';
        x.power_state = POWER_STATE.SHUTDOWN;
      });
    });
  }

  start(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'start', { vm: ['stopped'] });
    this.run(caller, s, 'start', 'compute_start_instance', 'powering-on', DELAYS.power, (r) => {
      if (r.host) this.deps.hypervisors.spawn(r.host, r.id, r.flavor.ram);
      this.deps.guests.powerOn(r.id, this.kit.ports.nics(r));
      this.settle(r.id, (x) => {
        x.vm_state = 'active';
        x.power_state = POWER_STATE.RUNNING;
      });
    });
  }

  pause(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'pause', { vm: ['active'] });
    this.run(caller, s, 'pause', 'compute_pause_instance', 'pausing', DELAYS.power / 2, (r) => {
      this.deps.guests.pause(r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'paused';
        x.power_state = POWER_STATE.PAUSED;
      });
    });
  }

  unpause(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'unpause', { vm: ['paused'] });
    this.run(caller, s, 'unpause', 'compute_unpause_instance', 'unpausing', DELAYS.power / 2, (r) => {
      this.deps.guests.unpause(r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'active';
        x.power_state = POWER_STATE.RUNNING;
      });
    });
  }

  suspend(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'suspend', { vm: ['active'] });
    this.run(caller, s, 'suspend', 'compute_suspend_instance', 'suspending', DELAYS.power, (r) => {
      this.deps.guests.powerOff(r.id);
      if (r.host) this.deps.hypervisors.destroy(r.host, r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'suspended';
        x.power_state = POWER_STATE.SHUTDOWN;
      });
    });
  }

  resume(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'resume', { vm: ['suspended'] });
    this.run(caller, s, 'resume', 'compute_resume_instance', 'resuming', DELAYS.power, (r) => {
      if (r.host) this.deps.hypervisors.spawn(r.host, r.id, r.flavor.ram);
      this.deps.guests.powerOn(r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'active';
        x.power_state = POWER_STATE.RUNNING;
      });
    });
  }

  /** Rebuild with an image (the same or another): the guest boots anew from it. Returns the new adminPass. */
  rebuild(caller: ServerCaller, id: string, input: { imageRef: string; name?: string; adminPass?: string; metadata?: Record<string, string>; description?: string | null; keyName?: string | null; userData?: string | null; hostname?: string }): ServerRow {
    const s = this.prepare(caller, id, 'rebuild', { vm: ['active', 'stopped', 'error'] });
    const imageId = input.imageRef.replace(/\/+$/, '').split('/').pop() ?? input.imageRef;
    const image = this.builder.usableImage(caller, imageId, s.flavor);
    if (input.keyName) {
      if (!this.kit.nova.keypairs.find(caller.userId, input.keyName)) throw new ServiceError('BadRequest', `Keypair ${input.keyName} not found for user ${caller.userId}`);
    }
    const wasStopped = s.vm_state === 'stopped';
    this.kit.actions.start(s.id, 'rebuild', caller.requestId, caller.projectId, caller.userId);
    const updated = this.kit.update(id, (r) => {
      r.task_state = 'rebuilding';
      r.image_id = image.id;
      if (input.name !== undefined) r.name = input.name;
      if (input.metadata !== undefined) r.metadata = { ...input.metadata };
      if (input.description !== undefined) r.description = input.description;
      if (input.keyName !== undefined) r.key_name = input.keyName;
      if (input.userData !== undefined) r.user_data = input.userData;
      if (input.hostname !== undefined) r.hostname = input.hostname;
      r.fault = null;
    })!;
    const finish = this.kit.actions.event(caller.requestId, 'compute_rebuild_instance', s.host);
    this.kit.later(DELAYS.rebuild, () => {
      const r = this.kit.row(id);
      if (!r || r.deleted) return;
      this.deps.guests.destroy(r.id);
      if (r.host && r.power_state === POWER_STATE.RUNNING) this.deps.hypervisors.destroy(r.host, r.id);
      if (r.host) this.deps.hypervisors.spawn(r.host, r.id, r.flavor.ram);
      this.deps.guests.boot(this.builder.guestSpec(r));
      if (wasStopped) {
        this.deps.guests.powerOff(r.id);
        if (r.host) this.deps.hypervisors.destroy(r.host, r.id);
      }
      this.settle(id, (x) => {
        x.vm_state = wasStopped ? 'stopped' : 'active';
        x.power_state = wasStopped ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING;
        x.launched_at = this.kit.now();
      });
      finish();
    });
    return updated;
  }

  /**
   * Resize to another flavor on the same host (the lab's allow_resize_to_same_host): the new
   * flavor is claimed in placement while the old one stays held by the migration until confirm.
   */
  resize(caller: ServerCaller, id: string, flavorRef: string): void {
    const s = this.prepare(caller, id, 'resize', { vm: ['active', 'stopped'] });
    const flavorId = flavorRef.replace(/\/+$/, '').split('/').pop() ?? flavorRef;
    const flavor = this.kit.nova.flavors.find(flavorId);
    if (!flavor) throw new ServiceError('BadRequest', `Flavor ${flavorId} could not be found.`);
    if (flavor.id === s.flavor.id) throw new ServiceError('BadRequest', 'When resizing, instances must change flavor!');
    if (flavor.disk < s.flavor.disk && flavor.disk !== 0) throw new ServiceError('BadRequest', 'Resize error: Unable to resize disk down.');
    const dv = flavor.vcpus - s.flavor.vcpus;
    const dr = flavor.ram - s.flavor.ram;
    if (dv > 0 || dr > 0) this.kit.nova.quotas.check(s.project_id, s.user_id, { instances: 0, cores: Math.max(0, dv), ram: Math.max(0, dr) });
    if (!s.host) throw new ServiceError('Conflict', `Cannot 'resize' instance ${id} while it is in vm_state ${s.vm_state}`);
    const wasStopped = s.vm_state === 'stopped';
    // placement: the old flavor moves to the migration, the new one is claimed for the instance
    const provider = this.providerOf(s);
    const migrationId = uuid();
    if (!provider) throw new ServiceError('Conflict', `No valid host was found. No provider for host ${s.host}`);
    // Nova moves the instance's allocation to the migration, then claims the new flavor for the
    // instance: during VERIFY_RESIZE the host holds both
    const pl = this.deps.placement;
    const restore = () => {
      pl.release(migrationId);
      pl.replaceAllocations(s.id, { [provider]: resourcesFromFlavor(s.flavor) }, s.project_id, s.user_id);
    };
    pl.release(s.id);
    if (!pl.replaceAllocations(migrationId, { [provider]: resourcesFromFlavor(s.flavor) }, s.project_id, s.user_id) || !pl.replaceAllocations(s.id, { [provider]: resourcesFromFlavor(flavor) }, s.project_id, s.user_id)) {
      restore();
      throw new ServiceError('BadRequest', 'No valid host was found. No valid host found for resize');
    }
    this.kit.update(id, (r) => {
      r.old_flavor = r.flavor;
      r.migration_id = migrationId;
    });
    this.run(caller, s, 'resize', 'compute_resize_instance', 'resize_prep', DELAYS.resize, (r) => {
      if (r.host && r.power_state === POWER_STATE.RUNNING) this.deps.hypervisors.destroy(r.host, r.id);
      this.deps.guests.destroy(r.id);
      this.kit.update(id, (x) => (x.flavor = flavor));
      const cur = this.kit.row(id)!;
      if (cur.host) this.deps.hypervisors.spawn(cur.host, cur.id, flavor.ram);
      this.deps.guests.boot(this.builder.guestSpec(cur));
      if (wasStopped) {
        this.deps.guests.powerOff(cur.id);
        if (cur.host) this.deps.hypervisors.destroy(cur.host, cur.id);
      }
      this.settle(id, (x) => {
        x.vm_state = 'resized';
        x.power_state = wasStopped ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING;
      });
    });
  }

  private providerOf(s: ServerRow): string | undefined {
    return s.provider ?? undefined;
  }

  confirmResize(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'confirmResize', { vm: ['resized'] });
    this.kit.actions.start(s.id, 'confirmResize', caller.requestId, caller.projectId, caller.userId);
    const finish = this.kit.actions.event(caller.requestId, 'compute_confirm_resize', s.host);
    if (s.migration_id) this.deps.placement.release(s.migration_id);
    this.settle(id, (x) => {
      x.vm_state = x.power_state === POWER_STATE.RUNNING ? 'active' : 'stopped';
      x.old_flavor = null;
      x.migration_id = null;
    });
    finish();
  }

  revertResize(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'revertResize', { vm: ['resized'] });
    const old = s.old_flavor;
    if (!old) throw new ServiceError('Conflict', `Cannot 'revertResize' instance ${id} while it is in vm_state ${s.vm_state}`);
    const provider = this.providerOf(s);
    this.run(caller, s, 'revertResize', 'compute_revert_resize', 'resize_reverting', DELAYS.resize, (r) => {
      const running = r.power_state === POWER_STATE.RUNNING;
      if (r.host && running) this.deps.hypervisors.destroy(r.host, r.id);
      this.deps.guests.destroy(r.id);
      // the migration's allocation (the old flavor) goes back to the instance
      if (r.migration_id) this.deps.placement.release(r.migration_id);
      if (provider) this.deps.placement.replaceAllocations(r.id, { [provider]: resourcesFromFlavor(old) }, r.project_id, r.user_id);
      this.kit.update(id, (x) => {
        x.flavor = old;
        x.old_flavor = null;
        x.migration_id = null;
      });
      const cur = this.kit.row(id)!;
      if (cur.host && running) this.deps.hypervisors.spawn(cur.host, cur.id, old.ram);
      this.deps.guests.boot(this.builder.guestSpec(cur));
      if (!running) this.deps.guests.powerOff(cur.id);
      this.settle(id, (x) => (x.vm_state = running ? 'active' : 'stopped'));
    });
  }

  lock(caller: ServerCaller, id: string, reason: string | null): void {
    const s = this.prepare(caller, id, 'lock', { vm: null, task: null, mustHaveLaunched: false }, false);
    this.kit.actions.start(s.id, 'lock', caller.requestId, caller.projectId, caller.userId);
    this.kit.update(id, (r) => {
      r.locked = true;
      r.locked_reason = reason;
    });
  }

  unlock(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'unlock', { vm: null, task: null, mustHaveLaunched: false }, false);
    this.kit.actions.start(s.id, 'unlock', caller.requestId, caller.projectId, caller.userId);
    this.kit.update(id, (r) => {
      r.locked = false;
      r.locked_reason = null;
    });
  }

  /** os-getConsoleOutput: the serial log (its last `length` lines when given). */
  consoleOutput(caller: ServerCaller, id: string, length?: number): string {
    const s = this.kit.row(id);
    if (!s || s.deleted || (!caller.isAdmin && s.project_id !== caller.projectId)) throw instanceNotFound(id);
    if (!s.host || s.vm_state === 'building') throw new ServiceError('Conflict', `Instance ${id} has not been scheduled yet or is building.`);
    const log = this.deps.guests.consoleLog(id, length);
    if (log === undefined) throw new ServiceError('Conflict', 'Guest does not have a console available.');
    return log;
  }

  /**
   * shelve: the guest powers off and, with shelved_offload_time = 0 (the default), the instance
   * leaves its host at once: SHELVED_OFFLOADED, no claim in placement, no memory used.
   */
  shelve(caller: ServerCaller, id: string): void {
    const s = this.prepare(caller, id, 'shelve', { vm: ['active', 'stopped', 'paused', 'suspended'] });
    this.run(caller, s, 'shelve', 'compute_shelve_offload_instance', 'shelving', DELAYS.power, (r) => {
      this.deps.guests.powerOff(r.id);
      if (r.host) this.deps.hypervisors.destroy(r.host, r.id);
      this.deps.placement.release(r.id);
      this.settle(r.id, (x) => {
        x.vm_state = 'shelved_offloaded';
        x.power_state = POWER_STATE.SHUTDOWN;
        x.host = null;
        x.node = null;
        x.provider = null;
      });
    });
  }

  /** unshelve: scheduled anew (claimed, ports rebound), spawned and booted; NoValidHost leaves it shelved. */
  unshelve(caller: ServerCaller, id: string, zone?: string | null): void {
    const s = this.prepare(caller, id, 'unshelve', { vm: ['shelved', 'shelved_offloaded'] });
    this.run(caller, s, 'unshelve', 'compute_unshelve_instance', 'unshelving', DELAYS.spawning, (r) => {
      this.kit.syncComputeNodes();
      const ctx = this.builder.ctx(r, caller.requestId);
      const result = this.kit.scheduler.schedule(
        { instanceId: r.id, projectId: r.project_id, flavor: r.flavor, image: this.deps.images.find(r.image_id), zone: zone ?? null, forcedHost: null, group: undefined, groupHosts: [], ignoreHosts: [] },
        r.user_id,
        1,
        (level, logger, message) => this.kit.log.write('nova-scheduler', level, logger, ctx, message),
      );
      const chosen = result.selections[0];
      if (!chosen || this.deps.hypervisors.availableMemoryMb(chosen.host) < r.flavor.ram) {
        if (chosen) this.deps.placement.release(r.id);
        this.settle(r.id, (x) => (x.fault = { code: 500, message: 'No valid host was found. There are not enough hosts available.', created: this.kit.now() }));
        return;
      }
      this.kit.ports.rebind(r.port_ids, chosen.host);
      this.deps.hypervisors.spawn(chosen.host, r.id, r.flavor.ram);
      this.kit.update(r.id, (x) => {
        x.host = chosen.host;
        x.node = chosen.nodename;
        x.provider = chosen.providerUuid;
      });
      this.deps.guests.boot(this.builder.guestSpec(this.kit.row(r.id)!));
      this.kit.ports.activate(r.port_ids);
      this.settle(r.id, (x) => {
        x.vm_state = 'active';
        x.power_state = POWER_STATE.RUNNING;
      });
    });
  }
}
