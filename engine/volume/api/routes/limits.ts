import type { FastifyInstance } from 'fastify';
import { policyOf, type VolumeApiDeps } from '../http';
import { microversionAtLeast } from '../microversion';

type P = { project_id: string };

/** Absolute limits (the project's quotas) and, through used_limits, what is in use (Cinder's limits view). */
export function registerLimitsRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  app.get<{ Params: P; Querystring: Record<string, string> }>('/v3/:project_id/limits', async (req) => {
    const pol = policyOf(deps, req);
    let project = req.ctx.projectId ?? req.params.project_id;
    // 3.39: an admin may ask for another project's limits
    if (req.query.project_id !== undefined && microversionAtLeast(req, '3.39') && pol.allows('context_is_admin')) project = req.query.project_id;
    const d = deps.volume.quotas.detail(project);
    const absolute: Record<string, number> = {
      maxTotalVolumes: d.volumes.limit,
      maxTotalSnapshots: d.snapshots.limit,
      maxTotalVolumeGigabytes: d.gigabytes.limit,
      maxTotalBackups: d.backups.limit,
      maxTotalBackupGigabytes: d.backup_gigabytes.limit,
    };
    if (pol.allows('limits_extension:used_limits', { project_id: project })) {
      absolute.totalVolumesUsed = d.volumes.in_use;
      absolute.totalGigabytesUsed = d.gigabytes.in_use;
      absolute.totalSnapshotsUsed = d.snapshots.in_use;
      absolute.totalBackupsUsed = d.backups.in_use;
      absolute.totalBackupGigabytesUsed = d.backup_gigabytes.in_use;
    }
    return { limits: { rate: [], absolute } };
  });
}
