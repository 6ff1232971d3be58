import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, PlacementStatusFault, badRequest, notFound } from '../faults';
import { MAX_VERSION, MIN_VERSION } from '../microversion';
import { type ConsumerAllocations, INCOMPLETE_CONSUMER_ID, INVENTORY_DEFAULTS, type Inventory } from '../service';
import type { CandidateRequest, RequestGroup } from '../service/candidates';
import type { InventoryRow, ProviderRow } from '../store/placement-store';
import type { Resources } from '../types';
import {
  type PlacementApiDeps,
  authorize,
  checkAccept,
  empty,
  extractJson,
  latest,
  mv,
  queryAll,
  queryDict,
  queryPairs,
  requireJson,
  send,
  since,
  validateQuery,
} from './http';
import { isUuidLike, normalizeUuid, type Schema } from './schema';
import * as S from './schemas';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;
type P = Record<string, string>;
const params = (req: FastifyRequest): P => req.params as P;

// --- views -------------------------------------------------------------------------------------

function providerLinks(req: FastifyRequest, rp: ProviderRow): { rel: string; href: string }[] {
  const url = `/resource_providers/${rp.uuid}`;
  const rels = ['inventories', 'usages'];
  if (mv(req, 1)) rels.push('aggregates');
  if (mv(req, 6)) rels.push('traits');
  if (mv(req, 11)) rels.push('allocations');
  return [{ rel: 'self', href: url }, ...rels.map((rel) => ({ rel, href: `${url}/${rel}` }))];
}

function providerView(req: FastifyRequest, rp: ProviderRow): Record<string, unknown> {
  const out: Record<string, unknown> = { uuid: rp.uuid, name: rp.name, generation: rp.generation, links: providerLinks(req, rp) };
  if (mv(req, 14)) {
    out.parent_provider_uuid = rp.parent_uuid;
    out.root_provider_uuid = rp.root_uuid;
  }
  return out;
}

const inventoryView = (i: Inventory): Record<string, number> => ({
  total: i.total,
  reserved: i.reserved,
  min_unit: i.min_unit,
  max_unit: i.max_unit,
  step_size: i.step_size,
  allocation_ratio: i.allocation_ratio,
});

const classView = (name: string) => ({ name, links: [{ rel: 'self', href: `/resource_classes/${name}` }] });

// --- request parsing ---------------------------------------------------------------------------

function withDefaults(raw: Record<string, unknown>): Inventory {
  return { ...INVENTORY_DEFAULTS, ...(raw as Partial<Inventory>) } as Inventory;
}

/** util.normalize_resources_qs_param. */
function parseResources(qs: string): Resources {
  const form = 'Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024.';
  if (qs.trim() === '') throw badRequest(`${form} Got: empty string.`);
  const out: Resources = {};
  for (const rt of qs.split(',')) {
    const parts = rt.split(':');
    if (parts.length !== 2) throw badRequest(`${form} Got: ${rt}.`);
    const [rc, amountText] = parts;
    const t = amountText.trim();
    if (!/^[+-]?\d+$/.test(t)) throw badRequest(`Requested resource ${rc} expected positive integer amount. Got: ${amountText}.`);
    const amount = Number(t);
    if (amount < 1) throw badRequest(`Requested resource ${rc} requires amount >= 1. Got: ${amount}.`);
    out[rc] = amount;
  }
  return out;
}

/** util.normalize_traits_qs_param: AND of ORs, plus forbidden traits. */
function parseTraits(val: string, allowForbidden: boolean, allowAny: boolean): { required: string[][]; forbidden: string[] } {
  if (val.startsWith('in:')) {
    if (!allowAny) throw badRequest(`Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since microversion 1.39. Got: ${val}`);
    const any = [...new Set(val.slice(3).split(',').map((s) => s.trim()))];
    if (any.some((t) => !t)) throw badRequest(`Invalid query string parameters: Expected 'required' parameter value of the form: in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got an empty trait in: ${val}`);
    if (any.some((t) => t.startsWith('!'))) throw badRequest(`Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' does not support forbidden traits. Got: ${val}`);
    return { required: [any], forbidden: [] };
  }
  const all = val.split(',').map((s) => s.trim());
  const forbidden = [...new Set(all.filter((t) => t.startsWith('!')).map((t) => t.replace(/^!+/, '')))];
  if ([...all, ...forbidden].some((t) => !t)) {
    const form = allowForbidden ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
    throw badRequest(`Invalid query string parameters: Expected 'required' parameter value of the form: ${form}. Got an empty trait in: ${val}`);
  }
  if (forbidden.length && !allowForbidden) throw badRequest(`Invalid query string parameters: Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: ${val}`);
  return { required: [...new Set(all.filter((t) => !t.startsWith('!')))].map((t) => [t]), forbidden };
}

