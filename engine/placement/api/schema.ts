/**
 * The JSON-schema subset Placement's request schemas use, validated the way Python's jsonschema
 * reports it: every error is collected and the one nearest the top of the document wins (jsonschema's
 * best_match), worded as jsonschema words it ("'name' is a required property").
 */
import { pyRepr } from '../../core/http/server';

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean;
  required?: string[];
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'uuid';
  enum?: unknown[];
  anyOf?: Schema[];
}

interface Issue {
  depth: number;
  message: string;
}

/** oslo's is_uuid_like: hex digits with or without dashes (and urn:uuid: / braces), 32 of them. */
export function isUuidLike(v: string): boolean {
  const s = v.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');
  return /^[0-9a-f]{32}$/.test(s);
}

/** The canonical dashed lowercase form of a uuid-like string. */
export function normalizeUuid(v: string): string {
  const s = v.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
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

const pyJsonRepr = (v: unknown): string => pyRepr(v);

function check(v: unknown, s: Schema, depth: number, out: Issue[]): void {
  const push = (message: string) => out.push({ depth, message });
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeOk(v, t))) {
      push(`${pyJsonRepr(v)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`);
      return;
    }
  }
  if (s.anyOf && !s.anyOf.some((sub) => validate(v, sub) === undefined)) push(`${pyJsonRepr(v)} is not valid under any of the given schemas`);
  if (s.enum && !s.enum.some((e) => e === v)) push(`${pyJsonRepr(v)} is not one of ${pyJsonRepr(s.enum)}`);
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) push(`${pyJsonRepr(v)} is too short`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) push(`${pyJsonRepr(v)} is too long`);
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) push(`${pyJsonRepr(v)} does not match ${pyJsonRepr(s.pattern)}`);
    if (s.format === 'uuid' && !isUuidLike(v)) push(`${pyJsonRepr(v)} is not a 'uuid'`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) push(`${pyJsonRepr(v)} is less than the minimum of ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) push(`${pyJsonRepr(v)} is greater than the maximum of ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) push(`${pyJsonRepr(v)} is too short`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) push(`${pyJsonRepr(v)} has non-unique elements`);
    if (s.items) for (const x of v) check(x, s.items, depth + 1, out);
  }
  if (typeOk(v, 'object')) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const extras: string[] = [];
    for (const k of keys) {
      let matched = false;
      if (s.properties && k in s.properties) {
        matched = true;
        check(o[k], s.properties[k], depth + 1, out);
      }
      for (const [pat, sub] of Object.entries(s.patternProperties ?? {})) {
        if (new RegExp(pat).test(k)) {
          matched = true;
          check(o[k], sub, depth + 1, out);
        }
      }
      if (!matched) extras.push(k);
    }
    for (const r of s.required ?? []) if (!(r in o)) push(`${pyJsonRepr(r)} is a required property`);
    if (s.minProperties !== undefined && keys.length < s.minProperties) push(`${pyJsonRepr(o)} does not have enough properties`);
    if (s.additionalProperties === false && extras.length > 0) {
      if (s.patternProperties) {
        const pats = Object.keys(s.patternProperties).sort().map((p) => pyJsonRepr(p)).join(', ');
        const names = extras.sort().map((e) => pyJsonRepr(e)).join(', ');
        push(`${names} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${pats}`);
      } else {
        push(`Additional properties are not allowed (${extras.map((e) => pyJsonRepr(e)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`);
      }
    }
  }
}

/** The first (shallowest) problem, as jsonschema words it, or undefined when `v` is valid. */
export function validate(v: unknown, s: Schema): string | undefined {
  const out: Issue[] = [];
  check(v, s, 0, out);
  if (out.length === 0) return undefined;
  let best = out[0];
  for (const i of out) if (i.depth < best.depth) best = i;
  return best.message;
}
