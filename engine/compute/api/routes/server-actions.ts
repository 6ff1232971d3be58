import type { FastifyInstance } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { authorize, type ComputeApiDeps } from '../http';
import { atLeast } from '../microversion';
import { serverDetail } from '../views/server';
import { serverCaller, serverFor } from './servers';

const bad = (msg: string): ServiceError => new ServiceError('BadRequest', msg);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The action names this lab answers, with the policy each checks. */
const POLICIES: Record<string, string> = {
  reboot: 'os_compute_api:servers:reboot',
  'os-stop': 'os_compute_api:servers:stop',
  'os-start': 'os_compute_api:servers:start',
  pause: 'os_compute_api:os-pause-server:pause',
  unpause: 'os_compute_api:os-pause-server:unpause',
  suspend: 'os_compute_api:os-suspend-server:suspend',
  resume: 'os_compute_api:os-suspend-server:resume',
  rebuild: 'os_compute_api:servers:rebuild',
  resize: 'os_compute_api:servers:resize',
  confirmResize: 'os_compute_api:servers:confirm_resize',
  revertResize: 'os_compute_api:servers:revert_resize',
  lock: 'os_compute_api:os-lock-server:lock',
  unlock: 'os_compute_api:os-lock-server:unlock',
  'os-getConsoleOutput': 'os_compute_api:os-console-output',
  addFloatingIp: 'os_compute_api:os-floating-ips:add',
  removeFloatingIp: 'os_compute_api:os-floating-ips:remove',
  forceDelete: 'os_compute_api:os-deferred-delete:force',
  shelve: 'os_compute_api:os-shelve:shelve',
  unshelve: 'os_compute_api:os-shelve:unshelve',
};

