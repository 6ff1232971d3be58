import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Trunk } from '../../services/openstack/network';

/** Project → Network → Trunks: a parent port carrying VLAN-tagged sub-ports. */
export function TrunksPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'subport'; trunk: Trunk } | null>(null);
  const [f, setF] = useState({ name: '', port: '', vlan: '100' });
  const res = useResource(
    async () => {
      const [trunks, ports] = await Promise.all([cloud.network.trunks(), cloud.network.ports()]);
      return { trunks, ports };
    },
    ['network'],
  );
  const d = res.data;
  const portName = (id: string) => {
    const p = d?.ports.find((x) => x.id === id);
    return p ? p.name || p.id : id;
  };
  const free = (d?.ports ?? []).filter((p) => !p.device_owner || p.device_owner === '' || p.device_owner.startsWith('compute:'));
  const columns: Column<Trunk>[] = [
    { key: 'name', header: 'Name', render: (t) => t.name },
    { key: 'parent', header: 'Parent Port', render: (t) => portName(t.port_id) },
    { key: 'subports', header: 'Sub-ports', render: (t) => t.sub_ports.map((s) => `${portName(s.port_id)} (vlan ${s.segmentation_id})`).join(', ') || '-' },
    { key: 'status', header: 'Status', render: (t) => <Badge value={t.status} />, text: (t) => t.status },
  ];
  const portOptions = free.map((p) => ({ value: p.id, label: `${p.name || p.id} ${p.fixed_ips.map((x) => x.ip_address).join(', ')}` }));
  return (
    <>
      <DataTable
        noun="trunks"
        columns={columns}
        rows={d?.trunks ?? null}
        rowKey={(t) => t.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" disabled={!d} onClick={() => (setF({ name: '', port: free[0]?.id ?? '', vlan: '100' }), setDialog({ kind: 'create' }))}>
            + Create Trunk
          </button>
        }
        rowActions={(t) => (
          <>
            <button type="button" className="btn" onClick={() => (setF({ ...f, port: free.find((p) => p.id !== t.port_id)?.id ?? '' }), setDialog({ kind: 'subport', trunk: t }))}>
              Add Sub-port
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete trunk ${t.name}?`) && void act(`Delete trunk ${t.name}`, () => cloud.network.deleteTrunk(t), res.reload)}>
              Delete Trunk
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create' && d && (
        <ModalForm
          title="Create Trunk"
          submitLabel="Create Trunk"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            const parent = d.ports.find((p) => p.id === f.port);
            if (!parent) throw new Error('Select a parent port.');
            await cloud.network.createTrunk({ name: f.name, parent });
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => setF({ ...f, name })} required />
          <SelectField label="Parent Port" name="port_id" value={f.port} onChange={(port) => setF({ ...f, port })} options={portOptions} />
        </ModalForm>
      )}
      {dialog?.kind === 'subport' && d && (
        <ModalForm
          title={`Add Sub-port: ${dialog.trunk.name}`}
          submitLabel="Add Sub-port"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            const port = d.ports.find((p) => p.id === f.port);
            if (!port) throw new Error('Select a port.');
            await cloud.network.addSubport(dialog.trunk, port, Number(f.vlan));
            res.reload();
          }}
        >
          <SelectField label="Port" name="sub_port" value={f.port} onChange={(port) => setF({ ...f, port })} options={portOptions.filter((o) => o.value !== dialog.trunk.port_id)} />
          <TextField label="Segmentation ID (VLAN)" name="segmentation_id" type="number" value={f.vlan} onChange={(vlan) => setF({ ...f, vlan })} required />
        </ModalForm>
      )}
    </>
  );
}
