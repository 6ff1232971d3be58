/**
 * GET /allocation_candidates: which providers (and, from 1.29, which combinations of providers in
 * one tree) can hold a request now. The request is split in groups: the unsuffixed one may be
 * spread over a tree's providers, each suffixed (granular) group must come from one provider.
 * Groups are solved per tree, then combined; the combination must still fit once amounts on the
 * same provider are added up, respect group_policy=isolate, root_required and same_subtree.
 */
import type { InventoryRow, ProviderRow } from '../store/placement-store';
import type { Resources } from '../types';

export interface RequestGroup {
  suffix: string;
  /** False for the unsuffixed group (may span a tree), true for granular groups. */
  useSameProvider: boolean;
  resources: Resources;
  /** AND of ORs of trait names. */
  required: string[][];
  forbidden: string[];
  /** AND of ORs of aggregate uuids. */
  memberOf: string[][];
  forbiddenAggregates: string[];
  inTree?: string;
}

export interface CandidateRequest {
  groups: Record<string, RequestGroup>;
  groupPolicy?: string;
  limit?: number;
  rootRequired?: string[];
  rootForbidden?: string[];
  sameSubtrees: string[][];
  /** 1.29+: results may combine several providers of one tree. */
  nestedAware: boolean;
}

export interface ProviderView {
  provider: ProviderRow;
  inventories: InventoryRow[];
  used(rc: string): number;
  traits: string[];
  aggregates: string[];
}

export interface AllocationRequest {
  allocations: Record<string, Resources>;
  mappings: Record<string, string[]>;
}

export interface ProviderSummary {
  uuid: string;
  parentProviderUuid: string | null;
  rootProviderUuid: string;
  resources: { resourceClass: string; capacity: number; used: number }[];
  traits: string[];
}

export interface CandidateResult {
  allocationRequests: AllocationRequest[];
  summaries: ProviderSummary[];
}

/** One way to satisfy one group: amounts per provider. */
interface GroupSolution {
  parts: { rp: string; rc: string; amount: number }[];
  providers: string[];
}

/** More combinations than any lab needs; a guard against pathological requests. */
const MAX_COMBINATIONS = 10000;

function fitsOne(v: ProviderView, rc: string, amount: number): boolean {
  const inv = v.inventories.find((i) => i.resource_class === rc);
  if (!inv) return false;
  return v.used(rc) + amount <= (inv.total - inv.reserved) * inv.allocation_ratio && amount >= inv.min_unit && amount <= inv.max_unit && amount % inv.step_size === 0;
}

function product<T>(lists: T[][], max: number): T[][] {
  let out: T[][] = [[]];
  for (const l of lists) {
    const next: T[][] = [];
    for (const prefix of out) for (const x of l) if (next.length < max) next.push([...prefix, x]);
    out = next;
  }
  return out;
}

