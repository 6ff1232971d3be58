import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { CheckField, TextField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { Flavor } from '../../../services/openstack/compute';
import { FlavorAccess } from './FlavorAccess';

/** Admin → Compute → Flavors: list, create, modify access of private flavors, delete. */
export function FlavorsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const [access, setAccess] = useState<Flavor | null>(null);
  const [f, setF] = useState({ name: '', vcpus: '1', ram: '512', disk: '1', isPublic: true });
  const res = useResource(() => cloud.compute.flavors(), ['compute']);
  const columns: Column<Flavor>[] = [
    { key: 'name', header: 'Flavor Name', render: (x) => x.name },
    { key: 'vcpus', header: 'VCPUs', render: (x) => String(x.vcpus) },
    { key: 'ram', header: 'RAM', render: (x) => (x.ram >= 1024 ? `${Number((x.ram / 1024).toFixed(1))}GB` : `${x.ram}MB`) },
    { key: 'disk', header: 'Root Disk', render: (x) => `${x.disk}GB` },
    { key: 'ephemeral', header: 'Ephemeral Disk', render: (x) => `${x['OS-FLV-EXT-DATA:ephemeral'] ?? 0}GB` },
    { key: 'id', header: 'ID', render: (x) => x.id },
    { key: 'public', header: 'Public', render: (x) => (x['os-flavor-access:is_public'] === false ? 'No' : 'Yes') },
  ];
  return (
    <>
      <DataTable
        noun="flavors"
        columns={columns}
        rows={res.data}
        rowKey={(x) => x.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Flavor
          </button>
        }
        rowActions={(x) => (
          <>
            {x['os-flavor-access:is_public'] === false && (
              <button type="button" className="btn" onClick={() => setAccess(x)}>
                Modify Access
              </button>
            )}
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete flavor ${x.name}?`) && void act(`Delete flavor ${x.name}`, () => cloud.compute.deleteFlavor(x), res.reload)}>
              Delete Flavor
            </button>
          </>
        )}
      />
      {access && <FlavorAccess flavor={access} onClose={() => setAccess(null)} onDone={res.reload} />}
      {creating && (
        <ModalForm
          title="Create Flavor"
          submitLabel="Create Flavor"
          onClose={() => setCreating(false)}
          onSubmit={async () => {
            await cloud.compute.createFlavor({ name: f.name, vcpus: Number(f.vcpus), ram: Number(f.ram), disk: Number(f.disk), isPublic: f.isPublic });
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => setF({ ...f, name })} required />
          <TextField label="VCPUs" name="vcpus" type="number" value={f.vcpus} onChange={(vcpus) => setF({ ...f, vcpus })} required />
          <TextField label="RAM (MB)" name="ram" type="number" value={f.ram} onChange={(ram) => setF({ ...f, ram })} required />
          <TextField label="Root Disk (GB)" name="disk" type="number" value={f.disk} onChange={(disk) => setF({ ...f, disk })} required />
          <CheckField label="Public" name="public" checked={f.isPublic} onChange={(isPublic) => setF({ ...f, isPublic })} />
        </ModalForm>
      )}
    </>
  );
}
