import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Project, User } from '../../services/openstack/identity';

function UserForm({ user, projects, onClose }: { user?: User; projects: Project[]; onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [project, setProject] = useState(user?.default_project_id ?? '');
  const [enabled, setEnabled] = useState(user?.enabled ?? true);
  return (
    <ModalForm
      title={user ? `Edit User: ${user.name}` : 'Create User'}
      submitLabel={user ? 'Update User' : 'Create User'}
      onClose={onClose}
      onSubmit={async () => {
        if (user) {
          await cloud.identity.updateUser(user, { name, email: email || undefined, enabled, password: password || undefined });
        } else {
          const p = projects.find((x) => x.id === project);
          await cloud.identity.createUser({ name, email: email || undefined, password, default_project_id: p?.id, enabled }, p?.name);
        }
      }}
    >
      <TextField label="User Name" name="name" value={name} onChange={setName} required />
      <TextField label="Email" name="email" type="email" value={email} onChange={setEmail} />
      <TextField label={user ? 'New Password' : 'Password'} name="password" type="password" value={password} onChange={setPassword} required={!user} autoComplete="new-password" />
      {!user && <SelectField label="Primary Project" name="project" value={project} onChange={setProject} options={[{ value: '', label: '(none)' }, ...projects.map((p) => ({ value: p.id, label: p.name }))]} />}
      <CheckField label="Enabled" name="enabled" checked={enabled} onChange={setEnabled} />
    </ModalForm>
  );
}

/** Identity → Users. */
export function UsersPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit'; user: User } | null>(null);
  const res = useResource(async () => {
    const [users, projects] = await Promise.all([cloud.identity.users(), cloud.identity.projects()]);
    return { users, projects };
  }, ['identity']);
  const columns: Column<User>[] = [
    { key: 'name', header: 'User Name', render: (u) => u.name },
    { key: 'email', header: 'Email', render: (u) => u.email ?? '' },
    { key: 'id', header: 'User ID', render: (u) => u.id },
    { key: 'enabled', header: 'Enabled', render: (u) => <Badge value={u.enabled} />, text: (u) => (u.enabled ? 'Yes' : 'No') },
    { key: 'domain', header: 'Domain', render: (u) => u.domain_id },
  ];
  return (
    <>
      <DataTable
        noun="users"
        columns={columns}
        rows={res.data?.users ?? null}
        rowKey={(u) => u.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })} disabled={!res.data}>
            + Create User
          </button>
        }
        rowActions={(u) => (
          <>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'edit', user: u })}>
              Edit
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete user ${u.name}?`) && void act(`Delete user ${u.name}`, () => cloud.identity.deleteUser(u), res.reload)}>
              Delete User
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create' && <UserForm projects={res.data?.projects ?? []} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UserForm user={dialog.user} projects={res.data?.projects ?? []} onClose={() => setDialog(null)} />}
    </>
  );
}