function parseTraitParams(req: FastifyRequest, suffix = ''): { required: string[][]; forbidden: string[] } {
  let values = queryAll(req, `required${suffix}`);
  if (!mv(req, 39)) values = values.slice(-1);
  const out = { required: [] as string[][], forbidden: [] as string[] };
  for (const v of values) {
    const r = parseTraits(v, mv(req, 22), mv(req, 39));
    out.required.push(...r.required);
    for (const f of r.forbidden) if (!out.forbidden.includes(f)) out.forbidden.push(f);
  }
  return out;
}

/** util.normalize_member_of_qs_params. */
function parseMemberOf(req: FastifyRequest, suffix = ''): { memberOf: string[][]; forbidden: string[] } {
  const values = queryAll(req, `member_of${suffix}`);
  if (!mv(req, 24) && values.length > 1) throw badRequest(`Multiple member_of${suffix} parameters are not supported`);
  const memberOf: string[][] = [];
  const forbidden: string[] = [];
  for (const value of values) {
    if (value.includes(',') && !(value.startsWith('in:') || value.startsWith('!in:')))
      throw badRequest(`Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword using the valid microversion. Got: ${value}`);
    let req_: string[] = [];
    let forb: string[] = [];
    if (value.startsWith('!in:')) forb = value.slice(4).split(',');
    else if (value.startsWith('!')) forb = [value.slice(1)];
    else if (value.startsWith('in:')) req_ = value.slice(3).split(',');
    else req_ = [value];
    for (const a of [...req_, ...forb])
      if (!isUuidLike(a)) throw badRequest(`Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: ${a}`);
    if (req_.length) memberOf.push([...new Set(req_)]);
    if (forb.length) {
      if (!mv(req, 32)) throw badRequest(`Forbidden member_of${suffix} parameters are not supported in the specified microversion`);
      forbidden.push(...forb);
    }
  }
  return { memberOf, forbidden };
}

function parseInTree(value: string): string {
  const v = value.trim();
  if (!isUuidLike(v)) throw badRequest(`Invalid query string parameters: Expected 'in_tree' parameter to be a format of uuid. Got: ${value}`);
  return v;
}

// --- routes ------------------------------------------------------------------------------------

