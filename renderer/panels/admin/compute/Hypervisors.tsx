import { DataTable, type Column } from '../../../components/DataTable';
import { Badge } from '../../../components/Badge';
import { useServices } from '../../../components/services-context';
import { useResource } from '../../../components/use-resource';
import type { ComputeService, Hypervisor } from '../../../services/openstack/compute';

const gb = (mb: number) => `${(mb / 1024).toFixed(1)}GB`;

/** Admin → Compute → Hypervisors: the summary Horizon draws, then one row per compute host. */
export function HypervisorsPanel() {
  const { cloud } = useServices();
  const res = useResource(() => cloud.compute.hypervisors(), ['compute']);
  const hosts = useResource(() => cloud.compute.computeServices(), ['compute']);
  const hostColumns: Column<ComputeService>[] = [
    { key: 'name', header: 'Host', render: (h) => h.host },
    { key: 'zone', header: 'Zone', render: (h) => h.zone },
    { key: 'status', header: 'Status', render: (h) => (h.status === 'enabled' ? 'Enabled' : 'Disabled') },
    { key: 'state', header: 'State', render: (h) => <Badge value={h.state.toUpperCase()} />, text: (h) => h.state },
    { key: 'updated', header: 'Updated At', render: (h) => h.updated_at ?? '-' },
  ];
  const hv = res.data ?? [];
  const sum = (f: (h: Hypervisor) => number) => hv.reduce((n, h) => n + f(h), 0);
  const columns: Column<Hypervisor>[] = [
    { key: 'name', header: 'Hostname', render: (h) => h.hypervisor_hostname },
    { key: 'type', header: 'Type', render: (h) => h.hypervisor_type },
    { key: 'vcpus', header: 'VCPUs (used)', render: (h) => String(h.vcpus_used) },
    { key: 'vcpus_total', header: 'VCPUs (total)', render: (h) => String(h.vcpus) },
    { key: 'ram', header: 'RAM (used)', render: (h) => gb(h.memory_mb_used) },
    { key: 'ram_total', header: 'RAM (total)', render: (h) => gb(h.memory_mb) },
    { key: 'disk', header: 'Local Storage (used)', render: (h) => `${h.local_gb_used}GB` },
    { key: 'disk_total', header: 'Local Storage (total)', render: (h) => `${h.local_gb}GB` },
    { key: 'instances', header: 'Instances', render: (h) => String(h.running_vms) },
    { key: 'state', header: 'State', render: (h) => <Badge value={h.state.toUpperCase()} />, text: (h) => h.state },
  ];
  return (
    <>
      <h2 className="section-title">Hypervisor Summary</h2>
      <dl className="summary" aria-label="Hypervisor Summary">
        <dt>VCPU Usage</dt>
        <dd>
          Used {sum((h) => h.vcpus_used)} of {sum((h) => h.vcpus)}
        </dd>
        <dt>Memory Usage</dt>
        <dd>
          Used {gb(sum((h) => h.memory_mb_used))} of {gb(sum((h) => h.memory_mb))}
        </dd>
        <dt>Local Disk Usage</dt>
        <dd>
          Used {sum((h) => h.local_gb_used)}GB of {sum((h) => h.local_gb)}GB
        </dd>
      </dl>
      <h2 className="section-title">Hypervisor</h2>
      <DataTable noun="hypervisors" columns={columns} rows={res.data} rowKey={(h) => String(h.id)} loading={res.loading} error={res.error} />
      <h2 className="section-title">Compute Host</h2>
      <DataTable noun="compute hosts" columns={hostColumns} rows={hosts.data} rowKey={(h) => String(h.id)} loading={hosts.loading} error={hosts.error} />
    </>
  );
}
