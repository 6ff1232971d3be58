import type { HostFilter, HostState } from '../types';

/** Passes hosts whose nova-compute service is enabled and up. */
export class ComputeFilter implements HostFilter {
  readonly name = 'ComputeFilter';
  hostPasses(host: HostState): boolean {
    return host.serviceEnabled && host.serviceUp;
  }
}
