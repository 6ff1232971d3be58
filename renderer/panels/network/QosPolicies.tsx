import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { QosPolicy } from '../../services/openstack/network';

/** Project → Network → QoS Policies, with bandwidth-limit rules. */
export function QosPoliciesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'rule'; policy: QosPolicy } | null>(null);
  const [f, setF] = useState({ name: '', description: '', shared: false, maxKbps: '10000', burst: '0' });
  const res = useResource(() => cloud.network.qosPolicies(), ['network']);
  const columns: Column<QosPolicy>[] = [
    { key: 'name', header: 'Name', render: (q) => q.name },
    { key: 'description', header: 'Description', render: (q) => q.description || '-' },
    { key: 'shared', header: 'Shared', render: (q) => <Badge value={q.shared} />, text: (q) => (q.shared ? 'Yes' : 'No') },
    { key: 'rules', header: 'Rules', render: (q) => q.rules.map((r) => (r.type === 'bandwidth_limit' ? `bandwidth_limit ${r.max_kbps} kbps` : r.type)).join(', ') || '-' },
  ];
  return (
    <>
      <DataTable
        noun="QoS policies"
        columns={columns}
        rows={res.data}
        rowKey={(q) => q.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
            + Create QoS Policy
          </button>
        }
        rowActions={(q) => (
          <>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'rule', policy: q })}>
              Add Bandwidth Limit
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete QoS policy ${q.name}?`) && void act(`Delete QoS policy ${q.name}`, () => cloud.network.deleteQosPolicy(q), res.reload)}>
              Delete QoS Policy
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create' && (
        <ModalForm
          title="Create QoS Policy"
          submitLabel="Create QoS Policy"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.network.createQosPolicy({ name: f.name, description: f.description || undefined, shared: f.shared });
            res.reload();
          }}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => setF({ ...f, name })} required />
          <TextField label="Description" name="description" value={f.description} onChange={(description) => setF({ ...f, description })} />
          <CheckField label="Shared" name="shared" checked={f.shared} onChange={(shared) => setF({ ...f, shared })} />
        </ModalForm>
      )}
      {dialog?.kind === 'rule' && (
        <ModalForm
          title={`Add Bandwidth Limit: ${dialog.policy.name}`}
          submitLabel="Add Rule"
          onClose={() => setDialog(null)}
          onSubmit={async () => {
            await cloud.network.addBandwidthLimit(dialog.policy, Number(f.maxKbps), Number(f.burst));
            res.reload();
          }}
        >
          <TextField label="Max Kbps" name="max_kbps" type="number" value={f.maxKbps} onChange={(maxKbps) => setF({ ...f, maxKbps })} required />
          <TextField label="Max Burst Kbits" name="max_burst_kbps" type="number" value={f.burst} onChange={(burst) => setF({ ...f, burst })} />
        </ModalForm>
      )}
    </>
  );
}
