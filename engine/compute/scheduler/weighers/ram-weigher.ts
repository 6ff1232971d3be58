import type { HostState, HostWeigher } from '../types';

/** Prefers the host with the most free RAM ([filter_scheduler] ram_weight_multiplier = 1.0: spread). */
export class RAMWeigher implements HostWeigher {
  readonly name = 'RAMWeigher';
  constructor(readonly multiplier = 1.0) {}
  weigh(host: HostState): number {
    return host.freeRamMb;
  }
}
