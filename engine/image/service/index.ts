import type { Clock } from '../../core/clock';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import type { ImageReader, ImageRecord } from '../types';

export interface ImageDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  /** The lab's images/ folder: one data file per image, named by its id. */
  imagesDir: string;
}

/** Glance's backend: images, their data, members, tags. Knows nothing about HTTP. */
export class ImageService implements ImageReader {
  constructor(readonly deps: ImageDeps) {}

  find(_id: string): ImageRecord | undefined {
    return undefined;
  }

  dataPath(_id: string): string | undefined {
    return undefined;
  }

  usableBy(image: ImageRecord, projectId: string, isAdmin: boolean): boolean {
    return isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId;
  }
}
