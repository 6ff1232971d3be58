/** Placement 8.0's request schemas, per microversion (placement/schemas/*.py). */
import { MAX_INT } from '../service';
import type { Schema } from './schema';

const RC_PATTERN = '^[A-Z0-9_]+$';
const CUSTOM_PATTERN = '^CUSTOM_[A-Z0-9_]+$';
const UUID_PATTERN = '^[0-9a-fA-F-]{36}$';
const GROUP_PAT_1_33 = '[a-zA-Z0-9_-]{1,64}';
/** SQL single-precision float maximum (db constants SQL_SP_FLOAT_MAX). */
const SQL_SP_FLOAT_MAX = 3.40282e38;

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

// --- resource providers ----------------------------------------------------------------------

export const POST_RP: Schema = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 200 }, uuid: { type: 'string', format: 'uuid' } },
  required: ['name'],
  additionalProperties: false,
};
export const PUT_RP: Schema = { type: 'object', properties: { name: { type: 'string', maxLength: 200 } }, required: ['name'], additionalProperties: false };
const parentProp: Schema = { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] };
export const POST_RP_1_14: Schema = { ...clone(POST_RP), properties: { ...clone(POST_RP.properties!), parent_provider_uuid: parentProp } };
export const PUT_RP_1_14: Schema = { ...clone(PUT_RP), properties: { ...clone(PUT_RP.properties!), parent_provider_uuid: parentProp } };

const GET_RPS_1_0: Schema = { type: 'object', properties: { name: { type: 'string' }, uuid: { type: 'string', format: 'uuid' } }, additionalProperties: false };
const withProps = (base: Schema, props: Record<string, Schema>): Schema => ({ ...clone(base), properties: { ...clone(base.properties!), ...props } });
export const GET_RPS_1_3 = withProps(GET_RPS_1_0, { member_of: { type: 'string' } });
export const GET_RPS_1_4 = withProps(GET_RPS_1_3, { resources: { type: 'string' } });
export const GET_RPS_1_14 = withProps(GET_RPS_1_4, { in_tree: { type: 'string', format: 'uuid' } });
export const GET_RPS_1_18 = withProps(GET_RPS_1_14, { required: { type: 'string' } });
export { GET_RPS_1_0 };

// --- inventories -----------------------------------------------------------------------------

const int = (minimum: number): Schema => ({ type: 'integer', maximum: MAX_INT, minimum });
export const BASE_INVENTORY: Schema = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    total: int(1),
    reserved: int(0),
    min_unit: int(1),
    max_unit: int(1),
    step_size: int(1),
    allocation_ratio: { type: 'number', maximum: SQL_SP_FLOAT_MAX },
  },
  required: ['total', 'resource_provider_generation'],
  additionalProperties: false,
};
export const POST_INVENTORY: Schema = {
  ...clone(BASE_INVENTORY),
  properties: { ...clone(BASE_INVENTORY.properties!), resource_class: { type: 'string', pattern: RC_PATTERN } },
  required: ['total', 'resource_class'],
};
const PUT_INVENTORY_RECORD: Schema = { ...clone(BASE_INVENTORY), required: ['total'] };
export const PUT_INVENTORIES: Schema = {
  type: 'object',
  properties: { resource_provider_generation: { type: 'integer' }, inventories: { type: 'object', patternProperties: { [RC_PATTERN]: PUT_INVENTORY_RECORD } } },
  required: ['resource_provider_generation', 'inventories'],
  additionalProperties: false,
};

// --- resource classes, traits, aggregates ----------------------------------------------------

export const RC_BODY: Schema = { type: 'object', properties: { name: { type: 'string', pattern: CUSTOM_PATTERN, maxLength: 255 } }, required: ['name'], additionalProperties: false };
export const CUSTOM_TRAIT: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: CUSTOM_PATTERN };
export const SET_RP_TRAITS: Schema = {
  type: 'object',
  properties: { traits: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 } }, resource_provider_generation: { type: 'integer' } },
  required: ['traits', 'resource_provider_generation'],
  additionalProperties: false,
};
export const LIST_TRAITS: Schema = { type: 'object', properties: { name: { type: 'string' }, associated: { type: 'string' } }, additionalProperties: false };
const AGG_LIST: Schema = { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true };
export const PUT_AGGREGATES_1_1: Schema = clone(AGG_LIST);
export const PUT_AGGREGATES_1_19: Schema = {
  type: 'object',
  properties: { aggregates: clone(AGG_LIST), resource_provider_generation: { type: 'integer' } },
  required: ['aggregates', 'resource_provider_generation'],
  additionalProperties: false,
};

// --- usages ----------------------------------------------------------------------------------

export const GET_USAGES_1_9: Schema = {
  type: 'object',
  properties: { project_id: { type: 'string', minLength: 1, maxLength: 255 }, user_id: { type: 'string', minLength: 1, maxLength: 255 } },
  required: ['project_id'],
  additionalProperties: false,
};
export const GET_USAGES_1_38 = withProps(GET_USAGES_1_9, { consumer_type: { type: 'string', pattern: `${RC_PATTERN}|^all|^unknown$`, minLength: 1, maxLength: 255 } });

// --- allocations -----------------------------------------------------------------------------

