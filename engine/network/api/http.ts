import type { FastifyRequest } from 'fastify';
import { PolicyNotAuthorized } from '../../core/errors';
import { policyCredentials } from '../../core/http/auth';
import { neutronPolicyMessage } from '../faults';
import { neutronPolicyCredentials } from '../policies';
import type { PolicyEnforcer } from '../../core/policy';
import type { NetworkService } from '../service';
import type { Caller } from '../service/core';
import { bodyInvalid, resourceMissingFromBody } from '../faults';

export interface NetworkApiDeps {
  network: NetworkService;
  policy: PolicyEnforcer;
}

/** The caller as Neutron's backend sees it: project, and admin when `context_is_admin` holds. */
export function callerOf(deps: NetworkApiDeps, req: FastifyRequest): Caller {
  let c = callers.get(req);
  if (!c) callers.set(req, (c = { projectId: req.ctx.projectId ?? '', isAdmin: deps.policy.enforce('context_is_admin', {}, policyCredentials(req.ctx)) }));
  return c;
}
const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Neutron's target: the resource's attributes, flat, with both tenant_id and project_id, plus
 * the owner of its parent (`network:tenant_id`, `security_group:tenant_id`) as Neutron fetches it.
 */
function target(deps: NetworkApiDeps, resource: Record<string, unknown>): { t: Record<string, unknown>; network?: { shared?: unknown } } {
  const t: Record<string, unknown> = { ...resource };
  if (t.project_id === undefined && t.tenant_id !== undefined) t.project_id = t.tenant_id;
  if (t.tenant_id === undefined && t.project_id !== undefined) t.tenant_id = t.project_id;
  let network: { shared?: unknown } | undefined;
  if (typeof t.network_id === 'string') {
    const n = deps.network.networks.find(t.network_id);
    if (n) {
      t['network:tenant_id'] = n.project_id;
      t['network:project_id'] = n.project_id;
      network = n;
    }
  }
  if (typeof t.security_group_id === 'string') {
    const g = deps.network.securityGroups.find(t.security_group_id);
    if (g) t['security_group:tenant_id'] = g.project_id;
  }
  return { t, network };
}

function credsFor(deps: NetworkApiDeps, req: FastifyRequest, resource: Record<string, unknown>) {
  const { t, network } = target(deps, resource);
  return { t, creds: neutronPolicyCredentials(policyCredentials(req.ctx), t, network) };
}

/**
 * Checks `<action>` together with the attribute rules `<action>:<attr>` of every attribute the
 * request sets, as one rule, as Neutron does (the 403 names the combined rule). Admins pass.
 */
export function authorize(deps: NetworkApiDeps, req: FastifyRequest, action: string, resource: Record<string, unknown>, attrs: string[] = []): void {
  if (callerOf(deps, req).isAdmin) return;
  const { t, creds } = credsFor(deps, req, resource);
  const known = ruleNames(deps);
  const attrRules = attrs.map((a) => `${action}:${a}`).filter((r) => known.has(r));
  const ok = deps.policy.enforce(action, t, creds) && attrRules.every((r) => deps.policy.enforce(r, t, creds));
  if (!ok) throw new PolicyNotAuthorized(action, neutronPolicyMessage(action, attrRules));
}

/** Whether the caller may see a resource (GET policy); Neutron answers 404 rather than 403 when not. */
export function maySee(deps: NetworkApiDeps, req: FastifyRequest, action: string, resource: Record<string, unknown>): boolean {
  if (callerOf(deps, req).isAdmin) return true;
  const { t, creds } = credsFor(deps, req, resource);
  return deps.policy.enforce(action, t, creds);
}

/** Drops attributes the caller may not read (rules like get_network:provider:network_type). */
export function hideAttributes<T extends Record<string, unknown>>(deps: NetworkApiDeps, req: FastifyRequest, action: string, resource: T): T {
  if (callerOf(deps, req).isAdmin) return resource;
  const { t, creds } = credsFor(deps, req, resource);
  const out: Record<string, unknown> = { ...resource };
  const known = ruleNames(deps);
  for (const k of Object.keys(resource)) if (known.has(`${action}:${k}`) && !deps.policy.enforce(`${action}:${k}`, t, creds)) delete out[k];
  return out as T;
}

