/**
 * Cinder's (Zed) default policy rules for what this lab serves, as data. Rule names and check strings
 * follow `cinder.policies` (base.py, volume_type.py, type_extra_specs.py); descriptions are ours.
 */
import { rule } from '../core/policy/define';
import type { RuleDefault } from '../core/policy/types';

const ADMIN_API = 'role:admin';
const P = ['project'];

export const volumePolicies: RuleDefault[] = [
  rule('context_is_admin', 'role:admin', 'Decides what is admin.'),
  rule('admin_api', ADMIN_API, 'Admin-only APIs.'),
  rule('admin_or_owner', 'is_admin:True or (role:admin and is_admin_project:True) or project_id:%(project_id)s', 'The deprecated owner rule (Zed still honours it: enforce_new_defaults is off).'),
  rule('xena_system_admin_or_project_reader', '(role:admin) or (role:reader and project_id:%(project_id)s)', 'An admin, or a reader of the owning project.'),
  rule('xena_system_admin_or_project_member', '(role:admin) or (role:member and project_id:%(project_id)s)', 'An admin, or a member of the owning project.'),
  rule('volume_extension:types_manage', 'rule:admin_api', 'Create, update and delete volume types.', ['POST /types', 'PUT /types/{type_id}', 'DELETE /types/{type_id}'], P),
  rule('volume_extension:type_get', '', 'Get one volume type.', ['GET /types/{type_id}'], P),
  rule('volume_extension:type_get_all', '', 'List volume types.', ['GET /types'], P),
  rule('volume_extension:access_types_extra_specs', 'rule:admin_api', 'Show extra specs in volume type views.', ['GET /types/{type_id}', 'GET /types'], P),
  rule('volume_extension:access_types_qos_specs_id', 'rule:admin_api', 'Show the QoS specs id in volume type views.', ['GET /types/{type_id}', 'GET /types'], P),
  rule('volume_extension:types_extra_specs:index', '', 'List extra specs of a type.', ['GET /types/{type_id}/extra_specs'], P),
  rule('volume_extension:types_extra_specs:show', '', 'Show one extra spec.', ['GET /types/{type_id}/extra_specs/{key}'], P),
  rule('volume_extension:types_extra_specs:create', 'rule:admin_api', 'Add extra specs.', ['POST /types/{type_id}/extra_specs'], P),
  rule('volume_extension:types_extra_specs:update', 'rule:admin_api', 'Update one extra spec.', ['PUT /types/{type_id}/extra_specs/{key}'], P),
  rule('volume_extension:types_extra_specs:delete', 'rule:admin_api', 'Delete one extra spec.', ['DELETE /types/{type_id}/extra_specs/{key}'], P),
  rule('volume_extension:quotas:show', 'rule:admin_api or project_id:%(project_id)s', "Show a project's quotas (and their defaults).", ['GET /os-quota-sets/{project_id}', 'GET /os-quota-sets/{project_id}/defaults', 'GET /os-quota-sets/{project_id}?usage=True'], P),
  rule('volume_extension:quotas:update', 'rule:admin_api', "Update a project's quotas.", ['PUT /os-quota-sets/{project_id}'], P),
  rule('volume_extension:quotas:delete', 'rule:admin_api', "Delete a project's quotas (back to the defaults).", ['DELETE /os-quota-sets/{project_id}'], P),
  rule('volume_extension:quota_classes', 'rule:admin_api', 'Show or update quota classes.', ['GET /os-quota-class-sets/{project_id}', 'PUT /os-quota-class-sets/{project_id}'], P),
  rule('limits_extension:used_limits', 'rule:admin_api or project_id:%(project_id)s', 'Show what a project uses beside its limits.', ['GET /limits'], P),
  ...volumeSnapshotPolicies(),
  ...groupQosBackupPolicies(),
  ...attachmentPolicies(),
];

/**
 * The 3.27 attachments (attachments.py) and the legacy attach/detach actions (volume_actions.py,
 * volume_admin_actions force_detach), Zed's defaults with enforce_new_defaults off.
 */