export function registerPlacementRoutes(app: FastifyInstance, deps: PlacementApiDeps): void {
  const svc = deps.placement;
  const declared = new Map<string, string[]>();
  const route = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, handler: Handler, isPublic = false) => {
    const list = declared.get(url) ?? [];
    list.push(method);
    declared.set(url, list);
    app.route({ method, url, handler, config: isPublic ? { public: true } : {} });
  };

  // version discovery
  const home: Handler = (req, reply) =>
    send(req, reply, 200, { versions: [{ id: `v${MIN_VERSION}`, max_version: MAX_VERSION, min_version: MIN_VERSION, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] });
  route('GET', '/', home, true);

  // --- resource providers --------------------------------------------------------------------
  route('GET', '/resource_providers', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:list');
    const schema = mv(req, 18) ? S.GET_RPS_1_18 : mv(req, 14) ? S.GET_RPS_1_14 : mv(req, 4) ? S.GET_RPS_1_4 : mv(req, 3) ? S.GET_RPS_1_3 : S.GET_RPS_1_0;
    validateQuery(req, schema);
    const q = queryDict(req);
    const filters: Parameters<typeof svc.listProviders>[0] = {};
    if ('member_of' in q) {
      const m = parseMemberOf(req);
      filters.memberOf = m.memberOf;
      filters.forbiddenAggregates = m.forbidden;
    }
    if ('required' in q) {
      const t = parseTraitParams(req);
      filters.required = t.required;
      filters.forbidden = t.forbidden;
    }
    if ('uuid' in q) filters.uuid = q.uuid;
    if ('name' in q) filters.name = q.name;
    if ('in_tree' in q) filters.inTree = q.in_tree;
    if ('resources' in q) filters.resources = parseResources(q.resources);
    let rows: ProviderRow[];
    try {
      rows = svc.listProviders(filters);
    } catch (e) {
      const msg = (e as Error).message;
      if (msg.startsWith('No such resource class')) throw badRequest(`Invalid resource class in resources parameter: ${msg}`);
      if (msg.startsWith('No such trait')) throw badRequest(`Invalid trait(s) in "required" parameter: ${msg}`);
      throw e;
    }
    return send(req, reply, 200, { resource_providers: rows.map((r) => providerView(req, r)) }, latest(rows.map((r) => r.updated_at)));
  });

  route('POST', '/resource_providers', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:create');
    const data = extractJson<{ name: string; uuid?: string; parent_provider_uuid?: string | null }>(req, mv(req, 14) ? S.POST_RP_1_14 : S.POST_RP);
    const rp = svc.createProvider({ name: data.name, uuid: data.uuid ? normalizeUuid(data.uuid) : undefined, parentProviderUuid: data.parent_provider_uuid ? normalizeUuid(data.parent_provider_uuid) : null });
    void reply.header('location', `/resource_providers/${rp.uuid}`);
    if (mv(req, 20)) return send(req, reply, 200, providerView(req, rp), rp.updated_at);
    return empty(reply, 201);
  });

  route('GET', '/resource_providers/:uuid', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:show');
    const rp = svc.getProvider(params(req).uuid);
    return send(req, reply, 200, providerView(req, rp), rp.updated_at);
  });

  route('PUT', '/resource_providers/:uuid', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:update');
    const rp = svc.getProvider(params(req).uuid);
    const data = extractJson<{ name: string; parent_provider_uuid?: string | null }>(req, mv(req, 14) ? S.PUT_RP_1_14 : S.PUT_RP);
    const changes: { name?: string; parentProviderUuid?: string | null } = { name: data.name };
    if ('parent_provider_uuid' in data) changes.parentProviderUuid = data.parent_provider_uuid ? normalizeUuid(data.parent_provider_uuid) : null;
    const updated = svc.updateProvider(rp.uuid, changes, mv(req, 37));
    return send(req, reply, 200, providerView(req, updated), updated.updated_at);
  });

  route('DELETE', '/resource_providers/:uuid', (req, reply) => {
    authorize(deps, req, 'placement:resource_providers:delete');
    svc.deleteProvider(params(req).uuid);
    return empty(reply, 204);
  });

  // --- inventories ---------------------------------------------------------------------------
  const providerFor404 = (uuid: string, sep = ' : '): ProviderRow => {
    const rp = svc.findProvider(uuid);
    if (!rp) throw notFound(`No resource provider with uuid ${uuid} found${sep}No resource provider with uuid ${uuid} found`);
    return rp;
  };
  const inventoriesBody = (rp: ProviderRow, invs: InventoryRow[]) => ({
    inventories: Object.fromEntries(invs.map((i) => [i.resource_class, inventoryView(i)])),
    resource_provider_generation: rp.generation,
  });

  route('GET', '/resource_providers/:uuid/inventories', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:inventories:list');
    const rp = providerFor404(params(req).uuid);
    const invs = svc.inventories(rp.uuid);
    return send(req, reply, 200, inventoriesBody(rp, invs), latest(invs.map((i) => i.updated_at)));
  });

  route('PUT', '/resource_providers/:uuid/inventories', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:inventories:update');
    const rp = svc.getProvider(params(req).uuid);
    const data = extractJson<{ resource_provider_generation: number; inventories: Record<string, Record<string, unknown>> }>(req, S.PUT_INVENTORIES);
    const invs = Object.fromEntries(Object.entries(data.inventories).map(([rc, raw]) => [rc, withDefaults(raw)]));
    const r = svc.setInventories(rp.uuid, data.resource_provider_generation, invs, mv(req, 26));
    return send(req, reply, 200, inventoriesBody(r.provider, r.inventories), latest(r.inventories.map((i) => i.updated_at)));
  });

  route('POST', '/resource_providers/:uuid/inventories', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:inventories:create');
    const rp = svc.getProvider(params(req).uuid);
    const data = extractJson<Record<string, unknown> & { resource_class: string }>(req, S.POST_INVENTORY);
    const { resource_class: rc, ...rest } = data;
    const r = svc.createInventory(rp.uuid, rc, withDefaults(rest), mv(req, 26));
    void reply.header('location', `/resource_providers/${rp.uuid}/inventories/${rc}`);
    return send(req, reply, 201, { ...inventoryView(r.inventory), resource_provider_generation: r.provider.generation }, r.inventory.updated_at);
  });

  route('DELETE', '/resource_providers/:uuid/inventories', (req, reply) => {
    since(req, 5, 405);
    authorize(deps, req, 'placement:resource_providers:inventories:delete');
    svc.deleteInventories(svc.getProvider(params(req).uuid).uuid);
    return empty(reply, 204);
  });

  route('GET', '/resource_providers/:uuid/inventories/:rc', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:inventories:show');
    const { uuid, rc } = params(req);
    const rp = providerFor404(uuid);
    const inv = svc.inventories(rp.uuid).find((i) => i.resource_class === rc);
    if (!inv) throw notFound(`No inventory of class ${rc} for ${uuid}`);
    return send(req, reply, 200, { ...inventoryView(inv), resource_provider_generation: rp.generation }, inv.updated_at);
  });

  route('PUT', '/resource_providers/:uuid/inventories/:rc', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:inventories:update');
    const { uuid, rc } = params(req);
    const rp = svc.getProvider(uuid);
    const data = extractJson<Record<string, unknown> & { resource_provider_generation: number }>(req, S.BASE_INVENTORY);
    const { resource_provider_generation: gen, ...rest } = data;
    const r = svc.updateInventory(rp.uuid, rc, gen, withDefaults(rest), mv(req, 26));
    return send(req, reply, 200, { ...inventoryView(r.inventory), resource_provider_generation: r.provider.generation }, r.inventory.updated_at);
  });

  route('DELETE', '/resource_providers/:uuid/inventories/:rc', (req, reply) => {
    authorize(deps, req, 'placement:resource_providers:inventories:delete');
    const { uuid, rc } = params(req);
    svc.deleteInventory(svc.getProvider(uuid).uuid, rc);
    return empty(reply, 204);
  });

  // --- usages --------------------------------------------------------------------------------
  route('GET', '/resource_providers/:uuid/usages', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:usages');
    const rp = providerFor404(params(req).uuid, ': ');
    return send(req, reply, 200, { resource_provider_generation: rp.generation, usages: svc.providerUsages(rp.uuid) });
  });

  route('GET', '/usages', (req, reply) => {
    since(req, 9);
    checkAccept(req);
    const q = queryDict(req);
    authorize(deps, req, 'placement:usages', { project_id: q.project_id ?? null });
    const byType = mv(req, 38);
    validateQuery(req, byType ? S.GET_USAGES_1_38 : S.GET_USAGES_1_9);
    if (!byType) return send(req, reply, 200, { usages: svc.totalUsages(q.project_id, q.user_id) });
    const usages: Record<string, Record<string, number>> = {};
    for (const g of svc.usagesByConsumerType(q.project_id, q.user_id, q.consumer_type)) usages[String(g.consumerType)] = { ...g.resources, consumer_count: g.consumerCount };
    return send(req, reply, 200, { usages });
  });

  // --- aggregates ----------------------------------------------------------------------------
  const aggregatesBody = (req: FastifyRequest, rp: ProviderRow, aggs: string[]) =>
    mv(req, 19) ? { aggregates: aggs, resource_provider_generation: rp.generation } : { aggregates: aggs };
  route('GET', '/resource_providers/:uuid/aggregates', (req, reply) => {
    checkAccept(req);
    since(req, 1);
    authorize(deps, req, 'placement:resource_providers:aggregates:list');
    const rp = svc.getProvider(params(req).uuid);
    return send(req, reply, 200, aggregatesBody(req, rp, svc.providerAggregates(rp.uuid)));
  });
  route('PUT', '/resource_providers/:uuid/aggregates', (req, reply) => {
    requireJson(req);
    since(req, 1);
    authorize(deps, req, 'placement:resource_providers:aggregates:update');
    const rp = svc.getProvider(params(req).uuid);
    let aggs: string[];
    let gen: number | undefined;
    if (mv(req, 19)) {
      const data = extractJson<{ aggregates: string[]; resource_provider_generation: number }>(req, S.PUT_AGGREGATES_1_19);
      aggs = data.aggregates;
      gen = data.resource_provider_generation;
    } else aggs = extractJson<string[]>(req, S.PUT_AGGREGATES_1_1);
    const updated = svc.setProviderAggregates(rp.uuid, aggs, gen);
    return send(req, reply, 200, aggregatesBody(req, updated, aggs));
  });

  // --- resource classes ----------------------------------------------------------------------
  route('GET', '/resource_classes', (req, reply) => {
    since(req, 2);
    checkAccept(req);
    authorize(deps, req, 'placement:resource_classes:list');
    return send(req, reply, 200, { resource_classes: svc.listClasses().map(classView) });
  });
  route('POST', '/resource_classes', (req, reply) => {
    since(req, 2);
    requireJson(req);
    authorize(deps, req, 'placement:resource_classes:create');
    const { name } = extractJson<{ name: string }>(req, S.RC_BODY);
    svc.createClass(name);
    void reply.header('location', `/resource_classes/${name}`);
    return empty(reply, 201);
  });
  route('GET', '/resource_classes/:name', (req, reply) => {
    since(req, 2);
    checkAccept(req);
    authorize(deps, req, 'placement:resource_classes:show');
    return send(req, reply, 200, classView(svc.getClass(params(req).name)));
  });
  route('PUT', '/resource_classes/:name', (req, reply) => {
    since(req, 2);
    const name = params(req).name;
    if (!mv(req, 7)) {
      requireJson(req);
      authorize(deps, req, 'placement:resource_classes:update');
      const data = extractJson<{ name: string }>(req, S.RC_BODY);
      svc.getClass(name);
      svc.renameClass(name, data.name);
      return send(req, reply, 200, classView(data.name));
    }
    authorize(deps, req, 'placement:resource_classes:update');
    const problem = /^CUSTOM_[A-Z0-9_]+$/.test(name) && name.length <= 255;
    if (!problem) {
      const why = name.length > 255 ? `'${name}' is too long` : `'${name}' does not match '^CUSTOM_[A-Z0-9_]+$'`;
      throw badRequest(`JSON does not validate: ${why}`);
    }
    const created = svc.ensureClass(name);
    void reply.header('location', `/resource_classes/${name}`);
    return empty(reply, created ? 201 : 204);
  });
  route('DELETE', '/resource_classes/:name', (req, reply) => {
    since(req, 2);
    authorize(deps, req, 'placement:resource_classes:delete');
    svc.deleteClass(params(req).name);
    return empty(reply, 204);
  });

  // --- traits --------------------------------------------------------------------------------
  route('GET', '/traits', (req, reply) => {
    since(req, 6);
    checkAccept(req);
    authorize(deps, req, 'placement:traits:list');
    validateQuery(req, S.LIST_TRAITS);
    const q = queryDict(req);
    const f: { nameIn?: string[]; prefix?: string; associated?: boolean } = {};
    if ('name' in q) {
      const i = q.name.indexOf(':');
      const op = i < 0 ? '' : q.name.slice(0, i);
      if (op !== 'in' && op !== 'startswith')
        throw badRequest(`Badly formatted name parameter. Expected name query string parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: "${q.name}"`);
      if (op === 'in') f.nameIn = q.name.slice(i + 1).split(',');
      else f.prefix = q.name.slice(i + 1);
    }
    if ('associated' in q) {
      const a = q.associated.toLowerCase();
      if (a !== 'true' && a !== 'false') throw badRequest('The query parameter "associated" only accepts "true" or "false"');
      f.associated = a === 'true';
    }
    return send(req, reply, 200, { traits: svc.listTraits(f) });
  });
  route('GET', '/traits/:name', (req, reply) => {
    since(req, 6);
    checkAccept(req);
    authorize(deps, req, 'placement:traits:show');
    const name = params(req).name;
    if (!svc.traitExists(name)) throw notFound(`No such trait(s): ${name}.`);
    return empty(reply, 204);
  });
  route('PUT', '/traits/:name', (req, reply) => {
    since(req, 6);
    authorize(deps, req, 'placement:traits:update');
    const name = params(req).name;
    if (!/^CUSTOM_[A-Z0-9_]+$/.test(name) || name.length > 255)
      throw badRequest('The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix "CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"');
    const created = svc.putTrait(name);
    void reply.header('location', `/traits/${name}`);
    if (mv(req, 15)) void reply.header('cache-control', 'no-cache').header('last-modified', new Date().toUTCString());
    return empty(reply, created ? 201 : 204);
  });
  route('DELETE', '/traits/:name', (req, reply) => {
    since(req, 6);
    authorize(deps, req, 'placement:traits:delete');
    svc.deleteTrait(params(req).name);
    return empty(reply, 204);
  });
  route('GET', '/resource_providers/:uuid/traits', (req, reply) => {
    since(req, 6);
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:traits:list');
    const rp = providerFor404(params(req).uuid, ': ');
    return send(req, reply, 200, { traits: svc.providerTraits(rp.uuid), resource_provider_generation: rp.generation });
  });
  route('PUT', '/resource_providers/:uuid/traits', (req, reply) => {
    since(req, 6);
    requireJson(req);
    authorize(deps, req, 'placement:resource_providers:traits:update');
    const data = extractJson<{ traits: string[]; resource_provider_generation: number }>(req, S.SET_RP_TRAITS);
    const rp = svc.getProvider(params(req).uuid);
    const updated = svc.setProviderTraits(rp.uuid, data.resource_provider_generation, data.traits);
    return send(req, reply, 200, { traits: svc.providerTraits(rp.uuid), resource_provider_generation: updated.generation });
  });
  route('DELETE', '/resource_providers/:uuid/traits', (req, reply) => {
    since(req, 6);
    authorize(deps, req, 'placement:resource_providers:traits:delete');
    const rp = svc.getProvider(params(req).uuid);
    svc.setProviderTraits(rp.uuid, undefined, []);
    return empty(reply, 204);
  });

  // --- allocations ---------------------------------------------------------------------------
  route('GET', '/allocations/:consumer', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:allocations:list');
    const consumer = params(req).consumer;
    const allocs = svc.allocationsOfConsumer(consumer);
    const by: Record<string, { generation?: number; resources: Resources }> = {};
    for (const a of allocs) {
      const rp = svc.findProvider(a.provider_uuid)!;
      const entry = (by[a.provider_uuid] ??= { resources: {} });
      entry.resources[a.resource_class] = a.used;
      entry.generation = rp.generation;
    }
    const body: Record<string, unknown> = { allocations: Object.fromEntries(Object.entries(by).map(([k, v]) => [k, { resources: v.resources, generation: v.generation }])) };
    const c = svc.consumer(consumer);
    if (allocs.length && c && mv(req, 12)) {
      body.project_id = c.project_id;
      body.user_id = c.user_id;
      if (mv(req, 28)) body.consumer_generation = c.generation;
      if (mv(req, 38)) body.consumer_type = c.consumer_type;
    }
    return send(req, reply, 200, body, latest(allocs.map((a) => a.created_at)));
  });

  route('PUT', '/allocations/:consumer', (req, reply) => {
    requireJson(req);
    authorize(deps, req, 'placement:allocations:update');
    const raw = params(req).consumer;
    if (!isUuidLike(raw)) throw badRequest(`Malformed consumer_uuid: ${raw}`);
    const consumer = normalizeUuid(raw);
    const schema = mv(req, 38) ? S.ALLOCATION_1_38 : mv(req, 34) ? S.ALLOCATION_1_34 : mv(req, 28) ? S.ALLOCATION_1_28 : mv(req, 12) ? S.ALLOCATION_1_12 : mv(req, 8) ? S.ALLOCATION_1_8 : S.ALLOCATION_1_0;
    const data = extractJson<Record<string, unknown>>(req, schema);
    svc.writeAllocations([consumerRequest(req, consumer, data)], writeOptions(req), 'put');
    return empty(reply, 204);
  });

  route('POST', '/allocations', (req, reply) => {
    since(req, 13);
    requireJson(req);
    authorize(deps, req, 'placement:allocations:manage');
    const schema = mv(req, 38) ? S.POST_ALLOCATIONS_1_38 : mv(req, 34) ? S.POST_ALLOCATIONS_1_34 : mv(req, 28) ? S.POST_ALLOCATIONS_1_28 : S.POST_ALLOCATIONS_1_13;
    const data = extractJson<Record<string, Record<string, unknown>>>(req, schema);
    svc.writeAllocations(
      Object.entries(data).map(([c, body]) => consumerRequest(req, c, body)),
      writeOptions(req),
      'post',
    );
    return empty(reply, 204);
  });

  route('DELETE', '/allocations/:consumer', (req, reply) => {
    authorize(deps, req, 'placement:allocations:delete');
    svc.deleteAllocations(params(req).consumer);
    return empty(reply, 204);
  });

  route('GET', '/resource_providers/:uuid/allocations', (req, reply) => {
    checkAccept(req);
    authorize(deps, req, 'placement:resource_providers:allocations:list');
    const uuid = params(req).uuid;
    const rp = svc.findProvider(uuid);
    if (!rp) throw notFound(`Resource provider '${uuid}' not found: No resource provider with uuid ${uuid} found`);
    const allocs = svc.allocationsOnProvider(uuid);
    const by: Record<string, { resources: Resources; consumer_generation?: number | null }> = {};
    for (const a of allocs) {
      const entry = (by[a.consumer_uuid] ??= { resources: {} });
      entry.resources[a.resource_class] = a.used;
      if (mv(req, 28)) entry.consumer_generation = svc.consumer(a.consumer_uuid)?.generation ?? null;
    }
    return send(req, reply, 200, { allocations: by, resource_provider_generation: rp.generation }, latest(allocs.map((a) => a.created_at)));
  });

  // --- allocation candidates -----------------------------------------------------------------
  route('GET', '/allocation_candidates', (req, reply) => {
    since(req, 10);
    checkAccept(req);
    authorize(deps, req, 'placement:allocation_candidates:list');
    validateQuery(req, S.candidatesQuerySchema(mvMinor(req)));
    const cand = parseCandidateRequest(req);
    let result: ReturnType<typeof svc.allocationCandidates>;
    try {
      result = svc.allocationCandidates(cand);
    } catch (e) {
      const msg = (e as Error).message;
      if (msg.startsWith('No such resource class')) throw badRequest(`Invalid resource class in resources parameter: ${msg}`);
      throw e;
    }
    const requested = new Set(Object.values(cand.groups).flatMap((g) => Object.keys(g.resources)));
    const allocation_requests = result.allocationRequests.map((ar) => {
      if (!mv(req, 12)) return { allocations: Object.entries(ar.allocations).map(([uuid, resources]) => ({ resource_provider: { uuid }, resources })) };
      const out: Record<string, unknown> = { allocations: Object.fromEntries(Object.entries(ar.allocations).map(([uuid, resources]) => [uuid, { resources }])) };
      if (mv(req, 34)) out.mappings = ar.mappings;
      return out;
    });
    const provider_summaries: Record<string, Record<string, unknown>> = {};
    for (const s of result.summaries) {
      const resources: Record<string, { capacity: number; used: number }> = {};
      for (const r of s.resources) if (mv(req, 27) || requested.has(r.resourceClass)) resources[r.resourceClass] = { capacity: r.capacity, used: r.used };
      const sum: Record<string, unknown> = { resources };
      if (mv(req, 17)) sum.traits = s.traits;
      if (mv(req, 29)) {
        sum.parent_provider_uuid = s.parentProviderUuid;
        sum.root_provider_uuid = s.rootProviderUuid;
      }
      provider_summaries[s.uuid] = sum;
    }
    return send(req, reply, 200, { allocation_requests, provider_summaries });
  });

  // --- reshaper ------------------------------------------------------------------------------
  route('POST', '/reshaper', (req, reply) => {
    since(req, 30);
    requireJson(req);
    authorize(deps, req, 'placement:reshaper:reshape');
    const allocSchema: Schema = { ...(mv(req, 38) ? S.POST_ALLOCATIONS_1_38 : mv(req, 34) ? S.POST_ALLOCATIONS_1_34 : S.POST_ALLOCATIONS_1_28), minProperties: 0 };
    const data = extractJson<{ inventories: Record<string, { resource_provider_generation: number; inventories: Record<string, Record<string, unknown>> }>; allocations: Record<string, Record<string, unknown>> }>(req, S.reshaperSchema(allocSchema));
    const invs = Object.fromEntries(
      Object.entries(data.inventories).map(([rp, b]) => [rp, { generation: b.resource_provider_generation, inventories: Object.fromEntries(Object.entries(b.inventories).map(([rc, raw]) => [rc, withDefaults(raw)])) }]),
    );
    svc.reshape(invs, Object.entries(data.allocations).map(([c, body]) => consumerRequest(req, c, body)), writeOptions(req), mv(req, 26));
    return empty(reply, 204);
  });

  // 405 for the methods a known URL does not take (handler.handle_405)
  for (const [url, methods] of declared) {
    const others = (['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const).filter((m) => !methods.includes(m));
    if (!others.length) continue;
    app.route({
      method: [...others],
      url,
      config: url === '/' ? { public: true } : {},
      handler: () => {
        throw methodNotAllowed(methods);
      },
    });
  }
}

function methodNotAllowed(methods: string[]): PlacementStatusFault {
  return new PlacementStatusFault(405, 'The method specified is not allowed for this resource.', { allow: methods.join(', ') });
}

function mvMinor(req: FastifyRequest): number {
  for (let m = 39; m >= 0; m--) if (mv(req, m)) return m;
  return 0;
}

function writeOptions(req: FastifyRequest) {
  return { checkConsumerGeneration: mv(req, 28), setConsumerType: mv(req, 38) };
}

/** One consumer's body (PUT /allocations/{c} or an entry of POST /allocations) in the service's terms. */
function consumerRequest(req: FastifyRequest, consumer: string, data: Record<string, unknown>): ConsumerAllocations {
  let allocations: Record<string, Resources> = {};
  if (Array.isArray(data.allocations)) {
    for (const a of data.allocations as { resource_provider: { uuid: string }; resources: Resources }[]) allocations[a.resource_provider.uuid] = a.resources;
  } else {
    allocations = Object.fromEntries(Object.entries((data.allocations ?? {}) as Record<string, { resources: Resources }>).map(([rp, v]) => [rp, v.resources]));
  }
  const projectId = data.project_id as string | undefined;
  return {
    consumer,
    allocations,
    projectId: projectId ?? INCOMPLETE_CONSUMER_ID,
    userId: projectId === undefined ? INCOMPLETE_CONSUMER_ID : (data.user_id as string),
    consumerGeneration: data.consumer_generation as number | null | undefined,
    consumerType: data.consumer_type as string | undefined,
  };
}

/** lib.RequestGroup.dict_from_request and RequestWideParams.from_request. */
function parseCandidateRequest(req: FastifyRequest): CandidateRequest {
  const verbose = mv(req, 33);
  const pattern = new RegExp(`^(resources|required|member_of|in_tree)(${verbose ? '[a-zA-Z0-9_-]{1,64}' : '[1-9][0-9]*'})?$`);
  const groups: Record<string, RequestGroup> = {};
  const q = queryDict(req);
  for (const [key] of queryPairs(req)) {
    const m = pattern.exec(key);
    if (!m) continue;
    const [, prefix, suffixRaw] = m;
    const suffix = mv(req, 25) ? (suffixRaw ?? '') : '';
    if (!mv(req, 25) && suffixRaw) continue;
    const g = (groups[suffix] ??= { suffix, useSameProvider: suffix !== '', resources: {}, required: [], forbidden: [], memberOf: [], forbiddenAggregates: [] });
    if (prefix === 'resources') g.resources = parseResources(q[key]);
    else if (prefix === 'required') {
      const t = parseTraitParams(req, suffix);
      g.required = t.required;
      g.forbidden = t.forbidden;
    } else if (prefix === 'member_of') {
      const mo = parseMemberOf(req, suffix);
      g.memberOf = mo.memberOf;
      g.forbiddenAggregates = mo.forbidden;
    } else if (prefix === 'in_tree') g.inTree = parseInTree(q[key]);
  }
  const limitText = queryAll(req, 'limit')[0];
  const groupPolicy = queryAll(req, 'group_policy')[0];
  const out: CandidateRequest = { groups, groupPolicy, limit: limitText !== undefined ? Number(limitText) : undefined, sameSubtrees: [], nestedAware: mv(req, 29) };
  const rootRequired = queryAll(req, 'root_required');
  if (rootRequired.length) {
    if (rootRequired.length > 1) throw badRequest("Query parameter 'root_required' may be specified only once.", ErrorCode.ILLEGAL_DUPLICATE_QUERYPARAM);
    const t = parseTraits(rootRequired[0], true, false);
    const req_ = t.required.flat();
    const conflicts = req_.filter((x) => t.forbidden.includes(x));
    if (conflicts.length) throw badRequest(`Conflicting required and forbidden traits found in root_required: ${conflicts.join(', ')}`, ErrorCode.QUERYPARAM_BAD_VALUE);
    out.rootRequired = req_;
    out.rootForbidden = t.forbidden;
  }
  for (const val of queryAll(req, 'same_subtree')) {
    const suffixes = [...new Set(val.split(',').map((s) => s.trim()))];
    if (suffixes.includes('')) throw badRequest('Empty string (unsuffixed group) can not be specified in `same_subtree` ', ErrorCode.QUERYPARAM_BAD_VALUE);
    out.sameSubtrees.push(suffixes);
  }
  const all = Object.values(groups);
  if (mv(req, 36)) {
    const resourceless = all.filter((g) => Object.keys(g.resources).length === 0).map((g) => g.suffix);
    const subtree = new Set(out.sameSubtrees.flat());
    if (resourceless.length === all.length) throw badRequest('There must be at least one resources or resources[$S] parameter.', ErrorCode.QUERYPARAM_MISSING_VALUE);
    const bad = resourceless.filter((s) => !subtree.has(s));
    if (bad.length)
      throw badRequest(`Resourceless suffixed group request should be specified in \`same_subtree\` query param: bad group(s) - [${bad.map((b) => `'${b}'`).join(', ')}].`, ErrorCode.QUERYPARAM_BAD_VALUE);
    const unknown = [...subtree].filter((s) => !(s in groups));
    if (unknown.length)
      throw badRequest(
        `Real suffixes should be specified in \`same_subtree\`: [${unknown.map((b) => `'${b}'`).join(', ')}] not found in [${Object.keys(groups).map((b) => `'${b}'`).join(', ')}].`,
        ErrorCode.QUERYPARAM_BAD_VALUE,
      );
  } else {
    const orphanTraits = all.filter((g) => g.required.length && !Object.keys(g.resources).length).map((g) => `required${g.suffix}`);
    if (orphanTraits.length) throw badRequest(`All traits parameters must be associated with resources.  Found the following orphaned traits keys: ${orphanTraits.join(', ')}`);
    const orphanAggs = all.filter((g) => !Object.keys(g.resources).length && (g.memberOf.length || g.forbiddenAggregates.length)).map((g) => `member_of${g.suffix}`);
    if (orphanAggs.length) throw badRequest(`All member_of parameters must be associated with resources. Found the following orphaned member_of keys: ${orphanAggs.join(', ')}`);
    if (!all.every((g) => Object.keys(g.resources).length)) throw badRequest('All request groups must specify resources.');
    if (!all.length) throw badRequest('At least one request group (`resources` or `resources{$S}`) is required.');
  }
  if (mv(req, 22)) {
    const conflicting: string[] = [];
    for (const g of all) for (const any of g.required) if (any.every((t) => g.forbidden.includes(t))) conflicting.push(`required${g.suffix}: (${[...any].sort().join(', ')})`);
    if (conflicting.length) throw badRequest(`Conflicting required and forbidden traits found in the following traits keys: ${conflicting.sort().join(', ')}`);
  }
  if (!groupPolicy && all.filter((g) => g.useSameProvider).length > 1)
    throw badRequest('The "group_policy" parameter is required when specifying more than one "resources{N}" parameter.');
  return out;
}
