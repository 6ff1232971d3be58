import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { BadRequest, NotFound, Unauthorized } from '../../core/errors';
import type { AuthContext } from '../../core/http/auth';
import { secret as randomSecret } from '../../core/ids';
import { notFound } from '../errors';
import type { ApplicationCredential, Domain, Project, StoredToken, User } from '../types';
import type { AppCredentialManager } from './app-credentials';
import type { AssignmentManager, Target } from './assignments';
import type { IdentityCore } from './core';
import type { DomainManager } from './domains';
import type { ProjectManager } from './projects';
import { verifySecret } from './passwords';
import type { RoleManager } from './roles';
import type { UserManager } from './users';

/** The body of POST /v3/auth/tokens, as validated by the API schema. */
export interface AuthRequest {
  identity: {
    methods: string[];
    password?: { user: UserRef & { password: string } };
    token?: { id: string };
    application_credential?: { id?: string; name?: string; secret: string; user?: UserRef };
  };
  scope?: 'unscoped' | { project?: { id?: string; name?: string; domain?: DomainRef }; domain?: DomainRef; system?: { all?: boolean } };
}
interface DomainRef { id?: string; name?: string }
interface UserRef { id?: string; name?: string; domain?: DomainRef }

const UNAUTHORIZED = 'The request you have made requires authentication.';

const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const auditId = (): string => randomBytes(16).toString('base64url');

/**
 * Issues, validates and revokes tokens. Tokens are 48 random bytes (base64url); only their
 * SHA-256 is stored. A token's roles are recomputed from current grants whenever identity
 * changes, so a revoked grant, a disabled user or project, or a new password takes effect
 * at once, as with Keystone's fernet tokens.
 */
export class TokenManager {
  private readonly cache = new Map<string, { generation: number; ctx: AuthContext }>();

  constructor(
    private readonly core: IdentityCore,
    private readonly users: UserManager,
    private readonly projects: ProjectManager,
    private readonly domains: DomainManager,
    private readonly roles: RoleManager,
    private readonly assignments: AssignmentManager,
    private readonly appCreds: AppCredentialManager,
  ) {}

  async authenticate(req: AuthRequest): Promise<{ token: string; ctx: AuthContext }> {
    const methods = req.identity.methods;
    if (!Array.isArray(methods) || methods.length === 0) throw new BadRequest("Invalid input for field 'identity/methods': [] is too short");
    let user: User;
    let appCred: ApplicationCredential | undefined;
    let expiresAt: Date | undefined;
    let parentAudit: string | null = null;
    let inheritedMethods: string[] = [];
    const now = this.core.clock.now();

    if (methods.includes('application_credential')) {
      const ac = req.identity.application_credential;
      if (!ac) throw new BadRequest('Expecting to find application_credential in identity.');
      appCred = ac.id ? this.appCreds.findForAuth(ac.id) : ac.name && ac.user ? this.appCreds.findByName(this.resolveUser(ac.user).id, ac.name) : undefined;
      if (!appCred || !(await verifySecret(ac.secret, appCred.secret_hash as string))) throw new Unauthorized(UNAUTHORIZED);
      if (appCred.expires_at && Date.parse(appCred.expires_at) <= now.getTime()) throw new Unauthorized('Application credential has expired.');
      user = this.users.get(appCred.user_id);
      if (req.scope && req.scope !== 'unscoped') throw new Unauthorized('Application credentials cannot request a scope.');
    } else if (methods.includes('password')) {
      const pw = req.identity.password;
      if (!pw?.user) throw new BadRequest('Expecting to find password in identity.');
      let found: User | undefined;
      try {
        found = this.resolveUser(pw.user);
      } catch {
        found = undefined;
      }
      if (!found || !(await verifySecret(pw.user.password, this.users.passwordHash(found.id)))) throw new Unauthorized(UNAUTHORIZED);
      user = found;
    } else if (methods.includes('token')) {
      const t = req.identity.token;
      if (!t?.id) throw new BadRequest('Expecting to find token in identity.');
      const prior = this.validateToken(t.id);
      if (prior.applicationCredential) throw new Unauthorized('Tokens from application credentials cannot be rescoped.');
      user = this.users.get(prior.userId);
      expiresAt = prior.expiresAt;
      // the chain keeps the audit id of the token that started it, and the methods it proved
      parentAudit = prior.auditIds[prior.auditIds.length - 1];
      inheritedMethods = prior.methods;
    } else {
      throw new Unauthorized(`Attempted to authenticate with an unsupported method.`);
    }
    if (!user.enabled) throw new Unauthorized(UNAUTHORIZED);
    this.requireDomainEnabled(user.domain_id);

    const scope = appCred ? { project: appCred.project_id! } : this.resolveScope(req.scope, user);
    const token = randomSecret(48);
    const row: StoredToken = {
      id_hash: sha(token),
      user_id: user.id,
      methods: appCred ? ['application_credential'] : [...new Set([...inheritedMethods, ...methods.filter((m) => m === 'password' || m === 'token')])],
      project_id: scope && 'project' in scope ? scope.project : null,
      domain_id: scope && 'domain' in scope ? scope.domain : null,
      system: scope && 'system' in scope ? 'all' : null,
      app_cred_id: appCred?.id ?? null,
      audit_id: auditId(),
      parent_audit_id: parentAudit,
      issued_at: now.toISOString(),
      expires_at: (expiresAt ?? new Date(now.getTime() + this.core.config.tokenExpirationSeconds * 1000)).toISOString(),
      revoked: false,
    };
    if (appCred?.expires_at && Date.parse(appCred.expires_at) < Date.parse(row.expires_at)) row.expires_at = new Date(appCred.expires_at).toISOString();
    const ctx = this.buildContext(row, token);
    if (scope && ctx.roles.length === 0) {
      const where = 'project' in scope ? `project ${scope.project}` : 'domain' in scope ? `domain ${scope.domain}` : 'the system';
      throw new Unauthorized(`User ${user.id} has no access to ${where}`);
    }
    // a token row is one small insert; it is not an identity change, so the generation stays
    this.core.store.db.tx(() => this.core.store.tokens.insert(row));
    return { token, ctx };
  }

