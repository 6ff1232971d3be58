import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { GroupSnapshot, GroupType, Volume, VolumeGroup, VolumeType } from '../../services/openstack/volume';
import { useSettle, VolumeStatus } from './status';

const label = (x: { id: string; name?: string | null }) => x.name || x.id;

interface GroupsData {
  groups: VolumeGroup[];
  groupTypes: GroupType[];
  types: VolumeType[];
  volumes: Volume[];
}

type SmallDialog = { kind: 'edit' | 'snapshot' | 'delete'; group: VolumeGroup };
type GroupDialog = { kind: 'create' } | { kind: 'volumes'; group: VolumeGroup } | SmallDialog;

/** Create Volume Group: a group type and the volume types its volumes may have. */
function CreateGroupForm({ data, onClose, onDone }: { data: GroupsData; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [zone, setZone] = useState('');
  const [groupType, setGroupType] = useState(data.groupTypes[0]?.id ?? '');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  return (
    <ModalForm
      title="Create Volume Group"
      submitLabel="Create Volume Group"
      onClose={onClose}
      onSubmit={async () => {
        const gt = data.groupTypes.find((t) => t.id === groupType);
        if (!gt) throw new Error('Choose a group type (an admin makes them in Admin → Volume → Group Types).');
        const types = data.types.filter((t) => picked.has(t.id));
        if (types.length === 0) throw new Error('Choose at least one volume type.');
        await cloud.volume.createGroup({ name: name.trim(), description: description.trim() || undefined, groupType: gt, volumeTypes: types, availabilityZone: zone.trim() || undefined });
        onDone();
      }}
      help={<p>A volume group holds volumes that are managed together: a group snapshot takes all of them at once.</p>}
    >
      <TextField label="Group Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      <TextField label="Availability Zone" name="zone" value={zone} onChange={setZone} placeholder="Any Availability Zone" />
      <SelectField
        label="Group Type"
        name="group-type"
        value={groupType}
        onChange={setGroupType}
        options={data.groupTypes.length ? data.groupTypes.map((t) => ({ value: t.id, label: t.name })) : [{ value: '', label: 'No group types' }]}
      />
      <fieldset className="choices">
        <legend>Volume Types</legend>
        {data.types.map((t) => (
          <CheckField
            key={t.id}
            label={t.name}
            checked={picked.has(t.id)}
            onChange={(on) =>
              setPicked((s) => {
                const next = new Set(s);
                if (on) next.add(t.id);
                else next.delete(t.id);
                return next;
              })
            }
          />
        ))}
      </fieldset>
    </ModalForm>
  );
}

/** Manage Volumes: which of the project's volumes (of the group's types) are members. */
function ManageGroupVolumesForm({ group, data, onClose, onDone }: { group: VolumeGroup; data: GroupsData; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const typeNames = new Set(group.volume_types.map((id) => data.types.find((t) => t.id === id)?.name ?? id));
  const eligible = data.volumes.filter((v) => v.group_id === group.id || (!v.group_id && v.volume_type && (typeNames.has(v.volume_type) || group.volume_types.includes(v.volume_type))));
  const [members, setMembers] = useState<Set<string>>(new Set(eligible.filter((v) => v.group_id === group.id).map((v) => v.id)));
  return (
    <ModalForm
      title={`Manage Volumes: ${label(group)}`}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={async () => {
        const add = eligible.filter((v) => members.has(v.id) && v.group_id !== group.id);
        const remove = eligible.filter((v) => !members.has(v.id) && v.group_id === group.id);
        if (add.length || remove.length) await cloud.volume.updateGroupVolumes(group, add, remove);
        onDone();
      }}
    >
      <fieldset className="choices">
        <legend>Volumes of the group's types ({[...typeNames].join(', ')})</legend>
        {eligible.map((v) => (
          <CheckField
            key={v.id}
            label={`${label(v)} (${v.size}GiB, ${v.status})`}
            checked={members.has(v.id)}
            onChange={(on) =>
              setMembers((s) => {
                const next = new Set(s);
                if (on) next.add(v.id);
                else next.delete(v.id);
                return next;
              })
            }
          />
        ))}
        {eligible.length === 0 && <p className="muted">No volume of these types.</p>}
      </fieldset>
    </ModalForm>
  );
}

/** Edit Group, Create Group Snapshot and Delete Group: one small form each. */
function GroupForm({ dialog, onClose, onDone }: { dialog: SmallDialog; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const g = dialog.group;
  const [name, setName] = useState(dialog.kind === 'edit' ? (g.name ?? '') : '');
  const [description, setDescription] = useState(dialog.kind === 'edit' ? (g.description ?? '') : '');
  const [withVolumes, setWithVolumes] = useState(false);
  if (dialog.kind === 'delete')
    return (
      <ModalForm
        title={`Delete Group: ${label(g)}`}
        submitLabel="Delete"
        onClose={onClose}
        onSubmit={async () => {
          await cloud.volume.deleteGroup(g, withVolumes);
          onDone();
        }}
      >
        <p>The group goes; its volumes stay unless they go with it.</p>
        <CheckField label="Delete Volumes" name="delete-volumes" checked={withVolumes} onChange={setWithVolumes} />
      </ModalForm>
    );
  return (
    <ModalForm
      title={dialog.kind === 'edit' ? `Edit Group: ${label(g)}` : `Create Group Snapshot: ${label(g)}`}
      submitLabel={dialog.kind === 'edit' ? 'Submit' : 'Create Snapshot'}
      onClose={onClose}
      onSubmit={async () => {
        if (dialog.kind === 'edit') await cloud.volume.updateGroup(g, name.trim(), description.trim());
        else await cloud.volume.createGroupSnapshot(g, name.trim(), description.trim());
        onDone();
      }}
    >
      <TextField label={dialog.kind === 'edit' ? 'Name' : 'Snapshot Name'} name="name" value={name} onChange={setName} required={dialog.kind === 'snapshot'} />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
    </ModalForm>
  );
}

/** Project → Volumes → Groups: generic volume groups (3.13), their members and snapshots. */
export function VolumeGroupsPanel() {
  const { cloud } = useServices();
  const [dialog, setDialog] = useState<GroupDialog | null>(null);
  const res = useResource<GroupsData>(async () => {
    const [groups, groupTypes, types, volumes] = await Promise.all([cloud.volume.groups(), cloud.volume.groupTypes().catch(() => []), cloud.volume.types().catch(() => []), cloud.volume.volumes()]);
    return { groups, groupTypes, types, volumes };
  }, ['volume']);
  useSettle(res, res.data?.groups);
  const d = res.data;
  const typeName = (id: string) => d?.types.find((t) => t.id === id || t.name === id)?.name ?? id;
  const columns: Column<VolumeGroup>[] = [
    { key: 'name', header: 'Name', render: label },
    { key: 'description', header: 'Description', render: (g) => g.description || '-' },
    { key: 'status', header: 'Status', render: (g) => <VolumeStatus status={g.status} />, text: (g) => g.status },
    { key: 'zone', header: 'Availability Zone', render: (g) => g.availability_zone ?? '' },
    { key: 'group_type', header: 'Group Type', render: (g) => d?.groupTypes.find((t) => t.id === g.group_type)?.name ?? g.group_type },
    { key: 'volume_types', header: 'Volume Types', render: (g) => g.volume_types.map(typeName).join(', ') },
    { key: 'volumes', header: 'Volumes', render: (g) => (d?.volumes.filter((v) => v.group_id === g.id).map(label) ?? []).join(', ') || '-' },
  ];
  const ready = (g: VolumeGroup) => g.status === 'available';
  return (
    <>
      <DataTable
        noun="volume groups"
        columns={columns}
        rows={d?.groups ?? null}
        rowKey={(g) => g.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" disabled={!d} onClick={() => setDialog({ kind: 'create' })}>
            + Create Group
          </button>
        }
        rowActions={(g) => (
          <>
            <button type="button" className="btn" disabled={!ready(g)} onClick={() => setDialog({ kind: 'volumes', group: g })}>
              Manage Volumes
            </button>
            <select
              className="btn"
              aria-label={`More actions for ${label(g)}`}
              value=""
              onChange={(e) => e.target.value && setDialog({ kind: e.target.value as 'edit' | 'snapshot' | 'delete', group: g })}
            >
              <option value="">More…</option>
              <option value="edit">Edit Group</option>
              {ready(g) && <option value="snapshot">Create Snapshot</option>}
              {(ready(g) || g.status.startsWith('error')) && <option value="delete">Delete Group</option>}
            </select>
          </>
        )}
      />
      {dialog?.kind === 'create' && d && <CreateGroupForm data={d} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'volumes' && d && <ManageGroupVolumesForm group={dialog.group} data={d} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog && dialog.kind !== 'create' && dialog.kind !== 'volumes' && <GroupForm dialog={dialog} onClose={() => setDialog(null)} onDone={res.reload} />}
    </>
  );
}

/** Project → Volumes → Group Snapshots (3.14): a new group from one, delete. */
export function GroupSnapshotsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [from, setFrom] = useState<GroupSnapshot | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const res = useResource(async () => {
    const [snapshots, groups] = await Promise.all([cloud.volume.groupSnapshots(), cloud.volume.groups().catch(() => [])]);
    return { snapshots, groups };
  }, ['volume']);
  useSettle(res, res.data?.snapshots);
  const columns: Column<GroupSnapshot>[] = [
    { key: 'name', header: 'Name', render: label },
    { key: 'description', header: 'Description', render: (s) => s.description || '-' },
    { key: 'status', header: 'Status', render: (s) => <VolumeStatus status={s.status} />, text: (s) => s.status },
    {
      key: 'group',
      header: 'Group',
      render: (s) => {
        const g = res.data?.groups.find((x) => x.id === s.group_id);
        return g ? label(g) : s.group_id;
      },
    },
  ];
  return (
    <>
      <DataTable
        noun="group snapshots"
        columns={columns}
        rows={res.data?.snapshots ?? null}
        rowKey={(s) => s.id}
        loading={res.loading}
        error={res.error}
        rowActions={(s) => (
          <>
            <button type="button" className="btn" disabled={s.status !== 'available'} onClick={() => (setName(''), setDescription(''), setFrom(s))}>
              Create Group
            </button>
            <button
              type="button"
              className="btn btn--danger"
              onClick={() => confirmed(`Delete group snapshot ${label(s)}?`) && void act(`Delete group snapshot ${label(s)}`, () => cloud.volume.deleteGroupSnapshot(s), res.reload)}
            >
              Delete Group Snapshot
            </button>
          </>
        )}
      />
      {from && (
        <ModalForm
          title={`Create Group from ${label(from)}`}
          submitLabel="Create Group"
          onClose={() => setFrom(null)}
          onSubmit={async () => {
            await cloud.volume.createGroupFromSnapshot(from, name.trim(), description.trim());
            res.reload();
          }}
          help={<p>The new group gets one volume per snapshot in the group snapshot.</p>}
        >
          <TextField label="Group Name" name="name" value={name} onChange={setName} required />
          <TextField label="Description" name="description" value={description} onChange={setDescription} />
        </ModalForm>
      )}
    </>
  );
}
