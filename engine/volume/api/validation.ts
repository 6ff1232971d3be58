/**
 * Cinder's request validation (cinder.api.validation): core/http/jsonschema's checks worded as Cinder's
 * validator words a failure — "Invalid input for field/attribute size. Value: 0. 0 is less than the minimum
 * of 1" inside the body, the bare jsonschema message at the top. Cinder's minimum/maximum read integer
 * strings ("10") as numbers.
 */
import { BadRequest } from '../../core/errors';
import { firstIssue, type JsonSchema } from '../../core/http/jsonschema';
import { pyRepr } from '../../core/http/server';

export type { JsonSchema } from '../../core/http/jsonschema';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const OPTIONS = { formats: { uuid: (v: string) => UUID.test(v) }, numericStrings: true };

/** Python's str() of a JSON value (what "Value: %s" prints). */
const pyStr = (v: unknown): string => (typeof v === 'string' ? v : pyRepr(v));

/** Cinder's 400 message for `body` against `schema`, or undefined when it is valid. */
export function problem(body: unknown, schema: JsonSchema): string | undefined {
  const best = firstIssue(body, schema, OPTIONS);
  if (!best) return undefined;
  if (best.path.length === 0) return best.message;
  return `Invalid input for field/attribute ${best.path[best.path.length - 1]}. Value: ${pyStr(best.value)}. ${best.message}`;
}

/** Validates and returns the body typed; a failure is Cinder's 400 (ValidationError). */
export function validBody<T = Record<string, unknown>>(body: unknown, schema: JsonSchema): T {
  const p = problem(body ?? {}, schema);
  if (p) throw new BadRequest(p);
  return (body ?? {}) as T;
}

/** parameter_types.volume_size: a whole number of GiB, as an integer or its string. */
export const volumeSize: JsonSchema = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1, maximum: 0x7fffffff };
export const volumeSizeOrNull: JsonSchema = { ...volumeSize, type: ['integer', 'string', 'null'] };
/** parameter_types.boolean: what strutils.bool_from_string(strict=True) accepts. */
export const booleanSchema: JsonSchema = {
  type: ['boolean', 'string'],
  enum: [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'],
};
export const optionalUuid: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
export const nameOrNull: JsonSchema = { type: ['string', 'null'] };
/** parameter_types.metadata_allows_null (extra_specs' shape): string keys and values of 1-255 characters. */
export const metadataSchema: JsonSchema = {
  type: ['object', 'null'],
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** strutils.bool_from_string(strict=True) on a value that passed `booleanSchema`. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return ['true', '1', 'on', 'yes', 'y', 't'].includes(String(v).toLowerCase());
}

/** utils.get_bool_param on a query value ('True', 'false', '1', …); absent → false. */
export function queryBool(v: unknown): boolean {
  return v !== undefined && ['true', '1', 'on', 'yes', 'y', 't'].includes(String(v).toLowerCase());
}
