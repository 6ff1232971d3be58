import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Domain } from '../../services/openstack/identity';

/** Identity → Domains: list, create, enable/disable, delete (Keystone refuses to delete an enabled domain). */
export function DomainsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const [d, setD] = useState({ name: '', description: '', enabled: true });
  const res = useResource(() => cloud.identity.domains(), ['identity']);
  const columns: Column<Domain>[] = [
    { key: 'name', header: 'Name', render: (x) => x.name },
    { key: 'description', header: 'Description', render: (x) => x.description || '-' },
    { key: 'id', header: 'Domain ID', render: (x) => x.id },
    { key: 'enabled', header: 'Enabled', render: (x) => <Badge value={x.enabled} />, text: (x) => (x.enabled ? 'Yes' : 'No') },
  ];
  return (
    <>
      <DataTable
        noun="domains"
        columns={columns}
        rows={res.data}
        rowKey={(x) => x.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Domain
          </button>
        }
        rowActions={(x) => (
          <>
            <button type="button" className="btn" onClick={() => void act(`${x.enabled ? 'Disable' : 'Enable'} domain ${x.name}`, () => cloud.identity.setDomainEnabled(x, !x.enabled), res.reload)}>
              {x.enabled ? 'Disable Domain' : 'Enable Domain'}
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete domain ${x.name}?`) && void act(`Delete domain ${x.name}`, () => cloud.identity.deleteDomain(x), res.reload)}>
              Delete Domain
            </button>
          </>
        )}
      />
      {creating && (
        <ModalForm
          title="Create Domain"
          submitLabel="Create Domain"
          onClose={() => setCreating(false)}
          onSubmit={async () => {
            await cloud.identity.createDomain({ name: d.name, description: d.description || undefined, enabled: d.enabled });
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={d.name} onChange={(name) => setD({ ...d, name })} required />
          <TextField label="Description" name="description" value={d.description} onChange={(description) => setD({ ...d, description })} />
          <CheckField label="Enabled" name="enabled" checked={d.enabled} onChange={(enabled) => setD({ ...d, enabled })} />
        </ModalForm>
      )}
    </>
  );
}