  private resolveUser(ref: UserRef): User {
    if (ref.id) return this.users.get(ref.id);
    if (!ref.name || !ref.domain) throw new BadRequest('Expecting to find domain in user.');
    const d = this.resolveDomain(ref.domain);
    const u = this.users.findByName(ref.name, d.id);
    if (!u) throw notFound('user', ref.name);
    return u;
  }

  private resolveDomain(ref: DomainRef): Domain {
    if (ref.id) return this.domains.get(ref.id);
    if (ref.name) {
      const d = this.domains.findByName(ref.name);
      if (!d) throw notFound('domain', ref.name);
      return d;
    }
    throw new BadRequest('Expecting to find id or name in domain.');
  }

  private requireDomainEnabled(domainId: string): void {
    const d = this.domains.get(domainId);
    if (!d.enabled) throw new Unauthorized(`Domain is disabled: ${domainId}`);
  }

  private resolveScope(scope: AuthRequest['scope'], user: User): Target | undefined {
    if (scope === 'unscoped') return undefined;
    if (!scope) {
      // no scope asked: Keystone scopes to the default project when the user may use it
      const def = user.default_project_id ? this.projects.find(user.default_project_id) : undefined;
      if (def && def.enabled && this.assignments.effectiveRoleIds(user.id, { project: def.id }).size > 0) return { project: def.id };
      return undefined;
    }
    const kinds = ['project', 'domain', 'system'].filter((k) => (scope as Record<string, unknown>)[k] !== undefined);
    if (kinds.length > 1) throw new BadRequest('Specifying more than one scope is not allowed.');
    try {
      if (scope.project) {
        const p = scope.project.id ? this.projects.get(scope.project.id) : this.projectByName(scope.project.name, scope.project.domain);
        if (!p.enabled) throw new Unauthorized(`Project is disabled: ${p.id}`);
        this.requireDomainEnabled(p.domain_id);
        return { project: p.id };
      }
      if (scope.domain) {
        const d = this.resolveDomain(scope.domain);
        if (!d.enabled) throw new Unauthorized(`Domain is disabled: ${d.id}`);
        return { domain: d.id };
      }
      if (scope.system) return { system: 'all' };
    } catch (e) {
      if (e instanceof NotFound) throw new Unauthorized(e.message);
      throw e;
    }
    return undefined;
  }

  private projectByName(name: string | undefined, domain: DomainRef | undefined): Project {
    if (!name || !domain) throw new BadRequest('Expecting to find domain in project.');
    const d = this.resolveDomain(domain);
    const p = this.projects.findByName(name, d.id);
    if (!p) throw notFound('project', name);
    return p;
  }

