import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import type { Network, Port, Router, Subnet } from '../../services/openstack/network';

interface Data {
  routers: Router[];
  networks: Network[];
  subnets: Subnet[];
  ports: Port[];
}

type Dialog = { kind: 'create' } | { kind: 'gateway'; router: Router } | { kind: 'interface'; router: Router } | null;

const netName = (d: Data, id: string) => d.networks.find((n) => n.id === id)?.name || id;

function CreateRouter({ data, onClose }: { data: Data; onClose(): void }) {
  const { cloud } = useServices();
  const [name, setName] = useState('');
  const externals = data.networks.filter((n) => n['router:external']);
  const [ext, setExt] = useState('');
  return (
    <ModalForm
      title="Create Router"
      submitLabel="Create Router"
      onClose={onClose}
      onSubmit={async () => {
        await cloud.network.createRouter({ name, externalNetwork: externals.find((n) => n.id === ext) });
      }}
    >
      <TextField label="Router Name" name="router_name" value={name} onChange={setName} />
      <SelectField label="External Network" name="external_network" value={ext} onChange={setExt} options={[{ value: '', label: 'Select network' }, ...externals.map((n) => ({ value: n.id, label: n.name || n.id }))]} />
    </ModalForm>
  );
}

function SetGateway({ data, router, onClose }: { data: Data; router: Router; onClose(): void }) {
  const { cloud } = useServices();
  const externals = data.networks.filter((n) => n['router:external']);
  const [ext, setExt] = useState(externals[0]?.id ?? '');
  return (
    <ModalForm title={`Set Gateway: ${router.name || router.id}`} submitLabel="Submit" onClose={onClose} onSubmit={async () => void (await cloud.network.setGateway(router, externals.find((n) => n.id === ext) ?? null))}>
      <SelectField label="External Network" name="external_network" value={ext} onChange={setExt} options={externals.map((n) => ({ value: n.id, label: n.name || n.id }))} />
    </ModalForm>
  );
}

function AddInterface({ data, router, onClose }: { data: Data; router: Router; onClose(): void }) {
  const { cloud } = useServices();
  const candidates = data.subnets.filter((s) => !data.networks.find((n) => n.id === s.network_id)?.['router:external']);
  const [subnet, setSubnet] = useState(candidates[0]?.id ?? '');
  return (
    <ModalForm
      title={`Add Interface: ${router.name || router.id}`}
      submitLabel="Submit"
      onClose={onClose}
      onSubmit={async () => {
        const s = candidates.find((c) => c.id === subnet);
        if (!s) throw new Error('Select a subnet.');
        await cloud.network.addInterface(router, s);
      }}
    >
      <SelectField label="Subnet" name="subnet" value={subnet} onChange={setSubnet} options={candidates.map((s) => ({ value: s.id, label: `${netName(data, s.network_id)}: ${s.cidr} (${s.name || s.id})` }))} />
    </ModalForm>
  );
}

/** Project → Network → Routers: create, gateway, interfaces. */
export function RoutersPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const res = useResource<Data>(async () => {
    const [routers, networks, subnets, ports] = await Promise.all([cloud.network.routers(), cloud.network.networks(), cloud.network.subnets(), cloud.network.ports()]);
    return { routers, networks, subnets, ports };
  }, ['network']);
  const data = res.data;
  const interfaces = (r: Router) => (data?.ports ?? []).filter((p) => p.device_id === r.id && p.device_owner === 'network:router_interface');
  const columns: Column<Router>[] = [
    { key: 'name', header: 'Name', render: (r) => r.name || r.id },
    { key: 'status', header: 'Status', render: (r) => <Badge value={r.status} />, text: (r) => r.status },
    { key: 'gateway', header: 'External Network', render: (r) => (r.external_gateway_info && data ? netName(data, r.external_gateway_info.network_id) : '-') },
    { key: 'interfaces', header: 'Interfaces', render: (r) => interfaces(r).map((p) => p.fixed_ips.map((f) => f.ip_address).join(' ')).join(', ') || '-' },
    { key: 'admin', header: 'Admin State', render: (r) => (r.admin_state_up ? 'UP' : 'DOWN') },
  ];
  return (
    <>
      <DataTable
        noun="routers"
        columns={columns}
        rows={data?.routers ?? null}
        rowKey={(r) => r.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })} disabled={!data}>
            + Create Router
          </button>
        }
        rowActions={(r) => (
          <>
            {r.external_gateway_info ? (
              <button type="button" className="btn" onClick={() => void act(`Clear gateway of ${r.name}`, () => cloud.network.setGateway(r, null), res.reload)}>
                Clear Gateway
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'gateway', router: r })}>
                Set Gateway
              </button>
            )}
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'interface', router: r })}>
              Add Interface
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete router ${r.name || r.id}?`) && void act(`Delete router ${r.name}`, () => cloud.network.deleteRouter(r), res.reload)}>
              Delete Router
            </button>
          </>
        )}
        detail={(r) => (
          <table className="subtable">
            <caption>Interfaces of {r.name || r.id}</caption>
            <thead>
              <tr>
                <th scope="col">Port</th>
                <th scope="col">Fixed IPs</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {interfaces(r).map((p) => (
                <tr key={p.id}>
                  <td>({p.id.slice(0, 13)})</td>
                  <td>{p.fixed_ips.map((f) => f.ip_address).join(', ')}</td>
                  <td>
                    <Badge value={p.status} />
                  </td>
                  <td>
                    {p.fixed_ips[0] && (
                      <button
                        type="button"
                        className="btn btn--danger"
                        onClick={() => {
                          const s = data?.subnets.find((x) => x.id === p.fixed_ips[0].subnet_id) ?? { id: p.fixed_ips[0].subnet_id };
                          void act('Delete interface', () => cloud.network.removeInterface(r, s), res.reload);
                        }}
                      >
                        Delete Interface
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
      {dialog?.kind === 'create' && data && <CreateRouter data={data} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'gateway' && data && <SetGateway data={data} router={dialog.router} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'interface' && data && <AddInterface data={data} router={dialog.router} onClose={() => setDialog(null)} />}
    </>
  );
}
