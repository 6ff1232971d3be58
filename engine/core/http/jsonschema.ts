/**
 * The JSON-schema subset OpenStack's request schemas use, validated the way Python's jsonschema
 * reports a failure: every problem is collected and the one nearest the top of the document wins
 * (jsonschema's best_match), worded as jsonschema words it ("'name' is a required property").
 * Services wrap the winning issue in their own sentence (Nova's "Invalid input for
 * field/attribute …", Placement's "JSON does not validate: …").
 */
import { pyRepr } from './server';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
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
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  /** Checked by the caller's `formats` (a format nobody checks passes, as in jsonschema). */
  format?: string;
}

export interface SchemaIssue {
  /** Keys and indexes from the document's top to the failing value. */
  path: (string | number)[];
  /** The failing value (for minimum/maximum on an integer string: the number it was read as). */
  value: unknown;
  message: string;
  /** Set when a `format` check failed: the format's name. */
  format?: string;
}

export interface SchemaOptions {
  /** Format name → whether a string conforms. */
  formats?: Record<string, (v: string) => boolean>;
  /** minimum/maximum also read integer and decimal strings as numbers (Nova's flavor fields). */
  numericStrings?: boolean;
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

function check(v: unknown, s: JsonSchema, path: (string | number)[], opts: SchemaOptions, out: SchemaIssue[]): void {
  const push = (message: string, format?: string) => out.push({ path, value: v, message, format });
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeOk(v, t))) {
      push(`${pyRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`);
      return;
    }
  }
  if (s.anyOf && !s.anyOf.some((sub) => firstIssue(v, sub, opts) === undefined)) push(`${pyRepr(v)} is not valid under any of the given schemas`);
  if (s.enum && !s.enum.some((e) => e === v)) push(`${pyRepr(v)} is not one of ${pyRepr(s.enum)}`);
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) push(`${pyRepr(v)} is too short`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) push(`${pyRepr(v)} is too long`);
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) push(`${pyRepr(v)} does not match ${pyRepr(s.pattern)}`);
    const conforms = s.format !== undefined ? opts.formats?.[s.format] : undefined;
    if (conforms && !conforms(v)) push(`${pyRepr(v)} is not a '${s.format}'`, s.format);
  }
  const n = typeof v === 'number' ? v : opts.numericStrings && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  if (n !== undefined) {
    // the number read is what the message (and a service's "Value:") shows
    const pushN = (message: string) => out.push({ path, value: n, message });
    if (s.minimum !== undefined && (s.exclusiveMinimum ? n <= s.minimum : n < s.minimum))
      pushN(s.exclusiveMinimum ? `${n} is less than or equal to the minimum of ${s.minimum}` : `${n} is less than the minimum of ${s.minimum}`);
    if (s.maximum !== undefined && n > s.maximum) pushN(`${n} is greater than the maximum of ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) push(`${pyRepr(v)} is too short`);
    if (s.maxItems !== undefined && v.length > s.maxItems) push(`${pyRepr(v)} is too long`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) push(`${pyRepr(v)} has non-unique elements`);
    if (s.items) v.forEach((x, i) => check(x, s.items!, [...path, i], opts, out));
  }
  if (typeOk(v, 'object')) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const extras: string[] = [];
    for (const k of keys) {
      let matched = false;
      if (s.properties && k in s.properties) {
        matched = true;
        check(o[k], s.properties[k], [...path, k], opts, out);
      }
      for (const [pat, sub] of Object.entries(s.patternProperties ?? {})) {
        if (new RegExp(pat).test(k)) {
          matched = true;
          check(o[k], sub, [...path, k], opts, out);
        }
      }
      if (!matched) extras.push(k);
    }
    for (const r of s.required ?? []) if (!(r in o)) push(`${pyRepr(r)} is a required property`);
    if (s.minProperties !== undefined && keys.length < s.minProperties) push(`${pyRepr(o)} does not have enough properties`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) push(`${pyRepr(o)} has too many properties`);
    if (s.additionalProperties === false && extras.length > 0) {
      if (s.patternProperties) {
        const pats = Object.keys(s.patternProperties).sort().map((p) => pyRepr(p)).join(', ');
        push(`${extras.sort().map((e) => pyRepr(e)).join(', ')} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${pats}`);
      } else {
        push(`Additional properties are not allowed (${extras.map((e) => pyRepr(e)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`);
      }
    }
  }
}

/** The problem jsonschema's best_match would report (the shallowest), or undefined when `v` is valid. */
export function firstIssue(v: unknown, schema: JsonSchema, opts: SchemaOptions = {}): SchemaIssue | undefined {
  const out: SchemaIssue[] = [];
  check(v, schema, [], opts, out);
  let best: SchemaIssue | undefined;
  for (const i of out) if (!best || i.path.length < best.path.length) best = i;
  return best;
}
