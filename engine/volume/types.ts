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
  /** The status to return to when extending/retyping/uploading ends (Cinder's previous_status). */
  previous_status?: string | null;
  /**
   * Cinder's admin metadata: `readonly` ('True'/'False', set by os-update_readonly_flag) and `attached_mode`
   * ('rw'/'ro', set at attach); both are shown merged into `metadata` as Cinder's add_visible_admin_metadata does.
   */
  admin_metadata?: Record<string, string>;
  /** Why the volume went to error (the scheduler's or the driver's reason), for the logs and the doctor. */
  fault?: string | null;
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
  /** 'null' until a connector or the 3.54 mode says otherwise (Cinder shows the string). */
  attach_mode: 'rw' | 'ro' | 'null';
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

/** A Cinder group type (group_types row with its group specs), in wire names. */
export interface GroupType {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  group_specs: Record<string, string>;
  created_at: string;
  updated_at: string | null;
}

/** The group type Cinder's db sync creates for migrating consistency groups (reserved: group APIs refuse it). */
export const DEFAULT_CGSNAPSHOT_TYPE_NAME = 'default_cgsnapshot_type';

/** A generic volume group (Cinder's groups row): creating → available | error; updating; deleting. */
export interface VolumeGroup {
  id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  status: string;
  availability_zone: string;
  group_type_id: string;
  /** The volume types the group accepts (group_volume_type_mapping), in the order given. */
  volume_type_ids: string[];
  group_snapshot_id: string | null;
  source_group_id: string | null;
  replication_status: string;
  host: string;
  created_at: string;
  updated_at: string | null;
}

/** A group snapshot (Cinder's group_snapshots row): one volume snapshot per member volume carries its id. */
export interface GroupSnapshot {
  id: string;
  project_id: string;
  user_id: string;
  group_id: string;
  group_type_id: string;
  name: string | null;
  description: string | null;
  status: string;
  created_at: string;
  updated_at: string | null;
}

/** A QoS specs entity (Cinder's quality_of_service_specs): consumer plus key/value specs; types point at it. */
export interface QosSpecs {
  id: string;
  name: string;
  consumer: 'front-end' | 'back-end' | 'both';
  specs: Record<string, string>;
  created_at: string;
  updated_at: string | null;
}

/**
 * A volume backup (Cinder's backups row, swift driver): creating → available | error; restoring →
 * available; deleting. Its bytes are objects in the owner's object-store account.
 */
export interface VolumeBackup {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  snapshot_id: string | null;
  name: string | null;
  description: string | null;
  status: string;
  fail_reason: string | null;
  /** The source volume's size in GiB. */
  size: number;
  object_count: number;
  container: string | null;
  availability_zone: string;
  /** The backup driver (Cinder's `service` column). */
  service: string;
  /** The object name prefix the driver wrote under (`volume_<id>/<timestamp>/az_<az>_backup_<id>`). */
  service_metadata: string | null;
  parent_id: string | null;
  is_incremental: boolean;
  num_dependent_backups: number;
  data_timestamp: string;
  metadata: Record<string, string>;
  /** The volume being restored into while status is restoring (Cinder's restore_volume_id). */
  restore_volume_id: string | null;
  /** The status the source volume had before backing-up (Cinder keeps it as the volume's previous_status). */
  volume_previous_status: string | null;
  created_at: string;
  updated_at: string | null;
}
