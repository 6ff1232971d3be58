import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import { ImageStore } from '../store/image-store';
import type { ImageReader, ImageRecord } from '../types';
import { ImageCore } from './core';
import { DataManager } from './data';
import { ImageManager } from './images';
import { MemberManager } from './members';

export type { Caller } from './core';

export interface ImageDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  /** The lab's images/ folder: one data file per image, named by its id. */
  imagesDir: string;
}

/** Glance's backend: images, their data, members, tags. Knows nothing about HTTP. */
export class ImageService implements ImageReader {
  readonly core: ImageCore;
  readonly images: ImageManager;
  readonly members: MemberManager;
  readonly data: DataManager;

  constructor(readonly deps: ImageDeps) {
    const store = new ImageStore(deps.db);
    this.core = new ImageCore(store, deps.clock, deps.events, deps.imagesDir);
    this.images = new ImageManager(this.core);
    this.members = new MemberManager(this.core);
    this.data = new DataManager(this.core);
    this.data.recover();
  }

  find(id: string): ImageRecord | undefined {
    return this.core.store.images.get(id);
  }

  dataPath(id: string): string | undefined {
    const image = this.find(id);
    return image ? this.data.pathOf(image) : undefined;
  }

  usableBy(image: ImageRecord, projectId: string, isAdmin: boolean): boolean {
    if (isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId) return true;
    return image.visibility === 'shared' && this.core.store.member(image.id, projectId)?.status === 'accepted';
  }
}
