/**
 * Glance's image record (wire names, as `GET /v2/images/{id}` shows it) and the narrow view
 * other services (Nova, the guest consoles, Cinder later) read images through, in-process.
 */

/** What the bytes of an image really are, read from their first bytes by the inspector. */
export type InspectedFormat = 'qcow2' | 'raw' | 'iso' | 'vmdk' | 'vhd' | 'vhdx' | 'vdi' | 'html' | 'text' | 'empty' | 'unknown';

export interface InspectionResult {
  format: InspectedFormat;
  /** A disk whose first sector ends in 55 AA (MBR) or that is a qcow2 whose guest disk has one: it boots. */
  bootable: boolean;
  /** qcow2/vmdk/vhd: the guest disk's virtual size in bytes, when the header says. */
  virtualSize?: number;
}

export type ImageStatus = 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated' | 'uploading' | 'importing';
export type ImageVisibility = 'public' | 'private' | 'shared' | 'community';

export interface ImageRecord {
  id: string;
  name: string | null;
  status: ImageStatus;
  visibility: ImageVisibility;
  protected: boolean;
  os_hidden: boolean;
  owner: string;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Free-form properties (hw_disk_bus, os_distro, …), flattened into the wire document. */
  properties: Record<string, string>;
  /** StackLab's own record of what the uploaded bytes are (not a Glance field; kept out of the wire). */
  inspection?: InspectionResult;
}

/** How Nova and the guest consoles read images: no policy, no HTTP. */
export interface ImageReader {
  find(id: string): ImageRecord | undefined;
  /** Absolute path of the image's data file in the lab's images/ folder, when it has data. */
  dataPath(id: string): string | undefined;
  /** Whether `projectId` may use the image (public, community, own, or an accepted member). */
  usableBy(image: ImageRecord, projectId: string, isAdmin: boolean): boolean;
}

export type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** One project an image is shared with (wire names, as `GET /v2/images/{id}/members/{member}` shows it). */
export interface ImageMember {
  image_id: string;
  member_id: string;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
}
