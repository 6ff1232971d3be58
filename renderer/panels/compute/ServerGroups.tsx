import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { ServerGroup } from '../../services/openstack/compute';

const POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'];

/** Project → Compute → Server Groups. */
export function ServerGroupsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [policy, setPolicy] = useState('anti-affinity');
  const res = useResource(() => cloud.compute.serverGroups(), ['compute']);
  const columns: Column<ServerGroup>[] = [
    { key: 'name', header: 'Name', render: (g) => g.name },
    { key: 'policy', header: 'Policy', render: (g) => g.policy ?? g.policies?.join(', ') ?? '' },
    { key: 'members', header: 'Members', render: (g) => String(g.members.length) },
  ];
  return (
    <>
      <DataTable
        noun="server groups"
        columns={columns}
        rows={res.data}
        rowKey={(g) => g.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Server Group
          </button>
        }
        rowActions={(g) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete server group ${g.name}?`) && void act(`Delete server group ${g.name}`, () => cloud.compute.deleteServerGroup(g), res.reload)}>
            Delete Server Group
          </button>
        )}
      />
      {creating && (
        <ModalForm
          title="Create Server Group"
          submitLabel="Create Server Group"
          onClose={() => setCreating(false)}
          onSubmit={async () => {
            await cloud.compute.createServerGroup(name, policy);
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={name} onChange={setName} required />
          <SelectField label="Policy" name="policy" value={policy} onChange={setPolicy} options={POLICIES.map((p) => ({ value: p, label: p }))} />
        </ModalForm>
      )}
    </>
  );
}
