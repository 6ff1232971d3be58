import type { IncomingHttpHeaders } from 'node:http';
import { Unauthorized } from '../errors';
import type { Credentials } from '../policy/types';

/** What every service knows about the caller once its token is validated. */
export interface AuthContext {
  tokenId: string;
  userId: string;
  userName: string;
  userDomainId: string;
  userDomainName: string;
  methods: string[];
  auditIds: string[];
  expiresAt: Date;
  issuedAt: Date;
  projectId?: string;
  projectName?: string;
  projectDomainId?: string;
  projectDomainName?: string;
  domainId?: string;
  domainName?: string;
  /** 'all' for a system-scoped token. */
  system?: string;
  /** Effective role names (implied roles included). */
  roles: string[];
  roleIds: string[];
  /** Set when the token came from an application credential. */
  applicationCredential?: { id: string; name: string; restricted: boolean };
  /** The token belongs to the admin project (Keystone's is_admin_project). */
  isAdminProject: boolean;
}

/** Implemented by Identity; every service validates tokens through it (in-process). */
export interface TokenValidator {
  /** Throws Unauthorized when the token is missing, unknown, expired or revoked. */
  validateToken(token: string | undefined): AuthContext;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const t = headers['x-auth-token'];
  return Array.isArray(t) ? t[0] : t;
}

export function requireToken(token: string | undefined): string {
  if (!token) throw new Unauthorized();
  return token;
}

/** The credentials dict the policy engine checks rules against (oslo.context's to_policy_values). */
export function policyCredentials(ctx: AuthContext): Credentials {
  return {
    user_id: ctx.userId,
    user_domain_id: ctx.userDomainId,
    project_id: ctx.projectId ?? null,
    project_domain_id: ctx.projectDomainId ?? null,
    domain_id: ctx.domainId ?? null,
    system_scope: ctx.system ?? null,
    roles: ctx.roles,
    is_admin: false,
    is_admin_project: ctx.isAdminProject,
    'token.user_id': ctx.userId,
    'token.domain.id': ctx.domainId ?? null,
    'token.project.domain.id': ctx.projectDomainId ?? null,
    'token.project.id': ctx.projectId ?? null,
  };
}
