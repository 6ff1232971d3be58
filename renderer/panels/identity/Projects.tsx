import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Project, Role, RoleAssignment, User } from '../../services/openstack/identity';
import { COMPUTE_QUOTAS, NETWORK_QUOTAS, quotasApi, type QuotaSet } from '../../services/openstack/quotas';
import { useStackLab } from '../../store/provider';

function ProjectForm({ project, onClose }: { project?: Project; onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState(project?.name ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [enabled, setEnabled] = useState(project?.enabled ?? true);
  return (
    <ModalForm
      title={project ? `Edit Project: ${project.name}` : 'Create Project'}
      submitLabel={project ? 'Save' : 'Create Project'}
      onClose={onClose}
      onSubmit={async () => {
        if (project) await cloud.identity.updateProject(project, { name, description, enabled });
        else await cloud.identity.createProject({ name, description, enabled });
      }}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      <CheckField label="Enabled" name="enabled" checked={enabled} onChange={setEnabled} />
    </ModalForm>
  );
}

function Members({ project }: { project: Project }) {
  const { cloud } = useServices();
  const act = useAction();
  const [adding, setAdding] = useState(false);
  const res = useResource(async () => {
    const [assignments, users, roles] = await Promise.all([cloud.identity.projectAssignments(project), cloud.identity.users(), cloud.identity.roles()]);
    return { assignments, users, roles };
  }, ['identity']);
  const rows = (res.data?.assignments ?? []).filter((a): a is RoleAssignment & { user: { id: string } } => !!a.user);
  return (
    <div>
      {res.error && <p className="alert alert--error">{res.error}</p>}
      <table className="subtable">
        <caption>Members of {project.name}</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={`${a.user.id}:${a.role.id}`}>
              <td>{a.user.name ?? a.user.id}</td>
              <td>{a.role.name ?? a.role.id}</td>
              <td>
                <button type="button" className="btn btn--danger" onClick={() => void act('Remove role', () => cloud.identity.revokeUserRole(project, a.user, a.role), res.reload)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" onClick={() => setAdding(true)} disabled={!res.data}>
        Add Member
      </button>
      {adding && res.data && <AddMember project={project} users={res.data.users} roles={res.data.roles} onClose={() => setAdding(false)} />}
    </div>
  );
}

function AddMember({ project, users, roles, onClose }: { project: Project; users: User[]; roles: Role[]; onClose(): void }) {
  const { cloud } = useServices();
  const [user, setUser] = useState(users[0]?.id ?? '');
  const [role, setRole] = useState(roles.find((r) => r.name === 'member')?.id ?? roles[0]?.id ?? '');
  return (
    <ModalForm
      title={`Add Member to ${project.name}`}
      submitLabel="Add"
      onClose={onClose}
      onSubmit={async () => {
        const u = users.find((x) => x.id === user);
        const r = roles.find((x) => x.id === role);
        if (!u || !r) throw new Error('Choose a user and a role.');
        await cloud.identity.grantUserRole(project, u, r);
      }}
    >
      <SelectField label="User" name="user" value={user} onChange={setUser} options={users.map((u) => ({ value: u.id, label: u.name }))} />
      <SelectField label="Role" name="role" value={role} onChange={setRole} options={roles.map((r) => ({ value: r.id, label: r.name }))} />
    </ModalForm>
  );
}

/** Horizon's "Modify Quotas": Nova's quota set, then Neutron's, for one project (only changed keys are sent). */
function QuotasForm({ project, onClose }: { project: Project; onClose(): void }) {
  const { cloud } = useServices();
  const quotas = quotasApi(cloud.client);
  const withNetwork = cloud.client.hasService('network');
  const [values, setValues] = useState<Record<string, string>>({});
  const res = useResource(async () => {
    const [compute, network] = await Promise.all([quotas.compute(project.id, project.name), withNetwork ? quotas.network(project.id, project.name) : Promise.resolve<QuotaSet>({})]);
    return { compute, network };
  }, []);
  const changed = (defs: typeof COMPUTE_QUOTAS, current: QuotaSet): QuotaSet =>
    Object.fromEntries(defs.filter((d) => values[d.key] !== undefined && Number(values[d.key]) !== current[d.key]).map((d) => [d.key, Number(values[d.key])]));
  const field = (d: (typeof COMPUTE_QUOTAS)[number], current: QuotaSet) => (
    <TextField key={d.key} label={d.label} name={d.key} type="number" value={values[d.key] ?? String(current[d.key] ?? '')} onChange={(v) => setValues((o) => ({ ...o, [d.key]: v }))} required />
  );
  return (
    <ModalForm
      title={`Edit Quotas: ${project.name}`}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={async () => {
        if (!res.data) throw new Error('Quotas are still loading.');
        const compute = changed(COMPUTE_QUOTAS, res.data.compute);
        const network = changed(NETWORK_QUOTAS, res.data.network);
        if (Object.keys(compute).length) await quotas.setCompute(project.id, project.name, compute);
        if (Object.keys(network).length) await quotas.setNetwork(project.id, project.name, network);
      }}
    >
      {res.error && <p className="alert alert--error">{res.error}</p>}
      {res.data && (
        <>
          <fieldset>
            <legend>Compute</legend>
            {COMPUTE_QUOTAS.map((d) => field(d, res.data!.compute))}
          </fieldset>
          {withNetwork && (
            <fieldset>
              <legend>Network</legend>
              {NETWORK_QUOTAS.map((d) => field(d, res.data!.network))}
            </fieldset>
          )}
        </>
      )}
    </ModalForm>
  );
}

/** Identity → Projects (an admin sees all, with members; others their own). */
export function ProjectsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const isAdmin = useStackLab((s) => s.session?.isAdmin ?? false);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit' | 'quotas'; project: Project } | null>(null);
  const res = useResource<Project[]>(
    async () => (isAdmin ? cloud.identity.projects() : (await cloud.client.myProjects()).map((p) => ({ ...p, enabled: true, domain_id: p.domain?.id ?? 'default' }) as Project)),
    ['identity'],
    [isAdmin],
  );
  const columns: Column<Project>[] = [
    { key: 'name', header: 'Name', render: (p) => p.name },
    { key: 'description', header: 'Description', render: (p) => p.description ?? '' },
    { key: 'id', header: 'Project ID', render: (p) => p.id },
    { key: 'domain', header: 'Domain', render: (p) => p.domain_id },
    { key: 'enabled', header: 'Enabled', render: (p) => <Badge value={p.enabled} />, text: (p) => (p.enabled ? 'Yes' : 'No') },
  ];
  return (
    <>
      <DataTable
        noun="projects"
        columns={columns}
        rows={res.data}
        rowKey={(p) => p.id}
        loading={res.loading}
        error={res.error}
        actions={
          isAdmin && (
            <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
              + Create Project
            </button>
          )
        }
        rowActions={
          isAdmin
            ? (p) => (
                <>
                  <button type="button" className="btn" onClick={() => setDialog({ kind: 'edit', project: p })}>
                    Edit Project
                  </button>
                  <button type="button" className="btn" onClick={() => setDialog({ kind: 'quotas', project: p })}>
                    Modify Quotas
                  </button>
                  <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete project ${p.name}?`) && void act(`Delete project ${p.name}`, () => cloud.identity.deleteProject(p), res.reload)}>
                    Delete Project
                  </button>
                </>
              )
            : undefined
        }
        detail={isAdmin ? (p) => <Members project={p} /> : undefined}
      />
      {dialog?.kind === 'create' && <ProjectForm onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <ProjectForm project={dialog.project} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'quotas' && <QuotasForm project={dialog.project} onClose={() => setDialog(null)} />}
    </>
  );
}
