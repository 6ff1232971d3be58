/**
 * Cinder as Nova reaches it (nova.volume.cinder.API with the 3.44 attachment flow): get,
 * attachment_create (reserve), attachment_update + attachment_complete (attach) and
 * attachment_delete (detach, as the compute service with its service token).
 */
import type { VolumeApiForCompute } from '../../compute/types';
import type { VolumeService } from '.';

export function novaVolumeApi(volume: VolumeService): VolumeApiForCompute {
  const a = volume.attachments;
  return {
    get(ctx, volumeId) {
      const v = volume.store.volumes.get(volumeId);
      if (!v || (!ctx.isAdmin && v.project_id !== ctx.projectId)) return undefined;
      const meta = v.volume_image_metadata ?? {};
      return { id: v.id, status: v.status, size: v.size, multiattach: v.multiattach, project_id: v.project_id, bootable: v.bootable, image_id: meta.image_id ?? null, image_name: meta.image_name ?? null };
    },
    create(ctx, input) {
      // Nova names the volumes it makes '' (Horizon shows their id)
      return volume.volumes.create(ctx, { name: '', size: input.size, imageRef: input.imageId, snapshotId: input.snapshotId }).id;
    },
    snapshot(ctx, snapshotId) {
      const s = volume.store.snapshots.get(snapshotId);
      if (!s || (!ctx.isAdmin && s.project_id !== ctx.projectId)) return undefined;
      return { id: s.id, size: s.size, status: s.status };
    },
    reserve: (ctx, volumeId, serverId) => a.create(ctx, { volumeId, instance: serverId }).id,
    attach(ctx, attachmentId, connector) {
      a.update(ctx, attachmentId, connector);
      a.complete(ctx, attachmentId);
    },
    detach(ctx, attachmentId) {
      a.delete({ ...ctx, service: true }, attachmentId);
    },
    delete(ctx, volumeId) {
      volume.volumes.delete(ctx, volumeId);
    },
  };
}
