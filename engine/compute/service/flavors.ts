import type { ComputeDeps, ComputeService } from '.';
import type { FlavorRecord } from '../types';

/** Flavors, their access lists and extra specs; the default m1.* set on a fresh lab. */
export class FlavorManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  /** By flavor id (not name). */
  find(_id: string): FlavorRecord | undefined {
    return undefined;
  }
}
