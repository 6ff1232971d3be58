/**
 * Container ACLs as Swift's keystoneauth reads them. A read ACL (X-Container-Read) holds referrer
 * entries (`.r:*`, `.r:example.com`, `.r:-bad.example.com`), `.rlistings` (referrers may also list
 * the container) and keystone entries `<project>:<user>` (ids or names, `*` for any) or bare role
 * names. A write ACL (X-Container-Write) holds keystone entries and roles only.
 */
import { badRequest } from '../faults';
import type { SwiftIdentity } from '../types';

export interface ParsedAcl {
  referrers: string[];
  entries: string[];
}

/** swift_acl.clean_acl, enough of it: trims entries, rejects referrers in a write ACL and unknown designators. */
export function cleanAcl(header: 'X-Container-Read' | 'X-Container-Write', value: string): string {
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const v = raw.trim();
    if (!v) continue;
    if (v.startsWith('.')) {
      const [designator, ...rest] = v.split(':');
      const d = designator.trim();
      if (d === '.rlistings' && !rest.length) {
        if (header === 'X-Container-Write') throw badRequest(`Referrers not allowed in write ACL: '${v}'`);
        out.push('.rlistings');
        continue;
      }
      if (!['.r', '.ref', '.referer', '.referrer'].includes(d)) throw badRequest(`Unknown designator '${d}' in ACL: '${v}'`);
      if (header === 'X-Container-Write') throw badRequest(`Referrers not allowed in write ACL: '${v}'`);
      const host = rest.join(':').trim();
      if (!host) throw badRequest(`No host/domain value after referrer designation in ACL: '${v}'`);
      out.push(`.r:${host}`);
      continue;
    }
    out.push(v);
  }
  return out.join(',');
}

/** swift_acl.parse_acl: referrer hosts and the other entries. */
export function parseAcl(acl: string | null | undefined): ParsedAcl {
  const referrers: string[] = [];
  const entries: string[] = [];
  for (const raw of (acl ?? '').split(',')) {
    const v = raw.trim();
    if (!v) continue;
    if (v.startsWith('.r:')) referrers.push(v.slice(3));
    else entries.push(v);
  }
  return { referrers, entries };
}

/** swift_acl.referrer_allowed: the last matching referrer entry wins; `-` entries deny. */
export function referrerAllowed(referer: string | undefined, referrers: string[]): boolean {
  let allow = false;
  if (!referrers.length) return false;
  let host = '-';
  if (referer) {
    try {
      host = new URL(referer).hostname || '-';
    } catch {
      host = '-';
    }
  }
  for (const mhost of referrers) {
    const deny = mhost.startsWith('-');
    const m = deny ? mhost.slice(1) : mhost;
    const matches = m === '*' || m === host || (m.startsWith('.') && host.endsWith(m));
    if (matches) allow = !deny;
  }
  return allow;
}

/** keystoneauth._authorize_cross_tenant: `<project>:<user>` with ids, names or `*`. */
export function crossTenantMatch(identity: SwiftIdentity, entries: string[]): string | undefined {
  for (const tenant of [identity.projectId, identity.projectName, '*']) {
    for (const user of [identity.userId, identity.userName, '*']) {
      const s = `${tenant}:${user}`;
      if (entries.includes(s)) return s;
    }
  }
  return undefined;
}

/** A bare role name in the ACL grants access to holders of that role (case-insensitive). */
export function roleMatch(identity: SwiftIdentity, entries: string[]): boolean {
  const wanted = new Set(entries.filter((e) => !e.includes(':')).map((e) => e.toLowerCase()));
  return identity.roles.some((r) => wanted.has(r.toLowerCase()));
}
