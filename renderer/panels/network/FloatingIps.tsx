import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { FloatingIp, Network, Port } from '../../services/openstack/network';

interface Data {
  ips: FloatingIp[];
  networks: Network[];
  ports: Port[];
}

function Allocate({ data, onClose }: { data: Data; onClose(): void }) {
  const { cloud } = useServices();
  const pools = data.networks.filter((n) => n['router:external']);
  const [pool, setPool] = useState(pools[0]?.id ?? '');
  return (
    <ModalForm
      title="Allocate Floating IP"
      submitLabel="Allocate IP"
      onClose={onClose}
      onSubmit={async () => {
        const n = pools.find((p) => p.id === pool);
        if (!n) throw new Error('There is no external network to allocate from.');
        await cloud.network.createFloatingIp(n);
      }}
    >
      <SelectField label="Pool" name="pool" value={pool} onChange={setPool} options={pools.map((n) => ({ value: n.id, label: n.name || n.id }))} />
    </ModalForm>
  );
}

function Associate({ data, ip, onClose }: { data: Data; ip: FloatingIp; onClose(): void }) {
  const { cloud } = useServices();
  const targets = data.ports.filter((p) => p.device_owner.startsWith('compute:') || p.device_owner === '');
  const [port, setPort] = useState(targets[0]?.id ?? '');
  return (
    <ModalForm title={`Associate ${ip.floating_ip_address}`} submitLabel="Associate" onClose={onClose} onSubmit={async () => void (await cloud.network.associateFloatingIp(ip, port || null))}>
      <SelectField label="Port to be associated" name="port" value={port} onChange={setPort} options={targets.map((p) => ({ value: p.id, label: `${p.name || p.id.slice(0, 8)}: ${p.fixed_ips.map((f) => f.ip_address).join(', ')}` }))} />
    </ModalForm>
  );
}

/** Project → Network → Floating IPs. */
export function FloatingIpsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'allocate' } | { kind: 'associate'; ip: FloatingIp } | null>(null);
  const res = useResource<Data>(async () => {
    const [ips, networks, ports] = await Promise.all([cloud.network.floatingIps(), cloud.network.networks(), cloud.network.ports()]);
    return { ips, networks, ports };
  }, ['network']);
  const data = res.data;
  const columns: Column<FloatingIp>[] = [
    { key: 'ip', header: 'IP Address', render: (f) => f.floating_ip_address },
    { key: 'fixed', header: 'Mapped Fixed IP Address', render: (f) => f.fixed_ip_address ?? '-' },
    { key: 'pool', header: 'Pool', render: (f) => data?.networks.find((n) => n.id === f.floating_network_id)?.name ?? f.floating_network_id },
    { key: 'status', header: 'Status', render: (f) => <Badge value={f.status} />, text: (f) => f.status },
  ];
  return (
    <>
      <DataTable
        noun="floating IPs"
        columns={columns}
        rows={data?.ips ?? null}
        rowKey={(f) => f.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'allocate' })} disabled={!data}>
            Allocate IP To Project
          </button>
        }
        rowActions={(f) => (
          <>
            {f.port_id ? (
              <button type="button" className="btn" onClick={() => void act(`Disassociate ${f.floating_ip_address}`, () => cloud.network.associateFloatingIp(f, null), res.reload)}>
                Disassociate
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'associate', ip: f })}>
                Associate
              </button>
            )}
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Release ${f.floating_ip_address}?`) && void act(`Release ${f.floating_ip_address}`, () => cloud.network.deleteFloatingIp(f), res.reload)}>
              Release Floating IP
            </button>
          </>
        )}
      />
      {dialog?.kind === 'allocate' && data && <Allocate data={data} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'associate' && data && <Associate data={data} ip={dialog.ip} onClose={() => setDialog(null)} />}
    </>
  );
}
