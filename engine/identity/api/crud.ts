import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, baseUrl, bodyOf, type IdentityApiDeps, param, query, type Query } from './http';
import { collection, withLinks } from './views';

type Entity = Record<string, unknown>;

/**
 * The five routes most Keystone resources share (list, create, show, update, delete), each
 * checking `identity:<verb>_<resource>` with the entity (or the list filters) as target.
 * Resource-specific behaviour comes in through the callbacks; handlers stay thin.
 */
export interface CrudSpec<T extends Entity> {
  /** URL segment under /v3, e.g. `projects`. */
  path: string;
  /** Body and response key, e.g. `project`; the collection key is `path`. */
  key: string;
  /** Policy noun, e.g. `project` → identity:get_project, identity:list_projects. */
  policy: string;
  /** Policy noun for list when not `${policy}s`. */
  listPolicy?: string;
  schemas: { create: Record<string, unknown>; update: Record<string, unknown> };
  list(q: Query, req: FastifyRequest): T[];
  /** Policy target for list (e.g. {domain_id}); defaults to none. */
  listTarget?(q: Query, req: FastifyRequest): Entity;
  get(id: string): T;
  create(body: Entity, req: FastifyRequest): T | Promise<T>;
  update(id: string, body: Entity): T | Promise<T>;
  delete(id: string): void;
  /** Shapes an entity for the wire (links are added here). */
  view?(e: T): Entity;
  /** Policy target for create (defaults to {[key]: body}). */
  createTarget?(body: Entity, req: FastifyRequest): Entity;
}

export function registerCrud<T extends Entity>(app: FastifyInstance, deps: IdentityApiDeps, spec: CrudSpec<T>): void {
  const view = (req: FastifyRequest, e: T) => withLinks(baseUrl(req), spec.path, spec.view ? spec.view(e) : e);
  const base = `/v3/${spec.path}`;
  const item = `${base}/:id`;

  app.get(base, async (req) => {
    const q = query(req);
    authorize(deps, req, `identity:${spec.listPolicy ?? `list_${spec.policy}s`}`, spec.listTarget?.(q, req) ?? {});
    const items = spec.list(q, req).map((e) => (spec.view ? spec.view(e) : e));
    return collection(baseUrl(req), spec.path, spec.path, items);
  });

  app.post(base, { schema: { body: spec.schemas.create } }, async (req, reply) => {
    const body = bodyOf(req, spec.key);
    authorize(deps, req, `identity:create_${spec.policy}`, spec.createTarget?.(body, req) ?? { [spec.key]: body });
    const created = await spec.create(body, req);
    reply.code(201);
    return { [spec.key]: view(req, created) };
  });

  app.get(item, async (req) => {
    const e = spec.get(param(req, 'id'));
    authorize(deps, req, `identity:get_${spec.policy}`, { [spec.key]: e });
    return { [spec.key]: view(req, e) };
  });

  app.patch(item, { schema: { body: spec.schemas.update } }, async (req) => {
    const e = spec.get(param(req, 'id'));
    authorize(deps, req, `identity:update_${spec.policy}`, { [spec.key]: e });
    const updated = await spec.update(e.id as string, bodyOf(req, spec.key));
    return { [spec.key]: view(req, updated) };
  });

  app.delete(item, async (req, reply) => {
    const e = spec.get(param(req, 'id'));
    authorize(deps, req, `identity:delete_${spec.policy}`, { [spec.key]: e });
    spec.delete(e.id as string);
    reply.code(204);
  });
}

/** Keystone's boolean query values. */
export function boolParam(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return !['0', 'false', 'no', 'off', 'f', 'n'].includes(v.toLowerCase());
}
