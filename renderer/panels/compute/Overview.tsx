import { useServices } from '../../components/services-context';
import { useResource } from '../../components/use-resource';

/** One of Horizon's usage pies: used of a limit, drawn in SVG. */
function UsagePie({ label, used, limit, unit = '' }: { label: string; used: number; limit: number; unit?: string }) {
  const unlimited = limit < 0;
  const share = unlimited || limit === 0 ? 0 : Math.min(1, used / limit);
  const r = 40;
  const c = 2 * Math.PI * r;
  const tone = share >= 1 ? 'var(--danger)' : share >= 0.8 ? 'var(--focus)' : 'var(--accent)';
  const text = `Used ${used}${unit} of ${unlimited ? 'No Limit' : `${limit}${unit}`}`;
  return (
    <figure className="pie" aria-label={`${label}: ${text}`}>
      <svg width="100" height="100" viewBox="0 0 100 100" role="img" aria-hidden="true">
        <circle cx="50" cy="50" r={r} fill="none" stroke="var(--surface-2)" strokeWidth="14" />
        <circle cx="50" cy="50" r={r} fill="none" stroke={tone} strokeWidth="14" strokeDasharray={`${share * c} ${c}`} transform="rotate(-90 50 50)" />
      </svg>
      <figcaption>
        <strong>{label}</strong>
        <br />
        {text}
      </figcaption>
    </figure>
  );
}

/** Project → Compute → Overview: the limit summary as Horizon draws it. */
export function OverviewPanel() {
  const { cloud } = useServices();
  const res = useResource(
    async () => {
      const projectId = cloud.client.token?.project?.id ?? '';
      const [limits, fips, groups, quota] = await Promise.all([
        cloud.compute.limits(),
        cloud.network.floatingIps(),
        cloud.network.securityGroups(),
        cloud.client.request<{ quota: { floatingip: number; security_group: number } }>({ service: 'network', method: 'GET', path: `/v2.0/quotas/${projectId}`, cli: `openstack quota show --network ${projectId}` }),
      ]);
      const mine = (p: { project_id: string }) => p.project_id === projectId;
      // Cinder's pies only where the catalog has Cinder (its /limits: absolute limits and what is used)
      const volumes = cloud.client.hasService('volumev3') ? await cloud.volume.limits().catch(() => null) : null;
      return { limits, fips: fips.filter(mine).length, groups: groups.filter(mine).length, quota: quota.body.quota, volumes };
    },
    ['compute', 'network', 'volume'],
  );
  const l = res.data?.limits;
  return (
    <>
      {res.error && <p role="alert">{res.error}</p>}
      <h2 className="section-title">Limit Summary</h2>
      {l && (
        <div className="pies" aria-label="Limit Summary">
          <UsagePie label="Instances" used={l.totalInstancesUsed} limit={l.maxTotalInstances} />
          <UsagePie label="VCPUs" used={l.totalCoresUsed} limit={l.maxTotalCores} />
          <UsagePie label="RAM" used={l.totalRAMUsed} limit={l.maxTotalRAMSize} unit=" MB" />
          <UsagePie label="Floating IPs" used={res.data!.fips} limit={res.data!.quota.floatingip} />
          <UsagePie label="Security Groups" used={res.data!.groups} limit={res.data!.quota.security_group} />
          {res.data!.volumes && (
            <>
              <UsagePie label="Volumes" used={res.data!.volumes.totalVolumesUsed} limit={res.data!.volumes.maxTotalVolumes} />
              <UsagePie label="Volume Snapshots" used={res.data!.volumes.totalSnapshotsUsed} limit={res.data!.volumes.maxTotalSnapshots} />
              <UsagePie label="Volume Storage" used={res.data!.volumes.totalGigabytesUsed} limit={res.data!.volumes.maxTotalVolumeGigabytes} unit=" GiB" />
            </>
          )}
        </div>
      )}
    </>
  );
}
