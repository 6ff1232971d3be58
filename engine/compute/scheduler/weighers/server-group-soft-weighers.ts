import type { HostState, HostWeigher, RequestSpec } from '../types';

/** soft-anti-affinity: fewer group members on the host is better. */
export class ServerGroupSoftAntiAffinityWeigher implements HostWeigher {
  readonly name = 'ServerGroupSoftAntiAffinityWeigher';
  readonly multiplier = 1.0;
  weigh(host: HostState, spec: RequestSpec): number {
    if (spec.group?.policy !== 'soft-anti-affinity') return 0;
    return -spec.groupHosts.filter((h) => h === host.host).length;
  }
}

/** soft-affinity: more group members on the host is better. */
export class ServerGroupSoftAffinityWeigher implements HostWeigher {
  readonly name = 'ServerGroupSoftAffinityWeigher';
  readonly multiplier = 1.0;
  weigh(host: HostState, spec: RequestSpec): number {
    if (spec.group?.policy !== 'soft-affinity') return 0;
    return spec.groupHosts.filter((h) => h === host.host).length;
  }
}
