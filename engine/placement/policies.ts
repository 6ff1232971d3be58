/**
 * Placement 8.0 (Zed) default policy rules. Check strings are as oslo.policy 4.0 enforces them with
 * Zed's defaults (enforce_new_defaults=False, enforce_scope=False): a rule whose default was
 * deprecated in Wallaby is `(new) or (deprecated)`, so `role:admin` on a project-scoped token
 * passes everything and a member or reader gets 403 for nearly every call. GET /usages also lets a
 * project reader see their own project's usages.
 */
import { rule } from '../core/policy/define';
import type { RuleDefault } from '../core/policy/types';

const S = ['system'];
const SP = ['system', 'project'];
const READER = 'rule:system_reader_api';
const ADMIN = 'rule:system_admin_api';

export const placementPolicies: RuleDefault[] = [
  rule('admin_api', 'role:admin', 'Default rule for most placement APIs (deprecated).', [], S),
  rule('system_admin_api', '((role:admin and system_scope:all) or role:admin)', 'Default rule for System Admin APIs.'),
  rule('system_reader_api', '((role:reader and system_scope:all) or role:admin)', 'Default rule for System level read only APIs.'),
  rule('project_reader_api', '((role:reader and project_id:%(project_id)s) or role:admin)', 'Default rule for Project level read only APIs.'),
  rule('system_or_project_reader', '((rule:system_reader_api or rule:project_reader_api) or role:admin)', 'Default rule for System+Project read only APIs.'),
  rule('placement:resource_providers:list', READER, 'List resource providers.', ['GET /resource_providers'], S),
  rule('placement:resource_providers:create', ADMIN, 'Create resource provider.', ['POST /resource_providers'], S),
  rule('placement:resource_providers:show', READER, 'Show resource provider.', ['GET /resource_providers/{uuid}'], S),
  rule('placement:resource_providers:update', ADMIN, 'Update resource provider.', ['PUT /resource_providers/{uuid}'], S),
  rule('placement:resource_providers:delete', ADMIN, 'Delete resource provider.', ['DELETE /resource_providers/{uuid}'], S),
  rule('placement:resource_classes:list', READER, 'List resource classes.', ['GET /resource_classes'], S),
  rule('placement:resource_classes:create', ADMIN, 'Create resource class.', ['POST /resource_classes'], S),
  rule('placement:resource_classes:show', READER, 'Show resource class.', ['GET /resource_classes/{name}'], S),
  rule('placement:resource_classes:update', ADMIN, 'Update resource class.', ['PUT /resource_classes/{name}'], S),
  rule('placement:resource_classes:delete', ADMIN, 'Delete resource class.', ['DELETE /resource_classes/{name}'], S),
  rule('placement:resource_providers:inventories:list', READER, 'List resource provider inventories.', ['GET /resource_providers/{uuid}/inventories'], S),
  rule('placement:resource_providers:inventories:create', ADMIN, 'Create one resource provider inventory.', ['POST /resource_providers/{uuid}/inventories'], S),
  rule('placement:resource_providers:inventories:show', READER, 'Show resource provider inventory.', ['GET /resource_providers/{uuid}/inventories/{resource_class}'], S),
  rule('placement:resource_providers:inventories:update', ADMIN, 'Update resource provider inventory.', ['PUT /resource_providers/{uuid}/inventories', 'PUT /resource_providers/{uuid}/inventories/{resource_class}'], S),
  rule('placement:resource_providers:inventories:delete', ADMIN, 'Delete resource provider inventory.', ['DELETE /resource_providers/{uuid}/inventories', 'DELETE /resource_providers/{uuid}/inventories/{resource_class}'], S),
  rule('placement:resource_providers:aggregates:list', READER, 'List resource provider aggregates.', ['GET /resource_providers/{uuid}/aggregates'], S),
  rule('placement:resource_providers:aggregates:update', ADMIN, 'Update resource provider aggregates.', ['PUT /resource_providers/{uuid}/aggregates'], S),
  rule('placement:resource_providers:usages', READER, 'List resource provider usages.', ['GET /resource_providers/{uuid}/usages'], S),
  rule('placement:usages', 'rule:system_or_project_reader', 'List total resource usages for a given project.', ['GET /usages'], SP),
  rule('placement:traits:list', READER, 'List traits.', ['GET /traits'], S),
  rule('placement:traits:show', READER, 'Show trait.', ['GET /traits/{name}'], S),
  rule('placement:traits:update', ADMIN, 'Update trait.', ['PUT /traits/{name}'], S),
  rule('placement:traits:delete', ADMIN, 'Delete trait.', ['DELETE /traits/{name}'], S),
  rule('placement:resource_providers:traits:list', READER, 'List resource provider traits.', ['GET /resource_providers/{uuid}/traits'], S),
  rule('placement:resource_providers:traits:update', ADMIN, 'Update resource provider traits.', ['PUT /resource_providers/{uuid}/traits'], S),
  rule('placement:resource_providers:traits:delete', ADMIN, 'Delete resource provider traits.', ['DELETE /resource_providers/{uuid}/traits'], S),
  rule('placement:allocations:manage', ADMIN, 'Manage allocations.', ['POST /allocations'], S),
  rule('placement:allocations:list', READER, 'List allocations.', ['GET /allocations/{consumer_uuid}'], S),
  rule('placement:allocations:update', ADMIN, 'Update allocations.', ['PUT /allocations/{consumer_uuid}'], S),
  rule('placement:allocations:delete', ADMIN, 'Delete allocations.', ['DELETE /allocations/{consumer_uuid}'], S),
  rule('placement:resource_providers:allocations:list', READER, 'List resource provider allocations.', ['GET /resource_providers/{uuid}/allocations'], S),
  rule('placement:allocation_candidates:list', READER, 'List allocation candidates.', ['GET /allocation_candidates'], S),
  rule('placement:reshaper:reshape', ADMIN, 'Reshape Inventory and Allocations.', ['POST /reshaper'], S),
];
