import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { AppCredential } from '../../services/openstack/identity';
import { useStackLab } from '../../store/provider';

function CreateCredential({ userId, onClose, onCreated }: { userId: string; onClose(): void; onCreated(c: AppCredential): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [expires, setExpires] = useState('');
  const [unrestricted, setUnrestricted] = useState(false);
  return (
    <ModalForm
      title="Create Application Credential"
      submitLabel="Create Application Credential"
      onClose={onClose}
      onSubmit={async () => {
        const r = await cloud.identity.createAppCredential(userId, { name, description: description || undefined, expires_at: expires ? new Date(expires).toISOString() : undefined, unrestricted });
        onCreated(r.application_credential);
      }}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      <TextField label="Expiration" name="expires" type="datetime-local" value={expires} onChange={setExpires} />
      <CheckField label="Unrestricted (dangerous)" name="unrestricted" checked={unrestricted} onChange={setUnrestricted} />
    </ModalForm>
  );
}

/** Identity → Application Credentials of the logged-in user. */
export function ApplicationCredentialsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const userId = useStackLab((s) => s.session?.user.id ?? '');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<AppCredential | null>(null);
  const res = useResource(() => cloud.identity.appCredentials(userId), ['identity'], [userId]);
  const columns: Column<AppCredential>[] = [
    { key: 'name', header: 'Name', render: (a) => a.name },
    { key: 'description', header: 'Description', render: (a) => a.description ?? '' },
    { key: 'project', header: 'Project ID', render: (a) => a.project_id },
    { key: 'expires', header: 'Expiration', render: (a) => a.expires_at ?? 'Never' },
    { key: 'roles', header: 'Roles', render: (a) => (a.roles ?? []).map((r) => r.name).join(', ') },
  ];
  return (
    <>
      {created && (
        <div className="alert alert--success" role="status">
          <p>
            Application credential <strong>{created.name}</strong> created. Its secret is shown only once:
          </p>
          <code className="secret">{created.secret}</code>
          <button type="button" className="btn" onClick={() => setCreated(null)}>
            I have saved it
          </button>
        </div>
      )}
      <DataTable
        noun="application credentials"
        columns={columns}
        rows={res.data}
        rowKey={(a) => a.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Application Credential
          </button>
        }
        rowActions={(a) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete application credential ${a.name}?`) && void act(`Delete ${a.name}`, () => cloud.identity.deleteAppCredential(userId, a), res.reload)}>
            Delete
          </button>
        )}
      />
      {creating && <CreateCredential userId={userId} onClose={() => setCreating(false)} onCreated={setCreated} />}
    </>
  );
}
