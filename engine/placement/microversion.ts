/**
 * Placement microversions (OpenStack-API-Version: placement X.Y), as microversion-parse does it:
 * no header means the minimum, `latest` the maximum, a malformed value is a 400 and a version
 * outside the range a 406 (whose error body names the range).
 *
 * Placement 8.0 (Zed) goes up to 1.39, and so do we: every microversion's change is implemented
 * (see VERSIONS). Sharing providers (MISC_SHARES_VIA_AGGREGATE) are not: a lab has one compute
 * host and no shared storage pool, so allocation candidates never span a sharing provider.
 */
import { PlacementStatusFault, badRequest } from './faults';

export interface Version {
  major: number;
  minor: number;
}

/** Every version we answer; what each added is listed in Placement's rest_api_version_history. */
export const VERSIONS: readonly string[] = Array.from({ length: 40 }, (_, i) => `1.${i}`);
export const MIN_VERSION = VERSIONS[0];
export const MAX_VERSION = VERSIONS[VERSIONS.length - 1];

export function parseVersionString(s: string): Version {
  const parts = s.split('.', 2);
  const num = (p: string | undefined): number => {
    const t = (p ?? '').trim();
    if (!/^[+-]?\d+$/.test(t)) throw badRequest(`Invalid microversion: invalid version string: ${s}; invalid literal for int() with base 10: '${p ?? ''}'`);
    return Number(t);
  };
  if (parts.length < 2) {
    num(parts[0]);
    throw badRequest(`Invalid microversion: invalid version string: ${s}; Version.__new__() missing 1 required positional argument: 'minor'`);
  }
  return { major: num(parts[0]), minor: num(parts[1]) };
}

/** The value for the placement service in an OpenStack-API-Version header (the last one wins). */
function headerValue(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const all = (Array.isArray(header) ? header.join(',') : header).split(',').reverse();
  for (const item of all) {
    const m = item.trim().split(/\s+/);
    if (m.length >= 2 && m[0].toLowerCase() === 'placement') return item.trim().slice(m[0].length).trim();
  }
  return undefined;
}

/** The request's microversion; throws Placement's 400 / 406. */
export function negotiate(header: string | string[] | undefined): Version {
  let s = headerValue(header) ?? MIN_VERSION;
  if (s === 'latest') s = MAX_VERSION;
  const v = parseVersionString(s);
  if (!VERSIONS.includes(`${v.major}.${v.minor}`)) throw new PlacementStatusFault(406, `Invalid microversion: Unacceptable version header: ${s}`);
  return v;
}

/** True when `v` is at least major.minor. */
export function atLeast(v: Version, minor: number, major = 1): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export const versionString = (v: Version): string => `${v.major}.${v.minor}`;
