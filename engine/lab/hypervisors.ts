import type { HypervisorDriver, HypervisorInfo } from '../compute/types';
import type { HostRuntime } from './host-runtime';

/**
 * Nova's hypervisors in the lab: the sim host (its memory shared by the host's services and the
 * instances' qemu processes) and the compute hosts added with `stacklab host add`.
 */
export class SimHypervisors implements HypervisorDriver {
  constructor(private readonly runtime: HostRuntime) {}

  hosts(): HypervisorInfo[] {
    const h = this.runtime.host;
    return [{ hostname: h.hostname, vcpus: 2, memoryMb: h.memory().totalMb, localGb: 49, computeRunning: h.isActive('openstack-nova-compute') }];
  }

  availableMemoryMb(_hostname: string): number {
    return this.runtime.host.memory().availableMb;
  }

  spawn(_hostname: string, _serverId: string, _memoryMb: number): void {}

  destroy(_hostname: string, _serverId: string): void {}
}
