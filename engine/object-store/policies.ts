// Swift's keystoneauth middleware does not use oslo.policy; its options are role lists. PackStack's
// proxy-server.conf sets `operator_roles = admin, SwiftOperator, _member_` and
// `reseller_admin_role = ResellerAdmin`. They are kept here as rules so an operator can change them
// like any other service's policy, and so every request goes through the policy engine.
import { rule } from '../core/policy/define';
import type { RuleDefault } from '../core/policy/types';

export const objectStorePolicies: RuleDefault[] = [
  rule('operator', 'role:admin or role:SwiftOperator or role:_member_ or role:member', "An operator role on the token's project: owner of that project's account (AUTH_<project_id>)."),
  rule('reseller_admin', 'role:ResellerAdmin', 'The reseller admin role: owner of every account.'),
];
