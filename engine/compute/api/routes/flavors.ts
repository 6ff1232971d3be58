import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import { validateExtraSpec } from '../../service/flavors';
import { allowed, authorize, type ComputeApiDeps, isAdmin, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { booleanSchema, flavorNonNegative, flavorPositive, metadataSchema, nameSchema, problem, type Schema, toBool, validBody } from '../validation';
import { flavorBrief, flavorView, nextLink, sendJson } from '../views/catalog';

const SORT_KEYS = ['created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus'];
const indexQuery = (strict: boolean): Schema => ({
  type: 'object',
  properties: {
    limit: { type: 'string', pattern: '^[0-9]*$', minLength: 1 },
    marker: { type: 'string' },
    is_public: { type: 'string' },
    minRam: { type: 'string' },
    minDisk: { type: 'string' },
    sort_key: { type: 'string', enum: SORT_KEYS },
    sort_dir: { type: 'string', enum: ['asc', 'desc'] },
  },
  additionalProperties: !strict,
});

const description: Schema = { type: ['string', 'null'], minLength: 0, maxLength: 65535, pattern: '^[^\\x00-\\x1f\\x7f]*$' };
const createSchema = (withDescription: boolean): Schema => ({
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: {
        name: nameSchema,
        id: { type: ['string', 'number', 'null'], minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$' },
        ram: flavorPositive,
        vcpus: flavorPositive,
        disk: flavorNonNegative,
        'OS-FLV-EXT-DATA:ephemeral': flavorNonNegative,
        swap: flavorNonNegative,
        rxtx_factor: { type: ['number', 'string'], pattern: '^[0-9]+(\\.[0-9]+)?$', minimum: 0, exclusiveMinimum: true, maximum: 3.40282e38 },
        'os-flavor-access:is_public': booleanSchema,
        ...(withDescription ? { description } : {}),
      },
      required: ['name', 'ram', 'vcpus', 'disk'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
});
const updateSchema: Schema = {
  type: 'object',
  properties: { flavor: { type: 'object', properties: { description }, required: ['description'], additionalProperties: false } },
  required: ['flavor'],
  additionalProperties: false,
};
const specValues: Schema = {
  ...metadataSchema,
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'number'], maxLength: 255 } },
};
const tenantAction = (action: string): Schema => ({
  type: 'object',
  properties: {
    [action]: {
      type: 'object',
      properties: { tenant: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-_]*$' } },
      required: ['tenant'],
      additionalProperties: false,
    },
  },
  required: [action],
  additionalProperties: false,
});

const num = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));

