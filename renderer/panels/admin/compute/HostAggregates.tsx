import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { SelectField, TextField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { Aggregate } from '../../../services/openstack/compute';

/** Admin → Compute → Host Aggregates: create (with an availability zone), add hosts, delete. */
export function HostAggregatesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'host'; aggregate: Aggregate } | null>(null);
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  const [host, setHost] = useState('');
  const res = useResource(async () => ({ aggregates: await cloud.compute.aggregates(), hosts: (await cloud.compute.hypervisors()).map((h) => h.hypervisor_hostname) }), ['compute']);
  const columns: Column<Aggregate>[] = [
    { key: 'name', header: 'Name', render: (a) => a.name },
    { key: 'zone', header: 'Availability Zone', render: (a) => a.availability_zone ?? '-' },
    { key: 'hosts', header: 'Hosts', render: (a) => a.hosts.join(', ') || '-' },
    { key: 'metadata', header: 'Metadata', render: (a) => Object.entries(a.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '-' },
  ];
  return (
    <>
      <DataTable
        noun="host aggregates"
        columns={columns}
        rows={res.data?.aggregates ?? null}
        rowKey={(a) => String(a.id)}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
            + Create Host Aggregate
          </button>
        }
        rowActions={(a) => (
          <>
            <button type="button" className="btn" onClick={() => (setHost(res.data?.hosts[0] ?? ''), setDialog({ kind: 'host', aggregate: a }))}>
              Manage Hosts
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete host aggregate ${a.name}?`) && void act(`Delete host aggregate ${a.name}`, () => cloud.compute.deleteAggregate(a), res.reload)}>
              Delete Host Aggregate
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create' && (
        <ModalForm
          title="Create Host Aggregate"
          submitLabel="Create Host Aggregate"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.compute.createAggregate(name, zone || undefined);
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={name} onChange={setName} required />
          <TextField label="Availability Zone" name="availability_zone" value={zone} onChange={setZone} />
        </ModalForm>
      )}
      {dialog?.kind === 'host' && (
        <ModalForm
          title={`Add Host to ${dialog.aggregate.name}`}
          submitLabel="Add Host"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.compute.addAggregateHost(dialog.aggregate, host);
            res.reload();
          }}
        >
          <SelectField label="Host" name="host" value={host} onChange={setHost} options={(res.data?.hosts ?? []).map((h) => ({ value: h, label: h }))} />
        </ModalForm>
      )}
    </>
  );
}
