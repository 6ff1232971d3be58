import type { HostFilter, HostState, RequestSpec } from '../types';

/** Passes only the host the request's affinity group already runs on (any host for its first member). */
export class ServerGroupAffinityFilter implements HostFilter {
  readonly name = 'ServerGroupAffinityFilter';

  hostPasses(host: HostState, spec: RequestSpec): boolean {
    if (spec.group?.policy !== 'affinity') return true;
    return spec.groupHosts.length === 0 || spec.groupHosts.includes(host.host);
  }
}
