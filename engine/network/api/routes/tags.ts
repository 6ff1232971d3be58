import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fault } from '../../service/core';
import type { Stamped } from '../../types';
import { authorize, callerOf, type NetworkApiDeps } from '../http';

const TAGGABLE: Record<string, string> = {
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
  routers: 'router',
  floatingips: 'floatingip',
  'security-groups': 'security_group',
};

/** The standard-attr-tag extension: /v2.0/<collection>/<id>/tags[/<tag>] on every taggable resource. */
export function registerTagRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const n = deps.network;
  const store = n.core.store;
  const tables = {
    networks: store.networks,
    subnets: store.subnets,
    ports: store.ports,
    routers: store.routers,
    floatingips: store.floatingIps,
    'security-groups': store.securityGroups,
  } as const;
  type Coll = keyof typeof tables;

  const resource = (req: FastifyRequest) => {
    const { coll, id } = req.params as { coll: string; id: string };
    if (!(coll in TAGGABLE)) throw fault('NotFound', 'HTTPNotFound', 'The resource could not be found.');
    const table = tables[coll as Coll] as unknown as { get(id: string): (Stamped & { id: string; project_id: string }) | undefined; put(doc: unknown): void };
    const doc = table.get(id);
    const caller = callerOf(deps, req);
    if (!doc || (!caller.isAdmin && doc.project_id !== caller.projectId)) throw fault('NotFound', 'NotFound', `${TAGGABLE[coll]} ${id} could not be found.`);
    return { coll: coll as Coll, doc, table, member: TAGGABLE[coll] };
  };
  const checkTag = (tag: string) => {
    if (!tag || tag.length > 255 || tag.includes(',') || tag.includes('/')) throw fault('BadRequest', 'InvalidInput', `Invalid input for operation: '${tag}' is not a valid tag.`);
  };
  const save = (r: ReturnType<typeof resource>, tags: string[]) =>
    n.core.write(`${r.member}.tags_updated`, () => r.table.put(n.core.touch({ ...r.doc, tags: [...new Set(tags)].sort() })), () => r.doc.id);

  app.get('/v2.0/:coll/:id/tags', async (req) => ({ tags: resource(req).doc.tags }));
  app.put('/v2.0/:coll/:id/tags', async (req) => {
    const r = resource(req);
    authorize(deps, req, `update_${r.member}`, { ...r.doc });
    const tags = (req.body as { tags?: unknown } | undefined)?.tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw fault('BadRequest', 'HTTPBadRequest', 'Invalid tags body');
    (tags as string[]).forEach(checkTag);
    save(r, tags as string[]);
    return { tags: [...new Set(tags as string[])].sort() };
  });
  app.delete('/v2.0/:coll/:id/tags', async (req, reply) => {
    const r = resource(req);
    authorize(deps, req, `update_${r.member}`, { ...r.doc });
    save(r, []);
    reply.code(204);
  });
  app.get('/v2.0/:coll/:id/tags/:tag', async (req, reply) => {
    const r = resource(req);
    const tag = (req.params as { tag: string }).tag;
    if (!r.doc.tags.includes(tag)) throw fault('NotFound', 'TagNotFound', `Tag ${tag} could not be found for ${r.member} ${r.doc.id}.`);
    reply.code(204);
  });
  app.put('/v2.0/:coll/:id/tags/:tag', async (req, reply) => {
    const r = resource(req);
    authorize(deps, req, `update_${r.member}`, { ...r.doc });
    const tag = (req.params as { tag: string }).tag;
    checkTag(tag);
    save(r, [...r.doc.tags, tag]);
    reply.code(201);
  });
  app.delete('/v2.0/:coll/:id/tags/:tag', async (req, reply) => {
    const r = resource(req);
    authorize(deps, req, `update_${r.member}`, { ...r.doc });
    const tag = (req.params as { tag: string }).tag;
    if (!r.doc.tags.includes(tag)) throw fault('NotFound', 'TagNotFound', `Tag ${tag} could not be found for ${r.member} ${r.doc.id}.`);
    save(r, r.doc.tags.filter((t) => t !== tag));
    reply.code(204);
  });

  // availability zones (the availability_zone extension): one zone, nova, for the network and router resources
  app.get('/v2.0/availability_zones', async () => ({
    availability_zones: [
      { name: 'nova', resource: 'network', state: 'available' },
      { name: 'nova', resource: 'router', state: 'available' },
    ],
  }));
}
