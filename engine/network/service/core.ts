import { type Clock, isoSeconds } from '../../core/clock';
import type { EventBus } from '../../core/events';
import type { ErrorKind } from '../../core/errors';
import { NeutronFault } from '../faults';
import type { NetworkStore } from '../store/network-store';
import type { Stamped } from '../types';

/** Who is asking: Neutron scopes most reads and writes to the caller's project unless admin. */
export interface Caller {
  projectId: string;
  isAdmin: boolean;
}

/** Static facts of this Neutron: ranges and defaults from its configuration (ml2_conf.ini). */
export interface NetworkConfig {
  /** [ml2] tenant_network_types' first entry: what `openstack network create x` gets. */
  tenantNetworkType: 'vxlan' | 'vlan' | 'gre' | 'flat' | 'local';
  vxlanRange: [number, number];
  greRange: [number, number];
  /** physnet → vlan range, for vlan networks. */
  vlanRanges: Record<string, [number, number]>;
  flatNetworks: string[];
  /** The host the agents run on and ports bind to. */
  host: string;
  globalMtu: number;
}

export const defaultNetworkConfig = (host: string): NetworkConfig => ({
  tenantNetworkType: 'vxlan',
  vxlanRange: [1, 1000],
  greRange: [1, 1000],
  vlanRanges: { extnet: [100, 199] },
  flatNetworks: ['*'],
  host,
  globalMtu: 1500,
});

/** What every Neutron manager shares: the store, config, clock and events, and one write helper. */
export class NetworkCore {
  constructor(
    readonly store: NetworkStore,
    readonly clock: Clock,
    readonly events: EventBus,
    readonly config: NetworkConfig,
    /** Called after every committed write, so the dataplane can recompute. */
    private readonly onChange: () => void,
  ) {}

  /** Runs `fn` in one transaction; publishes `network.<event>` and notifies the dataplane once committed. */
  write<T>(event: string, fn: () => T, id?: (r: T) => string | undefined): T {
    const result = this.store.db.tx(fn);
    this.events.publish(`network.${event}`, id ? id(result) : undefined);
    this.onChange();
    return result;
  }

  now(): string {
    return isoSeconds(this.clock.now());
  }

  stamp(): Stamped {
    const t = this.now();
    return { created_at: t, updated_at: t, revision_number: 0, tags: [], description: '' };
  }

  /** Bumps revision_number and updated_at, as Neutron's standard attributes do on every change. */
  touch<T extends Stamped>(doc: T): T {
    return { ...doc, revision_number: doc.revision_number + 1, updated_at: this.now() };
  }
}

export const fault = (kind: ErrorKind, type: string, message: string): NeutronFault => new NeutronFault(kind, type, message);
export const notFound = (type: string, what: string, id: string): NeutronFault => fault('NotFound', type, `${what} ${id} could not be found.`);
export const invalidInput = (msg: string): NeutronFault => fault('BadRequest', 'InvalidInput', `Invalid input for operation: ${msg}.`);
export const badRequest = (resource: string, msg: string): NeutronFault => fault('BadRequest', 'BadRequest', `Bad ${resource} request: ${msg}.`);

/** Projects a caller can see: its own, or all for an admin. */
export function visible<T extends { project_id: string }>(caller: Caller, items: T[], shared?: (t: T) => boolean): T[] {
  if (caller.isAdmin) return items;
  return items.filter((t) => t.project_id === caller.projectId || (shared ? shared(t) : false));
}
