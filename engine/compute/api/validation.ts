/**
 * The JSON-schema subset Nova's request schemas use, with Nova's wording of a failure:
 * "Invalid input for field/attribute ram. Value: abc. 'abc' is not of type 'integer'" for a
 * problem inside the body, the bare jsonschema message at the top, and InvalidName's sentence for
 * a name format. Nova's minimum/maximum also compare integer strings ("512") as numbers.
 */
import { ServiceError } from '../../core/errors';
import { pyRepr } from '../../core/http/server';

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean;
  required?: string[];
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  enum?: unknown[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  /** 'name': printable, no leading/trailing whitespace; 'az_name': also no ':'. */
  format?: 'name' | 'az_name' | 'uuid';
}

interface Issue {
  depth: number;
  path: (string | number)[];
  value: unknown;
  message: string;
  /** A format failure: Nova answers with the format's own sentence. */
  own?: string;
}

/** Python's str() of a JSON value (what "Value: %s" prints). */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

function typeOk(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
  }
  return true;
}

// printable characters (no control characters), not starting/ending with whitespace
const NAME = /^(?!\s)[^\p{Cc}\p{Cs}]*(?<!\s)$/u;
const AZ_NAME = /^(?!\s)[^\p{Cc}\p{Cs}:]*(?<!\s)$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function check(v: unknown, s: Schema, path: (string | number)[], out: Issue[]): void {
  const push = (message: string, own?: string) => out.push({ depth: path.length, path, value: v, message, own });
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeOk(v, t))) {
      push(`${pyRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`);
      return;
    }
  }
  if (s.enum && !s.enum.some((e) => e === v)) push(`${pyRepr(v)} is not one of ${pyRepr(s.enum)}`);
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) push(`${pyRepr(v)} is too short`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) push(`${pyRepr(v)} is too long`);
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) push(`${pyRepr(v)} does not match ${pyRepr(s.pattern)}`);
    if (s.format === 'name' && !NAME.test(v))
      push(`${pyRepr(v)} is not a 'name'`, "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
    if (s.format === 'az_name' && !AZ_NAME.test(v))
      push(`${pyRepr(v)} is not a 'az_name'`, "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start or end with whitespace.");
    if (s.format === 'uuid' && !UUID.test(v)) push(`${pyRepr(v)} is not a 'uuid'`);
  }
  // Nova's minimum/maximum read integer strings as numbers
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  if (n !== undefined) {
    // the converted number is what the message (and "Value:") shows
    const pushN = (message: string) => out.push({ depth: path.length, path, value: n, message });
    if (s.minimum !== undefined && (s.exclusiveMinimum ? n <= s.minimum : n < s.minimum))
      pushN(s.exclusiveMinimum ? `${n} is less than or equal to the minimum of ${s.minimum}` : `${n} is less than the minimum of ${s.minimum}`);
    if (s.maximum !== undefined && n > s.maximum) pushN(`${n} is greater than the maximum of ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) push(`${pyRepr(v)} is too short`);
    if (s.maxItems !== undefined && v.length > s.maxItems) push(`${pyRepr(v)} is too long`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) push(`${pyRepr(v)} has non-unique elements`);
    if (s.items) v.forEach((x, i) => check(x, s.items!, [...path, i], out));
  }
  if (typeOk(v, 'object')) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const extras: string[] = [];
    for (const k of keys) {
      let matched = false;
      if (s.properties && k in s.properties) {
        matched = true;
        check(o[k], s.properties[k], [...path, k], out);
      }
      for (const [pat, sub] of Object.entries(s.patternProperties ?? {})) {
        if (new RegExp(pat).test(k)) {
          matched = true;
          check(o[k], sub, [...path, k], out);
        }
      }
      if (!matched) extras.push(k);
    }
    for (const r of s.required ?? []) if (!(r in o)) push(`${pyRepr(r)} is a required property`);
    if (s.minProperties !== undefined && keys.length < s.minProperties) push(`${pyRepr(o)} does not have enough properties`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) push(`${pyRepr(o)} has too many properties`);
    if (s.additionalProperties === false && extras.length > 0) {
      if (s.patternProperties && !s.properties) {
        const pats = Object.keys(s.patternProperties).sort().map((p) => pyRepr(p)).join(', ');
        push(`${extras.sort().map((e) => pyRepr(e)).join(', ')} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${pats}`);
      } else {
        push(`Additional properties are not allowed (${extras.map((e) => pyRepr(e)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`);
      }
    }
  }
}

/** Nova's 400 message for `body` against `schema`, or undefined when it is valid. */
export function problem(body: unknown, schema: Schema, kind: 'body' | 'query' = 'body'): string | undefined {
  const out: Issue[] = [];
  check(body, schema, [], out);
  if (out.length === 0) return undefined;
  // jsonschema's best_match: the shallowest error wins
  let best = out[0];
  for (const i of out) if (i.depth < best.depth) best = i;
  if (best.own) return best.own;
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
