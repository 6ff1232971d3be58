// Rule names and check strings: Glance 25 (Zed) registered defaults from `glance.policies` (base.py and
// image.py), taken as enforced with Glance's default configuration: `[DEFAULT] enforce_secure_rbac=False`
// and `[oslo_policy] enforce_new_defaults=False`. A rule whose deprecated default differs is then
// `(new) or (deprecated)`, the OrCheck oslo.policy builds; most image rules were deprecated from
// `rule:default`, and `default` itself is `(empty) or (role:admin)`, so they allow any caller. What keeps a
// project's image its own in that mode is Glance's legacy ownership check (admin or owner may change an
// image), which the image service applies after the policy (engine/image/service).
// Descriptions are ours.
/**
 * Glance's default policy rules, as data. The target of an image rule is the image: `project_id` and
 * `owner` are its owner, `visibility` its visibility, `member_id` the caller's project when the caller
 * is a member of the image (Glance's ImageTarget).
 */
import { rule } from '../core/policy/define';
import type { RuleDefault } from '../core/policy/types';

const P = ['project'];

const PROJECT_MEMBER = 'role:member and project_id:%(project_id)s';
const PROJECT_READER = 'role:reader and project_id:%(project_id)s';
const IMAGE_MEMBER = 'project_id:%(member_id)s';
const OPEN_VISIBILITY = "'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s";
const ADMIN_OR_PROJECT_MEMBER = `role:admin or (${PROJECT_MEMBER})`;
const ADMIN_OR_PROJECT_READER = `role:admin or (${PROJECT_READER})`;
const GET_IMAGE = `role:admin or (role:reader and (project_id:%(project_id)s or ${IMAGE_MEMBER} or ${OPEN_VISIBILITY}))`;
const DOWNLOAD_IMAGE = `role:admin or (role:member and (project_id:%(project_id)s or ${IMAGE_MEMBER} or ${OPEN_VISIBILITY}))`;
const CREATE_IMAGE = `role:admin or (${PROJECT_MEMBER} and project_id:%(owner)s)`;
const SHARED_MEMBER = `role:admin or (role:member and ${IMAGE_MEMBER})`;
const READER_OR_SHARED_MEMBER = `role:admin or role:reader and (project_id:%(project_id)s or ${IMAGE_MEMBER})`;

/** `(new) or (deprecated)`: what oslo.policy enforces for a deprecated rule when enforce_new_defaults is off. */
const orDeprecated = (check: string, deprecated = 'rule:default'): string => `(${check}) or (${deprecated})`;

export const imagePolicies: RuleDefault[] = [
  rule('default', orDeprecated('@', 'role:admin'), 'Fallback for actions with no rule of their own.'),
  rule('context_is_admin', 'role:admin', 'The caller is a cloud administrator (is_admin in Glance).'),
  rule('add_image', orDeprecated(CREATE_IMAGE), 'Create an image.', ['POST /v2/images'], P),
  rule('delete_image', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Delete an image.', ['DELETE /v2/images/{image_id}'], P),
  rule('get_image', orDeprecated(GET_IMAGE), 'Show an image.', ['GET /v2/images/{image_id}'], P),
  rule('get_images', orDeprecated(ADMIN_OR_PROJECT_READER), 'List images.', ['GET /v2/images'], P),
  rule('modify_image', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Update an image.', ['PATCH /v2/images/{image_id}'], P),
  rule('publicize_image', 'role:admin', 'Make an image public (create or update with visibility public).', ['PATCH /v2/images/{image_id}', 'POST /v2/images'], P),
  rule('communitize_image', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Make an image a community image.', ['PATCH /v2/images/{image_id}', 'POST /v2/images'], P),
  rule('download_image', orDeprecated(DOWNLOAD_IMAGE), 'Download the data of an image.', ['GET /v2/images/{image_id}/file'], P),
  rule('upload_image', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Upload the data of an image.', ['PUT /v2/images/{image_id}/file'], P),
  rule('delete_image_location', orDeprecated('role:admin'), 'Delete a location of an image.', ['PATCH /v2/images/{image_id}'], P),
  rule('get_image_location', orDeprecated(ADMIN_OR_PROJECT_READER), 'Read the locations of an image.', ['GET /v2/images/{image_id}'], P),
  rule('set_image_location', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Set a location of an image.', ['PATCH /v2/images/{image_id}'], P),
  rule('add_member', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Share an image with a project.', ['POST /v2/images/{image_id}/members'], P),
  rule('delete_member', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Stop sharing an image with a project.', ['DELETE /v2/images/{image_id}/members/{member_id}'], P),
  rule('get_member', orDeprecated(READER_OR_SHARED_MEMBER), 'Show one member of an image.', ['GET /v2/images/{image_id}/members/{member_id}'], P),
  rule('get_members', orDeprecated(READER_OR_SHARED_MEMBER), 'List the members of an image.', ['GET /v2/images/{image_id}/members'], P),
  rule('modify_member', orDeprecated(SHARED_MEMBER), 'Accept or reject a shared image (the member updates its status).', ['PUT /v2/images/{image_id}/members/{member_id}'], P),
  rule('manage_image_cache', 'role:admin', 'Manage the image cache.', [], P),
  rule('deactivate', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Deactivate an image.', ['POST /v2/images/{image_id}/actions/deactivate'], P),
  rule('reactivate', orDeprecated(ADMIN_OR_PROJECT_MEMBER), 'Reactivate an image.', ['POST /v2/images/{image_id}/actions/reactivate'], P),
  rule('copy_image', 'role:admin', 'Copy an image to other stores.', ['POST /v2/images/{image_id}/import'], P),
  rule('stores_info_detail', 'role:admin', 'Show the stores with their details.', ['GET /v2/info/stores/detail'], P),
];

/** Glance's policy denial (glance.common.exception.Forbidden). */
export const glancePolicyMessage = (action: string): string => `You are not authorized to complete ${action} action.`;