/** Flavors, flavor access and extra specs (os-flavor-manage, os-flavor-access, os-extra_specs). */
export function registerFlavorsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const flavors = deps.compute.flavors;
  const caller = (req: FastifyRequest) => ({ projectId: req.ctx.projectId ?? null, isAdmin: isAdmin(deps, req) });
  // flavor bodies show extra_specs at 2.61 when the caller may read them
  const mayReadSpecs = (req: FastifyRequest) => atLeast(req, '2.61') && allowed(deps, req, 'os_compute_api:os-flavor-extra-specs:index');

  const list = (req: FastifyRequest) => {
    const q = queryOf(req);
    const bad = problem(q, indexQuery(atLeast(req, '2.75')), 'query');
    if (bad) throw new ServiceError('BadRequest', bad);
    const c = caller(req);
    let isPublic: boolean | null = true;
    if (c.isAdmin && q.is_public !== undefined) {
      const v = q.is_public.toLowerCase();
      if (v === 'none') isPublic = null;
      else if (['true', '1', 'on', 'yes', 'y', 't'].includes(v)) isPublic = true;
      else if (['false', '0', 'off', 'no', 'n', 'f'].includes(v)) isPublic = false;
      else throw new ServiceError('BadRequest', `Invalid is_public filter [${q.is_public}]`);
    }
    const intFilter = (k: 'minRam' | 'minDisk') => {
      if (q[k] === undefined) return undefined;
      if (!/^\s*[-+]?\d+\s*$/.test(q[k])) throw new ServiceError('BadRequest', `Invalid ${k} filter [${q[k]}]`);
      return Number(q[k]);
    };
    const limit = q.limit !== undefined ? Math.min(Number(q.limit), 1000) : undefined;
    const rows = flavors.list({
      ...c,
      isPublic,
      minRam: intFilter('minRam'),
      minDisk: intFilter('minDisk'),
      sortKey: q.sort_key,
      sortDir: q.sort_dir as 'asc' | 'desc' | undefined,
      limit: limit ?? 1000,
      marker: q.marker,
    });
    return { rows, limit };
  };

  app.get('/v2.1/flavors', async (req, reply) => {
    const { rows, limit } = list(req);
    const out: Record<string, unknown> = { flavors: rows.map((f) => flavorBrief(req, f)) };
    const next = nextLink(req, 'flavors', rows, limit, () => rows[rows.length - 1].id);
    if (next) out.flavors_links = next;
    return sendJson(reply, out);
  });
  app.get('/v2.1/flavors/detail', async (req, reply) => {
    const { rows, limit } = list(req);
    const specs = mayReadSpecs(req);
    const out: Record<string, unknown> = { flavors: rows.map((f) => flavorView(req, f, specs)) };
    const next = nextLink(req, 'flavors/detail', rows, limit, () => rows[rows.length - 1].id);
    if (next) out.flavors_links = next;
    return sendJson(reply, out);
  });
  app.get('/v2.1/flavors/:id', async (req, reply) => {
    const f = flavors.get(param(req, 'id'), caller(req));
    return sendJson(reply, { flavor: flavorView(req, f, mayReadSpecs(req)) });
  });

  app.post('/v2.1/flavors', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:os-flavor-manage:create', {}, true);
    const body = validBody<{ flavor: Record<string, unknown> }>(req.body, createSchema(atLeast(req, '2.55'))).flavor;
    const f = flavors.create({
      name: String(body.name),
      id: body.id === undefined || body.id === null ? null : String(body.id),
      ram: num(body.ram),
      vcpus: num(body.vcpus),
      disk: num(body.disk),
      ephemeral: body['OS-FLV-EXT-DATA:ephemeral'] !== undefined ? num(body['OS-FLV-EXT-DATA:ephemeral']) : 0,
      swap: body.swap !== undefined ? num(body.swap) : 0,
      rxtx_factor: body.rxtx_factor !== undefined ? num(body.rxtx_factor) : 1.0,
      is_public: body['os-flavor-access:is_public'] !== undefined ? toBool(body['os-flavor-access:is_public']) : true,
      description: atLeast(req, '2.55') ? ((body.description as string | null | undefined) ?? null) : null,
    });
    return sendJson(reply, { flavor: flavorView(req, f, mayReadSpecs(req)) });
  });
  app.put('/v2.1/flavors/:id', async (req, reply) => {
    if (!atLeast(req, '2.55')) throw new ServiceError('MethodNotAllowed', 'The method specified is not allowed for this resource.');
    authorize(deps, req, 'os_compute_api:os-flavor-manage:update', {}, true);
    const body = validBody<{ flavor: { description: string | null } }>(req.body, updateSchema);
    const f = flavors.updateDescription(param(req, 'id'), body.flavor.description);
    return sendJson(reply, { flavor: flavorView(req, f, mayReadSpecs(req), true) });
  });
  app.delete('/v2.1/flavors/:id', async (req, reply) => {
    authorize(deps, req, 'os_compute_api:os-flavor-manage:delete', {}, true);
    flavors.delete(param(req, 'id'));
    return reply.code(202).send();
  });

  // --- flavor access --------------------------------------------------------------------------
  const accessBody = (id: string, projects: string[]) => ({ flavor_access: projects.map((p) => ({ flavor_id: id, tenant_id: p })) });
  app.get('/v2.1/flavors/:id/os-flavor-access', async (req) => {
    authorize(deps, req, 'os_compute_api:os-flavor-access');
    const f = flavors.get(param(req, 'id'), caller(req));
    if (f.is_public) throw new ServiceError('NotFound', 'Access list not available for public flavors.');
    return accessBody(f.id, flavors.accessOf(f.id));
  });
  app.post('/v2.1/flavors/:id/action', async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = param(req, 'id');
    if ('addTenantAccess' in body) {
      authorize(deps, req, 'os_compute_api:os-flavor-access:add_tenant_access', {}, true);
      const tenant = validBody<{ addTenantAccess: { tenant: string } }>(body, tenantAction('addTenantAccess')).addTenantAccess.tenant;
      flavors.get(id, caller(req));
      return accessBody(id, flavors.addAccess(id, tenant, atLeast(req, '2.7')));
    }
    if ('removeTenantAccess' in body) {
      authorize(deps, req, 'os_compute_api:os-flavor-access:remove_tenant_access', {}, true);
      const tenant = validBody<{ removeTenantAccess: { tenant: string } }>(body, tenantAction('removeTenantAccess')).removeTenantAccess.tenant;
      flavors.get(id, caller(req));
      return accessBody(id, flavors.removeAccess(id, tenant));
    }
    throw new ServiceError('BadRequest', 'There is no such action: ' + (Object.keys(body)[0] ?? 'None'));
  });

  // --- extra specs ----------------------------------------------------------------------------
  const checkValues = (req: FastifyRequest, specs: Record<string, unknown>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(specs)) {
      const s = String(v);
      if (typeof v === 'number' && s.length > 255) throw new ServiceError('BadRequest', `Invalid input received: extra_specs value has more than 255 characters.`);
      if (atLeast(req, '2.86')) validateExtraSpec(k, s);
      out[k] = s;
    }
    return out;
  };
  app.get('/v2.1/flavors/:id/os-extra_specs', async (req) => {
    authorize(deps, req, 'os_compute_api:os-flavor-extra-specs:index');
    return { extra_specs: flavors.get(param(req, 'id'), caller(req)).extra_specs };
  });
  app.post('/v2.1/flavors/:id/os-extra_specs', async (req) => {
    authorize(deps, req, 'os_compute_api:os-flavor-extra-specs:create', {}, true);
    const body = validBody<{ extra_specs: Record<string, unknown> }>(req.body, {
      type: 'object',
      properties: { extra_specs: specValues },
      required: ['extra_specs'],
      additionalProperties: false,
    });
    const specs = checkValues(req, body.extra_specs);
    flavors.get(param(req, 'id'), caller(req));
    flavors.setExtraSpecs(param(req, 'id'), specs);
    return { extra_specs: body.extra_specs };
  });
  app.get('/v2.1/flavors/:id/os-extra_specs/:key', async (req) => {
    authorize(deps, req, 'os_compute_api:os-flavor-extra-specs:show');
    const f = flavors.get(param(req, 'id'), caller(req));
    const key = param(req, 'key');
    if (!(key in f.extra_specs)) throw new ServiceError('NotFound', `Flavor ${f.id} has no extra specs with key ${key}.`);
    return { [key]: f.extra_specs[key] };
  });
  app.put('/v2.1/flavors/:id/os-extra_specs/:key', async (req) => {
    authorize(deps, req, 'os_compute_api:os-flavor-extra-specs:update', {}, true);
    const body = validBody<Record<string, unknown>>(req.body, { ...specValues, minProperties: 1, maxProperties: 1 });
    const specs = checkValues(req, body);
    if (!(param(req, 'key') in body)) throw new ServiceError('BadRequest', 'Request body and URI mismatch');
    flavors.get(param(req, 'id'), caller(req));
    flavors.setExtraSpecs(param(req, 'id'), specs);
    return body;
  });
  app.delete('/v2.1/flavors/:id/os-extra_specs/:key', async (req, reply: FastifyReply) => {
    authorize(deps, req, 'os_compute_api:os-flavor-extra-specs:delete', {}, true);
    flavors.get(param(req, 'id'), caller(req));
    flavors.deleteExtraSpec(param(req, 'id'), param(req, 'key'));
    return reply.code(200).send();
  });
}
