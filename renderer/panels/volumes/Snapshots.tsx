import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { VolumeSnapshot } from '../../services/openstack/volume';
import { gib, useSettle, VolumeStatus } from './status';
import { CreateVolumeForm } from './VolumeForms';

const label = (x: { id: string; name?: string | null }) => x.name || x.id;

/** Edit Snapshot: name and description. */
function EditSnapshotForm({ snapshot, onClose, onDone }: { snapshot: VolumeSnapshot; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState(snapshot.name ?? '');
  const [description, setDescription] = useState(snapshot.description ?? '');
  return (
    <ModalForm
      title={`Edit Snapshot: ${label(snapshot)}`}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={async () => {
        await cloud.volume.updateSnapshot(snapshot, name.trim(), description.trim());
        onDone();
      }}
    >
      <TextField label="Snapshot Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
    </ModalForm>
  );
}

/** Project → Volumes → Snapshots: volume snapshots; a new volume from one, edit, delete. */
export function VolumeSnapshotsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'volume' | 'edit'; snapshot: VolumeSnapshot } | null>(null);
  const res = useResource(async () => {
    const [snapshots, volumes, groupSnapshots] = await Promise.all([cloud.volume.snapshots(), cloud.volume.volumes(), cloud.volume.groupSnapshots().catch(() => [])]);
    return { snapshots, volumes, groupSnapshots };
  }, ['volume']);
  useSettle(res, res.data?.snapshots);
  const d = res.data;
  const volumeName = (id: string) => {
    const v = d?.volumes.find((x) => x.id === id);
    return v ? label(v) : id;
  };
  const columns: Column<VolumeSnapshot>[] = [
    { key: 'name', header: 'Name', render: label },
    { key: 'description', header: 'Description', render: (s) => s.description || '-' },
    { key: 'size', header: 'Size', render: (s) => gib(s.size) },
    { key: 'status', header: 'Status', render: (s) => <VolumeStatus status={s.status} />, text: (s) => s.status },
    {
      key: 'group_snapshot',
      header: 'Group Snapshot',
      render: (s) => {
        const g = s.group_snapshot_id ? d?.groupSnapshots.find((x) => x.id === s.group_snapshot_id) : undefined;
        return g ? label(g) : (s.group_snapshot_id ?? '-');
      },
    },
    { key: 'volume', header: 'Volume Name', render: (s) => volumeName(s.volume_id) },
  ];
  return (
    <>
      <DataTable
        noun="volume snapshots"
        columns={columns}
        rows={d?.snapshots ?? null}
        rowKey={(s) => s.id}
        loading={res.loading}
        error={res.error}
        rowActions={(s) => (
          <>
            <button type="button" className="btn" disabled={s.status !== 'available'} onClick={() => setDialog({ kind: 'volume', snapshot: s })}>
              Create Volume
            </button>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'edit', snapshot: s })}>
              Edit Snapshot
            </button>
            {(s.status === 'available' || s.status.startsWith('error')) && (
              <button
                type="button"
                className="btn btn--danger"
                onClick={() => confirmed(`Delete volume snapshot ${label(s)}?`) && void act(`Delete volume snapshot ${label(s)}`, () => cloud.volume.deleteSnapshot(s), res.reload)}
              >
                Delete Volume Snapshot
              </button>
            )}
          </>
        )}
      />
      {dialog?.kind === 'volume' && <CreateVolumeForm from={dialog.snapshot} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'edit' && <EditSnapshotForm snapshot={dialog.snapshot} onClose={() => setDialog(null)} onDone={res.reload} />}
    </>
  );
}
