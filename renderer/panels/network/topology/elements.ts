import type { ElementDefinition } from 'cytoscape';
import type { HostGraph } from '../../../../engine/ui/contract';
import type { Server } from '../../../services/openstack/compute';
import type { FloatingIp, Network, Port, Router, Subnet } from '../../../services/openstack/network';

/** What the logical view is drawn from: the OpenStack APIs, as Horizon's topology reads them. */
export interface LogicalData {
  networks: Network[];
  subnets: Subnet[];
  routers: Router[];
  ports: Port[];
  servers: Server[];
  floatingIps: FloatingIp[];
}

/** The logical view: external networks, routers, networks with their subnets, instances, floating IPs. */
export function logicalElements(d: LogicalData): ElementDefinition[] {
  const els: ElementDefinition[] = [];
  const nets = new Set(d.networks.map((n) => n.id));
  for (const n of d.networks) {
    const subnets = d.subnets.filter((s) => s.network_id === n.id).map((s) => `${s.name || s.id.slice(0, 8)} ${s.cidr}`);
    els.push({
      data: {
        id: `net:${n.id}`,
        kind: n['router:external'] ? 'external' : 'network',
        label: `${n.name || n.id.slice(0, 8)}\n${subnets.join('\n')}`,
        // the box fits its label (cytoscape does not size nodes to their text)
        w: Math.max(120, 8 + 6.5 * Math.max((n.name || '').length, ...subnets.map((l) => l.length))),
        h: 10 + 13 * (1 + subnets.length),
        details: { id: n.id, status: n.status, external: n['router:external'], shared: n.shared, subnets, type: n['provider:network_type'] ?? '' },
      },
    });
  }
  for (const r of d.routers) {
    els.push({ data: { id: `router:${r.id}`, kind: 'router', label: r.name || r.id.slice(0, 8), details: { id: r.id, status: r.status, gateway: r.external_gateway_info?.external_fixed_ips?.map((f) => f.ip_address).join(', ') ?? '' } } });
    const gw = r.external_gateway_info?.network_id;
    if (gw && nets.has(gw)) els.push({ data: { id: `gw:${r.id}`, source: `router:${r.id}`, target: `net:${gw}`, kind: 'gateway', label: r.external_gateway_info?.external_fixed_ips?.[0]?.ip_address ?? 'gateway' } });
  }
  for (const p of d.ports.filter((p) => p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_interface_distributed')) {
    if (nets.has(p.network_id)) els.push({ data: { id: `if:${p.id}`, source: `router:${p.device_id}`, target: `net:${p.network_id}`, kind: 'interface', label: p.fixed_ips.map((f) => f.ip_address).join(', ') } });
  }
  for (const s of d.servers) {
    els.push({ data: { id: `vm:${s.id}`, kind: 'instance', status: s.status, label: `${s.name}\n${s.status}`, details: { id: s.id, status: s.status, flavor: s.flavor.original_name ?? '', addresses: s.addresses, volumes: (s['os-extended-volumes:volumes_attached'] ?? []).map((v) => v.id) } } });
    for (const p of d.ports.filter((p) => p.device_id === s.id && nets.has(p.network_id))) {
      const fip = d.floatingIps.find((f) => f.port_id === p.id);
      els.push({ data: { id: `port:${p.id}`, source: `vm:${s.id}`, target: `net:${p.network_id}`, kind: 'port', label: p.fixed_ips.map((f) => f.ip_address).join(', ') + (fip ? `\n⇄ ${fip.floating_ip_address}` : '') } });
    }
  }
  return els;
}

const BRIDGE_ORDER = ['br-ex', 'br-int', 'br-tun'];

/**
 * Where each leaf of the host view goes (a fixed plan, as an operator draws it): the NIC, then the
 * bridges side by side with their ports stacked inside; the namespaces in a row below with their
 * interfaces; the instances at the bottom. Compound nodes (bridges, namespaces) wrap their children.
 */
function hostPositions(g: HostGraph): Map<string, { x: number; y: number }> {
  const pos = new Map<string, { x: number; y: number }>();
  const children = (parent: string) => g.nodes.filter((n) => n.parent === parent);
  const bridges = g.nodes.filter((n) => n.kind === 'bridge').sort((a, b) => {
    const ia = BRIDGE_ORDER.indexOf(a.label);
    const ib = BRIDGE_ORDER.indexOf(b.label);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.label.localeCompare(b.label);
  });
  const COL = 260;
  const ROW = 34;
  let deepest = 0;
  bridges.forEach((b, i) => {
    const ports = children(b.id);
    ports.forEach((p, j) => pos.set(p.id, { x: COL * (i + 1), y: ROW * j }));
    deepest = Math.max(deepest, ports.length);
  });
  for (const n of g.nodes.filter((n) => n.kind === 'nic')) pos.set(n.id, { x: 0, y: 0 });
  const nsTop = ROW * deepest + 120;
  const namespaces = g.nodes.filter((n) => n.kind === 'namespace');
  let nsDeepest = 0;
  namespaces.forEach((ns, i) => {
    const ifaces = children(ns.id);
    ifaces.forEach((f, j) => pos.set(f.id, { x: 400 * i, y: nsTop + ROW * j }));
    nsDeepest = Math.max(nsDeepest, ifaces.length);
  });
  const vmTop = nsTop + ROW * nsDeepest + 120;
  g.nodes.filter((n) => n.kind === 'instance').forEach((vm, i) => pos.set(vm.id, { x: COL * (i + 1), y: vmTop }));
  return pos;
}

/** The host view: the host graph as cytoscape elements (compound nodes for bridges and namespaces), placed. */
export function hostElements(g: HostGraph): ElementDefinition[] {
  const pos = hostPositions(g);
  return [
    ...g.nodes.map((n) => ({ data: { id: n.id, kind: n.kind, label: n.label, details: n.details, ...(n.parent ? { parent: n.parent } : {}) }, ...(pos.has(n.id) ? { position: pos.get(n.id) } : {}) })),
    ...g.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label ?? '' } })),
  ];
}
