import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Keypair } from '../../services/openstack/compute';

/** Project → Compute → Key Pairs: create (the private key is shown once), import, delete. */
export function KeyPairsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [created, setCreated] = useState<Keypair | null>(null);
  const res = useResource(() => cloud.compute.keypairs(), ['compute']);
  const columns: Column<Keypair>[] = [
    { key: 'name', header: 'Name', render: (k) => k.name },
    { key: 'type', header: 'Type', render: (k) => k.type ?? 'ssh' },
    { key: 'fingerprint', header: 'Fingerprint', render: (k) => k.fingerprint },
  ];
  return (
    <>
      <DataTable
        noun="key pairs"
        columns={columns}
        rows={res.data}
        rowKey={(k) => k.name}
        loading={res.loading}
        error={res.error}
        actions={
          <>
            <button type="button" className="btn btn--primary" onClick={() => setDialog('create')}>
              + Create Key Pair
            </button>
            <button type="button" className="btn" onClick={() => setDialog('import')}>
              Import Public Key
            </button>
          </>
        }
        rowActions={(k) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete key pair ${k.name}?`) && void act(`Delete key pair ${k.name}`, () => cloud.compute.deleteKeypair(k), res.reload)}>
            Delete Key Pair
          </button>
        )}
      />
      {dialog && (
        <ModalForm
          title={dialog === 'create' ? 'Create Key Pair' : 'Import Public Key'}
          submitLabel={dialog === 'create' ? 'Create Key Pair' : 'Import Public Key'}
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            const k = await cloud.compute.createKeypair(name, dialog === 'import' ? publicKey : undefined);
            if (k.private_key) setCreated(k);
            res.reload();
          }}
        >
          <TextField label="Key Pair Name" name="name" value={name} onChange={setName} required />
          {dialog === 'import' && (
            <div className="field">
              <label htmlFor="public-key">Public Key</label>
              <textarea id="public-key" rows={5} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} required />
            </div>
          )}
        </ModalForm>
      )}
      {created && (
        <section className="alert" aria-label="Private key">
          <p>
            Key pair <strong>{created.name}</strong> created. Save its private key now: it is not shown again (<code>openstack keypair create {created.name} &gt; {created.name}.pem</code>).
          </p>
          <pre className="private-key">{created.private_key}</pre>
          <button type="button" className="btn" onClick={() => setCreated(null)}>
            Done
          </button>
        </section>
      )}
    </>
  );
}
