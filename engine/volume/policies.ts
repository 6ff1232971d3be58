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
];

/** Cinder's PolicyNotAuthorized message. */
export const cinderPolicyMessage = (action: string) => `Policy doesn't allow ${action} to be performed.`;
