import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Network, Subnet } from '../../services/openstack/network';
import { useStackLab } from '../../store/provider';

interface Row {
  network: Network;
  subnets: Subnet[];
}

function CreateNetwork({ onClose }: { onClose(): void }) {
  const { cloud } = useServices();
  const isAdmin = useStackLab((s) => s.session?.isAdmin ?? false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [external, setExternal] = useState(false);
  const [withSubnet, setWithSubnet] = useState(true);
  const [subnetName, setSubnetName] = useState('');
  const [cidr, setCidr] = useState('');
  const [gateway, setGateway] = useState('');
  const [dhcp, setDhcp] = useState(true);
  const [ipVersion, setIpVersion] = useState('4');
  return (
    <ModalForm
      title="Create Network"
      submitLabel="Create"
      onClose={onClose}
      help={<p>Creates a network and, optionally, its first subnet: two API calls, as `openstack network create` then `openstack subnet create`.</p>}
      onSubmit={async () => {
        const network = await cloud.network.createNetwork({ name, shared, external });
        if (withSubnet) {
          await cloud.network.createSubnet(network.id, {
            name: subnetName,
            network: name || network.id,
            cidr,
            ipVersion: ipVersion === '6' ? 6 : 4,
            gatewayIp: gateway.trim() === '' ? undefined : gateway.trim(),
            enableDhcp: dhcp,
          });
        }
      }}
    >
      <TextField label="Network Name" name="network_name" value={name} onChange={setName} />
      {isAdmin && <CheckField label="Shared" name="shared" checked={shared} onChange={setShared} />}
      {isAdmin && <CheckField label="External Network" name="external" checked={external} onChange={setExternal} />}
      <CheckField label="Create Subnet" name="with_subnet" checked={withSubnet} onChange={setWithSubnet} />
      {withSubnet && (
        <fieldset className="fieldset">
          <legend>Subnet</legend>
          <TextField label="Subnet Name" name="subnet_name" value={subnetName} onChange={setSubnetName} />
          <TextField label="Network Address" name="cidr" value={cidr} onChange={setCidr} placeholder="10.5.5.0/24" required />
          <SelectField
            label="IP Version"
            name="ip_version"
            value={ipVersion}
            onChange={setIpVersion}
            options={[
              { value: '4', label: 'IPv4' },
              { value: '6', label: 'IPv6' },
            ]}
          />
          <TextField label="Gateway IP" name="gateway" value={gateway} onChange={setGateway} placeholder="default: first address" />
          <CheckField label="Enable DHCP" name="dhcp" checked={dhcp} onChange={setDhcp} />
        </fieldset>
      )}
    </ModalForm>
  );
}

/** Project → Network → Networks: the networks this project sees, with their subnets. */
export function NetworksPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [creating, setCreating] = useState(false);
  const res = useResource<Row[]>(async () => {
    const [networks, subnets] = await Promise.all([cloud.network.networks(), cloud.network.subnets()]);
    return networks.map((network) => ({ network, subnets: subnets.filter((s) => s.network_id === network.id) }));
  }, ['network']);
  const columns: Column<Row>[] = [
    { key: 'name', header: 'Name', render: (r) => r.network.name || r.network.id },
    { key: 'subnets', header: 'Subnets Associated', render: (r) => r.subnets.map((s) => `${s.name || s.id} ${s.cidr}`).join(', ') },
    { key: 'shared', header: 'Shared', render: (r) => <Badge value={r.network.shared} />, text: (r) => (r.network.shared ? 'Yes' : 'No') },
    { key: 'external', header: 'External', render: (r) => <Badge value={r.network['router:external']} />, text: (r) => (r.network['router:external'] ? 'Yes' : 'No') },
    { key: 'status', header: 'Status', render: (r) => <Badge value={r.network.status} />, text: (r) => r.network.status },
    { key: 'admin', header: 'Admin State', render: (r) => (r.network.admin_state_up ? 'UP' : 'DOWN') },
  ];
  return (
    <>
      <DataTable
        noun="networks"
        columns={columns}
        rows={res.data}
        rowKey={(r) => r.network.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + Create Network
          </button>
        }
        rowActions={(r) => (
          <button
            type="button"
            className="btn btn--danger"
            onClick={() => confirmed(`Delete network ${r.network.name || r.network.id}?`) && void act(`Delete network ${r.network.name}`, () => cloud.network.deleteNetwork(r.network), res.reload)}
          >
            Delete Network
          </button>
        )}
        detail={(r) => (
          <dl className="details">
            <dt>ID</dt>
            <dd>{r.network.id}</dd>
            <dt>Project</dt>
            <dd>{r.network.project_id}</dd>
            <dt>Type</dt>
            <dd>{r.network['provider:network_type'] ?? '—'}</dd>
            <dt>MTU</dt>
            <dd>{r.network.mtu ?? '—'}</dd>
            {r.subnets.map((s) => [
              <dt key={`${s.id}:t`}>Subnet {s.name || s.id}</dt>,
              <dd key={`${s.id}:d`}>
                {s.cidr}, gateway {s.gateway_ip ?? 'none'}, DHCP {s.enable_dhcp ? 'on' : 'off'}, pools {s.allocation_pools.map((p) => `${p.start}–${p.end}`).join(', ')}
              </dd>,
            ])}
          </dl>
        )}
      />
      {creating && <CreateNetwork onClose={() => setCreating(false)} />}
    </>
  );
}
