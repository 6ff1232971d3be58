import { BadRequest, Forbidden } from '../../core/errors';
import { hexId, secret as randomSecret } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { ApplicationCredential } from '../types';
import type { AssignmentManager } from './assignments';
import type { IdentityCore } from './core';
import { hashSecret } from './passwords';
import type { RoleManager } from './roles';
import type { UserManager } from './users';

export interface AppCredInput {
  name: string;
  description?: string | null;
  secret?: string | null;
  expires_at?: string | null;
  roles?: { id?: string; name?: string; domain_id?: string | null }[];
  unrestricted?: boolean;
  access_rules?: unknown[];
}

/** Application credentials: a user's delegated secret, bound to one project and a subset of roles. */
export class AppCredentialManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly users: UserManager,
    private readonly roles: RoleManager,
    private readonly assignments: AssignmentManager,
  ) {}

  get(userId: string, id: string): ApplicationCredential {
    const a = this.core.store.appCreds.get(id);
    if (!a || a.user_id !== userId) throw notFound('Application Credential', id);
    return a;
  }

  /** Finds by id (any user) for authentication; includes the secret hash. */
  findForAuth(id: string): ApplicationCredential | undefined {
    return this.core.store.appCreds.get(id, { withHidden: true });
  }

  findByName(userId: string, name: string): ApplicationCredential | undefined {
    const a = this.core.store.appCreds.find({ user_id: userId, name })[0];
    return a ? this.findForAuth(a.id) : undefined;
  }

  list(userId: string, name?: string): ApplicationCredential[] {
    this.users.get(userId);
    return this.core.store.appCreds.find({ user_id: userId, name });
  }

  /**
   * Creates one for the token's user on the token's project. Roles default to the token's
   * roles and may only narrow them. Returns the credential with its secret, shown only here.
   */
  async create(userId: string, projectId: string | undefined, tokenRoleIds: string[], input: AppCredInput): Promise<ApplicationCredential & { secret: string }> {
    if (!projectId) throw new BadRequest('Application credentials can only be created with a project-scoped token.');
    if (input.expires_at) {
      const t = Date.parse(input.expires_at);
      if (Number.isNaN(t)) throw new BadRequest('Invalid input for field \'expires_at\': invalid date-time.');
      if (t <= this.core.clock.now().getTime()) throw new BadRequest('The expiration time of an application credential must be in the future.');
    }
    const wanted = (input.roles ?? []).map((r) => {
      const role = r.id ? this.roles.find(r.id) : r.name ? this.roles.findByName(r.name, r.domain_id ?? null) : undefined;
      if (!role) throw notFound('role', r.id ?? r.name ?? '');
      return role;
    });
    const held = new Set(tokenRoleIds);
    for (const r of wanted) if (!held.has(r.id)) throw new Forbidden(`Application credential may not be created with role ${r.name}: the user does not have it on the project.`);
    const roles = (wanted.length ? wanted : tokenRoleIds.map((id) => this.roles.get(id))).map((r) => ({ id: r.id, name: r.name, domain_id: r.domain_id }));
    const secret = input.secret ?? randomSecret(64);
    const hash = await hashSecret(secret);
    const id = hexId();
    const created = this.core.write('application_credential.created', () => {
      this.users.get(userId);
      if (this.core.store.appCreds.find({ user_id: userId, name: input.name }).length) throw duplicate('application_credential', 'name', input.name);
      this.core.store.appCreds.insert({
        id, name: input.name, user_id: userId, project_id: projectId, system: null, description: input.description ?? null,
        expires_at: input.expires_at ? new Date(input.expires_at).toISOString() : null, unrestricted: input.unrestricted ?? false,
        roles, access_rules: input.access_rules ?? [], secret_hash: hash,
      });
      return this.get(userId, id);
    }, () => id);
    return { ...created, secret };
  }

  delete(userId: string, id: string): void {
    this.core.write('application_credential.deleted', () => {
      this.get(userId, id);
      this.core.store.revokeTokensOfAppCred(id);
      this.core.store.appCreds.delete(id);
    }, () => id);
  }

  /** Roles an app-cred token gets: its roles that the user still holds on the project. */
  activeRoleIds(a: ApplicationCredential): string[] {
    if (!a.project_id) return [];
    const held = this.assignments.effectiveRoleIds(a.user_id, { project: a.project_id });
    return [...this.roles.closure(a.roles.map((r) => r.id))].filter((id) => held.has(id));
  }
}
