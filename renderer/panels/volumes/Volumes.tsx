import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Volume } from '../../services/openstack/volume';
import { gib, useSettle, VolumeStatus } from './status';
import { CreateSnapshotForm, CreateVolumeForm, EditVolumeForm, ExtendVolumeForm, ManageAttachmentsForm } from './VolumeForms';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'extend' | 'attachments' | 'snapshot'; volume: Volume };
type RowAction = 'extend' | 'attachments' | 'snapshot' | 'delete';

const label = (x: { id: string; name?: string | null }) => x.name || x.id;

/** What Horizon offers for a volume in its status (the others are hidden). */
function actionsFor(v: Volume, allProjects: boolean): { value: RowAction; label: string }[] {
  const ready = v.status === 'available' || v.status === 'in-use';
  const out: { value: RowAction; label: string }[] = [];
  if (!allProjects && ready) out.push({ value: 'extend', label: 'Extend Volume' });
  if (!allProjects && ready) out.push({ value: 'attachments', label: 'Manage Attachments' });
  if (!allProjects && ready) out.push({ value: 'snapshot', label: 'Create Snapshot' });
  // Cinder refuses to delete an attached volume (or one in a transition): Horizon does not offer it
  if (v.attachments.length === 0 && (v.status === 'available' || v.status.startsWith('error'))) out.push({ value: 'delete', label: 'Delete Volume' });
  return out;
}

/** Project → Volumes → Volumes (and Admin → Volume → Volumes with `allProjects`): Horizon's table and actions. */
export function VolumesPanel({ allProjects = false }: { allProjects?: boolean }) {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const res = useResource(
    async () => {
      const [volumes, servers, groups, projects] = await Promise.all([
        cloud.volume.volumes(allProjects),
        cloud.compute.servers(allProjects).catch(() => []),
        allProjects ? Promise.resolve([]) : cloud.volume.groups().catch(() => []),
        allProjects ? cloud.identity.projects().catch(() => []) : Promise.resolve([]),
      ]);
      return { volumes, servers, groups, projectNames: new Map(projects.map((p) => [p.id, p.name])) };
    },
    ['volume', 'compute'],
    [allProjects],
  );
  useSettle(res, res.data?.volumes);
  const d = res.data;
  const serverName = (id: string) => d?.servers.find((s) => s.id === id)?.name ?? id;
  const attachedTo = (v: Volume) => v.attachments.map((a) => `${a.device ?? ''} on ${serverName(a.server_id)}`.trim()).join(', ');
  const groupName = (id?: string | null) => (id ? (d?.groups.find((g) => g.id === id)?.name ?? id) : '-');
  const columns: Column<Volume>[] = [
    ...(allProjects ? [{ key: 'project', header: 'Project', render: (v: Volume) => d?.projectNames.get(v['os-vol-tenant-attr:tenant_id'] ?? '') ?? v['os-vol-tenant-attr:tenant_id'] ?? '' }] : []),
    ...(allProjects ? [{ key: 'host', header: 'Host', render: (v: Volume) => v['os-vol-host-attr:host'] ?? '' }] : []),
    { key: 'name', header: 'Name', render: label },
    { key: 'description', header: 'Description', render: (v) => v.description || '-' },
    { key: 'size', header: 'Size', render: (v) => gib(v.size) },
    { key: 'status', header: 'Status', render: (v) => <VolumeStatus status={v.status} />, text: (v) => v.status },
    ...(allProjects ? [] : [{ key: 'group', header: 'Group', render: (v: Volume) => groupName(v.group_id) }]),
    { key: 'type', header: 'Type', render: (v) => v.volume_type ?? '-' },
    { key: 'attached', header: 'Attached To', render: (v) => attachedTo(v) },
    { key: 'zone', header: 'Availability Zone', render: (v) => v.availability_zone ?? '' },
    { key: 'bootable', header: 'Bootable', render: (v) => (v.bootable === 'true' ? 'Yes' : 'No') },
    { key: 'encrypted', header: 'Encrypted', render: (v) => (v.encrypted ? 'Yes' : 'No') },
  ];
  const run = (v: Volume, a: RowAction) => {
    if (a !== 'delete') return setDialog({ kind: a, volume: v });
    if (confirmed(`Delete volume ${label(v)}? This action cannot be undone.`)) void act(`Delete volume ${label(v)}`, () => cloud.volume.remove(v), res.reload);
  };
  return (
    <>
      <DataTable
        noun="volumes"
        columns={columns}
        rows={d?.volumes ?? null}
        rowKey={(v) => v.id}
        loading={res.loading}
        error={res.error}
        actions={
          !allProjects && (
            <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
              + Create Volume
            </button>
          )
        }
        rowActions={(v) => {
          const more = actionsFor(v, allProjects);
          return (
            <>
              {!allProjects && (
                <button type="button" className="btn" onClick={() => setDialog({ kind: 'edit', volume: v })}>
                  Edit Volume
                </button>
              )}
              {more.length > 0 && (
                <select className="btn" aria-label={`More actions for ${label(v)}`} value="" onChange={(e) => e.target.value && run(v, e.target.value as RowAction)}>
                  <option value="">More…</option>
                  {more.map((m) => (
                    <option key={m.value} value={m.value}>
                      {m.label}
                    </option>
                  ))}
                </select>
              )}
            </>
          );
        }}
        detail={(v) => (
          <dl className="details">
            <dt>ID</dt>
            <dd>{v.id}</dd>
            <dt>Created</dt>
            <dd>{new Date(v.created_at).toLocaleString()}</dd>
            {v.snapshot_id && (
              <>
                <dt>Snapshot</dt>
                <dd>{v.snapshot_id}</dd>
              </>
            )}
            {v.source_volid && (
              <>
                <dt>Source Volume</dt>
                <dd>{v.source_volid}</dd>
              </>
            )}
            {v.volume_image_metadata?.image_name && (
              <>
                <dt>Image</dt>
                <dd>{v.volume_image_metadata.image_name}</dd>
              </>
            )}
            <dt>Attachments</dt>
            <dd>{v.attachments.length ? v.attachments.map((a) => `Attached to ${serverName(a.server_id)} on ${a.device ?? '?'}`).join('; ') : 'Not attached'}</dd>
            <dt>Metadata</dt>
            <dd>
              {Object.entries(v.metadata ?? {})
                .map(([k, x]) => `${k}=${x}`)
                .join(', ') || '-'}
            </dd>
          </dl>
        )}
      />
      {dialog?.kind === 'create' && <CreateVolumeForm onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'edit' && <EditVolumeForm volume={dialog.volume} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'extend' && <ExtendVolumeForm volume={dialog.volume} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'snapshot' && <CreateSnapshotForm volume={dialog.volume} onClose={() => setDialog(null)} onDone={res.reload} />}
      {dialog?.kind === 'attachments' && d && <ManageAttachmentsForm volume={dialog.volume} servers={d.servers} onClose={() => setDialog(null)} onDone={res.reload} />}
    </>
  );
}

/** Admin → Volume → Volumes: every project's volumes. */
export function AdminVolumesPanel() {
  return <VolumesPanel allProjects />;
}
