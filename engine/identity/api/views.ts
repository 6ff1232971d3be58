import type { AuthContext } from '../../core/http/auth';
import { isoMicro } from '../../core/clock';
import type { CatalogEntry } from '../service/catalog';

/** Adds Keystone's `links.self` to an entity. */
export function withLinks<T extends Record<string, unknown>>(base: string, collection: string, e: T): T & { links: { self: string } } {
  return { ...e, links: { self: `${base}/v3/${collection}/${String(e.id)}` } };
}

/** Keystone's collection body: {"<name>": [...], "links": {self, previous, next}}. */
export function collection(base: string, path: string, name: string, items: Record<string, unknown>[], withSelf = true) {
  return {
    [name]: withSelf ? items.map((i) => withLinks(base, path, i)) : items,
    links: { self: `${base}/v3/${path}`, previous: null, next: null },
  };
}

export function projectView(p: Record<string, unknown>): Record<string, unknown> {
  return { is_domain: false, ...p };
}

/** The token body for POST/GET /v3/auth/tokens. */
export function tokenView(ctx: AuthContext, catalog: CatalogEntry[] | undefined, passwordExpiresAt: string | null): Record<string, unknown> {
  const t: Record<string, unknown> = {
    methods: ctx.methods,
    user: { domain: { id: ctx.userDomainId, name: ctx.userDomainName }, id: ctx.userId, name: ctx.userName, password_expires_at: passwordExpiresAt },
    audit_ids: ctx.auditIds,
    expires_at: isoMicro(ctx.expiresAt),
    issued_at: isoMicro(ctx.issuedAt),
  };
  if (ctx.projectId) {
    t.project = { domain: { id: ctx.projectDomainId, name: ctx.projectDomainName }, id: ctx.projectId, name: ctx.projectName };
    t.is_domain = false;
  } else if (ctx.domainId) {
    t.domain = { id: ctx.domainId, name: ctx.domainName };
  } else if (ctx.system) {
    t.system = { all: true };
  }
  if (ctx.projectId || ctx.domainId || ctx.system) t.roles = ctx.roleIds.map((id, i) => ({ id, name: ctx.roles[i] }));
  if (ctx.applicationCredential) t.application_credential = ctx.applicationCredential;
  if (catalog) t.catalog = catalog;
  return { token: t };
}
