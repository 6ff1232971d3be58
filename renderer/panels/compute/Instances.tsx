import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { useServices } from '../../components/services-context';
import { confirmed, useAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import { POWER_STATES, SERVER_ACTIONS, type Server, type ServerAction } from '../../services/openstack/compute';
import { useStackLab } from '../../store/provider';
import type { FloatingIp } from '../../services/openstack/network';
import { AssociateFloatingIp, DisassociateFloatingIp, floatingIpsOf } from './FloatingIpForms';
import { LaunchInstance, type LaunchData } from './launch/LaunchInstance';

interface Data extends LaunchData {
  servers: Server[];
  floatingIps: FloatingIp[];
  projectNames: Map<string, string>;
}

type FipAction = 'associate' | 'disassociate';

const ips = (s: Server) =>
  Object.values(s.addresses ?? {})
    .flat()
    .map((a) => a.addr)
    .join(', ');

function age(created: string): string {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(created)) / 1000));
  if (s < 60) return `${s} seconds`;
  if (s < 3600) return `${Math.floor(s / 60)} minutes`;
  if (s < 86400) return `${Math.floor(s / 3600)} hours`;
  return `${Math.floor(s / 86400)} days`;
}

/** The actions that make sense for a server now (Horizon hides the others). */
function actionsFor(s: Server): ServerAction[] {
  const vm = s.status;
  const out: ServerAction[] = [];
  if (vm === 'SHUTOFF') out.push('start');
  if (vm === 'ACTIVE') out.push('stop', 'softReboot', 'hardReboot', 'pause', 'suspend');
  if (vm === 'PAUSED') out.push('unpause');
  if (vm === 'SUSPENDED') out.push('resume');
  if (vm === 'ERROR' || vm === 'SHUTOFF') out.push('hardReboot');
  out.push(s.locked ? 'unlock' : 'lock');
  return [...new Set(out)];
}

