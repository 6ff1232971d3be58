/**
 * Local VLAN tags on br-int: one per network with a port on this host, numbered from 1 in the
 * networks' creation order (then id), so one snapshot always gives the same tags. Also how each
 * tag leaves br-int: flat/vlan networks on a mapped physnet go out through their provider bridge.
 */
import type { VlanBinding } from './extra-types';
import { byCreation, realizedPorts, type SnapshotIndex } from './snapshot-index';

export interface LocalVlans {
  tags: Record<string, number>;
  bindings: VlanBinding[];
}

export function allocateLocalVlans(ix: SnapshotIndex): LocalVlans {
  const used = new Set(realizedPorts(ix).map((p) => p.network_id));
  const nets = [...used].map((id) => ix.networks.get(id)).filter((n) => n !== undefined).sort(byCreation);
  const tags: Record<string, number> = {};
  const bindings: VlanBinding[] = nets.map((n, i) => {
    const tag = i + 1;
    tags[n.id] = tag;
    const type = n['provider:network_type'];
    const physnet = n['provider:physical_network'];
    const onProvider = (type === 'flat' || type === 'vlan') && physnet !== null;
    return {
      networkId: n.id,
      tag,
      networkType: type,
      physicalNetwork: physnet,
      segmentationId: n['provider:segmentation_id'],
      bridge: onProvider ? (ix.config.bridgeMappings[physnet] ?? null) : null,
    };
  });
  return { tags, bindings };
}
