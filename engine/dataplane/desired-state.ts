/**
 * What an all-in-one Neutron (ML2/OVS reference: OVS agent, L3 agent, DHCP agent) builds on the
 * host for a snapshot of Neutron's resources: OVS bridges and ports with local VLAN tags, the
 * root, qdhcp- and qrouter- namespaces with addresses, routes and NAT, and per-port security
 * group filters. Pure and deterministic: the same snapshot and config give a deep-equal state.
 */
import type { NetworkSnapshot } from '../network/types';
import { buildDhcpNamespace } from './dhcp-namespace';
import type { DesiredHostState } from './extra-types';
import { buildInstancePorts } from './instance-ports';
import { allocateLocalVlans } from './local-vlans';
import { buildBridges } from './ovs-bridges';
import { buildRootNamespace } from './root-namespace';
import { buildRouterNamespace } from './router-namespace';
import { buildFilters } from './security-filters';
import { byText, indexSnapshot } from './snapshot-index';
import type { HostConfig } from './types';

export function computeHostState(snapshot: NetworkSnapshot, config: HostConfig): DesiredHostState {
  const ix = indexSnapshot(snapshot, config);
  const { tags, bindings } = allocateLocalVlans(ix);
  const namespaces = [
    buildRootNamespace(ix),
    ...ix.routers.map((r) => buildRouterNamespace(ix, r)),
    ...[...ix.dhcpPorts.values()].map((p) => buildDhcpNamespace(ix, p)),
  ];
  const [root, ...rest] = namespaces;
  return {
    config,
    bridges: buildBridges(ix, tags),
    namespaces: [root, ...rest.sort((a, b) => byText(a.name, b.name))],
    localVlans: tags,
    filters: buildFilters(ix),
    instancePorts: buildInstancePorts(ix, tags),
    vlanBindings: bindings,
  };
}
