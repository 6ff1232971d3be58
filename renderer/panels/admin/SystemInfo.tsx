import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { useServices } from '../../components/services-context';
import { useResource } from '../../components/use-resource';
import type { Agent } from '../../services/openstack/network';
import type { CatalogEntry } from '../../services/openstack/types';
import { useStackLab } from '../../store/provider';

type Tab = 'services' | 'agents';

interface ServiceRow {
  entry: CatalogEntry;
}

/** Admin → System → System Information: the catalog's services and endpoints, Neutron's agents. */
export function SystemInfoPanel() {
  const { cloud } = useServices();
  const [tab, setTab] = useState<Tab>('services');
  useStackLab((s) => s.session?.expiresAt); // re-read the catalog when the token changes
  const catalog = cloud.client.token?.catalog ?? [];
  const agents = useResource(() => cloud.network.agents(), ['network', 'host'], [tab]);
  const serviceColumns: Column<ServiceRow>[] = [
    { key: 'name', header: 'Name', render: (r) => r.entry.name },
    { key: 'type', header: 'Service', render: (r) => r.entry.type },
    { key: 'region', header: 'Region', render: (r) => [...new Set(r.entry.endpoints.map((e) => e.region ?? e.region_id ?? ''))].join(', ') },
    {
      key: 'endpoints',
      header: 'Endpoints',
      render: (r) => (
        <ul className="plain">
          {r.entry.endpoints.map((e) => (
            <li key={`${e.interface}:${e.url}`}>
              <span className="muted">{e.interface}</span> {e.url}
            </li>
          ))}
        </ul>
      ),
      text: (r) => r.entry.endpoints.map((e) => e.url).join(' '),
    },
  ];
  const agentColumns: Column<Agent>[] = [
    { key: 'type', header: 'Type', render: (a) => a.agent_type },
    { key: 'binary', header: 'Name', render: (a) => a.binary },
    { key: 'host', header: 'Host', render: (a) => a.host },
    { key: 'zone', header: 'Availability Zone', render: (a) => a.availability_zone ?? '-' },
    { key: 'alive', header: 'State', render: (a) => <Badge value={a.alive ? 'UP' : 'XXX'} />, text: (a) => (a.alive ? 'UP' : 'XXX') },
    { key: 'admin', header: 'Status', render: (a) => (a.admin_state_up ? 'Enabled' : 'Disabled') },
  ];
  return (
    <>
      <div className="tabs" role="tablist" aria-label="System information">
        {(['services', 'agents'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={`tab ${tab === t ? 'tab--current' : ''}`} onClick={() => setTab(t)}>
            {t === 'services' ? 'Services' : 'Network Agents'}
          </button>
        ))}
      </div>
      {tab === 'services' ? (
        <DataTable noun="services" columns={serviceColumns} rows={[...catalog].sort((a, b) => a.type.localeCompare(b.type)).map((entry) => ({ entry }))} rowKey={(r) => r.entry.type} />
      ) : (
        <DataTable noun="network agents" columns={agentColumns} rows={agents.data} rowKey={(a) => a.id} loading={agents.loading} error={agents.error} />
      )}
    </>
  );
}
