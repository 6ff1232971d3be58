import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import type { InventoryInput, PlacementClient, ProviderCandidate, Resources } from '../types';

export interface PlacementDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
}

/** Placement's backend: resource providers, inventories, allocations, traits, aggregates. */
export class PlacementService implements PlacementClient {
  constructor(readonly deps: PlacementDeps) {}

  ensureComputeNode(_p: { uuid: string; name: string; inventories: Record<string, InventoryInput>; traits?: string[] }): void {}
  removeProvider(_uuid: string): void {}
  candidates(_resources: Resources): ProviderCandidate[] {
    return [];
  }
  claim(): boolean {
    return false;
  }
  replaceAllocations(): boolean {
    return false;
  }
  release(_consumerUuid: string): void {}
  setAggregates(_providerUuid: string, _aggregateUuids: string[]): void {}
  usages(_providerUuid: string): Resources {
    return {};
  }
}
