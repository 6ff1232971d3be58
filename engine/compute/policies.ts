// Nova 26 (Zed) registered policy defaults, as enforced with enforce_new_defaults=False and
// enforce_scope=False: `(new) or (deprecated)` where the deprecated default differs.
import { rule } from '../core/policy/define';
import type { RuleDefault } from '../core/policy/types';

export const computePolicies: RuleDefault[] = [
  rule('context_is_admin', 'role:admin', 'Decides what is required for the admin context.'),
  rule('admin_api', 'is_admin:True or role:admin', 'Default rule for most Admin APIs.'),
  rule('admin_or_owner', 'is_admin:True or project_id:%(project_id)s', 'Default rule for most non-Admin APIs.'),
  rule('system_admin_api', 'role:admin and system_scope:all', 'Default rule for System Admin APIs.'),
  rule('project_member_api', 'role:member and project_id:%(project_id)s', 'Default rule for Project level non-admin APIs.'),
  rule('project_reader_api', 'role:reader and project_id:%(project_id)s', 'Default rule for Project level read only APIs.'),
];
