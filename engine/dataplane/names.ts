/**
 * Device names and generated MACs, as the Neutron agents and the kernel make them.
 * Neutron names a device by a prefix and the port id cut to fit IFNAMSIZ (14 characters):
 * `tap177c8c39-42`, `qr-3fa254c3-77`, `qg-2e261868-ab`, `qvo5f3a…`.
 */

export const DEV_ID_LEN = 11;

export const tapName = (portId: string): string => `tap${portId.slice(0, DEV_ID_LEN)}`;
export const qrName = (portId: string): string => `qr-${portId.slice(0, DEV_ID_LEN)}`;
export const qgName = (portId: string): string => `qg-${portId.slice(0, DEV_ID_LEN)}`;
export const qvoName = (portId: string): string => `qvo${portId.slice(0, DEV_ID_LEN)}`;

export const qdhcpName = (networkId: string): string => `qdhcp-${networkId}`;
export const qrouterName = (routerId: string): string => `qrouter-${routerId}`;

/** The OVS agent's patch ports between br-int and a provider bridge: int-br-ex / phy-br-ex. */
export const intPatchName = (bridge: string): string => `int-${bridge}`.slice(0, 15);
export const phyPatchName = (bridge: string): string => `phy-${bridge}`.slice(0, 15);

/** The OVS agent's tunnel port name for a remote endpoint: vxlan-0a000210. */
export function tunnelPortName(type: 'vxlan' | 'gre', remoteIp: string): string {
  const hex = remoteIp
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');
  return `${type}-${hex}`;
}

/** The VLAN the OVS agent parks administratively down ports on. */
export const DEAD_VLAN = 4095;

/** VirtualBox NAT's gateway MAC: what the seeds' `arp -n` shows for 10.0.2.1. */
export const UPSTREAM_GATEWAY_MAC = '52:54:00:12:35:00';

/** A stable, locally administered unicast MAC for devices the kernel would give a random one. */
export function generatedMac(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');
  return `${hex((h1 & 0xfe) | 0x02)}:${hex(h1 >>> 8)}:${hex(h1 >>> 16)}:${hex(h2)}:${hex(h2 >>> 8)}:${hex(h2 >>> 16)}`;
}
