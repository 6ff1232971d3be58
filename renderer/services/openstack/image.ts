import { command } from './cli';
import type { OpenStackClient } from './client';

export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  min_disk: number;
  min_ram: number;
  owner: string;
  created_at: string;
  checksum?: string | null;
}

export interface ImageCreate {
  name: string;
  diskFormat: string;
  containerFormat: string;
  visibility: 'public' | 'private' | 'shared' | 'community';
  minDisk?: number;
  minRam?: number;
  /** The image's bytes (uploaded after the record is created, as Horizon does). */
  data?: Uint8Array;
  fileName?: string;
}

/** Glance v2 calls the Images panel makes, each with its CLI twin. */
export function imageApi(c: OpenStackClient) {
  return {
    images: async () => (await c.request<{ images: Image[] }>({ service: 'image', method: 'GET', path: '/v2/images?limit=1000', cli: command('image list', [['--long', true]]) })).body.images,
    create: async (i: ImageCreate) => {
      const text = command(
        'image create',
        [
          ['--disk-format', i.diskFormat],
          ['--container-format', i.containerFormat],
          [`--${i.visibility}`, true],
          ['--min-disk', i.minDisk || undefined],
          ['--min-ram', i.minRam || undefined],
          ['--file', i.fileName ? `./${i.fileName}` : undefined],
        ],
        i.name,
      );
      const body: Record<string, unknown> = { name: i.name, disk_format: i.diskFormat, container_format: i.containerFormat, visibility: i.visibility };
      if (i.minDisk) body.min_disk = i.minDisk;
      if (i.minRam) body.min_ram = i.minRam;
      const image = (await c.request<Image>({ service: 'image', method: 'POST', path: '/v2/images', body, cli: text })).body;
      if (i.data) await c.request<null>({ service: 'image', method: 'PUT', path: `/v2/images/${image.id}/file`, raw: i.data, cli: `(upload of ${i.fileName ?? 'the file'}, part of: ${text})` });
      return image;
    },
    remove: (i: Image) => c.request<null>({ service: 'image', method: 'DELETE', path: `/v2/images/${i.id}`, cli: command('image delete', [], i.name ?? i.id) }),
  };
}

export type ImageApi = ReturnType<typeof imageApi>;