export function findCandidates(views: ProviderView[], req: CandidateRequest): CandidateResult {
  const byUuid = new Map(views.map((v) => [v.provider.uuid, v]));
  const trees = new Map<string, ProviderView[]>();
  for (const v of views) {
    let t = trees.get(v.provider.root_uuid);
    if (!t) trees.set(v.provider.root_uuid, (t = []));
    t.push(v);
  }
  const inTreeRoot = (uuid: string | undefined): string | null | undefined => (uuid === undefined ? undefined : (byUuid.get(uuid)?.provider.root_uuid ?? null));
  const aggsOf = (v: ProviderView): Set<string> => new Set([...v.aggregates, ...(byUuid.get(v.provider.root_uuid)?.aggregates ?? [])]);
  const aggOk = (v: ProviderView, g: RequestGroup): boolean => {
    const aggs = aggsOf(v);
    return g.memberOf.every((any) => any.some((a) => aggs.has(a))) && !g.forbiddenAggregates.some((a) => aggs.has(a));
  };
  const traitOk = (traits: Set<string>, g: RequestGroup): boolean => g.required.every((any) => any.some((t) => traits.has(t))) && !g.forbidden.some((t) => traits.has(t));
  const groups = Object.values(req.groups);
  const granular = groups.filter((g) => g.useSameProvider).length;

  const results: { root: string; ar: AllocationRequest }[] = [];
  const seen = new Set<string>();
  for (const [root, tree] of trees) {
    const rootView = byUuid.get(root);
    if (!rootView) continue;
    const rootTraits = new Set(rootView.traits);
    if ((req.rootRequired ?? []).some((t) => !rootTraits.has(t)) || (req.rootForbidden ?? []).some((t) => rootTraits.has(t))) continue;
    const options: GroupSolution[][] = [];
    for (const g of groups) {
      const wantRoot = inTreeRoot(g.inTree);
      if (wantRoot !== undefined && wantRoot !== root) {
        options.push([]);
        continue;
      }
      const sols: GroupSolution[] = [];
      const rcs = Object.entries(g.resources);
      if (g.useSameProvider || !req.nestedAware) {
        for (const v of tree) {
          if (!aggOk(v, g) || !traitOk(new Set(v.traits), g)) continue;
          if (!rcs.every(([rc, n]) => fitsOne(v, rc, n))) continue;
          sols.push({ parts: rcs.map(([rc, amount]) => ({ rp: v.provider.uuid, rc, amount })), providers: [v.provider.uuid] });
        }
      } else {
        const perClass = rcs.map(([rc, amount]) => tree.filter((v) => aggOk(v, g) && fitsOne(v, rc, amount)).map((v) => ({ rp: v.provider.uuid, rc, amount })));
        for (const parts of product(perClass, MAX_COMBINATIONS)) {
          const providers = [...new Set(parts.map((p) => p.rp))];
          const traits = new Set(providers.flatMap((p) => byUuid.get(p)!.traits));
          if (providers.some((p) => g.forbidden.some((t) => byUuid.get(p)!.traits.includes(t)))) continue;
          if (!g.required.every((any) => any.some((t) => traits.has(t)))) continue;
          sols.push({ parts, providers });
        }
      }
      options.push(sols);
    }
    if (options.some((o) => o.length === 0)) continue;
    for (const combo of product(options, MAX_COMBINATIONS)) {
      if (req.groupPolicy === 'isolate') {
        const used = new Set<string>();
        combo.forEach((s, i) => groups[i].useSameProvider && s.providers.forEach((p) => used.add(p)));
        if (used.size !== granular) continue;
      }
      const allocations: Record<string, Resources> = {};
      for (const s of combo) for (const p of s.parts) (allocations[p.rp] ??= {})[p.rc] = (allocations[p.rp][p.rc] ?? 0) + p.amount;
      if (!req.nestedAware && Object.keys(allocations).length > 1) continue;
      const over = Object.entries(allocations).some(([rp, res]) =>
        Object.entries(res).some(([rc, n]) => {
          const v = byUuid.get(rp)!;
          const inv = v.inventories.find((i) => i.resource_class === rc)!;
          return v.used(rc) + n > Math.floor((inv.total - inv.reserved) * inv.allocation_ratio);
        }),
      );
      if (over) continue;
      const mappings: Record<string, string[]> = {};
      combo.forEach((s, i) => (mappings[groups[i].suffix] = s.providers));
      if (!sameSubtreeOk(req.sameSubtrees, mappings, byUuid)) continue;
      // resourceless groups only name a provider; they allocate nothing
      for (const rp of Object.keys(allocations)) if (Object.keys(allocations[rp]).length === 0) delete allocations[rp];
      const key = JSON.stringify([Object.entries(allocations).map(([rp, r]) => [rp, Object.entries(r).sort()]).sort(), Object.entries(mappings).sort()]);
      if (seen.has(key)) continue;
      seen.add(key);
      results.push({ root, ar: { allocations, mappings } });
    }
  }
  const kept = req.limit !== undefined ? results.slice(0, req.limit) : results;
  const summaries: ProviderSummary[] = [];
  if (req.nestedAware) {
    const roots = new Set(kept.map((r) => r.root));
    for (const v of views) if (roots.has(v.provider.root_uuid)) summaries.push(summaryOf(v));
  } else {
    const used = new Set(kept.flatMap((r) => Object.keys(r.ar.allocations)));
    for (const v of views) if (used.has(v.provider.uuid)) summaries.push(summaryOf(v));
  }
  return { allocationRequests: kept.map((r) => r.ar), summaries };
}

function summaryOf(v: ProviderView): ProviderSummary {
  return {
    uuid: v.provider.uuid,
    parentProviderUuid: v.provider.parent_uuid,
    rootProviderUuid: v.provider.root_uuid,
    resources: v.inventories.map((i) => ({ resourceClass: i.resource_class, capacity: Math.floor((i.total - i.reserved) * i.allocation_ratio), used: v.used(i.resource_class) })),
    traits: [...v.traits],
  };
}

/** Every same_subtree set: one of the providers of those groups is an ancestor (or itself) of all the others. */
function sameSubtreeOk(sets: string[][], mappings: Record<string, string[]>, byUuid: Map<string, ProviderView>): boolean {
  const ancestors = (uuid: string): Set<string> => {
    const out = new Set<string>();
    for (let p: ProviderView | undefined = byUuid.get(uuid); p; p = p.provider.parent_uuid ? byUuid.get(p.provider.parent_uuid) : undefined) out.add(p.provider.uuid);
    return out;
  };
  for (const set of sets) {
    const rps = [...new Set(set.flatMap((s) => mappings[s] ?? []))];
    if (!rps.some((top) => rps.every((rp) => ancestors(rp).has(top)))) return false;
  }
  return true;
}