const resourcesSchema: Schema = { type: 'object', minProperties: 1, patternProperties: { [RC_PATTERN]: { type: 'integer', minimum: 1 } }, additionalProperties: false };
export const ALLOCATION_1_0: Schema = {
  type: 'object',
  properties: {
    allocations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          resource_provider: { type: 'object', properties: { uuid: { type: 'string', format: 'uuid' } }, additionalProperties: false, required: ['uuid'] },
          resources: resourcesSchema,
        },
        required: ['resource_provider', 'resources'],
        additionalProperties: false,
      },
    },
  },
  required: ['allocations'],
  additionalProperties: false,
};
const idProp: Schema = { type: 'string', minLength: 1, maxLength: 255 };
export const ALLOCATION_1_8: Schema = { ...withProps(ALLOCATION_1_0, { project_id: idProp, user_id: idProp }), required: ['allocations', 'project_id', 'user_id'] };
export const ALLOCATION_1_12: Schema = {
  type: 'object',
  properties: {
    allocations: {
      type: 'object',
      minProperties: 1,
      patternProperties: {
        [UUID_PATTERN]: { type: 'object', properties: { generation: { type: 'integer' }, resources: resourcesSchema }, required: ['resources'], additionalProperties: false },
      },
      additionalProperties: false,
    },
    project_id: idProp,
    user_id: idProp,
  },
  additionalProperties: false,
  required: ['allocations', 'project_id', 'user_id'],
};
const DELETABLE: Schema = clone(ALLOCATION_1_12);
DELETABLE.properties!.allocations.minProperties = 0;
export const POST_ALLOCATIONS_1_13: Schema = { type: 'object', minProperties: 1, additionalProperties: false, patternProperties: { [UUID_PATTERN]: DELETABLE } };
export const ALLOCATION_1_28: Schema = { ...withProps(DELETABLE, { consumer_generation: { type: ['integer', 'null'] } }), required: ['allocations', 'project_id', 'user_id', 'consumer_generation'] };
export const POST_ALLOCATIONS_1_28: Schema = { ...clone(POST_ALLOCATIONS_1_13), patternProperties: { [UUID_PATTERN]: ALLOCATION_1_28 } };
const mappingsSchema: Schema = { type: 'object', minProperties: 1, patternProperties: { [GROUP_PAT_1_33]: { type: 'array', minItems: 1, items: { type: 'string', format: 'uuid' } } } };
export const ALLOCATION_1_34 = withProps(ALLOCATION_1_28, { mappings: mappingsSchema });
export const POST_ALLOCATIONS_1_34: Schema = { ...clone(POST_ALLOCATIONS_1_13), patternProperties: { [UUID_PATTERN]: ALLOCATION_1_34 } };
export const ALLOCATION_1_38: Schema = {
  ...withProps(ALLOCATION_1_34, { consumer_type: { type: 'string', pattern: RC_PATTERN, minLength: 1, maxLength: 255 } }),
  required: ['allocations', 'project_id', 'user_id', 'consumer_generation', 'consumer_type'],
};
export const POST_ALLOCATIONS_1_38: Schema = { ...clone(POST_ALLOCATIONS_1_13), patternProperties: { [UUID_PATTERN]: ALLOCATION_1_38 } };

// --- reshaper --------------------------------------------------------------------------------

export function reshaperSchema(allocationSchema: Schema): Schema {
  return {
    type: 'object',
    properties: {
      inventories: {
        type: 'object',
        patternProperties: {
          [UUID_PATTERN]: {
            type: 'object',
            properties: { resource_provider_generation: { type: 'integer' }, inventories: { type: 'object', patternProperties: { [RC_PATTERN]: PUT_INVENTORY_RECORD } } },
            required: ['resource_provider_generation', 'inventories'],
            additionalProperties: false,
          },
        },
        minProperties: 1,
        additionalProperties: false,
      },
      allocations: allocationSchema,
    },
    required: ['inventories', 'allocations'],
    additionalProperties: false,
  };
}

// --- allocation candidates -------------------------------------------------------------------

export function candidatesQuerySchema(minor: number): Schema {
  const props: Record<string, Schema> = {};
  if (minor >= 16) props.limit = { type: ['integer', 'string'], pattern: '^[1-9][0-9]*$', minimum: 1, minLength: 1 };
  if (minor < 25) {
    props.resources = { type: 'string' };
    if (minor >= 17) props.required = { type: 'string' };
    if (minor >= 21) props.member_of = { type: 'string' };
    return { type: 'object', properties: props, required: ['resources'], additionalProperties: false };
  }
  props.group_policy = { type: 'string', enum: ['none', 'isolate'] };
  if (minor >= 35) props.root_required = { type: 'string' };
  if (minor >= 36) props.same_subtree = { type: 'string' };
  const group = minor >= 33 ? GROUP_PAT_1_33 : '[1-9][0-9]*';
  const kinds = minor >= 31 ? ['resources', 'required', 'member_of', 'in_tree'] : ['resources', 'required', 'member_of'];
  const patternProperties: Record<string, Schema> = {};
  for (const k of kinds) patternProperties[`^${k}(${group})?$`] = { type: 'string' };
  return { type: 'object', properties: props, patternProperties, additionalProperties: false };
}