/** POST /servers/{id}/action: one action per body, as Nova's wsgi dispatches them. */
export function registerServerActionsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;

  app.post('/v2.1/servers/:id/action', async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = req.body;
    if (!isObject(body) || Object.keys(body).length !== 1) throw bad('There is either no action or more than one action in the request body.');
    const [name] = Object.keys(body);
    const arg = body[name];
    const policy = POLICIES[name];
    if (!policy) throw bad(`There is no such action: ${name}`);
    const s = serverFor(deps, req, id);
    const target = { project_id: s.project_id, user_id: s.user_id };
    authorize(deps, req, policy, target);
    const caller = serverCaller(deps, req, reply);
    const act = nova.servers.action;
    const accepted = () => reply.code(202).send();

    switch (name) {
      case 'reboot': {
        if (!isObject(arg)) throw bad("Invalid input for field/attribute reboot. Value: None. None is not of type 'object'");
        const type = typeof arg.type === 'string' ? arg.type.toUpperCase() : arg.type;
        if (type !== 'SOFT' && type !== 'HARD') throw bad(`Invalid input for field/attribute type. Value: ${String(arg.type)}. '${String(arg.type)}' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']`);
        act.reboot(caller, id, type);
        return accepted();
      }
      case 'os-stop':
        act.stop(caller, id);
        return accepted();
      case 'os-start':
        act.start(caller, id);
        return accepted();
      case 'pause':
        act.pause(caller, id);
        return accepted();
      case 'unpause':
        act.unpause(caller, id);
        return accepted();
      case 'suspend':
        act.suspend(caller, id);
        return accepted();
      case 'resume':
        act.resume(caller, id);
        return accepted();
      case 'rebuild': {
        if (!isObject(arg)) throw bad("Invalid input for field/attribute rebuild. Value: None. None is not of type 'object'");
        if (typeof arg.imageRef !== 'string') throw bad("'imageRef' is a required property");
        const known = ['imageRef', 'name', 'adminPass', 'metadata', 'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6', 'personality', 'preserve_ephemeral', ...(atLeast(req, '2.19') ? ['description'] : []), ...(atLeast(req, '2.54') ? ['key_name'] : []), ...(atLeast(req, '2.57') ? ['user_data'] : []), ...(atLeast(req, '2.63') ? ['trusted_image_certificates'] : []), ...(atLeast(req, '2.90') ? ['hostname'] : [])];
        for (const k of Object.keys(arg)) if (!known.includes(k)) throw bad(`Additional properties are not allowed ('${k}' was unexpected)`);
        const adminPass = typeof arg.adminPass === 'string' ? arg.adminPass : undefined;
        const updated = act.rebuild(caller, id, {
          imageRef: arg.imageRef,
          ...(typeof arg.name === 'string' ? { name: arg.name } : {}),
          ...(isObject(arg.metadata) ? { metadata: arg.metadata as Record<string, string> } : {}),
          ...(arg.description !== undefined ? { description: arg.description as string | null } : {}),
          ...(arg.key_name !== undefined ? { keyName: arg.key_name as string | null } : {}),
          ...(arg.user_data !== undefined ? { userData: arg.user_data as string | null } : {}),
          ...(typeof arg.hostname === 'string' ? { hostname: arg.hostname } : {}),
        });
        const view = serverDetail(deps, req, updated, atLeast(req, '2.75') ? { withUserData: false } : { withUserData: false, partial: { keyName: atLeast(req, '2.54'), serverGroups: atLeast(req, '2.71') } });
        if (atLeast(req, '2.57')) view.user_data = updated.user_data;
        view.adminPass = adminPass ?? nova.servers.newPassword();
        return reply.code(202).send({ server: view });
      }
      case 'resize': {
        if (!isObject(arg) || arg.flavorRef === undefined) throw bad("'flavorRef' is a required property");
        act.resize(caller, id, String(arg.flavorRef));
        return accepted();
      }
      case 'confirmResize':
        act.confirmResize(caller, id);
        return reply.code(204).send();
      case 'revertResize':
        act.revertResize(caller, id);
        return accepted();
      case 'lock': {
        let reason: string | null = null;
        // before 2.73 Nova does not validate the lock body: a reason there is ignored
        if (isObject(arg) && arg.locked_reason !== undefined && atLeast(req, '2.73')) {
          if (typeof arg.locked_reason !== 'string' || arg.locked_reason.length > 255) throw bad(`Invalid input for field/attribute locked_reason. Value: ${String(arg.locked_reason)}.`);
          reason = arg.locked_reason;
        }
        act.lock(caller, id, reason);
        return accepted();
      }
      case 'unlock': {
        if (s.locked && !caller.isAdmin) authorize(deps, req, 'os_compute_api:os-lock-server:unlock:unlock_override', target);
        act.unlock(caller, id);
        return accepted();
      }
      case 'os-getConsoleOutput': {
        let length: number | undefined;
        if (isObject(arg) && arg.length !== undefined && arg.length !== null) {
          const n = typeof arg.length === 'string' && /^-?\d+$/.test(arg.length) ? Number(arg.length) : arg.length;
          if (typeof n !== 'number' || !Number.isInteger(n) || n < -1) throw bad(`Invalid input for field/attribute length. Value: ${String(arg.length)}.`);
          if (n >= 0) length = n;
        }
        return { output: act.consoleOutput(caller, id, length) };
      }
      case 'addFloatingIp':
      case 'removeFloatingIp': {
        if (atLeast(req, '2.44')) throw new ServiceError('NotFound', 'The resource could not be found.');
        if (!isObject(arg) || typeof arg.address !== 'string') throw bad("'address' is a required property");
        nova.servers.floatingIp(caller, id, arg.address, name === 'addFloatingIp', typeof arg.fixed_address === 'string' ? arg.fixed_address : undefined);
        return accepted();
      }
      case 'shelve':
        act.shelve(caller, id);
        return accepted();
      case 'unshelve': {
        // 2.77 takes an availability zone; the rest of the body is not read
        const zone = atLeast(req, '2.77') && isObject(arg) && typeof arg.availability_zone === 'string' ? arg.availability_zone : null;
        act.unshelve(caller, id, zone);
        return accepted();
      }
      case 'forceDelete':
        nova.servers.builder.delete(caller, id, true);
        return accepted();
    }
    throw bad(`There is no such action: ${name}`);
  });
}
