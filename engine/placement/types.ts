/**
 * What Nova's scheduler and compute hosts ask of Placement, in-process. The HTTP API on 8778 is
 * built on the same service; this is the narrow view other services use.
 */

/** Standard resource classes and amounts (custom classes CUSTOM_* allowed). */
export type Resources = Record<string, number>;

export interface InventoryInput {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

export interface ProviderCandidate {
  uuid: string;
  name: string;
  /** Capacity left per class after this request: (total - reserved) * ratio - used - requested. */
  remaining: Resources;
}

export interface PlacementClient {
  /** Creates or updates the compute node's provider (uuid = hypervisor id, name = hypervisor hostname) and its inventory. */
  ensureComputeNode(p: { uuid: string; name: string; inventories: Record<string, InventoryInput>; traits?: string[] }): void;
  removeProvider(uuid: string): void;
  /** Providers that can hold all of `resources` now (GET /allocation_candidates), optionally limited to aggregate members / required traits. */
  candidates(resources: Resources, opts?: { memberOf?: string[][]; required?: string[]; forbidden?: string[] }): ProviderCandidate[];
  /** Claims atomically; false when capacity was taken meanwhile (Placement's 409 concurrent update). */
  claim(consumerUuid: string, providerUuid: string, resources: Resources, projectId: string, userId: string): boolean;
  /** Moves a consumer's allocations (resize) — replaces them with the given set. */
  replaceAllocations(consumerUuid: string, allocations: Record<string, Resources>, projectId: string, userId: string): boolean;
  release(consumerUuid: string): void;
  /** Aggregates a provider belongs to (Nova mirrors host aggregates here). */
  setAggregates(providerUuid: string, aggregateUuids: string[]): void;
  usages(providerUuid: string): Resources;
}
