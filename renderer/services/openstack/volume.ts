import { command, shq } from './cli';
import type { OpenStackClient } from './client';
import type { HttpMethod } from './types';

/** One attachment as a volume shows it (`attachments` in Cinder's volume view). */
export interface VolumeAttachment {
  id?: string;
  attachment_id?: string;
  server_id: string;
  device?: string | null;
  host_name?: string | null;
  attached_at?: string | null;
}

/** A volume in Cinder's detail view (GET /volumes/detail at 3.13, so `group_id` is there). */
export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  /** The type's name. */
  volume_type: string | null;
  /** Cinder says "true"/"false", as strings. */
  bootable: string;
  encrypted: boolean;
  multiattach?: boolean;
  attachments: VolumeAttachment[];
  availability_zone?: string;
  snapshot_id?: string | null;
  source_volid?: string | null;
  group_id?: string | null;
  created_at: string;
  metadata?: Record<string, string>;
  volume_image_metadata?: Record<string, string>;
  'os-vol-tenant-attr:tenant_id'?: string;
  'os-vol-host-attr:host'?: string | null;
}

export interface VolumeSnapshot {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  volume_id: string;
  /** 3.14: the group snapshot this snapshot belongs to. */
  group_snapshot_id?: string | null;
  progress?: string;
  created_at: string;
}

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  is_public?: boolean;
  'os-volume-type-access:is_public'?: boolean;
  extra_specs?: Record<string, string>;
  qos_specs_id?: string | null;
}

export interface QosSpec {
  id: string;
  name: string;
  consumer: string;
  specs: Record<string, string>;
}

export interface VolumeGroup {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  /** The group type's id. */
  group_type: string;
  /** The volume types' ids. */
  volume_types: string[];
  availability_zone?: string;
  group_snapshot_id?: string | null;
  source_group_id?: string | null;
  created_at: string;
}

export interface GroupType {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  group_specs?: Record<string, string>;
}

export interface GroupSnapshot {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  group_id: string;
  group_type_id?: string;
  created_at: string;
}

/** Cinder's absolute limits (`openstack limits show --absolute` for volumes): the Overview's pies. */
export interface VolumeLimits {
  maxTotalVolumes: number;
  totalVolumesUsed: number;
  maxTotalVolumeGigabytes: number;
  totalGigabytesUsed: number;
  maxTotalSnapshots: number;
  totalSnapshotsUsed: number;
}

export interface VolumeCreate {
  name: string;
  description?: string;
  size: number;
  /** A type's name (Cinder takes a name or an id). */
  volumeType?: string;
  availabilityZone?: string;
  /** The source: nothing (an empty volume), an image, a snapshot or another volume. */
  image?: { id: string; name: string | null };
  snapshot?: { id: string; name: string | null };
  sourceVolume?: { id: string; name: string | null };
  /** A volume group to create it in (3.13). */
  group?: { id: string; name: string | null };
}

/**
 * The microversions the panels ask for, as Horizon's cinder API module does per feature: generic groups
 * (and `group_id` in a volume's view) 3.13, group types 3.11, group snapshots 3.14, extending an
 * attached volume 3.42. Everything else is plain 3.0.
 */
export const MV = { groups: '3.13', groupTypes: '3.11', groupSnapshots: '3.14', extendInUse: '3.42' } as const;

/** Statuses Cinder leaves on its own: the panels look again until every row is out of them. */
export const TRANSITIONAL = new Set(['creating', 'extending', 'attaching', 'detaching', 'reserved', 'deleting', 'downloading', 'uploading', 'retyping', 'backing-up', 'restoring-backup', 'updating']);

const label = (x: { id: string; name?: string | null }) => x.name || x.id;

/** `openstack --os-volume-api-version X …`: what OSC needs for the 3.x-only commands. */
const versioned = (version: string, words: string) => `--os-volume-api-version ${version} ${words}`;

