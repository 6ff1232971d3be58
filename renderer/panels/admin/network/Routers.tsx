import { Badge } from '../../../components/Badge';
import { DataTable, type Column } from '../../../components/DataTable';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { Router } from '../../../services/openstack/network';

/** Admin → Network → Routers: every project's routers, with the owner and the external network. */
export function AdminRoutersPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const res = useResource(async () => {
    const [routers, networks, projects] = await Promise.all([cloud.network.routers(), cloud.network.networks(), cloud.identity.projects()]);
    return { routers, networks, projects };
  }, ['network', 'identity']);
  const projectName = (id: string) => res.data?.projects.find((p) => p.id === id)?.name ?? id;
  const networkName = (id: string) => res.data?.networks.find((n) => n.id === id)?.name ?? id;
  const columns: Column<Router>[] = [
    { key: 'project', header: 'Project', render: (r) => projectName(r.project_id) },
    { key: 'name', header: 'Name', render: (r) => r.name || r.id },
    { key: 'status', header: 'Status', render: (r) => <Badge value={r.status} />, text: (r) => r.status },
    { key: 'external', header: 'External Network', render: (r) => (r.external_gateway_info ? networkName(r.external_gateway_info.network_id) : '-') },
    { key: 'admin_state', header: 'Admin State', render: (r) => (r.admin_state_up ? 'UP' : 'DOWN') },
  ];
  return (
    <DataTable
      noun="routers"
      columns={columns}
      rows={res.data?.routers ?? null}
      rowKey={(r) => r.id}
      loading={res.loading}
      error={res.error}
      rowActions={(r) => (
        <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete router ${r.name}?`) && void act(`Delete router ${r.name}`, () => cloud.network.deleteRouter(r), res.reload)}>
          Delete Router
        </button>
      )}
    />
  );
}
