import { useEffect, useState } from 'react';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { useAction } from '../../components/use-action';
import type { Server } from '../../services/openstack/compute';
import type { Image } from '../../services/openstack/image';
import type { Volume, VolumeGroup, VolumeLimits, VolumeSnapshot, VolumeType } from '../../services/openstack/volume';

const GIB = 1024 ** 3;
const label = (x: { id: string; name?: string | null }) => x.name || x.id;

/** A whole number of GiB, at least `min`; the message names the field as Horizon's validation does. */
function sizeOf(text: string, min: number, field = 'Size'): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${field} must be a whole number of GiB, at least ${min}.`);
  return n;
}

interface CreateChoices {
  images: Image[];
  snapshots: VolumeSnapshot[];
  volumes: Volume[];
  types: VolumeType[];
  zones: string[];
  groups: VolumeGroup[];
  limits: VolumeLimits | null;
}

type Source = 'none' | 'snapshot' | 'image' | 'volume';

/** Horizon's Create Volume: an empty volume, or one from a snapshot, an image or another volume. */
export function CreateVolumeForm({ onClose, onDone, from }: { onClose(): void; onDone(): void; from?: VolumeSnapshot }) {
  const { cloud } = useServices();
  const [choices, setChoices] = useState<CreateChoices | null>(null);
  const [f, setF] = useState({ name: '', description: '', source: (from ? 'snapshot' : 'none') as Source, snapshot: from?.id ?? '', image: '', volume: '', type: '', size: String(from?.size ?? 1), zone: '', group: '' });
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  useEffect(() => {
    let live = true;
    void (async () => {
      const [images, snapshots, volumes, types, zones, groups, limits] = await Promise.all([
        cloud.image.images().catch(() => []),
        cloud.volume.snapshots().catch(() => []),
        cloud.volume.volumes().catch(() => []),
        cloud.volume.types().catch(() => []),
        // Cinder's zones; one named nova when the API does not list them
        cloud.volume
          .availabilityZones()
          .then((z) => z.filter((x) => x.zoneState.available).map((x) => x.zoneName))
          .catch(() => ['nova']),
        cloud.volume.groups().catch(() => []),
        cloud.volume.limits().catch(() => null),
      ]);
      if (live) setChoices({ images: images.filter((i) => i.status === 'active'), snapshots: snapshots.filter((s) => s.status === 'available'), volumes, types, zones, groups, limits });
    })();
    return () => {
      live = false;
    };
  }, [cloud]);
  const snapshot = choices?.snapshots.find((s) => s.id === f.snapshot) ?? (from?.id === f.snapshot ? from : undefined);
  const image = choices?.images.find((i) => i.id === f.image);
  const source = choices?.volumes.find((v) => v.id === f.volume);
  /** The smallest size the source allows (a snapshot's size, an image's size or min_disk, a volume's size). */
  const minSize = f.source === 'snapshot' && snapshot ? snapshot.size : f.source === 'image' && image ? Math.max(1, image.min_disk, Math.ceil((image.size ?? 0) / GIB)) : f.source === 'volume' && source ? source.size : 1;
  const l = choices?.limits;
  return (
    <ModalForm
      title="Create Volume"
      submitLabel="Create Volume"
      onClose={onClose}
      onSubmit={async () => {
        if (f.source === 'snapshot' && !snapshot) throw new Error('Choose a snapshot as the source.');
        if (f.source === 'image' && !image) throw new Error('Choose an image as the source.');
        if (f.source === 'volume' && !source) throw new Error('Choose a volume as the source.');
        const size = sizeOf(f.size, minSize);
        const group = choices?.groups.find((g) => g.id === f.group);
        await cloud.volume.create({
          name: f.name.trim(),
          description: f.description.trim() || undefined,
          size,
          // a volume made from a snapshot or a volume keeps its source's type
          volumeType: f.source === 'snapshot' || f.source === 'volume' ? undefined : f.type || undefined,
          availabilityZone: f.zone || undefined,
          image: f.source === 'image' ? image : undefined,
          snapshot: f.source === 'snapshot' ? snapshot : undefined,
          sourceVolume: f.source === 'volume' ? source : undefined,
          group,
        });
        onDone();
      }}
      help={
        <>
          <p>Volumes are block devices that can be attached to instances.</p>
          {l && (
            <>
              <h3>Volume Limits</h3>
              <p>
                Total Gibibytes: {l.totalGigabytesUsed} of {l.maxTotalVolumeGigabytes < 0 ? 'No Limit' : `${l.maxTotalVolumeGigabytes} GiB`} Used
                <br />
                Number of Volumes: {l.totalVolumesUsed} of {l.maxTotalVolumes < 0 ? 'No Limit' : l.maxTotalVolumes} Used
              </p>
            </>
          )}
        </>
      }
    >
      <TextField label="Volume Name" name="name" value={f.name} onChange={(name) => set({ name })} />
      <TextField label="Description" name="description" value={f.description} onChange={(description) => set({ description })} />
      <SelectField
        label="Volume Source"
        name="source"
        value={f.source}
        onChange={(s) => set({ source: s as Source })}
        options={[
          { value: 'none', label: 'No source, empty volume' },
          { value: 'snapshot', label: 'Snapshot' },
          { value: 'image', label: 'Image' },
          { value: 'volume', label: 'Volume' },
        ]}
      />
      {f.source === 'snapshot' && (
        <SelectField
          label="Use snapshot as a source"
          name="snapshot"
          value={f.snapshot}
          onChange={(id) => {
            const s = choices?.snapshots.find((x) => x.id === id);
            set({ snapshot: id, ...(s ? { size: String(s.size) } : {}) });
          }}
          options={[{ value: '', label: 'Choose a snapshot' }, ...(choices?.snapshots ?? (from ? [from] : [])).map((s) => ({ value: s.id, label: `${label(s)} (${s.size}GiB)` }))]}
        />
      )}
      {f.source === 'image' && (
        <SelectField
          label="Use image as a source"
          name="image"
          value={f.image}
          onChange={(id) => {
            const i = choices?.images.find((x) => x.id === id);
            set({ image: id, ...(i ? { size: String(Math.max(1, i.min_disk, Math.ceil((i.size ?? 0) / GIB))) } : {}) });
          }}
          options={[{ value: '', label: 'Choose an image' }, ...(choices?.images ?? []).map((i) => ({ value: i.id, label: `${label(i)} (${((i.size ?? 0) / 1024 ** 2).toFixed(2)} MB)` }))]}
        />
      )}
      {f.source === 'volume' && (
        <SelectField
          label="Use a volume as source"
          name="source-volume"
          value={f.volume}
          onChange={(id) => {
            const v = choices?.volumes.find((x) => x.id === id);
            set({ volume: id, ...(v ? { size: String(v.size) } : {}) });
          }}
          options={[{ value: '', label: 'Choose a volume' }, ...(choices?.volumes ?? []).filter((v) => v.status === 'available').map((v) => ({ value: v.id, label: `${label(v)} (${v.size}GiB)` }))]}
        />
      )}
      {(f.source === 'none' || f.source === 'image') && (
        <SelectField
          label="Type"
          name="type"
          value={f.type}
          onChange={(type) => set({ type })}
          options={[{ value: '', label: 'No volume type' }, ...(choices?.types ?? []).map((t) => ({ value: t.name, label: t.name }))]}
        />
      )}
      <TextField label="Size (GiB)" name="size" type="number" value={f.size} onChange={(size) => set({ size })} required />
      <SelectField label="Availability Zone" name="zone" value={f.zone} onChange={(zone) => set({ zone })} options={[{ value: '', label: 'Any Availability Zone' }, ...(choices?.zones ?? []).map((z) => ({ value: z, label: z }))]} />
      <SelectField
        label="Group"
        name="group"
        value={f.group}
        onChange={(group) => set({ group })}
        options={[{ value: '', label: 'No group' }, ...(choices?.groups ?? []).filter((g) => g.status === 'available').map((g) => ({ value: g.id, label: label(g) }))]}
      />
    </ModalForm>
  );
}

/** Edit Volume: name, description and the bootable flag. */
export function EditVolumeForm({ volume, onClose, onDone }: { volume: Volume; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState(volume.name ?? '');
  const [description, setDescription] = useState(volume.description ?? '');
  const [bootable, setBootable] = useState(volume.bootable === 'true');
  return (
    <ModalForm
      title={`Edit Volume: ${label(volume)}`}
      submitLabel="Submit"
      onClose={onClose}
      onSubmit={async () => {
        if (name.trim() !== (volume.name ?? '') || description.trim() !== (volume.description ?? '')) await cloud.volume.update(volume, name.trim(), description.trim());
        if (bootable !== (volume.bootable === 'true')) await cloud.volume.setBootable(volume, bootable);
        onDone();
      }}
    >
      <TextField label="Volume Name" name="name" value={name} onChange={setName} />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      <CheckField label="Bootable" name="bootable" checked={bootable} onChange={setBootable} />
    </ModalForm>
  );
}

/** Extend Volume: a volume only grows. */
export function ExtendVolumeForm({ volume, onClose, onDone }: { volume: Volume; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [size, setSize] = useState(String(volume.size + 1));
  return (
    <ModalForm
      title={`Extend Volume: ${label(volume)}`}
      submitLabel="Extend Volume"
      onClose={onClose}
      onSubmit={async () => {
        await cloud.volume.extend(volume, sizeOf(size, volume.size + 1, 'New Size'));
        onDone();
      }}
      help={<p>Extend the size of a volume. The new size must be larger than the current one.</p>}
    >
      <dl className="summary">
        <dt>Volume Name</dt>
        <dd>{label(volume)}</dd>
        <dt>Current Size (GiB)</dt>
        <dd>{volume.size}</dd>
      </dl>
      <TextField label="New Size (GiB)" name="new-size" type="number" value={size} onChange={setSize} required />
    </ModalForm>
  );
}

/** Create Volume Snapshot; an attached volume's is forced, as Horizon warns. */
export function CreateSnapshotForm({ volume, onClose, onDone }: { volume: Volume; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const inUse = volume.status === 'in-use';
  return (
    <ModalForm
      title="Create Volume Snapshot"
      submitLabel={inUse ? 'Create Volume Snapshot (Force)' : 'Create Volume Snapshot'}
      onClose={onClose}
      onSubmit={async () => {
        await cloud.volume.createSnapshot(volume, name.trim(), description.trim());
        onDone();
      }}
      help={<p>A volume snapshot is a point-in-time copy of the volume; a new volume can be created from it.</p>}
    >
      <dl className="summary">
        <dt>Volume</dt>
        <dd>{label(volume)}</dd>
      </dl>
      <TextField label="Snapshot Name" name="snapshot-name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      {inUse && (
        <p className="alert alert--error" role="note">
          The volume is attached to an instance: taking a snapshot can leave it inconsistent (the request is sent with force).
        </p>
      )}
    </ModalForm>
  );
}

/** Manage Volume Attachments: the attachments with Detach, and Attach To Instance (through Nova). */
export function ManageAttachmentsForm({ volume, servers, onClose, onDone }: { volume: Volume; servers: Server[]; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const act = useAction();
  const attachedTo = new Set(volume.attachments.map((a) => a.server_id));
  const candidates = servers.filter((s) => !attachedTo.has(s.id) && s.status !== 'ERROR');
  const [server, setServer] = useState(candidates[0]?.id ?? '');
  const [device, setDevice] = useState('');
  const serverOf = (id: string) => servers.find((s) => s.id === id) ?? { id, name: id };
  // one attachment unless the volume is multiattach, as Cinder allows
  const canAttach = volume.status === 'available' || (volume.status === 'in-use' && volume.multiattach === true);
  return (
    <ModalForm
      title={`Manage Volume Attachments: ${label(volume)}`}
      submitLabel="Attach Volume"
      onClose={onClose}
      onSubmit={async () => {
        const s = servers.find((x) => x.id === server);
        if (!s) throw new Error('Choose an instance to attach the volume to.');
        await cloud.volume.attach(volume, s, device.trim() || undefined);
        onDone();
      }}
    >
      <table className="subtable" aria-label="Attachments">
        <caption>Attachments</caption>
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Device</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {volume.attachments.map((a) => (
            <tr key={a.attachment_id ?? a.server_id}>
              <td>{serverOf(a.server_id).name}</td>
              <td>{a.device ?? ''}</td>
              <td>
                <button
                  type="button"
                  className="btn btn--danger"
                  onClick={() =>
                    void act(
                      `Detach volume ${label(volume)} from ${serverOf(a.server_id).name}`,
                      () => cloud.volume.detach(volume, serverOf(a.server_id)),
                      () => {
                        onClose();
                        onDone();
                      },
                    )
                  }
                >
                  Detach Volume
                </button>
              </td>
            </tr>
          ))}
          {volume.attachments.length === 0 && (
            <tr>
              <td colSpan={3} className="table__empty">
                Not attached.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {canAttach ? (
        <>
          <SelectField
            label="Attach to Instance"
            name="instance"
            value={server}
            onChange={setServer}
            options={candidates.length ? candidates.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })) : [{ value: '', label: 'No instance to attach to' }]}
          />
          <TextField label="Device Name" name="device" value={device} onChange={setDevice} placeholder="/dev/vdb (Nova picks one when empty)" />
        </>
      ) : (
        <p className="muted">The volume is {volume.status}: detach it before attaching it elsewhere.</p>
      )}
    </ModalForm>
  );
}
