import { useEffect, useState } from 'react';
import { SelectField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import type { Server } from '../../services/openstack/compute';
import type { FloatingIp, Network, Port } from '../../services/openstack/network';

const NEW = 'new:';

/**
 * Horizon's "Manage Floating IP Associations" for one instance: pick a free address of the project
 * (or allocate one from an external network) and the instance port to bind it to.
 */
export function AssociateFloatingIp({ server, floatingIps, networks, onClose, onDone }: { server: Server; floatingIps: FloatingIp[]; networks: Network[]; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const free = floatingIps.filter((f) => !f.port_id);
  const external = networks.filter((n) => n['router:external']);
  const options = [
    ...free.map((f) => ({ value: f.id, label: f.floating_ip_address })),
    ...external.map((n) => ({ value: `${NEW}${n.id}`, label: `Allocate a new address from ${n.name || n.id}` })),
  ];
  const [ip, setIp] = useState(options[0]?.value ?? '');
  const [ports, setPorts] = useState<Port[] | null>(null);
  const [port, setPort] = useState('');
  useEffect(() => {
    let live = true;
    void cloud.network.ports(`?device_id=${server.id}`, `openstack port list --server ${server.name}`).then((p) => {
      if (!live) return;
      setPorts(p);
      setPort(p[0]?.id ?? '');
    });
    return () => {
      live = false;
    };
  }, [cloud, server]);
  return (
    <ModalForm
      title="Manage Floating IP Associations"
      submitLabel="Associate"
      onClose={onClose}
      onSubmit={async () => {
        if (!ip) throw new Error('No floating IP address is available: allocate one first.');
        if (!port) throw new Error(`Instance ${server.name} has no port to associate.`);
        let fip = free.find((f) => f.id === ip);
        if (!fip && ip.startsWith(NEW)) {
          const net = external.find((n) => n.id === ip.slice(NEW.length))!;
          fip = (await cloud.network.createFloatingIp(net)).floatingip;
        }
        await cloud.compute.addFloatingIp(server, fip!, port);
        onDone();
      }}
    >
      <SelectField label="IP Address" name="ip" value={ip} onChange={setIp} options={options.length ? options : [{ value: '', label: 'No floating IP addresses allocated' }]} required />
      <SelectField
        label="Port to be associated"
        name="port"
        value={port}
        onChange={setPort}
        options={(ports ?? []).map((p) => ({ value: p.id, label: `${server.name}: ${p.fixed_ips.map((x) => x.ip_address).join(', ')}` }))}
        required
      />
    </ModalForm>
  );
}

/** Horizon's Disassociate Floating IP: pick one of the addresses bound to the instance. */
export function DisassociateFloatingIp({ server, floatingIps, onClose, onDone }: { server: Server; floatingIps: FloatingIp[]; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const mine = floatingIpsOf(server, floatingIps);
  const [ip, setIp] = useState(mine[0]?.id ?? '');
  return (
    <ModalForm
      title="Disassociate Floating IP"
      submitLabel="Disassociate"
      onClose={onClose}
      onSubmit={async () => {
        const fip = mine.find((f) => f.id === ip);
        if (!fip) throw new Error(`Instance ${server.name} has no floating IP.`);
        await cloud.compute.removeFloatingIp(server, fip);
        onDone();
      }}
    >
      <SelectField label="Floating IP" name="fip" value={ip} onChange={setIp} options={mine.map((f) => ({ value: f.id, label: f.floating_ip_address }))} required />
    </ModalForm>
  );
}

/** The floating IPs bound to one of the server's fixed addresses. */
export function floatingIpsOf(server: Server, floatingIps: FloatingIp[]): FloatingIp[] {
  const fixed = new Set(
    Object.values(server.addresses ?? {})
      .flat()
      .filter((a) => a['OS-EXT-IPS:type'] !== 'floating')
      .map((a) => a.addr),
  );
  const floating = new Set(
    Object.values(server.addresses ?? {})
      .flat()
      .filter((a) => a['OS-EXT-IPS:type'] === 'floating')
      .map((a) => a.addr),
  );
  return floatingIps.filter((f) => f.port_id && ((f.fixed_ip_address && fixed.has(f.fixed_ip_address)) || floating.has(f.floating_ip_address)));
}
