import { useId, useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Container, ObjectEntry } from '../../services/openstack/object-store';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Hands bytes to the browser as a file download. */
function saveAs(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop() || name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The selected container: details (count, size, public access), its folders and objects. */
function ContainerView({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const { cloud } = useServices();
  const act = useAction();
  const [prefix, setPrefix] = useState('');
  const [dialog, setDialog] = useState<'upload' | 'folder' | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [objectName, setObjectName] = useState('');
  const [folder, setFolder] = useState('');
  const fileId = useId();
  const info = useResource(() => cloud.objectStore.info(name), ['object-store'], [name]);
  const objects = useResource(() => cloud.objectStore.objects(name, prefix), ['object-store'], [name, prefix]);
  const reload = () => {
    info.reload();
    objects.reload();
  };
  const crumbs = prefix.split('/').filter(Boolean);
  const columns: Column<ObjectEntry>[] = [
    {
      key: 'name',
      header: 'Name',
      text: (o) => o.name,
      render: (o) =>
        o.kind === 'folder' ? (
          <button type="button" className="linklike" onClick={() => setPrefix(o.name)}>
            📁 {o.name.slice(prefix.length)}
          </button>
        ) : (
          o.name.slice(prefix.length)
        ),
    },
    { key: 'size', header: 'Size', render: (o) => (o.kind === 'folder' ? 'Folder' : formatBytes(o.bytes)) },
    { key: 'type', header: 'Content Type', render: (o) => (o.kind === 'folder' ? '' : o.content_type) },
  ];
  return (
    <section className="container-view" aria-label={`Container ${name}`}>
      <h2>{name}</h2>
      {info.data && (
        <dl className="summary">
          <dt>Object Count</dt>
          <dd>{info.data.objectCount}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(info.data.bytesUsed)}</dd>
          {info.data.created && (
            <>
              <dt>Date Created</dt>
              <dd>{new Date(info.data.created).toLocaleString()}</dd>
            </>
          )}
          <dt>Public Access</dt>
          <dd>
            <label>
              <input
                type="checkbox"
                checked={info.data.public}
                onChange={(e) => void act(`${e.target.checked ? 'Make' : 'Stop making'} ${name} public`, () => cloud.objectStore.setPublic(name, e.target.checked), info.reload)}
              />{' '}
              {info.data.public ? `Enabled (${cloud.client.endpoint('object-store')}/${name})` : 'Disabled'}
            </label>
          </dd>
        </dl>
      )}
      <nav aria-label="Folder path" className="crumbs">
        <button type="button" className="linklike" onClick={() => setPrefix('')}>
          {name}
        </button>
        {crumbs.map((c, i) => (
          <span key={i}>
            {' / '}
            <button type="button" className="linklike" onClick={() => setPrefix(crumbs.slice(0, i + 1).join('/') + '/')}>
              {c}
            </button>
          </span>
        ))}
      </nav>
      <DataTable
        noun="objects"
        columns={columns}
        rows={objects.data}
        rowKey={(o) => o.name}
        loading={objects.loading}
        error={objects.error}
        actions={
          <>
            <button type="button" className="btn btn--primary" onClick={() => (setFile(null), setObjectName(''), setDialog('upload'))}>
              Upload File
            </button>
            <button type="button" className="btn" onClick={() => (setFolder(''), setDialog('folder'))}>
              + Folder
            </button>
            <button
              type="button"
              className="btn btn--danger"
              onClick={() => confirmed(`Delete container ${name}?`) && void act(`Delete container ${name}`, () => cloud.objectStore.deleteContainer(name), onDeleted)}
            >
              Delete Container
            </button>
          </>
        }
        rowActions={(o) =>
          o.kind === 'folder' ? null : (
            <>
              <button type="button" className="btn" onClick={() => void act(`Download ${o.name}`, async () => saveAs(o.name, await cloud.objectStore.download(name, o.name)))}>
                Download
              </button>
              <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete object ${o.name}?`) && void act(`Delete object ${o.name}`, () => cloud.objectStore.deleteObject(name, o.name), reload)}>
                Delete
              </button>
            </>
          )
        }
      />
      {dialog === 'upload' && (
        <ModalForm
          title="Upload File"
          submitLabel="Upload File"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            if (!file) throw new Error('Choose a file to upload.');
            await cloud.objectStore.upload(name, prefix + (objectName.trim() || file.name), new Uint8Array(await file.arrayBuffer()));
            reload();
          }}
        >
          <div className="field">
            <label htmlFor={fileId}>File</label>
            <input id={fileId} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
          </div>
          <TextField label="File Name" name="object-name" value={objectName} onChange={setObjectName} />
          <p className="cli-hint">In {prefix ? `folder ${prefix}` : 'the container'}; leave the name empty to keep the file's.</p>
        </ModalForm>
      )}
      {dialog === 'folder' && (
        <ModalForm
          title="Create Folder"
          submitLabel="Create Folder"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.objectStore.createFolder(name, prefix + folder.trim().replace(/^\/+|\/+$/g, ''));
            reload();
          }}
        >
          <TextField label="Folder Name" name="folder" value={folder} onChange={setFolder} required />
        </ModalForm>
      )}
    </section>
  );
}

/** Project → Object Store → Containers, as Horizon lays it out: containers beside the one opened. */
export function ContainersPanel() {
  const { cloud } = useServices();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [isPublic, setPublic] = useState(false);
  const res = useResource(() => cloud.objectStore.containers(), ['object-store']);
  const columns: Column<Container>[] = [
    {
      key: 'name',
      header: 'Container',
      text: (c) => c.name,
      render: (c) => (
        <button type="button" className="linklike" aria-current={selected === c.name ? 'true' : undefined} onClick={() => setSelected(c.name)}>
          {c.name}
        </button>
      ),
    },
    { key: 'count', header: 'Objects', render: (c) => String(c.count) },
    { key: 'bytes', header: 'Size', render: (c) => formatBytes(c.bytes) },
  ];
  return (
    <div className="containers">
      <DataTable
        noun="containers"
        columns={columns}
        rows={res.data}
        rowKey={(c) => c.name}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => (setName(''), setPublic(false), setCreating(true))}>
            + Container
          </button>
        }
      />
      {selected && res.data?.some((c) => c.name === selected) ? (
        <ContainerView key={selected} name={selected} onDeleted={() => (setSelected(null), res.reload())} />
      ) : (
        <p className="cli-hint">Select a container to browse its objects.</p>
      )}
      {creating && (
        <ModalForm
          title="Create Container"
          submitLabel="Create"
          onClose={() => setCreating(false)}
          onSubmit={async () => {
            if (name.includes('/')) throw new Error('A container name cannot contain "/".');
            await cloud.objectStore.createContainer(name.trim(), isPublic);
            setSelected(name.trim());
            res.reload();
          }}
        >
          <TextField label="Container Name" name="container" value={name} onChange={setName} required />
          <label className="field">
            <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> Public (anyone can read its objects)
          </label>
        </ModalForm>
      )}
    </div>
  );
}
