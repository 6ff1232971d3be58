import type { FastifyInstance } from 'fastify';
import { rbacPolicyNotFound } from '../../faults';
import type { RbacPolicy } from '../../types';
import type { NetworkApiDeps } from '../http';
import { registerResource } from '../resource';

/** rbac-policies: sharing networks and QoS policies with other projects. */
export function registerRbacRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const r = deps.network.rbac;
  registerResource<RbacPolicy>(app, deps, {
    collection: 'rbac-policies', collectionKey: 'rbac_policies', member: 'rbac_policy',
    required: ['object_type', 'object_id', 'target_tenant', 'action'],
    createAttrs: { object_type: 'string', object_id: 'string', target_tenant: 'string', action: 'string', tenant_id: 'string', project_id: 'string' },
    updateAttrs: { target_tenant: 'string' },
    list: (c) => r.list(c),
    notFound: (id) => rbacPolicyNotFound(id),
    get: (c, id) => r.get(c, id),
    create: (c, b) => r.create(c, b),
    update: (c, id, b) => r.update(c, id, b as { target_tenant?: string }),
    delete: (c, id) => r.delete(c, id),
  });
}
