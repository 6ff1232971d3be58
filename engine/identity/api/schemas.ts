/**
 * Request bodies of the Identity API as JSON Schema, checked at the edge before any handler
 * runs. Keystone keeps unknown attributes on most resources (additionalProperties: true) and
 * rejects them on a few (password change, limits, application-credential roles).
 */
type Schema = Record<string, unknown>;

const str = (min = 0, max = 255): Schema => ({ type: 'string', minLength: min, maxLength: max });
const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
const name = (max = 255): Schema => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' });
const bool: Schema = { type: 'boolean' };
const id: Schema = { type: 'string', minLength: 1, maxLength: 64 };
const tags: Schema = { type: 'array', maxItems: 80, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^,/]*$' } };
const options: Schema = { type: 'object' };

/** `{ <key>: { …properties } }` with the wrapper object required. */
function wrapped(key: string, properties: Schema, opts: { required?: string[]; additional?: boolean; minProperties?: number } = {}): Schema {
  return {
    type: 'object',
    required: [key],
    properties: {
      [key]: {
        type: 'object',
        properties,
        required: opts.required ?? [],
        additionalProperties: opts.additional ?? true,
        ...(opts.minProperties ? { minProperties: opts.minProperties } : {}),
      },
    },
  };
}

const projectProps: Schema = {
  name: name(64), description: nullable(str(0, 65535)), domain_id: nullable(id), enabled: bool,
  parent_id: nullable(id), is_domain: bool, tags, options,
};
export const projectCreate = wrapped('project', projectProps, { required: ['name'] });
export const projectUpdate = wrapped('project', projectProps, { minProperties: 1 });

const domainProps: Schema = { name: name(64), description: nullable(str(0, 65535)), enabled: bool, tags, options, explicit_domain_id: nullable(id) };
export const domainCreate = wrapped('domain', domainProps, { required: ['name'] });
export const domainUpdate = wrapped('domain', domainProps, { minProperties: 1 });

const userProps: Schema = {
  name: name(255), password: nullable({ type: 'string' }), enabled: bool, default_project_id: nullable(id), domain_id: id,
  description: nullable(str(0, 65535)), options,
};
export const userCreate = wrapped('user', userProps, { required: ['name'] });
export const userUpdate = wrapped('user', userProps, { minProperties: 1 });
export const passwordChange = wrapped('user', { password: { type: 'string' }, original_password: { type: 'string' } }, { required: ['password', 'original_password'], additional: false });

const groupProps: Schema = { name: name(64), description: nullable(str(0, 65535)), domain_id: id };
export const groupCreate = wrapped('group', groupProps, { required: ['name'] });
export const groupUpdate = wrapped('group', groupProps, { minProperties: 1 });

const roleProps: Schema = { name: name(255), description: nullable(str(0, 255)), domain_id: nullable(id), options };
export const roleCreate = wrapped('role', roleProps, { required: ['name'] });
export const roleUpdate = wrapped('role', roleProps, { minProperties: 1 });

const regionProps: Schema = { id: str(1, 255), description: nullable(str(0, 255)), parent_region_id: nullable(str(1, 255)) };
export const regionCreate = wrapped('region', regionProps);
export const regionUpdate = wrapped('region', regionProps, { minProperties: 1 });

const serviceProps: Schema = { type: str(1, 255), name: nullable(str(0, 255)), enabled: bool, description: nullable(str(0, 65535)) };
export const serviceCreate = wrapped('service', serviceProps, { required: ['type'] });
export const serviceUpdate = wrapped('service', serviceProps, { minProperties: 1 });

const endpointProps: Schema = {
  service_id: id, interface: { type: 'string', enum: ['admin', 'internal', 'public'] }, url: { type: 'string', minLength: 1, maxLength: 225, pattern: '^[a-zA-Z0-9+.-]+:.+' },
  region_id: nullable(str(1, 255)), region: nullable(str(1, 255)), enabled: bool,
};
export const endpointCreate = wrapped('endpoint', endpointProps, { required: ['service_id', 'interface', 'url'] });
export const endpointUpdate = wrapped('endpoint', endpointProps, { minProperties: 1 });

