/**
 * Glance's JSON schemas (`GET /v2/schemas/...`) and the validation Glance runs against the image
 * schema on create and on each PATCH change. Glance validates with jsonschema and words a failure
 * "Provided object does not match schema 'image': <jsonschema's message>"; we give the message's first
 * line (jsonschema appends the failing schema fragment and instance on further lines).
 */
import { pyRepr } from '../../core/http/server';
import { CONTAINER_FORMATS, DISK_FORMATS } from '../service/core';

type Prop = Record<string, unknown>;

const UUID_PATTERN = '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

/** The base properties of an image, as Glance 25 declares them (descriptions ours where Glance's are terse). */
export const imageBaseProperties: Record<string, Prop> = {
  id: { type: 'string', description: 'An identifier for the image', pattern: UUID_PATTERN },
  name: { type: ['null', 'string'], description: 'Descriptive name for the image', maxLength: 255 },
  status: {
    type: 'string',
    readOnly: true,
    description: 'Status of the image',
    enum: ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading', 'importing', 'pending_delete', 'deactivated'],
  },
  visibility: { type: 'string', description: 'Scope of image accessibility', enum: ['community', 'public', 'private', 'shared'] },
  protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
  os_hidden: { type: 'boolean', description: 'If true, image will not appear in default image list response.' },
  checksum: { type: ['null', 'string'], readOnly: true, description: 'md5 hash of image contents.', maxLength: 32 },
  os_hash_algo: { type: ['null', 'string'], readOnly: true, description: 'Algorithm to calculate the os_hash_value', maxLength: 64 },
  os_hash_value: { type: ['null', 'string'], readOnly: true, description: 'Hexdigest of the image contents using the algorithm specified by the os_hash_algo', maxLength: 128 },
  owner: { type: ['null', 'string'], description: 'Owner of the image', maxLength: 255 },
  size: { type: ['null', 'integer'], readOnly: true, description: 'Size of image file in bytes' },
  virtual_size: { type: ['null', 'integer'], readOnly: true, description: 'Virtual size of image in bytes' },
  container_format: { type: ['null', 'string'], description: 'Format of the container', enum: [null, ...CONTAINER_FORMATS] },
  disk_format: { type: ['null', 'string'], description: 'Format of the disk', enum: [null, ...DISK_FORMATS] },
  created_at: { type: 'string', readOnly: true, description: 'Date and time of image registration' },
  updated_at: { type: 'string', readOnly: true, description: 'Date and time of the last image modification' },
  tags: { type: 'array', description: 'List of strings related to the image', items: { type: 'string', maxLength: 255 } },
  direct_url: { type: 'string', readOnly: true, description: 'URL to access the image file kept in external store' },
  min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
  min_disk: { type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
  self: { type: 'string', readOnly: true, description: 'An image self url' },
  file: { type: 'string', readOnly: true, description: 'An image file url' },
  stores: { type: 'string', readOnly: true, description: 'Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers.' },
  schema: { type: 'string', readOnly: true, description: 'An image schema url' },
  locations: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        url: { type: 'string', maxLength: 255 },
        metadata: { type: 'object' },
        validation_data: {
          description: "Values to be used to populate the corresponding image properties. If the image status is not 'queued', values must exactly match those already contained in the image properties.",
          type: 'object',
          writeOnly: true,
          additionalProperties: false,
          properties: {
            checksum: { type: 'string', minLength: 32, maxLength: 32 },
            os_hash_algo: { type: 'string', maxLength: 64 },
            os_hash_value: { type: 'string', maxLength: 128 },
          },
          required: ['os_hash_algo', 'os_hash_value'],
        },
      },
      required: ['url', 'metadata'],
    },
    description: 'A set of URLs to access the image file kept in external store',
  },
};

/** The well-known properties Glance ships in etc/schema-image.json (merged into the image schema). */
const customProperties: Record<string, Prop> = {
  kernel_id: { type: ['null', 'string'], pattern: UUID_PATTERN, description: 'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.', is_base: false },
  ramdisk_id: { type: ['null', 'string'], pattern: UUID_PATTERN, description: 'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.', is_base: false },
  instance_uuid: { type: 'string', description: 'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)', is_base: false },
  architecture: { description: 'Operating system architecture as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html', type: 'string', is_base: false },
  os_distro: { description: 'Common name of operating system distribution as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html', type: 'string', is_base: false },
  os_version: { description: 'Operating system version as specified by the distributor.', type: 'string', is_base: false },
  description: { description: 'A human-readable string describing this image.', type: 'string', is_base: false },
  cinder_encryption_key_id: { description: 'Identifier in the OpenStack Key Management Service for the encryption key for the Block Storage Service to use when mounting a volume created from this image', type: 'string', is_base: false },
  cinder_encryption_key_deletion_policy: { description: 'States the condition under which the Image Service will delete the object associated with the \'cinder_encryption_key_id\' image property.  If this property is missing, the Image Service will take no action', type: 'string', enum: ['on_image_deletion', 'do_not_delete'], is_base: false },
};

const imageProperties: Record<string, Prop> = { ...imageBaseProperties, ...customProperties };

const imageLinks = [
  { rel: 'self', href: '{self}' },
  { rel: 'enclosure', href: '{file}' },
  { rel: 'describedby', href: '{schema}' },
];

/** GET /v2/schemas/image: Glance's permissive image schema (extra properties are strings). */
export function imageSchema(): Record<string, unknown> {
  return { name: 'image', properties: imageProperties, additionalProperties: { type: 'string' }, links: imageLinks };
}

/** GET /v2/schemas/images */
export function imagesSchema(): Record<string, unknown> {
  return {
    name: 'images',
    properties: { images: { type: 'array', items: imageSchema() }, first: { type: 'string' }, next: { type: 'string' }, schema: { type: 'string' } },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

const memberProperties: Record<string, Prop> = {
  member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
  image_id: { type: 'string', description: 'An identifier for the image', pattern: UUID_PATTERN },
  created_at: { type: 'string', description: 'Date and time of image member creation' },
  updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
  status: { type: 'string', description: 'The status of this image member', enum: ['pending', 'accepted', 'rejected'] },
  schema: { readOnly: true, type: 'string' },
};

/** GET /v2/schemas/member */
export function memberSchema(): Record<string, unknown> {
  return { name: 'member', properties: memberProperties, additionalProperties: false };
}

/** GET /v2/schemas/members */
export function membersSchema(): Record<string, unknown> {
  return {
    name: 'members',
    properties: { members: { type: 'array', items: memberSchema() }, first: { type: 'string' }, next: { type: 'string' }, schema: { type: 'string' } },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default:
      return true;
  }
}

/** jsonschema's message for `value` against one property schema, or undefined when it is valid. */
function check(schema: Prop, value: unknown): string | undefined {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length && !types.some((t) => typeOk(t, value))) return `${pyRepr(value)} is not of type ${types.map((t) => pyRepr(t)).join(', ')}`;
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) return `${pyRepr(value)} is not one of ${pyRepr(schema.enum)}`;
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) return `${pyRepr(value)} is too long`;
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) return `${pyRepr(value)} is too short`;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) return `${pyRepr(value)} does not match ${pyRepr(schema.pattern)}`;
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    for (const item of value) {
      const m = check(schema.items as Prop, item);
      if (m) return m;
    }
  }
  return undefined;
}

/** Validates an object (a create body, or `{path: value}` of one PATCH change) against the image schema. */
export function validateImage(obj: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(obj)) {
    const m = check(imageProperties[k] ?? { type: 'string' }, v);
    if (m) return m;
  }
  return undefined;
}
