import { uuid } from '../../core/ids';
import { bitsOfFamily, type Family, formatAddr, formatPrefix, lastAddress, parseAddr, parseNetwork, type Prefix } from '../../core/net/ip';
import {
  addressScopePrefixConflict,
  addrFormatError,
  badRequest,
  emptySubnetPoolPrefixList,
  illegalSubnetPoolIpVersionAssociationToAddressScope,
  illegalSubnetPoolPrefixBounds,
  illegalSubnetPoolPrefixUpdate,
  illegalSubnetPoolUpdate,
  invalidInput,
  maxPrefixSubnetAllocationError,
  minPrefixSubnetAllocationError,
  networkAddressScopeAffinityError,
  networkSubnetPoolAffinityError,
  prefixVersionMismatch,
  subnetAllocationError,
  subnetPoolDeleteError,
  subnetPoolNotFound,
  subnetPoolQuotaExceeded,
} from '../faults';
import type { SubnetPoolStore } from '../store/subnetpool-store';
import type { Subnet, SubnetPool } from '../types';
import type { AddressScopeManager } from './address-scopes';
import { type Caller, type NetworkCore, visible } from './core';

// --- sets of addresses, as netaddr's IPSet: intervals per family, merged -----------------------

/** A run of addresses [start, end] of one family. */
export interface Span {
  family: Family;
  start: bigint;
  end: bigint;
}

/** Parses a CIDR as netaddr.IPNetwork would for an IPSet (host bits dropped); AddrFormatError when it does not parse. */
export function parseCidr(cidr: string): Prefix {
  const text = typeof cidr === 'string' ? cidr.trim() : '';
  const bare = parseAddr(text);
  const p = bare ? { family: bare.family, base: bare.value, len: bitsOfFamily(bare.family) } : parseNetwork(text);
  if (!p) throw addrFormatError(String(cidr));
  return p;
}

/** The union of the prefixes as sorted, merged spans (adjacent runs joined). */
export function spansOf(prefixes: readonly Prefix[]): Span[] {
  const raw = prefixes.map((p) => ({ family: p.family, start: p.base, end: lastAddress(p) })).sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Span[] = [];
  for (const s of raw) {
    const last = out[out.length - 1];
    if (last && last.family === s.family && s.start <= last.end + 1n) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ ...s });
  }
  return out;
}

/** a − b. */
export function spanDifference(a: readonly Span[], b: readonly Span[]): Span[] {
  let out = a.map((s) => ({ ...s }));
  for (const r of b) {
    const next: Span[] = [];
    for (const s of out) {
      if (s.family !== r.family || r.end < s.start || r.start > s.end) next.push(s);
      else {
        if (r.start > s.start) next.push({ family: s.family, start: s.start, end: r.start - 1n });
        if (r.end < s.end) next.push({ family: s.family, start: r.end + 1n, end: s.end });
      }
    }
    out = next;
  }
  return out;
}

export function spansIntersect(a: readonly Span[], b: readonly Span[]): boolean {
  return a.some((x) => b.some((y) => x.family === y.family && x.start <= y.end && y.start <= x.end));
}

export function spansSubset(a: readonly Span[], b: readonly Span[]): boolean {
  return spanDifference(a, b).length === 0;
}

/** The fewest CIDRs covering the spans, in address order (netaddr's IPSet.iter_cidrs after compact()). */
export function spansToPrefixes(spans: readonly Span[]): Prefix[] {
  const out: Prefix[] = [];
  for (const s of spans) {
    const bits = bitsOfFamily(s.family);
    let start = s.start;
    while (start <= s.end) {
      let len = bits;
      // widen while the block stays aligned and inside the span
      while (len > 0) {
        const size = 1n << BigInt(bits - len + 1);
        if (start % size !== 0n || start + size - 1n > s.end) break;
        len--;
      }
      out.push({ family: s.family, base: start, len });
      start += 1n << BigInt(bits - len);
    }
  }
  return out;
}

/** Compacts a prefix list as Neutron stores a pool's prefixes. */
export function compactPrefixes(prefixes: readonly Prefix[]): string[] {
  return spansToPrefixes(spansOf(prefixes)).map(formatPrefix);
}

const FAMILY_INFO: Record<Family, { max: number; defaultMin: number; quotaUnit: number }> = {
  4: { max: 32, defaultMin: 8, quotaUnit: 32 },
  6: { max: 128, defaultMin: 64, quotaUnit: 64 },
};

export type SubnetPoolInput = Partial<Omit<SubnetPool, 'prefixes'>> & { prefixes?: string[] };

/** What subnet creation asks of the pools. */
export interface SubnetRequest {
  cidr?: string;
  prefixlen?: number | null;
  gateway_ip?: string | null;
  ip_version?: number;
  subnetpool_id?: string | null;
  use_default_subnetpool?: boolean;
  project_id: string;
}

