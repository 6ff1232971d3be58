import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Role } from '../../services/openstack/identity';

/** Identity → Roles. */
export function RolesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const res = useResource(() => cloud.identity.roles(), ['identity']);
  const columns: Column<Role>[] = [
    { key: 'name', header: 'Role Name', render: (r) => r.name },
    { key: 'id', header: 'ID', render: (r) => r.id },
  ];
  return (
    <>
      <DataTable
        noun="roles"
        columns={columns}
        rows={res.data}
        rowKey={(r) => r.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Role
          </button>
        }
        rowActions={(r) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete role ${r.name}?`) && void act(`Delete role ${r.name}`, () => cloud.identity.deleteRole(r), res.reload)}>
            Delete Role
          </button>
        )}
      />
      {creating && (
        <ModalForm title="Create Role" submitLabel="Create Role" onClose={() => setCreating(false)} onSubmit={async () => void (await cloud.identity.createRole(name))}>
          <TextField label="Role Name" name="name" value={name} onChange={setName} required />
        </ModalForm>
      )}
    </>
  );
}
