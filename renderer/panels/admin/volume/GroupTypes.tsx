import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { CheckField, TextField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { GroupType } from '../../../services/openstack/volume';
import { SpecList } from '../../volumes/status';

/** Admin → Volume → Group Types (3.11): the types volume groups are made of, with their group specs. */
export function GroupTypesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'spec'; type: GroupType } | null>(null);
  const [f, setF] = useState({ name: '', description: '', isPublic: true, key: '', value: '' });
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const res = useResource(() => cloud.volume.groupTypes(), ['volume']);
  const columns: Column<GroupType>[] = [
    { key: 'name', header: 'Name', render: (t) => t.name },
    { key: 'description', header: 'Description', render: (t) => t.description || '-' },
    { key: 'specs', header: 'Group Specs', render: (t) => <SpecList specs={t.group_specs} />, text: (t) => Object.keys(t.group_specs ?? {}).join(' ') },
    { key: 'public', header: 'Public', render: (t) => (t.is_public === false ? 'No' : 'Yes') },
  ];
  const open = (d: NonNullable<typeof dialog>) => {
    setF({ name: '', description: '', isPublic: true, key: '', value: '' });
    setDialog(d);
  };
  return (
    <>
      <DataTable
        noun="group types"
        columns={columns}
        rows={res.data}
        rowKey={(t) => t.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => open({ kind: 'create' })}>
            + Create Group Type
          </button>
        }
        rowActions={(t) => (
          <>
            <button type="button" className="btn" onClick={() => open({ kind: 'spec', type: t })}>
              Create Group Spec
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete group type ${t.name}?`) && void act(`Delete group type ${t.name}`, () => cloud.volume.deleteGroupType(t), res.reload)}>
              Delete Group Type
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create' && (
        <ModalForm
          title="Create Group Type"
          submitLabel="Create Group Type"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.volume.createGroupType(f.name.trim(), f.description.trim(), f.isPublic);
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => set({ name })} required />
          <TextField label="Description" name="description" value={f.description} onChange={(description) => set({ description })} />
          <CheckField label="Public" name="public" checked={f.isPublic} onChange={(p) => set({ isPublic: p })} />
        </ModalForm>
      )}
      {dialog?.kind === 'spec' && (
        <ModalForm
          title={`Create Group Spec: ${dialog.type.name}`}
          submitLabel="Create"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.volume.setGroupSpec(dialog.type, f.key.trim(), f.value);
            res.reload();
          }}
        >
          <TextField label="Key" name="key" value={f.key} onChange={(key) => set({ key })} placeholder="consistent_group_snapshot_enabled" required />
          <TextField label="Value" name="value" value={f.value} onChange={(value) => set({ value })} placeholder="<is> True" required />
        </ModalForm>
      )}
    </>
  );
}