function attachmentPolicies(): RuleDefault[] {
  const MEMBER = 'rule:xena_system_admin_or_project_member or rule:admin_or_owner';
  const V = '/volumes/{volume_id}/action';
  const A = '/attachments/{attachment_id}';
  const act = (name: string, desc: string) => rule(`volume_extension:volume_actions:${name}`, MEMBER, desc, [`POST ${V} (os-${name})`], P);
  return [
    rule('volume:attachment_create', '', 'Create attachment.', ['POST /attachments'], P),
    rule('volume:attachment_update', MEMBER, 'Update attachment.', [`PUT ${A}`], P),
    rule('volume:attachment_delete', MEMBER, 'Delete attachment.', [`DELETE ${A}`], P),
    rule('volume:attachment_complete', MEMBER, 'Mark a volume attachment process as completed (in-use)', [`POST ${A}/action (os-complete)`], P),
    rule('volume:multiattach_bootable_volume', MEMBER, 'Allow multiattach of bootable volumes.', ['POST /attachments'], P),
    act('reserve', 'Mark volume as reserved.'),
    act('unreserve', 'Unmark volume as reserved.'),
    act('begin_detaching', 'Begin detach volumes.'),
    act('roll_detaching', 'Roll back volume status to \'in-use\'.'),
    act('attach', 'Attach a volume.'),
    act('detach', 'Clear attachment metadata.'),
    act('initialize_connection', 'Initialize volume attachment.'),
    act('terminate_connection', 'Terminate volume attachment.'),
    rule('volume_extension:volume_admin_actions:force_detach', 'rule:admin_api', 'Force detach a volume.', [`POST ${V} (os-force_detach)`], P),
  ];
}

/**
 * Group types, groups, group snapshots (group_types.py, groups.py, group_actions.py, group_snapshots.py,
 * group_snapshot_actions.py), QoS specs (qos_specs.py) and backups (backups.py, backup_actions.py). The
 * owner rules are Zed's effective defaults with enforce_new_defaults off: the new reader/member rule or
 * the deprecated admin_or_owner, which together come to an admin or the resource's project.
 */
function groupQosBackupPolicies(): RuleDefault[] {
  const OWNER = 'rule:admin_api or project_id:%(project_id)s';
  return [
    rule('group:group_types_manage', 'rule:admin_api', 'Create, update or delete group types.', ['POST /group_types/', 'PUT /group_types/{group_type_id}', 'DELETE /group_types/{group_type_id}'], P),
    rule('group:access_group_types_specs', 'rule:admin_api', 'See group_specs in group type views.', ['GET /group_types/{group_type_id}'], P),
    rule('group:group_types_specs', 'rule:admin_api', 'List, show, set and delete group specs of a group type.', [
      'GET /group_types/{group_type_id}/group_specs',
      'GET /group_types/{group_type_id}/group_specs/{g_spec_id}',
      'POST /group_types/{group_type_id}/group_specs',
      'PUT /group_types/{group_type_id}/group_specs/{g_spec_id}',
      'DELETE /group_types/{group_type_id}/group_specs/{g_spec_id}',
    ], P),
    rule('group:get_all', OWNER, 'List groups.', ['GET /groups', 'GET /groups/detail'], P),
    rule('group:create', '', 'Create a group.', ['POST /groups'], P),
    rule('group:get', OWNER, 'Show a group.', ['GET /groups/{group_id}'], P),
    rule('group:update', OWNER, "Rename a group or change its volumes.", ['PUT /groups/{group_id}'], P),
    rule('group:group_project_attribute', 'rule:admin_api', 'See project_id in group views.', ['GET /groups/{group_id}', 'GET /groups/detail'], P),
    rule('group:delete', OWNER, 'Delete a group.', ['POST /groups/{group_id}/action (delete)'], P),
    rule('group:reset_status', 'rule:admin_api', "Reset a group's status.", ['POST /groups/{group_id}/action (reset_status)'], P),
    rule('group:enable_replication', OWNER, 'Enable replication of a group.', ['POST /groups/{group_id}/action (enable_replication)'], P),
    rule('group:disable_replication', OWNER, 'Disable replication of a group.', ['POST /groups/{group_id}/action (disable_replication)'], P),
    rule('group:failover_replication', OWNER, 'Fail a group over to its replication target.', ['POST /groups/{group_id}/action (failover_replication)'], P),
    rule('group:list_replication_targets', OWNER, "List a group's replication targets.", ['POST /groups/{group_id}/action (list_replication_targets)'], P),
    rule('group:get_all_group_snapshots', OWNER, 'List group snapshots.', ['GET /group_snapshots', 'GET /group_snapshots/detail'], P),
    rule('group:create_group_snapshot', '', 'Create a group snapshot.', ['POST /group_snapshots'], P),
    rule('group:get_group_snapshot', OWNER, 'Show a group snapshot.', ['GET /group_snapshots/{group_snapshot_id}'], P),
    rule('group:delete_group_snapshot', OWNER, 'Delete a group snapshot.', ['DELETE /group_snapshots/{group_snapshot_id}'], P),
    rule('group:update_group_snapshot', OWNER, 'Rename a group snapshot.', ['PUT /group_snapshots/{group_snapshot_id}'], P),
    rule('group:group_snapshot_project_attribute', 'rule:admin_api', 'See project_id in group snapshot views.', ['GET /group_snapshots/{group_snapshot_id}', 'GET /group_snapshots/detail'], P),
    rule('group:reset_group_snapshot_status', 'rule:admin_api', "Reset a group snapshot's status.", ['POST /group_snapshots/{g_snapshot_id}/action (reset_status)'], P),
    rule('volume_extension:qos_specs_manage:get_all', 'rule:admin_api', 'List QoS specs and their associations.', ['GET /qos-specs', 'GET /qos-specs/{qos_id}/associations'], P),
    rule('volume_extension:qos_specs_manage:get', 'rule:admin_api', 'Show QoS specs.', ['GET /qos-specs/{qos_id}'], P),
    rule('volume_extension:qos_specs_manage:create', 'rule:admin_api', 'Create QoS specs.', ['POST /qos-specs'], P),
    rule('volume_extension:qos_specs_manage:update', 'rule:admin_api', 'Change QoS specs and their volume type associations.', [
      'PUT /qos-specs/{qos_id}',
      'GET /qos-specs/{qos_id}/disassociate_all',
      'GET /qos-specs/{qos_id}/associate',
      'GET /qos-specs/{qos_id}/disassociate',
    ], P),
    rule('volume_extension:qos_specs_manage:delete', 'rule:admin_api', 'Delete QoS specs or some of their keys.', ['DELETE /qos-specs/{qos_id}', 'PUT /qos-specs/{qos_id}/delete_keys'], P),
    rule('backup:get_all', OWNER, 'List backups.', ['GET /backups', 'GET /backups/detail'], P),
    rule('backup:backup_project_attribute', 'rule:admin_api', 'See project_id in backup views.', ['GET /backups/{backup_id}', 'GET /backups/detail'], P),
    rule('backup:create', '', 'Create a backup.', ['POST /backups'], P),
    rule('backup:get', OWNER, 'Show a backup.', ['GET /backups/{backup_id}'], P),
    rule('backup:update', OWNER, 'Rename a backup or change its metadata.', ['PUT /backups/{backup_id}'], P),
    rule('backup:delete', OWNER, 'Delete a backup.', ['DELETE /backups/{backup_id}'], P),
    rule('backup:restore', OWNER, 'Restore a backup into a volume.', ['POST /backups/{backup_id}/restore'], P),
    rule('backup:backup-import', 'rule:admin_api', 'Import a backup record.', ['POST /backups/{backup_id}/import_record'], P),
    rule('backup:export-import', 'rule:admin_api', 'Export a backup record.', ['POST /backups/{backup_id}/export_record'], P),
    rule('volume_extension:backup_admin_actions:reset_status', 'rule:admin_api', "Reset a backup's status.", ['POST /backups/{backup_id}/action (os-reset_status)'], P),
    rule('volume_extension:backup_admin_actions:force_delete', 'rule:admin_api', 'Delete a backup in any status.', ['POST /backups/{backup_id}/action (os-force_delete)'], P),
  ];
}

