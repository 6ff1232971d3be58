import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { useResource } from '../../components/use-resource';
import { NETWORK_QUOTAS, quotasApi } from '../../services/openstack/quotas';
import { useStackLab } from '../../store/provider';

interface Row {
  name: string;
  key: string;
  limit: number;
}

const LABELS: Record<string, string> = {
  instances: 'Instances',
  cores: 'VCPUs',
  ram: 'RAM (MB)',
  key_pairs: 'Key Pairs',
  metadata_items: 'Metadata Items',
  server_groups: 'Server Groups',
  server_group_members: 'Server Group Members',
  injected_files: 'Injected Files',
  injected_file_content_bytes: 'Injected File Content (Bytes)',
  injected_file_path_bytes: 'Length of Injected File Path',
};

/** Admin → System → Defaults: Nova's default quota class, editable as Horizon's "Update Defaults". */
export function DefaultsPanel() {
  const { cloud } = useServices();
  const [editing, setEditing] = useState<Row | null>(null);
  const [value, setValue] = useState('');
  const res = useResource(async () => {
    const q = await cloud.compute.quotaDefaults();
    return Object.entries(q)
      .filter(([k, v]) => k !== 'id' && typeof v === 'number')
      .map(([key, limit]) => ({ key, name: LABELS[key] ?? key, limit: limit as number }));
  }, ['compute']);
  const columns: Column<Row>[] = [
    { key: 'name', header: 'Quota Name', render: (r) => r.name },
    { key: 'limit', header: 'Limit', render: (r) => (r.limit < 0 ? 'Unlimited' : String(r.limit)) },
  ];
  return (
    <>
      <DataTable
        noun="compute quota defaults"
        columns={columns}
        rows={res.data}
        rowKey={(r) => r.key}
        loading={res.loading}
        error={res.error}
        rowActions={(r) => (
          <button type="button" className="btn" onClick={() => (setValue(String(r.limit)), setEditing(r))}>
            Update Default
          </button>
        )}
      />
      {cloud.client.hasService('network') && <NetworkDefaults />}
      {editing && (
        <ModalForm
          title={`Update Default: ${editing.name}`}
          submitLabel="Save"
          onClose={() => setEditing(null)}
          onSubmit={async () => {
            await cloud.compute.setQuotaDefault(editing.key, Number(value));
            res.reload();
          }}
        >
          <TextField label={editing.name} name={editing.key} type="number" value={value} onChange={setValue} required />
        </ModalForm>
      )}
    </>
  );
}

/** Neutron's default quotas (Horizon's "Network Quotas" tab; changed only in neutron.conf). */
function NetworkDefaults() {
  const { cloud } = useServices();
  const projectId = useStackLab((s) => s.session?.project?.id ?? '');
  const res = useResource(async () => {
    const q = await quotasApi(cloud.client).networkDefaults(projectId);
    return NETWORK_QUOTAS.filter((d) => d.key in q).map((d) => ({ key: d.key, name: d.label, limit: q[d.key]! }));
  }, ['network'], [projectId]);
  const columns: Column<Row>[] = [
    { key: 'name', header: 'Quota Name', render: (r) => r.name },
    { key: 'limit', header: 'Limit', render: (r) => (r.limit < 0 ? 'Unlimited' : String(r.limit)) },
  ];
  return (
    <>
      <h2>Network Quotas</h2>
      <DataTable noun="network quota defaults" columns={columns} rows={res.data} rowKey={(r) => r.key} loading={res.loading} error={res.error} />
    </>
  );
}
