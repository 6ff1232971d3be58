import { useId, useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Image } from '../../services/openstack/image';

const size = (n: number | null) => (n === null ? '' : n >= 1048576 ? `${(n / 1048576).toFixed(2)} MB` : `${(n / 1024).toFixed(2)} KB`);

function CreateImage({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [format, setFormat] = useState('qcow2');
  const [visibility, setVisibility] = useState<'public' | 'private'>('private');
  const [minDisk, setMinDisk] = useState('');
  const [minRam, setMinRam] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileId = useId();
  return (
    <ModalForm
      title="Create Image"
      submitLabel="Create Image"
      onClose={onClose}
      onSubmit={async () => {
        const data = file ? new Uint8Array(await file.arrayBuffer()) : undefined;
        await cloud.image.create({ name, diskFormat: format, containerFormat: 'bare', visibility, minDisk: Number(minDisk) || undefined, minRam: Number(minRam) || undefined, data, fileName: file?.name });
        onDone();
      }}
    >
      <TextField label="Image Name" name="name" value={name} onChange={setName} required />
      <div className="field">
        <label htmlFor={fileId}>File</label>
        <input id={fileId} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <SelectField
        label="Format"
        name="disk_format"
        value={format}
        onChange={setFormat}
        options={['qcow2', 'raw', 'iso', 'vmdk', 'vdi', 'vhd', 'ami'].map((f) => ({ value: f, label: f === 'qcow2' ? 'QCOW2 - QEMU Emulator' : f.toUpperCase() }))}
      />
      <TextField label="Minimum Disk (GB)" name="min_disk" type="number" value={minDisk} onChange={setMinDisk} />
      <TextField label="Minimum RAM (MB)" name="min_ram" type="number" value={minRam} onChange={setMinRam} />
      <SelectField label="Visibility" name="visibility" value={visibility} onChange={(v) => setVisibility(v as 'public' | 'private')} options={[{ value: 'private', label: 'Private' }, { value: 'public', label: 'Public' }]} />
    </ModalForm>
  );
}

/** Project → Compute → Images. */
export function ImagesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const res = useResource(() => cloud.image.images(), ['image']);
  const columns: Column<Image>[] = [
    { key: 'name', header: 'Name', render: (i) => i.name ?? i.id },
    { key: 'type', header: 'Type', render: () => 'Image' },
    { key: 'status', header: 'Status', render: (i) => <Badge value={i.status.toUpperCase()} />, text: (i) => i.status },
    { key: 'visibility', header: 'Visibility', render: (i) => i.visibility },
    { key: 'protected', header: 'Protected', render: (i) => <Badge value={i.protected} /> },
    { key: 'format', header: 'Disk Format', render: (i) => (i.disk_format ?? '').toUpperCase() },
    { key: 'size', header: 'Size', render: (i) => size(i.size) },
  ];
  return (
    <>
      <DataTable
        noun="images"
        columns={columns}
        rows={res.data}
        rowKey={(i) => i.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Image
          </button>
        }
        rowActions={(i) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete image ${i.name}?`) && void act(`Delete image ${i.name}`, () => cloud.image.remove(i), res.reload)}>
            Delete Image
          </button>
        )}
        detail={(i) => (
          <dl className="details">
            <dt>ID</dt>
            <dd>{i.id}</dd>
            <dt>Owner</dt>
            <dd>{i.owner}</dd>
            <dt>Disk Format</dt>
            <dd>{i.disk_format ?? '-'}</dd>
            <dt>Container Format</dt>
            <dd>{i.container_format ?? '-'}</dd>
            <dt>Size</dt>
            <dd>{i.size === null ? '-' : `${i.size} bytes`}</dd>
            <dt>Protected</dt>
            <dd>{i.protected ? 'Yes' : 'No'}</dd>
            <dt>Created</dt>
            <dd>{i.created_at}</dd>
            <dt>Min Disk / Min RAM</dt>
            <dd>
              {i.min_disk} GB / {i.min_ram} MB
            </dd>
            <dt>Checksum</dt>
            <dd>{i.checksum ?? '-'}</dd>
          </dl>
        )}
      />
      {creating && <CreateImage onClose={() => setCreating(false)} onDone={res.reload} />}
    </>
  );
}
