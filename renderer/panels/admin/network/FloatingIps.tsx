import { useState } from 'react';
import { Badge } from '../../../components/Badge';
import { DataTable, type Column } from '../../../components/DataTable';
import { SelectField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { Project } from '../../../services/openstack/identity';
import type { FloatingIp, Network } from '../../../services/openstack/network';

function AllocateToProject({ pools, projects, onClose }: { pools: Network[]; projects: Project[]; onClose(): void }) {
  const { cloud } = useServices();
  const [pool, setPool] = useState(pools[0]?.id ?? '');
  const [project, setProject] = useState(projects[0]?.id ?? '');
  return (
    <ModalForm
      title="Allocate Floating IP"
      submitLabel="Allocate Floating IP"
      onClose={onClose}
      onSubmit={async () => {
        const n = pools.find((x) => x.id === pool);
        const p = projects.find((x) => x.id === project);
        if (!n || !p) throw new Error('Choose a pool and a project.');
        await cloud.network.allocateFloatingIpTo(n, p);
      }}
    >
      <SelectField label="Pool" name="pool" value={pool} onChange={setPool} options={pools.map((n) => ({ value: n.id, label: n.name || n.id }))} required />
      <SelectField label="Project" name="project" value={project} onChange={setProject} options={projects.map((p) => ({ value: p.id, label: p.name }))} required />
    </ModalForm>
  );
}

/** Admin → Network → Floating IPs: every project's floating IPs; allocate one to any project. */
export function AdminFloatingIpsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [allocating, setAllocating] = useState(false);
  const res = useResource(async () => {
    const [ips, networks, projects] = await Promise.all([cloud.network.floatingIps(), cloud.network.networks(), cloud.identity.projects()]);
    return { ips, networks, projects };
  }, ['network', 'identity']);
  const projectName = (id: string) => res.data?.projects.find((p) => p.id === id)?.name ?? id;
  const networkName = (id: string) => res.data?.networks.find((n) => n.id === id)?.name ?? id;
  const columns: Column<FloatingIp>[] = [
    { key: 'project', header: 'Project', render: (f) => projectName(f.project_id) },
    { key: 'address', header: 'Floating IP Address', render: (f) => f.floating_ip_address },
    { key: 'fixed', header: 'Mapped Fixed IP Address', render: (f) => f.fixed_ip_address ?? '-' },
    { key: 'pool', header: 'Pool', render: (f) => networkName(f.floating_network_id) },
    { key: 'status', header: 'Status', render: (f) => <Badge value={f.status} />, text: (f) => f.status },
  ];
  const pools = (res.data?.networks ?? []).filter((n) => n['router:external']);
  return (
    <>
      <DataTable
        noun="floating IPs"
        columns={columns}
        rows={res.data?.ips ?? null}
        rowKey={(f) => f.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setAllocating(true)} disabled={!res.data || pools.length === 0}>
            Allocate IP To Project
          </button>
        }
        rowActions={(f) => (
          <button type="button" className="btn btn--danger" onClick={() => confirmed(`Release ${f.floating_ip_address}?`) && void act(`Release floating IP ${f.floating_ip_address}`, () => cloud.network.deleteFloatingIp(f), res.reload)}>
            Release Floating IP
          </button>
        )}
      />
      {allocating && res.data && <AllocateToProject pools={pools} projects={res.data.projects} onClose={() => (setAllocating(false), res.reload())} />}
    </>
  );
}
