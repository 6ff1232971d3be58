/**
 * Nova's records as the compute service keeps them (not wire documents: views render those per
 * microversion), and the narrow interfaces the pieces of Nova read each other through.
 */

export interface FlavorRecord {
  /** The flavor id users see (`--id 20`, or a UUID when none is given). */
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral: number;
  /** MiB; 0 shows as "" before 2.75. */
  swap: number;
  rxtx_factor: number;
  is_public: boolean;
  disabled: boolean;
  description: string | null;
  extra_specs: Record<string, string>;
  created_at: string;
}

export type VmState = 'building' | 'active' | 'stopped' | 'paused' | 'suspended' | 'rescued' | 'resized' | 'soft_deleted' | 'deleted' | 'error' | 'shelved' | 'shelved_offloaded';

/** Nova's power states (nova/compute/power_state.py). */
export const POWER_STATE = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

export interface ServerFault {
  code: number;
  message: string;
  details?: string;
  created: string;
}

export interface ServerRecord {
  id: string;
  name: string;
  project_id: string;
  user_id: string;
  vm_state: VmState;
  task_state: string | null;
  power_state: number;
  /** The flavor as it was when the server was built or last resized (2.47+ embeds it). */
  flavor: FlavorRecord;
  /** '' when booted from a volume. */
  image_id: string;
  key_name: string | null;
  user_data: string | null;
  metadata: Record<string, string>;
  tags: string[];
  /** nova-compute host and hypervisor node; null until scheduled (or when NoValidHost). */
  host: string | null;
  node: string | null;
  availability_zone: string | null;
  /** Neutron ports this server owns (created for it, or given with --port/--nic port-id). */
  port_ids: string[];
  /** Ports Nova created (deleted with the server); ports the user gave are only unbound. */
  created_port_ids: string[];
  security_groups: string[];
  server_group_id: string | null;
  config_drive: string;
  access_ipv4: string;
  access_ipv6: string;
  description: string | null;
  locked: boolean;
  locked_reason: string | null;
  hostname: string;
  launch_index: number;
  reservation_id: string;
  progress: number;
  fault: ServerFault | null;
  created_at: string;
  updated_at: string;
  launched_at: string | null;
  terminated_at: string | null;
  deleted: boolean;
  /** Nova's volume block device mappings (attached with os-volume_attachments), oldest first. */
  volumes?: ServerVolumeRecord[];
}

/** One volume block device mapping of a server (Nova's BlockDeviceMapping with source/destination volume). */
export interface ServerVolumeRecord {
  volume_id: string;
  /** Cinder's attachment (3.27+) that holds the volume for this server. */
  attachment_id: string;
  /** The BDM's own uuid (2.89's bdm_uuid). */
  bdm_uuid: string;
  /** `/dev/vdb`, `/dev/vdc`, … */
  device: string;
  tag: string | null;
  delete_on_termination: boolean;
  /** The volume's size, GiB (the guest's disk size). */
  size: number;
  /** 0 for the root volume of a server booted from volume (its /dev/vda, which cannot be detached). */
  boot_index?: number | null;
}

/**
 * What Nova asks of Cinder (nova.volume.cinder.API) for attach and detach: attachment_create,
 * attachment_update + attachment_complete, attachment_delete and get. Implemented by the volume
 * service; errors are Cinder's (InvalidVolume 400, VolumeNotFound 404) for Nova to pass on.
 */
export interface VolumeApiForCompute {
  get(
    ctx: VolumeCallerForCompute,
    volumeId: string,
  ): { id: string; status: string; size: number; multiattach: boolean; project_id: string; bootable: boolean; image_id: string | null; image_name: string | null } | undefined;
  /** attachment_create without a connector: the volume reserved for the server. Answers the attachment id. */
  reserve(ctx: VolumeCallerForCompute, volumeId: string, serverId: string): string;
  /** attachment_update with the host's connector, then attachment_complete: the volume in-use. */
  attach(ctx: VolumeCallerForCompute, attachmentId: string, connector: Record<string, unknown>): void;
  /** attachment_delete (as the compute service): the volume available again when nothing else holds it. */
  detach(ctx: VolumeCallerForCompute, attachmentId: string): void;
  /**
   * volume_api.create for a mapping with destination_type volume (source image, snapshot or blank):
   * the new volume's id, status creating until Cinder has written it (errors are Cinder's: quota, size).
   */
  create(ctx: VolumeCallerForCompute, input: { size: number | null; imageId?: string; snapshotId?: string }): string;
  /** get_snapshot, to validate a mapping from a volume snapshot. */
  snapshot(ctx: VolumeCallerForCompute, snapshotId: string): { id: string; size: number; status: string } | undefined;
  /** Deletes a volume (a detached BDM's delete_on_termination at server delete). */
  delete(ctx: VolumeCallerForCompute, volumeId: string): void;
}

export interface VolumeCallerForCompute {
  projectId: string;
  userId: string;
  isAdmin: boolean;
}

/** A nova-compute host as the hypervisor driver reports it. */
export interface HypervisorInfo {
  hostname: string;
  vcpus: number;
  memoryMb: number;
  localGb: number;
  /** openstack-nova-compute runs on it (else its service goes down after service_down_time). */
  computeRunning: boolean;
  /** The host's management address (the hypervisor's host_ip); 10.0.2.15 on PackStack's VM when not given. */
  hostIp?: string;
  /**
   * [DEFAULT] ram/cpu/disk_allocation_ratio of the host's nova.conf as its nova-compute read them
   * when it last started (reported to Placement as the inventories' allocation_ratio); absent: the
   * lab's defaults.
   */
  allocationRatios?: { ram: number; cpu: number; disk: number };
}

/**
 * The hosts Nova runs instances on: the lab's sim host (and the compute hosts added with
 * `stacklab host add`). Implemented by the lab runtime; Nova never touches a SimHost directly.
 */
export interface HypervisorDriver {
  hosts(): HypervisorInfo[];
  /** Memory really free on the host now (free -m's "available"): a build that does not fit fails there. */
  availableMemoryMb(hostname: string): number;
  /** A qemu process for the instance starts on the host (its memory is used from now on). */
  spawn(hostname: string, serverId: string, memoryMb: number): void;
  /** The instance's qemu process ends (stop, delete, failed build). */
  destroy(hostname: string, serverId: string): void;
  /**
   * Appends to a file on the controller host (Nova's logs under /var/log/nova), when the driver
   * has a host filesystem. Lines are complete, newline-terminated.
   */
  appendLog?(path: string, text: string): void;
}
