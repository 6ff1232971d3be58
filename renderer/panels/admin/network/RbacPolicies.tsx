import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { SelectField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { RbacPolicy } from '../../../services/openstack/network';

/** Admin → Network → RBAC Policies: share a network with a project (access_as_shared / access_as_external). */
export function RbacPoliciesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const [f, setF] = useState({ network: '', project: '*', action: 'access_as_shared' });
  const res = useResource(
    async () => {
      const [policies, networks, projects] = await Promise.all([cloud.network.rbacPolicies(), cloud.network.networks(), cloud.identity.projects()]);
      return { policies, networks, projects };
    },
    ['network', 'identity'],
  );
  const d = res.data;
  const projectName = (id: string) => (id === '*' ? '* (all projects)' : (d?.projects.find((p) => p.id === id)?.name ?? id));
  const columns: Column<RbacPolicy>[] = [
    { key: 'project', header: 'Project', render: (r) => projectName(r.project_id) },
    { key: 'type', header: 'Object Type', render: (r) => r.object_type },
    { key: 'name', header: 'Object', render: (r) => d?.networks.find((n) => n.id === r.object_id)?.name ?? r.object_id },
    { key: 'target', header: 'Target Project', render: (r) => projectName(r.target_tenant) },
    { key: 'action', header: 'Action', render: (r) => r.action },
  ];
  return (
    <>
      <DataTable
        noun="RBAC policies"
        columns={columns}
        rows={d?.policies ?? null}
        rowKey={(r) => r.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" disabled={!d} onClick={() => (setF({ network: d?.networks[0]?.id ?? '', project: '*', action: 'access_as_shared' }), setCreating(true))}>
            + Create RBAC Policy
          </button>
        }
        rowActions={(r) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed('Delete this RBAC policy?') && void act('Delete RBAC policy', () => cloud.network.deleteRbacPolicy(r), res.reload)}>
            Delete RBAC Policy
          </button>
        )}
      />
      {creating && d && (
        <ModalForm
          title="Create RBAC Policy"
          submitLabel="Create RBAC Policy"
          onClose={() => setCreating(false)}
          onSubmit={async () => {
            const network = d.networks.find((n) => n.id === f.network);
            if (!network) throw new Error('Select a network.');
            await cloud.network.createRbacPolicy({ objectType: 'network', object: network, action: f.action, targetProject: f.project, targetName: f.project === '*' ? '*' : projectName(f.project) });
            res.reload();
          }}
        >
          <SelectField label="Target Project" name="target_tenant" value={f.project} onChange={(project) => setF({ ...f, project })} options={[{ value: '*', label: '*' }, ...d.projects.map((p) => ({ value: p.id, label: p.name }))]} />
          <SelectField label="Network" name="object_id" value={f.network} onChange={(network) => setF({ ...f, network })} options={d.networks.map((n) => ({ value: n.id, label: n.name || n.id }))} />
          <SelectField
            label="Action Type"
            name="action"
            value={f.action}
            onChange={(action) => setF({ ...f, action })}
            options={[
              { value: 'access_as_shared', label: 'Shared' },
              { value: 'access_as_external', label: 'External' },
            ]}
          />
        </ModalForm>
      )}
    </>
  );
}
