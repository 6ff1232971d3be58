import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { SecurityGroup, SecurityGroupRule } from '../../services/openstack/network';

function CreateGroup({ onClose }: { onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <ModalForm title="Create Security Group" submitLabel="Create Security Group" onClose={onClose} onSubmit={async () => void (await cloud.network.createSecurityGroup({ name, description }))}>
      <TextField label="Name" name="name" value={name} onChange={setName} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
    </ModalForm>
  );
}

/** Horizon's rule presets plus a custom protocol/port. */
const PRESETS: Record<string, { protocol: string | null; min?: number; max?: number }> = {
  'All ICMP': { protocol: 'icmp' },
  SSH: { protocol: 'tcp', min: 22, max: 22 },
  HTTP: { protocol: 'tcp', min: 80, max: 80 },
  HTTPS: { protocol: 'tcp', min: 443, max: 443 },
  'All TCP': { protocol: 'tcp', min: 1, max: 65535 },
  'All UDP': { protocol: 'udp', min: 1, max: 65535 },
  'Custom TCP Rule': { protocol: 'tcp' },
  'Custom UDP Rule': { protocol: 'udp' },
};

function AddRule({ group, onClose }: { group: SecurityGroup; onClose(): void }) {
  const { cloud } = useServices();
  const [preset, setPreset] = useState('All ICMP');
  const [direction, setDirection] = useState<'ingress' | 'egress'>('ingress');
  const [port, setPort] = useState('');
  const [cidr, setCidr] = useState('0.0.0.0/0');
  const custom = preset.startsWith('Custom');
  return (
    <ModalForm
      title={`Add Rule: ${group.name}`}
      submitLabel="Add"
      onClose={onClose}
      onSubmit={async () => {
        const p = PRESETS[preset];
        const n = custom ? Number(port) : undefined;
        if (custom && !(Number.isInteger(n) && n! >= 1 && n! <= 65535)) throw new Error('Port must be a number between 1 and 65535.');
        await cloud.network.createRule(group, {
          group: group.name,
          direction,
          ethertype: cidr.includes(':') ? 'IPv6' : 'IPv4',
          protocol: p.protocol,
          portMin: custom ? n : p.min,
          portMax: custom ? n : p.max,
          remoteIpPrefix: cidr || null,
        });
      }}
    >
      <SelectField label="Rule" name="rule" value={preset} onChange={setPreset} options={Object.keys(PRESETS).map((k) => ({ value: k, label: k }))} />
      <SelectField
        label="Direction"
        name="direction"
        value={direction}
        onChange={(v) => setDirection(v === 'egress' ? 'egress' : 'ingress')}
        options={[
          { value: 'ingress', label: 'Ingress' },
          { value: 'egress', label: 'Egress' },
        ]}
      />
      {custom && <TextField label="Port" name="port" value={port} onChange={setPort} required />}
      <TextField label="CIDR" name="cidr" value={cidr} onChange={setCidr} />
    </ModalForm>
  );
}

const portRange = (r: SecurityGroupRule) => (r.port_range_min == null ? 'Any' : r.port_range_min === r.port_range_max ? String(r.port_range_min) : `${r.port_range_min}-${r.port_range_max}`);

/** Project → Network → Security Groups, each with its rules. */
export function SecurityGroupsPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'rule'; group: SecurityGroup } | null>(null);
  const res = useResource(() => cloud.network.securityGroups(), ['network']);
  const columns: Column<SecurityGroup>[] = [
    { key: 'name', header: 'Name', render: (g) => g.name },
    { key: 'id', header: 'Security Group ID', render: (g) => g.id },
    { key: 'description', header: 'Description', render: (g) => g.description },
    { key: 'rules', header: 'Rules', render: (g) => String(g.security_group_rules.length) },
  ];
  return (
    <>
      <DataTable
        noun="security groups"
        columns={columns}
        rows={res.data}
        rowKey={(g) => g.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
            + Create Security Group
          </button>
        }
        rowActions={(g) => (
          <>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'rule', group: g })}>
              Add Rule
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete security group ${g.name}?`) && void act(`Delete security group ${g.name}`, () => cloud.network.deleteSecurityGroup(g), res.reload)}>
              Delete Security Group
            </button>
          </>
        )}
        detail={(g) => (
          <table className="subtable">
            <caption>Rules of {g.name}</caption>
            <thead>
              <tr>
                <th scope="col">Direction</th>
                <th scope="col">Ether Type</th>
                <th scope="col">IP Protocol</th>
                <th scope="col">Port Range</th>
                <th scope="col">Remote</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {g.security_group_rules.map((r) => (
                <tr key={r.id}>
                  <td>{r.direction === 'ingress' ? 'Ingress' : 'Egress'}</td>
                  <td>{r.ethertype}</td>
                  <td>{r.protocol ?? 'Any'}</td>
                  <td>{portRange(r)}</td>
                  <td>{r.remote_ip_prefix ?? (r.remote_group_id ? `group ${r.remote_group_id.slice(0, 8)}` : '-')}</td>
                  <td>
                    <button type="button" className="btn btn--danger" onClick={() => void act('Delete rule', () => cloud.network.deleteRule(r), res.reload)}>
                      Delete Rule
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
      {dialog?.kind === 'create' && <CreateGroup onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rule' && <AddRule group={dialog.group} onClose={() => setDialog(null)} />}
    </>
  );
}
