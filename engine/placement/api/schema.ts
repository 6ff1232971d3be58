/**
 * Placement's request validation: core/http/jsonschema's checks (jsonschema's best_match and
 * wording) with oslo's is_uuid_like for the 'uuid' format.
 */
import { firstIssue, type JsonSchema } from '../../core/http/jsonschema';

export type Schema = JsonSchema;

/** The 32 hex digits of a uuid-like string (urn:uuid:, braces and dashes dropped). */
const hexDigits = (v: string): string => v.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');

/** oslo's is_uuid_like: hex digits with or without dashes (and urn:uuid: / braces), 32 of them. */
export function isUuidLike(v: string): boolean {
  return /^[0-9a-f]{32}$/.test(hexDigits(v));
}

/** The canonical dashed lowercase form of a uuid-like string. */
export function normalizeUuid(v: string): string {
  const s = hexDigits(v);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The first (shallowest) problem, as jsonschema words it, or undefined when `v` is valid. */
export function validate(v: unknown, s: Schema): string | undefined {
  return firstIssue(v, s, { formats: { uuid: isUuidLike } })?.message;
}
