/** A Cinder volume type (volume_types row with its extra specs), in wire names. */
export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  extra_specs: Record<string, string>;
  qos_specs_id: string | null;
  created_at: string;
  updated_at: string | null;
}

/** Cinder's default volume type, created at start as Cinder's db sync does. */
export const DEFAULT_TYPE_NAME = '__DEFAULT__';

/** One attachment as a volume shows it (`attachments` in a volume's view). */
export interface VolumeAttachmentRef {
  id: string;
  attachment_id: string;
  volume_id: string;
  server_id: string;
  host_name: string | null;
  device: string | null;
  attached_at: string | null;
}

/**
 * A Cinder volume row in wire names. `status` follows Cinder's machine: creating → available |
 * error; available ↔ reserved/attaching → in-use ↔ detaching; extending, retyping, deleting,
 * error_deleting, downloading, uploading.
 */
export interface Volume {
  id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  availability_zone: string;
  bootable: boolean;
  multiattach: boolean;
  encrypted: boolean;
  readonly: boolean;
  volume_type_id: string;
  snapshot_id: string | null;
  source_volid: string | null;
  image_id: string | null;
  /** Glance properties copied at create-from-image (volume_image_metadata). */
  volume_image_metadata: Record<string, string> | null;
  group_id: string | null;
  metadata: Record<string, string>;
  attachments: VolumeAttachmentRef[];
  migration_status: string | null;
  host: string;
  /** The sparse file under the lab's disks/ holding the volume's bytes, relative to the data dir. */
  path: string;
  created_at: string;
  updated_at: string | null;
}

/** A Cinder volume snapshot row in wire names. */
export interface VolumeSnapshot {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  progress: string;
  group_snapshot_id: string | null;
  metadata: Record<string, string>;
  /** The snapshot's copy of the volume's bytes under disks/ (copy-on-write where the filesystem allows). */
  path: string;
  created_at: string;
  updated_at: string | null;
}

/** A 3.27+ attachment record (Cinder's volume_attachment): reserved → attaching → attached → detached. */
export interface Attachment {
  id: string;
  project_id: string;
  volume_id: string;
  instance: string | null;
  status: string;
  attach_mode: 'rw' | 'ro';
  connector: Record<string, unknown> | null;
  connection_info: Record<string, unknown> | null;
  mountpoint: string | null;
  attached_host: string | null;
  attached_at: string | null;
  detached_at: string | null;
  created_at: string;
  updated_at: string | null;
}

/** A project's own quota (Cinder's quotas table) or a quota class value (quota_classes). */
export interface VolumeQuotaRow {
  /** `project/<project_id>/<resource>` or `class/<class_name>/<resource>`. */
  id: string;
  scope: 'project' | 'class';
  owner: string;
  resource: string;
  hard_limit: number;
}
