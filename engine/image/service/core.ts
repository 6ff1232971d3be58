import { type Clock, isoSeconds } from '../../core/clock';
import type { EventBus } from '../../core/events';
import { imageNotFound } from '../faults';
import type { ImageStore } from '../store/image-store';
import type { ImageRecord } from '../types';

/**
 * Who is asking, as Glance's request context sees it: the project (`owner`), whether the caller is
 * an admin (`context_is_admin`), and the policy check of the API layer (throws a 403 when a rule
 * denies `action` on `target`).
 */
export interface Caller {
  projectId: string;
  isAdmin: boolean;
  authorize(action: string, target: Record<string, unknown>): void;
}

/** Where Glance's disk_format and container_format values come from ([image_format] defaults). */
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const;
/** image_size_cap: 1 TiB, Glance's default. */
export const IMAGE_SIZE_CAP = 1099511627776;

/** What every Glance manager shares: the store, the clock, events and the images folder. */
export class ImageCore {
  constructor(
    readonly store: ImageStore,
    readonly clock: Clock,
    readonly events: EventBus,
    readonly imagesDir: string,
  ) {}

  now(): string {
    return isoSeconds(this.clock.now());
  }

  /** Runs `fn` in one transaction, then publishes `image.<event>` for `id`. */
  write<T>(event: string, id: string, fn: () => T): T {
    const result = this.store.db.tx(fn);
    this.events.publish(`image.${event}`, id);
    return result;
  }

  /** Glance's is_image_visible: admin, owner, public or community, or a member of a shared image. */
  visible(image: ImageRecord, caller: Pick<Caller, 'projectId' | 'isAdmin'>): boolean {
    if (caller.isAdmin) return true;
    if (image.visibility === 'public' || image.visibility === 'community') return true;
    if (caller.projectId && image.owner === caller.projectId) return true;
    return image.visibility === 'shared' && !!caller.projectId && this.store.member(image.id, caller.projectId) !== undefined;
  }

  /** The image, when the caller may see it; otherwise Glance's 404 (it never says "forbidden" here). */
  lookup(id: string, caller: Pick<Caller, 'projectId' | 'isAdmin'>): ImageRecord {
    const image = this.store.images.get(id);
    if (!image || !this.visible(image, caller)) throw imageNotFound(id);
    return image;
  }

  /**
   * Glance's policy target for an image (ImageTarget): its attributes and properties, `project_id`
   * as the owner and `member_id` the caller's project when the image is shared with it.
   */
  target(image: ImageRecord, caller: Pick<Caller, 'projectId'>): Record<string, unknown> {
    const member = caller.projectId ? this.store.member(image.id, caller.projectId) : undefined;
    const { properties, inspection: _inspection, ...base } = image;
    return { ...properties, ...base, project_id: image.owner, member_id: member ? member.member_id : null };
  }
}