/** Project → Compute → Instances (and Admin → Compute → Instances with `allProjects`). */
export function InstancesPanel({ allProjects = false }: { allProjects?: boolean }) {
  const { cloud } = useServices();
  const act = useAction();
  const openTerminal = useStackLab((s) => s.openTerminal);
  const [launching, setLaunching] = useState(false);
  const [fip, setFip] = useState<{ kind: FipAction; server: Server } | null>(null);
  const res = useResource<Data>(
    async () => {
      const [servers, images, flavors, networks, securityGroups, keypairs, zones, floatingIps, projects] = await Promise.all([
        cloud.compute.servers(allProjects),
        cloud.image.images(),
        cloud.compute.flavors(),
        cloud.network.networks(),
        cloud.network.securityGroups(),
        cloud.compute.keypairs(),
        cloud.compute.availabilityZones().then((z) => z.filter((x) => x.zoneState.available).map((x) => x.zoneName)),
        allProjects ? Promise.resolve([]) : cloud.network.floatingIps(),
        allProjects ? cloud.identity.projects() : Promise.resolve([]),
      ]);
      const projectNames = new Map(projects.map((p) => [p.id, p.name]));
      return { servers, images, flavors, networks, securityGroups, keypairs, zones, floatingIps, projectNames };
    },
    ['compute', 'image', 'network'],
    [allProjects],
  );
  const d = res.data;
  const imageName = (s: Server) => (s.image ? (d?.images.find((i) => i.id === (s.image as { id: string }).id)?.name ?? (s.image as { id: string }).id) : '-');
  const columns: Column<Server>[] = [
    ...(allProjects ? [{ key: 'project', header: 'Project', render: (s: Server) => d?.projectNames.get(s.tenant_id) ?? s.tenant_id }] : []),
    ...(allProjects ? [{ key: 'host', header: 'Host', render: (s: Server) => s['OS-EXT-SRV-ATTR:host'] ?? '' }] : []),
    { key: 'name', header: 'Instance Name', render: (s) => s.name },
    { key: 'image', header: 'Image Name', render: imageName },
    { key: 'ip', header: 'IP Address', render: ips },
    { key: 'flavor', header: 'Flavor', render: (s) => s.flavor.original_name ?? s.flavor.id ?? '' },
    { key: 'key', header: 'Key Pair', render: (s) => s.key_name ?? '-' },
    { key: 'status', header: 'Status', render: (s) => <Badge value={s.status} />, text: (s) => s.status },
    { key: 'az', header: 'Availability Zone', render: (s) => s['OS-EXT-AZ:availability_zone'] ?? '' },
    { key: 'task', header: 'Task', render: (s) => s['OS-EXT-STS:task_state'] ?? 'None' },
    { key: 'power', header: 'Power State', render: (s) => POWER_STATES[s['OS-EXT-STS:power_state'] ?? 0] ?? String(s['OS-EXT-STS:power_state']) },
    { key: 'age', header: 'Age', render: (s) => age(s.created) },
  ];
  return (
    <>
      <DataTable
        noun="instances"
        columns={columns}
        rows={d?.servers ?? null}
        rowKey={(s) => s.id}
        loading={res.loading}
        error={res.error}
        actions={
          !allProjects && (
            <button type="button" className="btn btn--primary" disabled={!d} onClick={() => setLaunching(true)}>
              Launch Instance
            </button>
          )
        }
        rowActions={(s) => (
          <>
            <button type="button" className="btn" onClick={() => openTerminal({ kind: 'console', serverId: s.id }, `Console: ${s.name}`)}>
              Console
            </button>
            <select
              className="btn"
              aria-label={`More actions for ${s.name}`}
              value=""
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'associate' || v === 'disassociate') return setFip({ kind: v, server: s });
                const a = v as ServerAction;
                if (a) void act(`${SERVER_ACTIONS[a].label} ${s.name}`, () => cloud.compute.action(s, a), res.reload);
              }}
            >
              <option value="">More…</option>
              {actionsFor(s).map((a) => (
                <option key={a} value={a}>
                  {SERVER_ACTIONS[a].label}
                </option>
              ))}
              {!allProjects && s.status !== 'ERROR' && <option value="associate">Associate Floating IP</option>}
              {!allProjects && d && floatingIpsOf(s, d.floatingIps).length > 0 && <option value="disassociate">Disassociate Floating IP</option>}
            </select>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete instance ${s.name}?`) && void act(`Delete instance ${s.name}`, () => cloud.compute.deleteServer(s), res.reload)}>
              Delete Instance
            </button>
          </>
        )}
        detail={(s) => (
          <dl className="details">
            <dt>ID</dt>
            <dd>{s.id}</dd>
            <dt>Security Groups</dt>
            <dd>{(s.security_groups ?? []).map((g) => g.name).join(', ') || '-'}</dd>
            {Object.entries(s.addresses ?? {}).map(([net, addrs]) => (
              <div key={net}>
                <dt>{net}</dt>
                <dd>{addrs.map((a) => `${a.addr}${a['OS-EXT-IPS:type'] === 'floating' ? ' (floating)' : ''}`).join(', ')}</dd>
              </div>
            ))}
            {s.fault && (
              <>
                <dt>Fault</dt>
                <dd className="fault" role="note">
                  Message: {s.fault.message} (code {s.fault.code})
                </dd>
              </>
            )}
          </dl>
        )}
      />
      {fip?.kind === 'associate' && d && <AssociateFloatingIp server={fip.server} floatingIps={d.floatingIps} networks={d.networks} onClose={() => setFip(null)} onDone={res.reload} />}
      {fip?.kind === 'disassociate' && d && <DisassociateFloatingIp server={fip.server} floatingIps={d.floatingIps} onClose={() => setFip(null)} onDone={res.reload} />}
      {launching && d && <LaunchInstance data={d} onClose={() => setLaunching(false)} onLaunched={res.reload} />}
    </>
  );
}

export function AdminInstancesPanel() {
  return <InstancesPanel allProjects />;
}
