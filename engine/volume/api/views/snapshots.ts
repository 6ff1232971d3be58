import type { VolumeSnapshot } from '../../types';
import type { ViewContext } from './volumes';

/** A snapshot's view (cinder.api.v3.views.snapshots + os-extended-snapshot-attributes). */
export function snapshotDetail(ctx: ViewContext, s: VolumeSnapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    created_at: s.created_at,
    updated_at: s.updated_at,
    name: s.name,
    description: s.description,
    volume_id: s.volume_id,
    status: s.status,
    size: s.size,
    metadata: { ...s.metadata },
  };
  if (ctx.atLeast('3.14')) out.group_snapshot_id = s.group_snapshot_id;
  if (ctx.atLeast('3.41')) out.user_id = s.user_id;
  if (ctx.atLeast('3.65')) out.consumes_quota = true;
  if (ctx.allows('volume_extension:extended_snapshot_attributes', s.project_id)) {
    out['os-extended-snapshot-attributes:project_id'] = s.project_id;
    out['os-extended-snapshot-attributes:progress'] = s.progress;
  }
  return out;
}