/**
 * Subnet pools (neutron/db/db_base_plugin_v2.py, neutron/ipam/subnet_alloc.py): prefixes compacted
 * as netaddr does, prefix-length bounds with Neutron's defaults (/8…/32 for IPv4, /64…/128 for
 * IPv6), one default pool per family, membership in an address scope, and subnet allocation:
 * the free space of the pool sorted most specific first, the first block that fits gives its
 * lowest prefix of the requested length.
 */
export class SubnetPoolManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly store: SubnetPoolStore,
    private readonly scopes: AddressScopeManager,
  ) {}

  find(id: string): SubnetPool | undefined {
    return this.store.subnetPools.get(id);
  }

  canSee(caller: Caller, p: SubnetPool): boolean {
    return caller.isAdmin || p.project_id === caller.projectId || p.shared;
  }

  get(caller: Caller, id: string): SubnetPool {
    const p = this.find(id);
    if (!p || !this.canSee(caller, p)) throw subnetPoolNotFound(id);
    return p;
  }

  list(caller: Caller): SubnetPool[] {
    return visible(caller, this.store.subnetPools.all(), (p) => p.shared);
  }

  /** The default pool of a family the caller can see (get_default_subnetpool). */
  defaultPool(caller: Caller, ipVersion: number): SubnetPool | undefined {
    return this.list(caller).find((p) => p.is_default && p.ip_version === ipVersion);
  }

  private subnetsOf(poolId: string): Subnet[] {
    return this.core.store.subnets.all().filter((s) => s.subnetpool_id === poolId);
  }

  /**
   * SubnetPoolReader: infers the family, compacts the prefixes, fills and checks the bounds.
   * `input` holds every attribute (defaults not yet applied on create).
   */
  private read(input: SubnetPoolInput): Pick<SubnetPool, 'prefixes' | 'ip_version' | 'min_prefixlen' | 'max_prefixlen' | 'default_prefixlen'> {
    const list = input.prefixes ?? [];
    if (!list.length) throw emptySubnetPoolPrefixList();
    const parsed = list.map(parseCidr);
    const version = parsed[0].family;
    if (parsed.some((p) => p.family !== version)) throw prefixVersionMismatch();
    const info = FAMILY_INFO[version];
    const min = input.min_prefixlen ?? info.defaultMin;
    const max = input.max_prefixlen ?? info.max;
    const def = input.default_prefixlen ?? min;
    if (min > max) throw illegalSubnetPoolPrefixBounds('min_prefixlen', min, 'max_prefixlen', max);
    if (max > info.max) throw illegalSubnetPoolPrefixBounds('max_prefixlen', max, 'ip_version_max', info.max);
    if (def < min) throw illegalSubnetPoolPrefixBounds('default_prefixlen', def, 'min_prefixlen', min);
    if (def > max) throw illegalSubnetPoolPrefixBounds('default_prefixlen', def, 'max_prefixlen', max);
    return { prefixes: compactPrefixes(parsed), ip_version: version, min_prefixlen: min, max_prefixlen: max, default_prefixlen: def };
  }

  private checkDefaultFree(ipVersion: number, exceptId?: string): void {
    if (this.store.subnetPools.all().some((p) => p.is_default && p.ip_version === ipVersion && p.id !== exceptId))
      throw invalidInput('A default subnetpool for this IP family has already been set. Only one default may exist per IP family');
  }

  /** _validate_address_scope_id: family, network affinity, and no prefix shared with another pool of the scope. */
  private checkScope(caller: Caller, scopeId: string | null | undefined, poolId: string, prefixes: string[], ipVersion: number): void {
    if (!scopeId) return;
    const scope = this.scopes.get(caller, scopeId);
    if (scope.ip_version !== ipVersion) throw illegalSubnetPoolIpVersionAssociationToAddressScope(poolId, scopeId, scope.ip_version);
    // re-scoping must not leave a network with subnets in two scopes
    const rescoped = this.subnetsOf(poolId);
    const ids = new Set(rescoped.map((s) => s.id));
    for (const netId of new Set(rescoped.map((s) => s.network_id)))
      if (this.core.store.subnets.where({ network_id: netId }).some((s) => s.ip_version === ipVersion && !ids.has(s.id))) throw networkAddressScopeAffinityError();
    const mine = spansOf(prefixes.map(parseCidr));
    for (const other of this.store.subnetPools.where({ address_scope_id: scopeId }))
      if (other.id !== poolId && spansIntersect(spansOf(other.prefixes.map(parseCidr)), mine)) throw addressScopePrefixConflict();
  }

  create(caller: Caller, input: SubnetPoolInput): SubnetPool {
    return this.core.write('subnetpool.created', () => {
      const id = uuid();
      const r = this.read(input);
      const isDefault = input.is_default ?? false;
      if (isDefault) this.checkDefaultFree(r.ip_version);
      this.checkScope(caller, input.address_scope_id, id, r.prefixes, r.ip_version);
      const project = input.project_id ?? input.tenant_id ?? caller.projectId;
      const pool: SubnetPool = {
        ...this.core.stamp(),
        id,
        name: input.name ?? '',
        tenant_id: project,
        project_id: project,
        ...r,
        default_quota: input.default_quota ?? null,
        address_scope_id: input.address_scope_id ?? null,
        is_default: isDefault,
        shared: input.shared ?? false,
        description: input.description ?? '',
      };
      this.store.subnetPools.insert(pool);
      return pool;
    }, (p) => p.id);
  }

  update(caller: Caller, id: string, patch: SubnetPoolInput): SubnetPool {
    return this.core.write('subnetpool.updated', () => {
      const orig = this.get(caller, id);
      const { id: _i, project_id: _p, tenant_id: _t, ip_version: _v, created_at: _c, updated_at: _u, revision_number: _r, tags: _g, ...rest } = patch;
      let prefixes = orig.prefixes;
      if (rest.prefixes !== undefined) {
        const next = rest.prefixes.map(parseCidr);
        if (!spansSubset(spansOf(orig.prefixes.map(parseCidr)), spansOf(next))) throw illegalSubnetPoolPrefixUpdate('Existing prefixes must be a subset of the new prefixes');
        prefixes = compactPrefixes(next);
      }
      const merged: SubnetPool = { ...orig, ...rest, prefixes } as SubnetPool;
      const r = this.read(merged);
      if (merged.is_default && !orig.is_default) this.checkDefaultFree(r.ip_version, id);
      if (orig.address_scope_id) {
        const scope = this.scopes.get(caller, orig.address_scope_id);
        if (!caller.isAdmin && scope.project_id !== caller.projectId)
          throw illegalSubnetPoolUpdate(`subnetpool ${id} cannot be updated when associated with shared address scope ${orig.address_scope_id}`);
      }
      this.checkScope(caller, merged.address_scope_id, id, r.prefixes, r.ip_version);
      const next = this.core.touch({ ...merged, ...r, address_scope_id: merged.address_scope_id ?? null });
      this.store.subnetPools.put(next);
      if (orig.address_scope_id !== next.address_scope_id) for (const netId of new Set(this.subnetsOf(id).map((s) => s.network_id))) this.refreshNetworkScopes(netId);
      return next;
    }, () => id);
  }

  /** PUT …/add_prefixes: the pool's prefixes plus these, through update (so the same checks apply). */
  addPrefixes(caller: Caller, id: string, prefixes: string[]): { prefixes: string[] } {
    const pool = this.get(caller, id);
    return { prefixes: this.update(caller, id, { prefixes: [...pool.prefixes, ...prefixes] }).prefixes };
  }

  /** PUT …/remove_prefixes: refused when a subnet of the pool lies in what is removed. */
  removePrefixes(caller: Caller, id: string, prefixes: string[]): { prefixes: string[] } {
    return this.core.write('subnetpool.updated', () => {
      const pool = this.get(caller, id);
      const all = spansOf(pool.prefixes.map(parseCidr));
      const removal = spansOf(prefixes.map(parseCidr));
      if (!spansIntersect(all, removal)) return { prefixes: pool.prefixes };
      if (spansIntersect(spansOf(this.subnetsOf(id).map((s) => parseCidr(s.cidr))), removal))
        throw illegalSubnetPoolPrefixUpdate('One or more the prefixes to be removed is in use by a subnet');
      const next = this.core.touch({ ...pool, prefixes: spansToPrefixes(spanDifference(all, removal)).map(formatPrefix) });
      this.store.subnetPools.put(next);
      return { prefixes: next.prefixes };
    }, () => id);
  }

  /** Refused while subnets were allocated from the pool: Neutron 21's 400 SubnetPoolDeleteError. */
  delete(caller: Caller, id: string): void {
    this.core.write('subnetpool.deleted', () => {
      this.get(caller, id);
      if (this.subnetsOf(id).length) throw subnetPoolDeleteError('Subnet pool has existing allocations');
      this.store.subnetPools.delete(id);
    }, () => id);
  }

  // --- subnet allocation (called by the subnet manager, inside its transaction) ---------------------

  /** _get_subnetpool_id: the pool a subnet request names, the family's default one, or none. */
  poolIdFor(caller: Caller, req: SubnetRequest): string | null {
    const useDefault = req.use_default_subnetpool ?? false;
    if (useDefault && req.subnetpool_id) throw badRequest('subnets', 'subnetpool_id and use_default_subnetpool cannot both be specified');
    if (req.subnetpool_id) return req.subnetpool_id;
    if (!useDefault) return null;
    const version = req.cidr ? parseNetwork(req.cidr)?.family : req.ip_version;
    if (!version) throw badRequest('subnets', 'ip_version must be specified in the absence of cidr and subnetpool_id');
    const pool = this.defaultPool(caller, version);
    if (!pool) throw badRequest('subnets', `No default subnetpool found for IPv${version}`);
    return pool.id;
  }

  /** Allocates the subnet's CIDR from the pool (SubnetAllocator): a specific CIDR, or any of the requested length. */
  allocate(caller: Caller, poolId: string, req: SubnetRequest): { pool: SubnetPool; cidr: string } {
    const pool = this.get(caller, poolId);
    if (req.ip_version !== undefined && req.ip_version !== pool.ip_version)
      throw badRequest('subnets', `Cannot allocate IPv${req.ip_version} subnet from IPv${pool.ip_version} subnet pool`);
    let specific: Prefix | undefined;
    if (req.cidr) specific = parseNetwork(req.cidr);
    else if (req.gateway_ip) specific = parseNetwork(`${req.gateway_ip}/${req.prefixlen ?? pool.default_prefixlen}`);
    const prefixlen = specific ? specific.len : req.prefixlen ?? pool.default_prefixlen;
    if (!specific && (prefixlen < 0 || prefixlen > bitsOfFamily(pool.ip_version))) throw addrFormatError(`${pool.ip_version === 4 ? '0.0.0.0' : '::'}/${prefixlen}`);
    if (prefixlen > pool.max_prefixlen) throw maxPrefixSubnetAllocationError(prefixlen, pool.max_prefixlen);
    if (prefixlen < pool.min_prefixlen) throw minPrefixSubnetAllocationError(prefixlen, pool.min_prefixlen);
    const allocated = this.subnetsOf(pool.id);
    if (pool.default_quota) {
      const unit = FAMILY_INFO[pool.ip_version].quotaUnit;
      const units = (len: number) => 2 ** (unit - len);
      const used = allocated.filter((s) => s.project_id === pool.project_id).reduce((a, s) => a + units(parseCidr(s.cidr).len), 0);
      if (used + units(prefixlen) > pool.default_quota) throw subnetPoolQuotaExceeded();
    }
    const free = spansToPrefixes(spanDifference(spansOf(pool.prefixes.map(parseCidr)), spansOf(allocated.map((s) => parseCidr(s.cidr)))));
    if (specific) {
      const s = specific;
      const holder = free.find((f) => f.family === s.family && f.len <= s.len && s.base >= f.base && lastAddress(s) <= lastAddress(f));
      if (!holder) throw subnetAllocationError('Cannot allocate requested subnet from the available set of prefixes');
      return { pool, cidr: formatPrefix(s) };
    }
    // most specific free blocks first (a stable sort keeps address order among equals)
    const byFit = [...free].sort((a, b) => b.len - a.len);
    const block = byFit.find((f) => prefixlen >= f.len);
    if (!block) throw subnetAllocationError(`Insufficient prefix space to allocate subnet size /${prefixlen}`);
    return { pool, cidr: `${formatAddr(block.base, block.family)}/${prefixlen}` };
  }

  /** The address scope a network's subnets of one family have through their pools (get_network_address_scope). */
  networkScope(networkId: string, ipVersion: number): string | null {
    for (const s of this.core.store.subnets.where({ network_id: networkId })) {
      if (s.ip_version !== ipVersion || !s.subnetpool_id) continue;
      const scope = this.find(s.subnetpool_id)?.address_scope_id;
      if (scope) return scope;
    }
    return null;
  }

  /** _validate_network_subnetpools: one pool per family on a network, or one address scope when scopes are used. */
  checkNetworkAffinity(networkId: string, ipVersion: number, pool: SubnetPool | null): void {
    const scope = this.networkScope(networkId, ipVersion);
    if (scope && pool && pool.address_scope_id !== scope) throw networkAddressScopeAffinityError();
    for (const s of this.core.store.subnets.where({ network_id: networkId })) {
      if (pool) {
        if (s.subnetpool_id !== pool.id && s.ip_version === pool.ip_version && !scope) throw networkSubnetPoolAffinityError();
      } else if (s.subnetpool_id && s.ip_version === ipVersion) throw networkSubnetPoolAffinityError();
    }
  }

  /** Keeps a network's ipv4_address_scope / ipv6_address_scope equal to the scopes of its subnets' pools. */
  refreshNetworkScopes(networkId: string): void {
    const n = this.core.store.networks.get(networkId);
    if (!n) return;
    const v4 = this.networkScope(networkId, 4);
    const v6 = this.networkScope(networkId, 6);
    if (n.ipv4_address_scope !== v4 || n.ipv6_address_scope !== v6) this.core.store.networks.put({ ...n, ipv4_address_scope: v4, ipv6_address_scope: v6 });
  }
}