const credentialProps: Schema = { user_id: id, type: str(1, 255), blob: { type: 'string' }, project_id: nullable(id) };
export const credentialCreate = wrapped('credential', credentialProps, { required: ['user_id', 'type', 'blob'] });
export const credentialUpdate = wrapped('credential', credentialProps, { minProperties: 1 });

const roleRef: Schema = {
  type: 'object',
  properties: { id: id, name: str(1, 255), domain_id: nullable(id) },
  anyOf: [{ required: ['id'] }, { required: ['name'] }],
  additionalProperties: false,
};
export const appCredCreate = wrapped(
  'application_credential',
  {
    name: name(255), description: nullable(str(0, 255)), secret: nullable(str(1, 255)), expires_at: nullable({ type: 'string' }),
    roles: { type: 'array', items: roleRef }, unrestricted: nullable(bool), access_rules: { type: 'array', items: { type: 'object' } },
  },
  { required: ['name'] },
);

const registeredLimitItem: Schema = {
  type: 'object',
  properties: { service_id: id, region_id: nullable(str(1, 255)), resource_name: str(1, 255), default_limit: { type: 'integer', minimum: -1, maximum: 2147483647 }, description: nullable(str(0, 65535)) },
  required: ['service_id', 'resource_name', 'default_limit'],
  additionalProperties: false,
};
export const registeredLimitsCreate: Schema = {
  type: 'object', required: ['registered_limits'],
  properties: { registered_limits: { type: 'array', minItems: 1, items: registeredLimitItem } },
};
export const registeredLimitUpdate: Schema = {
  type: 'object', required: ['registered_limit'],
  properties: { registered_limit: { ...registeredLimitItem, required: [], minProperties: 1 } },
};
const limitItem: Schema = {
  type: 'object',
  properties: {
    project_id: nullable(id), domain_id: nullable(id), service_id: id, region_id: nullable(str(1, 255)), resource_name: str(1, 255),
    resource_limit: { type: 'integer', minimum: -1, maximum: 2147483647 }, description: nullable(str(0, 65535)),
  },
  required: ['service_id', 'resource_name', 'resource_limit'],
  additionalProperties: false,
};
export const limitsCreate: Schema = { type: 'object', required: ['limits'], properties: { limits: { type: 'array', minItems: 1, items: limitItem } } };
export const limitUpdate: Schema = {
  type: 'object', required: ['limit'],
  properties: { limit: { type: 'object', properties: { resource_limit: limitItem.properties && (limitItem.properties as Schema).resource_limit, description: nullable(str(0, 65535)) }, additionalProperties: false, minProperties: 1 } },
};

const domainRef: Schema = { type: 'object', properties: { id: str(1, 64), name: str(1, 64) } };
const userRef: Schema = { type: 'object', properties: { id: str(1, 64), name: str(1, 255), domain: domainRef, password: { type: 'string' } } };
export const authRequest: Schema = {
  type: 'object',
  required: ['auth'],
  properties: {
    auth: {
      type: 'object',
      required: ['identity'],
      properties: {
        identity: {
          type: 'object',
          required: ['methods'],
          properties: {
            methods: { type: 'array', minItems: 1, items: { type: 'string' } },
            password: { type: 'object', required: ['user'], properties: { user: { ...userRef, required: ['password'] } } },
            token: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
            application_credential: {
              type: 'object', required: ['secret'],
              properties: { id: str(1, 64), name: str(1, 255), secret: { type: 'string' }, user: userRef },
            },
          },
        },
        scope: {
          anyOf: [
            { type: 'string', enum: ['unscoped'] },
            {
              type: 'object',
              properties: {
                project: { type: 'object', properties: { id: str(1, 64), name: str(1, 64), domain: domainRef } },
                domain: domainRef,
                system: { type: 'object', properties: { all: bool } },
                'OS-TRUST:trust': { type: 'object' },
              },
            },
          ],
        },
      },
    },
  },
};
