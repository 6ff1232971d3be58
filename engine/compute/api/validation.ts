/**
 * Nova's request validation: core/http/jsonschema's checks with Nova's wording of a failure:
 * "Invalid input for field/attribute ram. Value: abc. 'abc' is not of type 'integer'" for a
 * problem inside the body, the bare jsonschema message at the top, and InvalidName's sentence for
 * a name format. Nova's minimum/maximum also compare integer strings ("512") as numbers.
 */
import { ServiceError } from '../../core/errors';
import { firstIssue, type JsonSchema } from '../../core/http/jsonschema';
import { pyRepr } from '../../core/http/server';

/** Nova's formats: 'name' printable, no leading/trailing whitespace; 'az_name' also no ':'; 'uuid'. */
export type Schema = JsonSchema;

/** Python's str() of a JSON value (what "Value: %s" prints). */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

// printable characters (no control characters), not starting/ending with whitespace
const NAME = /^(?!\s)[^\p{Cc}\p{Cs}]*(?<!\s)$/u;
const AZ_NAME = /^(?!\s)[^\p{Cc}\p{Cs}:]*(?<!\s)$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const OPTIONS = {
  formats: { name: (v: string) => NAME.test(v), az_name: (v: string) => AZ_NAME.test(v), uuid: (v: string) => UUID.test(v) },
  numericStrings: true,
};

/** A failed format Nova words itself (InvalidName) instead of jsonschema's "is not a 'name'". */
const FORMAT_SENTENCE: Record<string, string> = {
  name: "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
  az_name: "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start or end with whitespace.",
};

/** Nova's 400 message for `body` against `schema`, or undefined when it is valid. */
export function problem(body: unknown, schema: Schema, kind: 'body' | 'query' = 'body'): string | undefined {
  const best = firstIssue(body, schema, OPTIONS);
  if (!best) return undefined;
  const own = best.format !== undefined ? FORMAT_SENTENCE[best.format] : undefined;
  if (own) return own;
  if (best.path.length === 0) return best.message;
  const field = kind === 'body' ? best.path[best.path.length - 1] : best.path[0];
  return kind === 'body'
    ? `Invalid input for field/attribute ${field}. Value: ${pyStr(best.value)}. ${best.message}`
    : `Invalid input for query parameters ${field}. Value: ${pyStr(best.value)}. ${best.message}`;
}

/** Validates and returns the body typed; a failure is Nova's 400. */
export function validBody<T = Record<string, unknown>>(body: unknown, schema: Schema): T {
  const p = problem(body ?? {}, schema);
  if (p) throw new ServiceError('BadRequest', p);
  return (body ?? {}) as T;
}

/** Nova's numeric flavor fields: integers or integer strings. */
export const flavorPositive: Schema = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1, maximum: 0x7fffffff };
export const flavorNonNegative: Schema = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 0, maximum: 0x7fffffff };
export const nameSchema: Schema = { type: 'string', minLength: 1, maxLength: 255, format: 'name' };
export const booleanSchema: Schema = {
  type: ['boolean', 'string'],
  enum: [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'],
};
export const metadataSchema: Schema = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** oslo's bool_from_string for the values booleanSchema admits. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return ['true', '1', 'on', 'yes', 'y', 't'].includes(String(v).toLowerCase());
}