const ruleCache = new WeakMap<PolicyEnforcer, Set<string>>();
function ruleNames(deps: NetworkApiDeps): Set<string> {
  let s = ruleCache.get(deps.policy);
  if (!s) ruleCache.set(deps.policy, (s = new Set(deps.policy.listRules().map((r) => r.name))));
  return s;
}

export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? req.hostname}`;
}

/** The body's `key` object, or Neutron's 400. */
export function bodyOf(req: FastifyRequest, key: string): Record<string, unknown> {
  const b = req.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object' || Buffer.isBuffer(b)) throw bodyInvalid();
  const v = b[key];
  if (v === undefined) throw resourceMissingFromBody(key);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bodyInvalid();
  return v as Record<string, unknown>;
}

export type QueryValues = Record<string, string[]>;

export function queryOf(req: FastifyRequest): QueryValues {
  const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  const out: QueryValues = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = Array.isArray(v) ? v : [v];
  return out;
}

const NOT_FILTERS = new Set(['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'page_reverse', 'tags', 'tags-any', 'not-tags', 'not-tags-any', 'fixed_ips']);

/**
 * Neutron's list filters: any attribute by exact value (several values = any of them), tags,
 * `fixed_ips=ip_address=…|subnet_id=…`, then `fields`, `sort_key`/`sort_dir` and `limit`/`marker`.
 */
export function filterList<T extends Record<string, unknown>>(items: T[], q: QueryValues): Record<string, unknown>[] {
  let out = items.filter((it) => {
    for (const [k, values] of Object.entries(q)) {
      if (NOT_FILTERS.has(k)) continue;
      if (!(k in it)) continue;
      const v = it[k];
      const ok = values.some((want) => {
        if (typeof v === 'boolean') return String(v).toLowerCase() === want.toLowerCase();
        if (Array.isArray(v)) return v.map(String).includes(want);
        if (v === null) return want === '' || want.toLowerCase() === 'none';
        return String(v) === want;
      });
      if (!ok) return false;
    }
    const tags = (it.tags as string[] | undefined) ?? [];
    const csv = (k: string) => (q[k] ?? []).flatMap((x) => x.split(',')).filter(Boolean);
    if (q.tags && !csv('tags').every((t) => tags.includes(t))) return false;
    if (q['tags-any'] && !csv('tags-any').some((t) => tags.includes(t))) return false;
    if (q['not-tags'] && csv('not-tags').every((t) => tags.includes(t))) return false;
    if (q['not-tags-any'] && csv('not-tags-any').some((t) => tags.includes(t))) return false;
    if (q.fixed_ips) {
      const fixed = (it.fixed_ips as { ip_address: string; subnet_id: string }[] | undefined) ?? [];
      for (const f of q.fixed_ips) {
        const [key, value] = f.split('=');
        if (!fixed.some((x) => (key === 'ip_address' ? x.ip_address === value : key === 'subnet_id' ? x.subnet_id === value : key === 'ip_address_substr' ? x.ip_address.includes(value) : false))) return false;
      }
    }
    return true;
  });
  if (q.sort_key) {
    const key = q.sort_key[0];
    const dir = (q.sort_dir?.[0] ?? 'asc') === 'desc' ? -1 : 1;
    out = [...out].sort((a, b) => (String(a[key]) < String(b[key]) ? -dir : String(a[key]) > String(b[key]) ? dir : 0));
  }
  if (q.marker) {
    const i = out.findIndex((x) => x.id === q.marker[0]);
    if (i >= 0) out = out.slice(i + 1);
  }
  if (q.limit) {
    const n = Number(q.limit[0]);
    if (Number.isInteger(n) && n > 0) out = out.slice(0, n);
  }
  return out.map((it) => selectFields(it, q.fields));
}

export function selectFields(it: Record<string, unknown>, fields?: string[]): Record<string, unknown> {
  if (!fields?.length) return it;
  const want = new Set(fields.flatMap((f) => f.split(',')));
  const out: Record<string, unknown> = {};
  for (const k of want) if (k in it) out[k] = it[k];
  return out;
}
