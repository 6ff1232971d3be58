import { useState } from 'react';
import { Badge } from '../../../components/Badge';
import { DataTable, type Column } from '../../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { Project } from '../../../services/openstack/identity';
import type { Network } from '../../../services/openstack/network';

const TYPES = ['local', 'flat', 'vlan', 'vxlan', 'geneve'];

/** Horizon's admin "Create Network": owner project and provider attributes (flat `extnet` on physnet `extnet`). */
function CreateNetwork({ projects, onClose }: { projects: Project[]; onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [project, setProject] = useState(projects.find((p) => p.name === 'admin')?.id ?? projects[0]?.id ?? '');
  const [type, setType] = useState('flat');
  const [physnet, setPhysnet] = useState('extnet');
  const [segment, setSegment] = useState('');
  const [shared, setShared] = useState(false);
  const [external, setExternal] = useState(false);
  const [enabled, setEnabled] = useState(true);
  const needsPhysnet = type === 'flat' || type === 'vlan';
  const hasSegment = type === 'vlan' || type === 'vxlan' || type === 'geneve';
  return (
    <ModalForm
      title="Create Network"
      submitLabel="Create Network"
      onClose={onClose}
      onSubmit={async () => {
        const owner = projects.find((p) => p.id === project);
        await cloud.network.createNetwork(
          {
            name,
            shared,
            external,
            adminStateUp: enabled,
            networkType: type,
            physicalNetwork: needsPhysnet ? physnet : undefined,
            segmentationId: hasSegment && segment !== '' ? Number(segment) : undefined,
          },
          owner ? { id: owner.id, name: owner.name } : undefined,
        );
      }}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} required />
      <SelectField label="Project" name="project" value={project} onChange={setProject} options={projects.map((p) => ({ value: p.id, label: p.name }))} required />
      <SelectField label="Provider Network Type" name="network_type" value={type} onChange={setType} options={TYPES.map((t) => ({ value: t, label: t === 'vxlan' ? 'VXLAN' : t === 'vlan' ? 'VLAN' : t.charAt(0).toUpperCase() + t.slice(1) }))} />
      {needsPhysnet && <TextField label="Physical Network" name="physical_network" value={physnet} onChange={setPhysnet} required />}
      {hasSegment && <TextField label="Segmentation ID" name="segmentation_id" type="number" value={segment} onChange={setSegment} />}
      <CheckField label="Enable Admin State" name="admin_state_up" checked={enabled} onChange={setEnabled} />
      <CheckField label="Shared" name="shared" checked={shared} onChange={setShared} />
      <CheckField label="External Network" name="external" checked={external} onChange={setExternal} />
    </ModalForm>
  );
}

/** Admin → Network → Networks: every project's networks, with the owner's name. */
export function AdminNetworksPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const res = useResource(async () => {
    const [networks, projects] = await Promise.all([cloud.network.networks(), cloud.identity.projects()]);
    return { networks, projects };
  }, ['network', 'identity']);
  const projectName = (id: string) => res.data?.projects.find((p) => p.id === id)?.name ?? id;
  const columns: Column<Network>[] = [
    { key: 'project', header: 'Project', render: (n) => projectName(n.project_id) },
    { key: 'name', header: 'Network Name', render: (n) => n.name || n.id },
    { key: 'type', header: 'Network Type', render: (n) => n['provider:network_type'] ?? '' },
    { key: 'subnets', header: 'Subnets Associated', render: (n) => String(n.subnets.length) },
    { key: 'shared', header: 'Shared', render: (n) => <Badge value={n.shared} />, text: (n) => (n.shared ? 'Yes' : 'No') },
    { key: 'external', header: 'External', render: (n) => <Badge value={n['router:external']} />, text: (n) => (n['router:external'] ? 'Yes' : 'No') },
    { key: 'status', header: 'Status', render: (n) => <Badge value={n.status} />, text: (n) => n.status },
    { key: 'admin_state', header: 'Admin State', render: (n) => (n.admin_state_up ? 'UP' : 'DOWN') },
  ];
  return (
    <>
      <DataTable
        noun="networks"
        columns={columns}
        rows={res.data?.networks ?? null}
        rowKey={(n) => n.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} disabled={!res.data}>
            + Create Network
          </button>
        }
        rowActions={(n) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete network ${n.name}?`) && void act(`Delete network ${n.name}`, () => cloud.network.deleteNetwork(n), res.reload)}>
            Delete Network
          </button>
        )}
      />
      {creating && res.data && <CreateNetwork projects={res.data.projects} onClose={() => (setCreating(false), res.reload())} />}
    </>
  );
}
