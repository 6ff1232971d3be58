import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Group } from '../../services/openstack/identity';

function CreateGroup({ onClose }: { onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <ModalForm title="Create Group" submitLabel="Create Group" onClose={onClose} onSubmit={async () => void (await cloud.identity.createGroup({ name, description }))}>
      <TextField label="Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
    </ModalForm>
  );
}

function GroupMembers({ group }: { group: Group }) {
  const { cloud } = useServices();
  const act = useAction();
  const res = useResource(async () => {
    const [members, users] = await Promise.all([cloud.identity.groupUsers(group), cloud.identity.users()]);
    return { members, users };
  }, ['identity']);
  const [pick, setPick] = useState('');
  const others = (res.data?.users ?? []).filter((u) => !res.data?.members.some((m) => m.id === u.id));
  return (
    <div>
      <table className="subtable">
        <caption>Users in {group.name}</caption>
        <tbody>
          {(res.data?.members ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>
                <button type="button" className="btn btn--danger" onClick={() => void act(`Remove ${u.name}`, () => cloud.identity.removeUserFromGroup(group, u), res.reload)}>
                  Remove User
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline-form">
        <SelectField label="Add user" value={pick} onChange={setPick} options={[{ value: '', label: 'Select a user' }, ...others.map((u) => ({ value: u.id, label: u.name }))]} />
        <button
          type="button"
          className="btn"
          disabled={!pick}
          onClick={() => {
            const u = others.find((x) => x.id === pick);
            if (u) void act(`Add ${u.name}`, () => cloud.identity.addUserToGroup(group, u), res.reload);
          }}
        >
          Add User
        </button>
      </div>
    </div>
  );
}

/** Identity → Groups, with their users. */
export function GroupsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const res = useResource(() => cloud.identity.groups(), ['identity']);
  const columns: Column<Group>[] = [
    { key: 'name', header: 'Name', render: (g) => g.name },
    { key: 'description', header: 'Description', render: (g) => g.description ?? '' },
    { key: 'id', header: 'Group ID', render: (g) => g.id },
  ];
  return (
    <>
      <DataTable
        noun="groups"
        columns={columns}
        rows={res.data}
        rowKey={(g) => g.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Group
          </button>
        }
        rowActions={(g) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete group ${g.name}?`) && void act(`Delete group ${g.name}`, () => cloud.identity.deleteGroup(g), res.reload)}>
            Delete Group
          </button>
        )}
        detail={(g) => <GroupMembers group={g} />}
      />
      {creating && <CreateGroup onClose={() => setCreating(false)} />}
    </>
  );
}
