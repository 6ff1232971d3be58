import type { HostFilter, HostState, RequestSpec } from '../types';

/** Passes hosts running fewer than max_server_per_host (1) members of the request's anti-affinity group. */
export class ServerGroupAntiAffinityFilter implements HostFilter {
  readonly name = 'ServerGroupAntiAffinityFilter';

  hostPasses(host: HostState, spec: RequestSpec): boolean {
    if (spec.group?.policy !== 'anti-affinity') return true;
    const max = spec.group.rules.max_server_per_host ?? 1;
    return spec.groupHosts.filter((h) => h === host.host).length < max;
  }
}
