import type { FastifyInstance } from 'fastify';
import { parseAddr, parseNetwork } from '../../../core/net/ip';
import { addressScopeNotFound, httpBadRequest, invalidAttribute, subnetPoolNotFound } from '../../faults';
import type { SubnetPoolInput } from '../../service/subnet-pools';
import type { AddressScope, SubnetPool } from '../../types';
import { authorize, callerOf, type NetworkApiDeps } from '../http';
import { type AttrKind, registerResource } from '../resource';

type Doc = Record<string, unknown>;

const OWNER: Record<string, AttrKind> = { tenant_id: 'string', project_id: 'string' };
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Python's repr() of a value, as validators print `%s` of lists and strings. */
const pyRepr = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** neutron_lib validate_subnet: a CIDR with its length; IPv4 written in its canonical form. */
function subnetProblem(data: unknown): string | undefined {
  if (typeof data !== 'string' || /\s/.test(data)) return `'${pyRepr(data)}' is not a valid IP subnet`;
  const net = parseNetwork(data);
  if (net) return undefined;
  const a = parseAddr(data);
  if (a && !data.includes('/')) return `'${data}' isn't a recognized IP subnet cidr, '${data}/${a.family === 4 ? 32 : 128}' is recommended`;
  return `'${data}' is not a valid IP subnet`;
}

/** The attribute validators of the subnetpools attribute map (neutron_lib/api/definitions/subnetpool.py, address_scope.py). */
function checkPoolBody(b: Doc): void {
  if (b.name !== undefined && (typeof b.name !== 'string' || !b.name.trim())) throw invalidAttribute('name', `'${pyRepr(b.name)}' Blank strings are not permitted`);
  if (b.prefixes !== undefined) {
    const list = b.prefixes as unknown[];
    const seen = new Set<string>();
    const dups = [...new Set(list.filter((x) => (seen.has(String(x)) ? true : (seen.add(String(x)), false))).map(String))];
    if (dups.length) throw invalidAttribute('prefixes', `Duplicate items in the list: '${dups.join(', ')}'`);
    for (const p of list) {
      const why = subnetProblem(p);
      if (why) throw invalidAttribute('prefixes', why);
    }
  }
  for (const k of ['default_quota', 'default_prefixlen', 'min_prefixlen', 'max_prefixlen']) {
    if (b[k] === undefined) continue;
    if (b[k] === null) throw invalidAttribute(k, "'None' is not an integer");
    if ((b[k] as number) < 0) throw invalidAttribute(k, `'${String(b[k])}' should be non-negative`);
  }
  const scope = b.address_scope_id;
  if (scope !== undefined && scope !== null && (typeof scope !== 'string' || !UUID.test(scope))) throw invalidAttribute('address_scope_id', `'${pyRepr(scope)}' is not a valid UUID`);
}

/**
 * A pool as Neutron's GET and POST answer it: _make_subnetpool_dict gives the three prefix
 * lengths as strings (PUT answers the updated dict, where they stay integers).
 */
export function subnetPoolWire(p: SubnetPool): Doc {
  return { ...p, default_prefixlen: String(p.default_prefixlen), min_prefixlen: String(p.min_prefixlen), max_prefixlen: String(p.max_prefixlen) };
}

/** /v2.0/address-scopes, /v2.0/subnetpools and the pools' add_prefixes / remove_prefixes actions. */
export function registerSubnetPoolRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const n = deps.network;

  registerResource<AddressScope>(app, deps, {
    collection: 'address-scopes', collectionKey: 'address_scopes', member: 'address_scope', required: ['ip_version'],
    createAttrs: { ...OWNER, name: 'string', shared: 'bool', ip_version: 'int' },
    updateAttrs: { name: 'string', shared: 'bool' },
    list: (c) => n.addressScopes.list(c),
    notFound: (id) => addressScopeNotFound(id),
    get: (c, id) => n.addressScopes.get(c, id),
    create: (c, b) => {
      if (b.ip_version !== 4 && b.ip_version !== 6) throw invalidAttribute('ip_version', `${String(b.ip_version)} is not in [4, 6]`);
      return n.addressScopes.create(c, b as Partial<AddressScope>);
    },
    update: (c, id, b) => n.addressScopes.update(c, id, b as Partial<AddressScope>),
    delete: (c, id) => n.addressScopes.delete(c, id),
  });

  const poolAttrs: Record<string, AttrKind> = {
    name: 'string', description: 'string', prefixes: 'list', default_quota: 'int', default_prefixlen: 'int', min_prefixlen: 'int', max_prefixlen: 'int',
    is_default: 'bool', address_scope_id: 'string',
  };
  registerResource<Doc>(app, deps, {
    collection: 'subnetpools', member: 'subnetpool', required: ['name', 'prefixes'],
    createAttrs: { ...poolAttrs, ...OWNER, shared: 'bool' },
    updateAttrs: poolAttrs,
    list: (c) => n.subnetPools.list(c).map(subnetPoolWire),
    notFound: (id) => subnetPoolNotFound(id),
    get: (c, id) => subnetPoolWire(n.subnetPools.get(c, id)),
    create: (c, b) => {
      checkPoolBody(b);
      return subnetPoolWire(n.subnetPools.create(c, b as SubnetPoolInput));
    },
    update: (c, id, b) => {
      checkPoolBody(b);
      return n.subnetPools.update(c, id, b as SubnetPoolInput) as unknown as Doc;
    },
    delete: (c, id) => n.subnetPools.delete(c, id),
  });

  // subnetpool-prefix-ops: PUT /v2.0/subnetpools/{id}/add_prefixes|remove_prefixes with {"prefixes": [...]}
  for (const action of ['add_prefixes', 'remove_prefixes'] as const) {
    app.put(`/v2.0/subnetpools/:id/${action}`, async (req) => {
      const caller = callerOf(deps, req);
      const id = (req.params as { id: string }).id;
      const pool = n.subnetPools.get(caller, id);
      authorize(deps, req, action, { ...pool });
      const body = req.body as Doc | undefined;
      const prefixes = body && typeof body === 'object' && !Array.isArray(body) ? body.prefixes : undefined;
      if (!Array.isArray(prefixes) || prefixes.length === 0) throw httpBadRequest('Request body contains invalid data');
      return action === 'add_prefixes' ? n.subnetPools.addPrefixes(caller, id, prefixes.map(String)) : n.subnetPools.removePrefixes(caller, id, prefixes.map(String));
    });
  }
}
