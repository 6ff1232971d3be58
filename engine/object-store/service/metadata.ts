/**
 * Metadata headers as Swift stores them: `X-{Account,Container,Object}-Meta-*` (user metadata, kept
 * lower-cased), `X-Remove-…-Meta-*` and an empty value removing one, and the few system headers an
 * object keeps (Content-Disposition, Content-Encoding …). Limits are Swift's constraints defaults.
 */
import { badRequest } from '../faults';
import type { Metadata } from '../types';

export type Headers = Record<string, string | string[] | undefined>;
export type MetaKind = 'account' | 'container' | 'object';

export const MAX_META_NAME_LENGTH = 128;
export const MAX_META_VALUE_LENGTH = 256;
export const MAX_META_COUNT = 90;
export const MAX_META_OVERALL_SIZE = 4096;

/** Headers an object keeps besides its user metadata (Swift's default allowed_headers). */
export const OBJECT_SYSTEM_HEADERS = ['content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires', 'x-robots-tag'];

export const headerValue = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/**
 * Applies the request's metadata headers to `current`. Accounts and containers merge (set, change,
 * remove); an object's PUT or POST replaces its metadata with what the request carries.
 */
export function applyMetadata(kind: MetaKind, current: Metadata, headers: Headers, replace = false): Metadata {
  const prefix = `x-${kind}-meta-`;
  const removePrefix = `x-remove-${kind}-meta-`;
  const next: Metadata = replace ? {} : { ...current };
  for (const [k, raw] of Object.entries(headers)) {
    const name = k.toLowerCase();
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    if (name.startsWith(prefix)) {
      if (value === '') delete next[name];
      else next[name] = value;
    } else if (name.startsWith(removePrefix) && !replace) delete next[prefix + name.slice(removePrefix.length)];
    else if (kind === 'object' && OBJECT_SYSTEM_HEADERS.includes(name)) next[name] = value;
  }
  checkMetadata(kind, next);
  // container_quotas and account_quotas: the quotas must be whole numbers
  const quotas = kind === 'container' ? ([['x-container-meta-quota-bytes', 'bytes'], ['x-container-meta-quota-count', 'count']] as const) : kind === 'account' ? ([['x-account-meta-quota-bytes', 'bytes']] as const) : [];
  for (const [key, what] of quotas) if (next[key] !== undefined && !/^\d+$/.test(next[key])) throw badRequest(`Invalid ${what} quota.`);
  return next;
}

/** constraints.check_metadata: names, values, count and overall size of the user metadata. */
export function checkMetadata(kind: MetaKind, meta: Metadata): void {
  const prefix = `x-${kind}-meta-`;
  let count = 0;
  let size = 0;
  for (const [k, v] of Object.entries(meta)) {
    if (!k.startsWith(prefix)) continue;
    const key = k.slice(prefix.length);
    if (!key) throw badRequest('Metadata name cannot be empty');
    if (key.length > MAX_META_NAME_LENGTH) throw badRequest(`Metadata name too long: ${prefix}${key}`);
    if (v.length > MAX_META_VALUE_LENGTH) throw badRequest(`Metadata value longer than ${MAX_META_VALUE_LENGTH}: ${prefix}${key}`);
    count++;
    size += key.length + v.length;
  }
  if (count > MAX_META_COUNT) throw badRequest(`Too many metadata items; max ${MAX_META_COUNT}`);
  if (size > MAX_META_OVERALL_SIZE) throw badRequest(`Total metadata too large; max ${MAX_META_OVERALL_SIZE}`);
}

/** `x-object-meta-color` → `X-Object-Meta-Color`, as swob title-cases header names. */
export function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
