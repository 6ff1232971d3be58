/**
 * The OVS bridges the OVS agent keeps: br-int (every Neutron port, tagged with its local VLAN),
 * the provider bridges from bridge_mappings (br-ex holds the NIC and the host address), and
 * br-tun (patched to br-int; a vxlan/gre port per remote tunnel endpoint, none on an all-in-one).
 */
import type { Port } from '../network/types';
import { DEAD_VLAN, intPatchName, phyPatchName, qgName, qrName, qvoName, tapName, tunnelPortName } from './names';
import { byText, deadReason, type SnapshotIndex } from './snapshot-index';
import type { OvsBridge, OvsPort } from './types';

/** br-ex first, then any other mapped bridge by name. */
export function providerBridges(ix: SnapshotIndex): string[] {
  const others = new Set(Object.values(ix.config.bridgeMappings));
  others.delete('br-ex');
  return ['br-ex', ...[...others].sort(byText)];
}

/** The br-int port of each realized Neutron port, with its device name and tag. */
export function neutronOvsPorts(ix: SnapshotIndex, tags: Record<string, number>): OvsPort[] {
  const tagOf = (p: Port): number => (deadReason(ix, p) ? DEAD_VLAN : tags[p.network_id]);
  const out: OvsPort[] = [];
  for (const p of ix.dhcpPorts.values()) out.push({ name: tapName(p.id), type: 'internal', tag: tagOf(p), neutronPortId: p.id });
  for (const p of [...ix.routerInterfaces.values()].flat()) out.push({ name: qrName(p.id), type: 'internal', tag: tagOf(p), neutronPortId: p.id });
  for (const p of ix.gatewayPorts.values()) out.push({ name: qgName(p.id), type: 'internal', tag: tagOf(p), neutronPortId: p.id });
  for (const p of ix.computePorts) out.push({ name: qvoName(p.id), type: '', tag: tagOf(p), neutronPortId: p.id });
  return out.sort((a, b) => byText(a.name, b.name));
}

interface Remote {
  type: 'vxlan' | 'gre';
  ip: string;
}

/** Tunnel endpoints of OVS agents on other hosts (from their reported configurations). */
function remoteEndpoints(ix: SnapshotIndex): Remote[] {
  const seen = new Map<string, Remote>();
  for (const a of ix.snapshot.agents) {
    if (a.agent_type !== 'Open vSwitch agent' || a.host === ix.config.hostname) continue;
    const ip = a.configurations['tunneling_ip'];
    const types = a.configurations['tunnel_types'];
    if (typeof ip !== 'string' || !ip || ip === ix.config.tunnelIp || !Array.isArray(types)) continue;
    for (const t of ['vxlan', 'gre'] as const) if (types.includes(t)) seen.set(`${t}-${ip}`, { type: t, ip });
  }
  return [...seen.values()].sort((a, b) => byText(`${a.type}-${a.ip}`, `${b.type}-${b.ip}`));
}

export function buildBridges(ix: SnapshotIndex, tags: Record<string, number>): OvsBridge[] {
  const { config } = ix;
  const datapathType = config.datapathType;
  const providers = providerBridges(ix);
  const mapped = new Set(Object.values(config.bridgeMappings));
  const patched = providers.filter((b) => mapped.has(b));

  const brInt: OvsBridge = {
    name: 'br-int',
    datapathType,
    failMode: 'secure',
    ports: [
      { name: 'br-int', type: 'internal' },
      { name: 'patch-tun', type: 'patch', options: { peer: 'patch-int' } },
      ...patched.map((b): OvsPort => ({ name: intPatchName(b), type: 'patch', options: { peer: phyPatchName(b) } })),
      ...neutronOvsPorts(ix, tags),
    ],
  };
  const provider = providers.map(
    (b): OvsBridge => ({
      name: b,
      datapathType,
      failMode: 'secure',
      ports: [
        ...(mapped.has(b) ? [{ name: phyPatchName(b), type: 'patch' as const, options: { peer: intPatchName(b) } }] : []),
        ...(b === 'br-ex' ? [{ name: config.nic, type: '' as const }] : []),
        { name: b, type: 'internal' },
      ],
    }),
  );
  const brTun: OvsBridge = {
    name: 'br-tun',
    datapathType,
    failMode: 'secure',
    ports: [
      { name: 'patch-int', type: 'patch', options: { peer: 'patch-tun' } },
      ...remoteEndpoints(ix).map(
        (r): OvsPort => ({
          name: tunnelPortName(r.type, r.ip),
          type: r.type,
          options: { df_default: 'true', egress_pkt_mark: '0', in_key: 'flow', local_ip: config.tunnelIp, out_key: 'flow', remote_ip: r.ip },
        }),
      ),
      { name: 'br-tun', type: 'internal' },
    ],
  };
  return [brInt, ...provider, brTun];
}
