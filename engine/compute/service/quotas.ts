import type { ComputeDeps, ComputeService } from '.';

export interface ComputeDeltas {
  instances: number;
  cores: number;
  ram: number;
}

/** Nova's quotas (instances, cores, ram, key_pairs, server_groups, …), counted from live records. */
export class ComputeQuotaManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  /**
   * Throws Nova's 403 "Quota exceeded for cores: Requested 2, but already used 19 of 20 cores"
   * when adding `deltas` to the project's usage would pass a limit. Call it in the same
   * synchronous step as the insert, so concurrent creates cannot both pass.
   */
  check(_projectId: string, _userId: string, _deltas: ComputeDeltas): void {}
}
