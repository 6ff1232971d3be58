import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyInvalid, requiredAttributeMissing, trunkNotFound } from '../../faults';
import type { Trunk } from '../../types';
import { authorize, callerOf, type NetworkApiDeps } from '../http';
import { registerResource } from '../resource';

const id = (req: FastifyRequest) => (req.params as { id: string }).id;

/** trunk: trunks and their subport actions (add_subports, remove_subports, get_subports). */
export function registerTrunkRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const t = deps.network.trunks;
  registerResource<Trunk>(app, deps, {
    collection: 'trunks', member: 'trunk', required: ['port_id'],
    createAttrs: { name: 'string', description: 'string', admin_state_up: 'bool', port_id: 'string', sub_ports: 'any', tenant_id: 'string', project_id: 'string' },
    updateAttrs: { name: 'string', description: 'string', admin_state_up: 'bool' },
    list: (c) => t.list(c),
    notFound: (x) => trunkNotFound(x),
    get: (c, x) => t.get(c, x),
    create: (c, b) => t.create(c, b),
    update: (c, x, b) => t.update(c, x, b),
    delete: (c, x) => t.delete(c, x),
  });

  // member actions answer the trunk itself, not wrapped in {"trunk": …}
  for (const action of ['add_subports', 'remove_subports'] as const) {
    app.put(`/v2.0/trunks/:id/${action}`, async (req) => {
      const caller = callerOf(deps, req);
      const trunk = t.get(caller, id(req));
      authorize(deps, req, action, { ...trunk });
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) throw bodyInvalid();
      if (body.sub_ports === undefined) throw requiredAttributeMissing('sub_ports');
      return action === 'add_subports' ? t.addSubports(caller, trunk.id, body.sub_ports) : t.removeSubports(caller, trunk.id, body.sub_ports);
    });
  }
  app.get('/v2.0/trunks/:id/get_subports', async (req) => {
    const caller = callerOf(deps, req);
    const trunk = t.get(caller, id(req));
    authorize(deps, req, 'get_subports', { ...trunk });
    return t.getSubports(caller, trunk.id);
  });
}