  /** Validates the caller's own token (X-Auth-Token): 401 when it is not valid. */
  validateToken(token: string | undefined): AuthContext {
    if (!token) throw new Unauthorized(UNAUTHORIZED);
    const ctx = this.lookup(token);
    if (!ctx) throw new Unauthorized(UNAUTHORIZED);
    return ctx;
  }

  /** Validates a subject token (X-Subject-Token): 404 when it is not valid, as Keystone answers. */
  validateSubject(token: string | undefined): AuthContext {
    const ctx = token ? this.lookup(token) : undefined;
    if (!ctx) throw notFound('token', token ?? '');
    return ctx;
  }

  private lookup(token: string): AuthContext | undefined {
    const hash = sha(token);
    const now = this.core.clock.now().getTime();
    const hit = this.cache.get(hash);
    if (hit && hit.generation === this.core.generation) return hit.ctx.expiresAt.getTime() > now ? hit.ctx : undefined;
    const row = this.core.store.tokens.get(hash);
    if (!row || row.revoked || Date.parse(row.expires_at) <= now) {
      this.cache.delete(hash);
      return undefined;
    }
    let ctx: AuthContext;
    try {
      ctx = this.buildContext(row, token);
    } catch {
      return undefined;
    }
    const scoped = row.project_id || row.domain_id || row.system;
    if (scoped && ctx.roles.length === 0) return undefined;
    if (this.cache.size > 10000) this.cache.clear();
    this.cache.set(hash, { generation: this.core.generation, ctx });
    return ctx;
  }

  /** Rebuilds what a token means now: its user, scope and effective roles. Throws if any part is gone or disabled. */
  private buildContext(row: StoredToken, token: string): AuthContext {
    const user = this.users.get(row.user_id);
    if (!user.enabled) throw new Unauthorized(UNAUTHORIZED);
    const userDomain = this.domains.get(user.domain_id);
    if (!userDomain.enabled) throw new Unauthorized(UNAUTHORIZED);
    const ctx: AuthContext = {
      tokenId: token,
      userId: user.id,
      userName: user.name,
      userDomainId: userDomain.id,
      userDomainName: userDomain.name,
      methods: row.methods,
      auditIds: row.parent_audit_id ? [row.audit_id, row.parent_audit_id] : [row.audit_id],
      expiresAt: new Date(row.expires_at),
      issuedAt: new Date(row.issued_at),
      roles: [],
      roleIds: [],
      isAdminProject: true,
    };
    let roleIds: Iterable<string> = [];
    if (row.app_cred_id) {
      const ac = this.appCreds.findForAuth(row.app_cred_id);
      if (!ac) throw new Unauthorized(UNAUTHORIZED);
      ctx.applicationCredential = { id: ac.id, name: ac.name, restricted: !ac.unrestricted };
      roleIds = this.appCreds.activeRoleIds(ac);
    }
    if (row.project_id) {
      const p = this.projects.get(row.project_id);
      if (!p.enabled) throw new Unauthorized(UNAUTHORIZED);
      const pd = this.domains.get(p.domain_id);
      if (!pd.enabled) throw new Unauthorized(UNAUTHORIZED);
      Object.assign(ctx, { projectId: p.id, projectName: p.name, projectDomainId: pd.id, projectDomainName: pd.name });
      if (!row.app_cred_id) roleIds = this.assignments.effectiveRoleIds(user.id, { project: p.id });
    } else if (row.domain_id) {
      const d = this.domains.get(row.domain_id);
      if (!d.enabled) throw new Unauthorized(UNAUTHORIZED);
      Object.assign(ctx, { domainId: d.id, domainName: d.name });
      roleIds = this.assignments.effectiveRoleIds(user.id, { domain: d.id });
    } else if (row.system) {
      ctx.system = 'all';
      roleIds = this.assignments.effectiveRoleIds(user.id, { system: 'all' });
    }
    for (const id of roleIds) {
      const r = this.roles.find(id);
      if (!r) continue;
      ctx.roleIds.push(r.id);
      ctx.roles.push(r.name);
    }
    return ctx;
  }

  /** DELETE /v3/auth/tokens. */
  revoke(token: string | undefined): void {
    const ctx = this.validateSubject(token);
    this.core.store.db.tx(() => this.core.store.tokens.replace({ ...this.core.store.tokens.get(sha(ctx.tokenId))!, revoked: true }));
    this.cache.delete(sha(ctx.tokenId));
    this.core.events.publish('identity.token.revoked', undefined, { user_id: ctx.userId });
  }
}
