import type { HostFilter, HostState, RequestSpec } from '../types';

/** Passes hosts in the requested availability zone (every host when none was asked). */
export class AvailabilityZoneFilter implements HostFilter {
  readonly name = 'AvailabilityZoneFilter';
  hostPasses(host: HostState, spec: RequestSpec): boolean {
    return !spec.zone || host.zone === spec.zone;
  }
}