/** Cinder's PolicyNotAuthorized message. */
export const cinderPolicyMessage = (action: string) => `Policy doesn't allow ${action} to be performed.`;

/**
 * Volumes, their actions and metadata, snapshots and their metadata and actions (volumes.py,
 * volume_actions.py, volume_metadata.py, snapshots.py, snapshot_metadata.py, snapshot_actions.py). Each
 * owner rule is Zed's new default or its deprecated admin_or_owner (enforce_new_defaults is off); a
 * deprecated "" (volume:create) lets everyone through, as in Zed.
 */
function volumeSnapshotPolicies(): RuleDefault[] {
  const READER = 'rule:xena_system_admin_or_project_reader or rule:admin_or_owner';
  const MEMBER = 'rule:xena_system_admin_or_project_member or rule:admin_or_owner';
  const ADMIN = 'rule:admin_api';
  const V = '/volumes/{volume_id}';
  const S = '/snapshots/{snapshot_id}';
  return [
    rule('volume:create', '', 'Create volume.', ['POST /volumes'], P),
    rule('volume:create_from_image', '', 'Create volume from image.', ['POST /volumes'], P),
    rule('volume:get', READER, 'Show volume.', [`GET ${V}`], P),
    rule('volume:get_all', READER, 'List volumes or get summary of volumes.', ['GET /volumes', 'GET /volumes/detail', 'GET /volumes/summary'], P),
    rule('volume:update', MEMBER, "Update volume or update a volume's bootable status.", ['PUT /volumes', `POST ${V}/action (os-set_bootable)`], P),
    rule('volume:delete', MEMBER, 'Delete volume.', [`DELETE ${V}`], P),
    rule('volume:force_delete', ADMIN, 'Force Delete a volume.', [`DELETE ${V}`], P),
    rule('volume_extension:volume_host_attribute', ADMIN, 'List or show volume with host attribute.', [`GET ${V}`, 'GET /volumes/detail'], P),
    rule('volume_extension:volume_tenant_attribute', READER, 'List or show volume with tenant attribute.', [`GET ${V}`, 'GET /volumes/detail'], P),
    rule('volume_extension:volume_mig_status_attribute', ADMIN, 'List or show volume with migration status attribute.', [`GET ${V}`, 'GET /volumes/detail'], P),
    rule('volume_extension:volume_encryption_metadata', READER, "Show volume's encryption metadata.", [`GET ${V}/encryption`, `GET ${V}/encryption/{encryption_key}`], P),
    rule('volume:multiattach', MEMBER, 'Create multiattach capable volume.', ['POST /volumes'], P),
    rule('volume:extend', MEMBER, 'Extend a volume.', [`POST ${V}/action (os-extend)`], P),
    rule('volume:extend_attached_volume', MEMBER, 'Extend a attached volume.', [`POST ${V}/action (os-extend)`], P),
    rule('volume:revert_to_snapshot', MEMBER, 'Revert a volume to a snapshot.', [`POST ${V}/action (revert)`], P),
    rule('volume_extension:volume_admin_actions:reset_status', ADMIN, "Reset status of a volume.", [`POST ${V}/action (os-reset_status)`], P),
    rule('volume:retype', MEMBER, 'Retype a volume.', [`POST ${V}/action (os-retype)`], P),
    rule('volume:update_readonly_flag', MEMBER, 'Update a volume\'s readonly flag.', [`POST ${V}/action (os-update_readonly_flag)`], P),
    rule('volume_extension:volume_admin_actions:force_delete', ADMIN, 'Force delete a volume.', [`POST ${V}/action (os-force_delete)`], P),
    rule('volume_extension:volume_actions:upload_public', ADMIN, 'Upload a volume to image with public visibility.', [`POST ${V}/action (os-volume_upload_image)`], P),
    rule('volume_extension:volume_actions:upload_image', MEMBER, 'Upload a volume to image.', [`POST ${V}/action (os-volume_upload_image)`], P),
    rule('volume:get_volume_metadata', READER, "Show volume's metadata or one specified metadata with a given key.", [`GET ${V}/metadata`, `GET ${V}/metadata/{key}`, `POST ${V}/action (os-show_image_metadata)`], P),
    rule('volume:create_volume_metadata', MEMBER, 'Create volume metadata.', [`POST ${V}/metadata`], P),
    rule('volume:update_volume_metadata', MEMBER, "Replace a volume's metadata dictionary or update a single metadatum with a given key.", [`PUT ${V}/metadata`, `PUT ${V}/metadata/{key}`], P),
    rule('volume:delete_volume_metadata', MEMBER, "Delete a volume's metadatum with the given key.", [`DELETE ${V}/metadata/{key}`], P),
    rule('volume_extension:volume_image_metadata:show', READER, 'Include volume_image_metadata in volume detail views and show it.', [`GET ${V}`, 'GET /volumes/detail', `POST ${V}/action (os-show_image_metadata)`], P),
    rule('volume_extension:volume_image_metadata:set', MEMBER, 'Set image metadata for a volume', [`POST ${V}/action (os-set_image_metadata)`], P),
    rule('volume_extension:volume_image_metadata:remove', MEMBER, 'Remove specific image metadata from a volume', [`POST ${V}/action (os-unset_image_metadata)`], P),
    rule('volume:get_all_snapshots', READER, 'List snapshots.', ['GET /snapshots', 'GET /snapshots/detail'], P),
    rule('volume_extension:extended_snapshot_attributes', READER, 'List or show snapshots with extended attributes.', [`GET ${S}`, 'GET /snapshots/detail'], P),
    rule('volume:create_snapshot', MEMBER, 'Create snapshot.', ['POST /snapshots'], P),
    rule('volume:get_snapshot', READER, 'Show snapshot.', [`GET ${S}`], P),
    rule('volume:update_snapshot', MEMBER, 'Update snapshot.', [`PUT ${S}`], P),
    rule('volume:delete_snapshot', MEMBER, 'Delete snapshot.', [`DELETE ${S}`], P),
    rule('volume:get_snapshot_metadata', READER, "Show snapshot's metadata or one specified metadata with a given key.", [`GET ${S}/metadata`, `GET ${S}/metadata/{key}`], P),
    rule('volume:update_snapshot_metadata', MEMBER, "Update snapshot's metadata or one specified metadata with a given key.", [`POST ${S}/metadata`, `PUT ${S}/metadata/{key}`], P),
    rule('volume:delete_snapshot_metadata', MEMBER, "Delete snapshot's specified metadata with a given key.", [`DELETE ${S}/metadata/{key}`], P),
    rule('volume_extension:snapshot_admin_actions:reset_status', ADMIN, "Reset status of a snapshot.", [`POST ${S}/action (os-reset_status)`], P),
    rule('volume_extension:snapshot_admin_actions:force_delete', ADMIN, 'Force delete a snapshot.', [`POST ${S}/action (os-force_delete)`], P),
  ];
}