/** Cinder v3 calls (and Nova's volume attachments) the Volumes panels make, each with its CLI twin. */
export function volumeApi(c: OpenStackClient) {
  const v = <T>(method: HttpMethod, path: string, cli: string, body?: unknown, microversion?: string) =>
    c.request<T>({ service: 'volumev3', method, path, body, cli, microversion }).then((r) => r.body);
  const action = (vol: Volume, body: Record<string, unknown>, cli: string, microversion?: string) => v<null>('POST', `/volumes/${vol.id}/action`, cli, body, microversion);
  const specFlags = (specs: Record<string, string>) => Object.entries(specs).map(([k, val]): [string, string] => ['--property', `${k}=${val}`]);

  return {
    // ---- volumes
    volumes: async (allProjects = false) =>
      (await v<{ volumes: Volume[] }>('GET', `/volumes/detail${allProjects ? '?all_tenants=1' : ''}`, command('volume list', [['--all-projects', allProjects], ['--long', true]]), undefined, MV.groups))
        .volumes,
    create: async (i: VolumeCreate) => {
      const body: Record<string, unknown> = { name: i.name || null, size: i.size };
      if (i.description) body.description = i.description;
      if (i.volumeType) body.volume_type = i.volumeType;
      if (i.availabilityZone) body.availability_zone = i.availabilityZone;
      if (i.image) body.imageRef = i.image.id;
      if (i.snapshot) body.snapshot_id = i.snapshot.id;
      if (i.sourceVolume) body.source_volid = i.sourceVolume.id;
      if (i.group) body.group_id = i.group.id;
      // OSC 6.0 has no flag for a group: cinderclient's create --group-id is the command that does it
      const cli = i.group
        ? `cinder --os-volume-api-version ${MV.groups} create --group-id ${i.group.id}${i.volumeType ? ` --volume-type ${shq(i.volumeType)}` : ''}${i.name ? ` --name ${shq(i.name)}` : ''}${
            i.availabilityZone ? ` --availability-zone ${shq(i.availabilityZone)}` : ''
          } ${i.size}`
        : command(
            'volume create',
            [
              ['--size', i.size],
              ['--type', i.volumeType],
              ['--image', i.image && label(i.image)],
              ['--snapshot', i.snapshot && label(i.snapshot)],
              ['--source', i.sourceVolume && label(i.sourceVolume)],
              ['--description', i.description],
              ['--availability-zone', i.availabilityZone],
            ],
            i.name,
          );
      return (await v<{ volume: Volume }>('POST', '/volumes', cli, { volume: body }, i.group ? MV.groups : undefined)).volume;
    },
    update: (vol: Volume, name: string, description: string) =>
      v<{ volume: Volume }>('PUT', `/volumes/${vol.id}`, command('volume set', [['--name', name], ['--description', description]], label(vol)), { volume: { name, description } }),
    setBootable: (vol: Volume, bootable: boolean) =>
      action(vol, { 'os-set_bootable': { bootable } }, command('volume set', [[bootable ? '--bootable' : '--non-bootable', true]], label(vol))),
    /** os-extend; an attached volume only from 3.42 (Horizon asks for it when the volume is in-use). */
    extend: (vol: Volume, newSize: number) =>
      action(
        vol,
        { 'os-extend': { new_size: newSize } },
        vol.status === 'in-use' ? `openstack ${versioned(MV.extendInUse, `volume set --size ${newSize} ${shq(label(vol))}`)}` : command('volume set', [['--size', newSize]], label(vol)),
        vol.status === 'in-use' ? MV.extendInUse : undefined,
      ),
    remove: (vol: Volume) => v<null>('DELETE', `/volumes/${vol.id}`, command('volume delete', [], label(vol))),
    /** Attaches through Nova, as Horizon's Manage Attachments does (Nova reserves and attaches in Cinder). */
    attach: (vol: Volume, server: { id: string; name: string }, device?: string) =>
      c.request<{ volumeAttachment: { device: string; serverId: string; volumeId: string } }>({
        service: 'compute',
        method: 'POST',
        path: `/servers/${server.id}/os-volume_attachments`,
        body: { volumeAttachment: device ? { volumeId: vol.id, device } : { volumeId: vol.id } },
        cli: command('server add volume', [['--device', device]], server.name, label(vol)),
      }),
    detach: (vol: Volume, server: { id: string; name: string }) =>
      c.request<null>({
        service: 'compute',
        method: 'DELETE',
        path: `/servers/${server.id}/os-volume_attachments/${vol.id}`,
        cli: command('server remove volume', [], server.name, label(vol)),
      }),
    availabilityZones: async () =>
      (await v<{ availabilityZoneInfo: { zoneName: string; zoneState: { available: boolean } }[] }>('GET', '/os-availability-zone', command('availability zone list', [['--volume', true]])))
        .availabilityZoneInfo,

    // ---- snapshots
    snapshots: async (allProjects = false) =>
      (
        await v<{ snapshots: VolumeSnapshot[] }>(
          'GET',
          `/snapshots/detail${allProjects ? '?all_tenants=1' : ''}`,
          command('volume snapshot list', [['--all-projects', allProjects], ['--long', true]]),
          undefined,
          MV.groupSnapshots,
        )
      ).snapshots,
    /** An attached volume's snapshot needs force (Horizon's "Create Volume Snapshot (Force)"). */
    createSnapshot: async (vol: Volume, name: string, description: string) => {
      const force = vol.status === 'in-use';
      return (
        await v<{ snapshot: VolumeSnapshot }>(
          'POST',
          '/snapshots',
          command('volume snapshot create', [['--volume', label(vol)], ['--description', description], ['--force', force]], name),
          { snapshot: { volume_id: vol.id, name, description: description || null, force } },
        )
      ).snapshot;
    },
    updateSnapshot: (s: VolumeSnapshot, name: string, description: string) =>
      v<{ snapshot: VolumeSnapshot }>('PUT', `/snapshots/${s.id}`, command('volume snapshot set', [['--name', name], ['--description', description]], label(s)), { snapshot: { name, description } }),
    deleteSnapshot: (s: VolumeSnapshot) => v<null>('DELETE', `/snapshots/${s.id}`, command('volume snapshot delete', [], label(s))),

    // ---- volume types (admin), with extra specs and QoS
    /** is_public=None: an admin sees the private types too (OSC's `volume type list` asks the same). */
    types: async () => (await v<{ volume_types: VolumeType[] }>('GET', '/types?is_public=None', command('volume type list', [['--long', true]]))).volume_types,
    createType: async (name: string, description: string, isPublic: boolean, specs: Record<string, string>) =>
      (
        await v<{ volume_type: VolumeType }>(
          'POST',
          '/types',
          command('volume type create', [['--description', description], [isPublic ? '--public' : '--private', true], ...specFlags(specs)], name),
          { volume_type: { name, description: description || null, 'os-volume-type-access:is_public': isPublic, ...(Object.keys(specs).length ? { extra_specs: specs } : {}) } },
        )
      ).volume_type,
    updateType: (t: VolumeType, name: string, description: string) =>
      v<{ volume_type: VolumeType }>(
        'PUT',
        `/types/${t.id}`,
        command('volume type set', [['--name', name !== t.name ? name : undefined], ['--description', description]], t.name),
        { volume_type: { name, description } },
      ),
    setTypeSpec: (t: VolumeType, key: string, value: string) =>
      v<unknown>('POST', `/types/${t.id}/extra_specs`, command('volume type set', [['--property', `${key}=${value}`]], t.name), { extra_specs: { [key]: value } }),
    unsetTypeSpec: (t: VolumeType, key: string) =>
      v<null>('DELETE', `/types/${t.id}/extra_specs/${encodeURIComponent(key)}`, command('volume type unset', [['--property', key]], t.name)),
    deleteType: (t: VolumeType) => v<null>('DELETE', `/types/${t.id}`, command('volume type delete', [], t.name)),

    qosSpecs: async () => (await v<{ qos_specs: QosSpec[] }>('GET', '/qos-specs', command('volume qos list'))).qos_specs,
    /** Cinder takes the specs beside name and consumer in one flat object. */
    createQos: async (name: string, consumer: string, specs: Record<string, string>) =>
      (await v<{ qos_specs: QosSpec }>('POST', '/qos-specs', command('volume qos create', [['--consumer', consumer], ...specFlags(specs)], name), { qos_specs: { ...specs, name, consumer } }))
        .qos_specs,
    setQosSpec: (q: QosSpec, key: string, value: string) =>
      v<unknown>('PUT', `/qos-specs/${q.id}`, command('volume qos set', [['--property', `${key}=${value}`]], q.name), { qos_specs: { [key]: value } }),
    unsetQosSpec: (q: QosSpec, key: string) => v<null>('PUT', `/qos-specs/${q.id}/delete_keys`, command('volume qos unset', [['--property', key]], q.name), { keys: [key] }),
    deleteQos: (q: QosSpec) => v<null>('DELETE', `/qos-specs/${q.id}?force=False`, command('volume qos delete', [], q.name)),
    /** Cinder's associate and disassociate are GETs with the type in the query. */
    associateQos: (q: QosSpec, t: VolumeType) => v<null>('GET', `/qos-specs/${q.id}/associate?vol_type_id=${t.id}`, command('volume qos associate', [], q.name, t.name)),
    disassociateQos: (q: QosSpec, t: VolumeType) =>
      v<null>('GET', `/qos-specs/${q.id}/disassociate?vol_type_id=${t.id}`, command('volume qos disassociate', [['--volume-type', t.name]], q.name)),

    // ---- group types (admin, 3.11)
    groupTypes: async () =>
      (await v<{ group_types: GroupType[] }>('GET', '/group_types?is_public=None', `openstack ${versioned(MV.groupTypes, 'volume group type list')}`, undefined, MV.groupTypes)).group_types,
    createGroupType: async (name: string, description: string, isPublic: boolean) =>
      (
        await v<{ group_type: GroupType }>(
          'POST',
          '/group_types',
          command(versioned(MV.groupTypes, 'volume group type create'), [['--description', description], [isPublic ? '--public' : '--private', true]], name),
          { group_type: { name, description: description || null, is_public: isPublic } },
          MV.groupTypes,
        )
      ).group_type,
    setGroupSpec: (t: GroupType, key: string, value: string) =>
      v<unknown>(
        'POST',
        `/group_types/${t.id}/group_specs`,
        command(versioned(MV.groupTypes, 'volume group type set'), [['--property', `${key}=${value}`]], t.name),
        { group_specs: { [key]: value } },
        MV.groupTypes,
      ),
    deleteGroupType: (t: GroupType) => v<null>('DELETE', `/group_types/${t.id}`, command(versioned(MV.groupTypes, 'volume group type delete'), [], t.name), undefined, MV.groupTypes),

    // ---- groups (3.13) and group snapshots (3.14)
    groups: async () => (await v<{ groups: VolumeGroup[] }>('GET', '/groups/detail', `openstack ${versioned(MV.groups, 'volume group list')}`, undefined, MV.groups)).groups,
    createGroup: async (g: { name: string; description?: string; groupType: GroupType; volumeTypes: VolumeType[]; availabilityZone?: string }) =>
      (
        await v<{ group: VolumeGroup }>(
          'POST',
          '/groups',
          command(
            versioned(MV.groups, 'volume group create'),
            [['--name', g.name], ['--description', g.description], ['--availability-zone', g.availabilityZone]],
            g.groupType.name,
            ...g.volumeTypes.map((t) => t.name),
          ),
          {
            group: {
              name: g.name || null,
              description: g.description || null,
              group_type: g.groupType.id,
              volume_types: g.volumeTypes.map((t) => t.id),
              ...(g.availabilityZone ? { availability_zone: g.availabilityZone } : {}),
            },
          },
          MV.groups,
        )
      ).group,
    updateGroup: (g: VolumeGroup, name: string, description: string) =>
      v<null>('PUT', `/groups/${g.id}`, command(versioned(MV.groups, 'volume group set'), [['--name', name], ['--description', description]], label(g)), { group: { name, description } }, MV.groups),
    /** Adds and removes member volumes (OSC 6.0 cannot: cinderclient's group-update is the twin). */
    updateGroupVolumes: (g: VolumeGroup, add: Volume[], remove: Volume[]) =>
      v<null>(
        'PUT',
        `/groups/${g.id}`,
        `cinder --os-volume-api-version ${MV.groups} group-update${add.length ? ` --add-volumes ${add.map((x) => x.id).join(',')}` : ''}${remove.length ? ` --remove-volumes ${remove.map((x) => x.id).join(',')}` : ''} ${shq(label(g))}`,
        { group: { ...(add.length ? { add_volumes: add.map((x) => x.id).join(',') } : {}), ...(remove.length ? { remove_volumes: remove.map((x) => x.id).join(',') } : {}) } },
        MV.groups,
      ),
    /** Delete Group; with its volumes only when asked (OSC's --force sends delete-volumes). */
    deleteGroup: (g: VolumeGroup, deleteVolumes: boolean) =>
      v<null>('POST', `/groups/${g.id}/action`, command(versioned(MV.groups, 'volume group delete'), [['--force', deleteVolumes]], label(g)), { delete: { 'delete-volumes': deleteVolumes } }, MV.groups),
    /** A new group from a group snapshot (its volumes from the member snapshots), 3.14's create-from-src. */
    createGroupFromSnapshot: async (s: GroupSnapshot, name: string, description: string) =>
      (
        await v<{ group: VolumeGroup }>(
          'POST',
          '/groups/action',
          `cinder --os-volume-api-version ${MV.groupSnapshots} group-create-from-src --group-snapshot ${s.id}${name ? ` --name ${shq(name)}` : ''}${description ? ` --description ${shq(description)}` : ''}`,
          { 'create-from-src': { group_snapshot_id: s.id, name: name || null, description: description || null } },
          MV.groupSnapshots,
        )
      ).group,
    groupSnapshots: async () =>
      (await v<{ group_snapshots: GroupSnapshot[] }>('GET', '/group_snapshots/detail', `openstack ${versioned(MV.groupSnapshots, 'volume group snapshot list')}`, undefined, MV.groupSnapshots))
        .group_snapshots,
    createGroupSnapshot: async (g: VolumeGroup, name: string, description: string) =>
      (
        await v<{ group_snapshot: GroupSnapshot }>(
          'POST',
          '/group_snapshots',
          command(versioned(MV.groupSnapshots, 'volume group snapshot create'), [['--name', name], ['--description', description]], label(g)),
          { group_snapshot: { group_id: g.id, name: name || null, description: description || null } },
          MV.groupSnapshots,
        )
      ).group_snapshot,
    deleteGroupSnapshot: (s: GroupSnapshot) =>
      v<null>('DELETE', `/group_snapshots/${s.id}`, command(versioned(MV.groupSnapshots, 'volume group snapshot delete'), [], label(s)), undefined, MV.groupSnapshots),

    // ---- limits
    limits: async () => (await v<{ limits: { absolute: VolumeLimits } }>('GET', '/limits', command('limits show', [['--absolute', true]]))).limits.absolute,
  };
}

export type VolumeApi = ReturnType<typeof volumeApi>;
