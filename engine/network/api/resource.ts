import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../service/core';
import { projectIdNotOwn } from '../faults';
import { fault } from '../service/core';
import { authorize, bodyOf, callerOf, filterList, hideAttributes, maySee, type NetworkApiDeps, queryOf, selectFields } from './http';

type Doc = Record<string, unknown>;

export type AttrKind = 'string' | 'bool' | 'int' | 'list' | 'dict' | 'any';

/**
 * One Neutron collection's routes: list (filters, fields, sorting, paging), show, create
 * (single or bulk), update, delete; each with Neutron's policy checks (attribute rules
 * included), 404 for what the caller may not see, and Neutron's attribute validation.
 */
export interface ResourceSpec<T extends object> {
  /** URL segment, e.g. `security-groups`. */
  collection: string;
  /** Body key of a list, when it differs from the URL segment (`security_groups`). */
  collectionKey?: string;
  member: string;
  /** Attributes a client may send on create, and their kinds. */
  createAttrs: Record<string, AttrKind>;
  /** Attributes a client may send on update. */
  updateAttrs: Record<string, AttrKind>;
  /** Attributes required on create. */
  required?: string[];
  /** Quota resource name counted on create. */
  quota?: string;
  list(caller: Caller): T[];
  /** The 404 Neutron gives for this resource (also when the caller may not see it). */
  notFound(id: string): Error;
  get(caller: Caller, id: string): T;
  create(caller: Caller, body: Doc): T;
  update(caller: Caller, id: string, body: Doc): T;
  delete(caller: Caller, id: string): void;
}

const BOOL_TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const BOOL_FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** Converts and checks a request body against the allowed attributes, as Neutron's attribute maps do. */
export function checkBody(body: Doc, allowed: Record<string, AttrKind>, method: 'POST' | 'PUT', required: string[] = []): Doc {
  const unknown = Object.keys(body).filter((k) => !(k in allowed));
  if (unknown.length) {
    const readOnly = unknown.filter((k) => ['id', 'status', 'created_at', 'updated_at', 'revision_number', 'subnets', 'availability_zones'].includes(k));
    if (readOnly.length) throw fault('BadRequest', 'HTTPBadRequest', `Attribute '${readOnly[0]}' not allowed in ${method}`);
    throw fault('BadRequest', 'HTTPBadRequest', `Unrecognized attribute(s) '${unknown.join(', ')}'`);
  }
  for (const r of required) if (body[r] === undefined) throw fault('BadRequest', 'HTTPBadRequest', `Failed to parse request. Required attribute '${r}' not specified`);
  const out: Doc = {};
  for (const [k, v] of Object.entries(body)) {
    const kind = allowed[k];
    const bad = (why: string) => fault('BadRequest', 'HTTPBadRequest', `Invalid input for ${k}. Reason: ${why}.`);
    switch (kind) {
      case 'bool':
        if (typeof v === 'boolean') out[k] = v;
        else if (typeof v === 'string' && BOOL_TRUE.has(v.toLowerCase())) out[k] = true;
        else if (typeof v === 'string' && BOOL_FALSE.has(v.toLowerCase())) out[k] = false;
        else throw bad(`'${String(v)}' is not a valid boolean value`);
        break;
      case 'int':
        if (v === null) out[k] = null;
        else if (typeof v === 'number' && Number.isInteger(v)) out[k] = v;
        else if (typeof v === 'string' && /^-?\d+$/.test(v)) out[k] = Number(v);
        else throw bad(`'${String(v)}' is not an integer`);
        break;
      case 'string':
        if (v !== null && typeof v !== 'string') throw bad(`'${JSON.stringify(v)}' is not a valid string`);
        if (typeof v === 'string' && v.length > 255 && k !== 'description') throw bad(`'${v.slice(0, 20)}…' exceeds maximum length of 255`);
        out[k] = v;
        break;
      case 'list':
        if (!Array.isArray(v)) throw bad(`'${JSON.stringify(v)}' is not a list`);
        out[k] = v;
        break;
      case 'dict':
        if (v !== null && (typeof v !== 'object' || Array.isArray(v))) throw bad(`'${JSON.stringify(v)}' is not a dictionary`);
        out[k] = v;
        break;
      default:
        out[k] = v;
    }
  }
  return out;
}

export function registerResource<T extends object>(app: FastifyInstance, deps: NetworkApiDeps, spec: ResourceSpec<T>): void {
  const base = `/v2.0/${spec.collection}`;
  const key = spec.collectionKey ?? spec.collection;
  const get = `get_${spec.member}`;
  const view = (req: FastifyRequest, e: T) => hideAttributes(deps, req, get, e as Doc);

  app.get(base, async (req) => {
    const caller = callerOf(deps, req);
    const items = spec.list(caller).filter((e) => maySee(deps, req, get, e as Doc)).map((e) => view(req, e));
    return { [key]: filterList(items, queryOf(req)) };
  });

  app.get(`${base}/:id`, async (req) => {
    const caller = callerOf(deps, req);
    const e = spec.get(caller, (req.params as { id: string }).id);
    if (!maySee(deps, req, get, e as Doc)) throw spec.notFound((req.params as { id: string }).id);
    return { [spec.member]: selectFields(view(req, e), queryOf(req).fields) };
  });

  app.post(base, async (req, reply) => {
    const caller = callerOf(deps, req);
    const raw = req.body as Doc | undefined;
    const bulk = raw && typeof raw === 'object' && Array.isArray(raw[key]) ? (raw[key] as Doc[]) : undefined;
    const bodies = bulk ?? [bodyOf(req, spec.member)];
    const checked = bodies.map((b) => {
      if (!b || typeof b !== 'object' || Array.isArray(b)) throw fault('BadRequest', 'HTTPBadRequest', 'Resource body required');
      const c = checkBody(b, spec.createAttrs, 'POST', spec.required);
      const project = (c.project_id ?? c.tenant_id ?? caller.projectId) as string;
      if (!caller.isAdmin && project !== caller.projectId) throw projectIdNotOwn();
      authorize(deps, req, `create_${spec.member}`, { ...c, project_id: project, tenant_id: project }, Object.keys(c));
      return c;
    });
    if (spec.quota) deps.network.quotas.check(((checked[0].project_id ?? checked[0].tenant_id ?? caller.projectId) as string) || caller.projectId, spec.quota, checked.length);
    const created = deps.network.core.store.db.tx(() => checked.map((c) => spec.create(caller, c)));
    reply.code(201);
    return bulk ? { [key]: created.map((e) => view(req, e)) } : { [spec.member]: view(req, created[0]) };
  });

  app.put(`${base}/:id`, async (req) => {
    const caller = callerOf(deps, req);
    const id = (req.params as { id: string }).id;
    const e = spec.get(caller, id);
    const c = checkBody(bodyOf(req, spec.member), spec.updateAttrs, 'PUT');
    authorize(deps, req, `update_${spec.member}`, { ...(e as Doc), ...c }, Object.keys(c));
    return { [spec.member]: view(req, spec.update(caller, id, c)) };
  });

  app.delete(`${base}/:id`, async (req, reply) => {
    const caller = callerOf(deps, req);
    const id = (req.params as { id: string }).id;
    const e = spec.get(caller, id);
    authorize(deps, req, `delete_${spec.member}`, e as Doc);
    spec.delete(caller, id);
    reply.code(204);
  });
}
