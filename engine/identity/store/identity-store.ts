import type { LabDatabase } from '../../core/db';
import { Table, type Row } from '../../core/table';
import type {
  ApplicationCredential, Assignment, Credential, Domain, Endpoint, Group, Project, Region, RegisteredLimit,
  ProjectLimit, Role, Service, StoredToken, User,
} from '../types';
import { identityMigrations } from './migrations';

/** Identity's tables, one gateway each, plus the few queries that join them. */
export class IdentityStore {
  readonly domains: Table<Domain>;
  readonly projects: Table<Project>;
  readonly users: Table<User>;
  readonly groups: Table<Group>;
  readonly roles: Table<Role>;
  readonly regions: Table<Region>;
  readonly services: Table<Service>;
  readonly endpoints: Table<Endpoint>;
  readonly credentials: Table<Credential>;
  readonly appCreds: Table<ApplicationCredential>;
  readonly registeredLimits: Table<RegisteredLimit>;
  readonly limits: Table<ProjectLimit>;
  readonly tokens: Table<StoredToken>;

  constructor(readonly db: LabDatabase) {
    db.migrate('identity', identityMigrations);
    const raw = db.raw;
    this.domains = new Table(raw, { name: 'identity_domain', columns: ['id', 'name', 'description', 'enabled', 'tags', 'options'], bools: ['enabled'], json: ['tags', 'options'], extra: true });
    this.projects = new Table(raw, { name: 'identity_project', columns: ['id', 'name', 'domain_id', 'parent_id', 'description', 'enabled', 'tags', 'options'], bools: ['enabled'], json: ['tags', 'options'], extra: true });
    this.users = new Table(raw, {
      name: 'identity_user',
      columns: ['id', 'name', 'domain_id', 'enabled', 'default_project_id', 'description', 'password_hash', 'password_created_at', 'password_expires_at', 'options', 'created_at'],
      bools: ['enabled'], json: ['options'], extra: true, hidden: ['password_hash', 'password_created_at', 'created_at'],
    });
    this.groups = new Table(raw, { name: 'identity_group', columns: ['id', 'name', 'domain_id', 'description'], extra: true });
    this.roles = new Table(raw, { name: 'identity_role', columns: ['id', 'name', 'domain_id', 'description', 'options'], json: ['options'], extra: true });
    this.regions = new Table(raw, { name: 'identity_region', columns: ['id', 'description', 'parent_region_id'], extra: true });
    this.services = new Table(raw, { name: 'identity_service', columns: ['id', 'type', 'name', 'description', 'enabled'], bools: ['enabled'], extra: true });
    this.endpoints = new Table(raw, { name: 'identity_endpoint', columns: ['id', 'service_id', 'interface', 'region_id', 'url', 'enabled'], bools: ['enabled'], extra: true });
    this.credentials = new Table(raw, { name: 'identity_credential', columns: ['id', 'user_id', 'project_id', 'type', 'blob'], extra: true });
    this.appCreds = new Table(raw, {
      name: 'identity_application_credential',
      columns: ['id', 'name', 'user_id', 'project_id', 'system', 'secret_hash', 'description', 'expires_at', 'unrestricted', 'roles', 'access_rules'],
      bools: ['unrestricted'], json: ['roles', 'access_rules'], hidden: ['secret_hash'],
    });
    this.registeredLimits = new Table(raw, { name: 'identity_registered_limit', columns: ['id', 'service_id', 'region_id', 'resource_name', 'default_limit', 'description'] });
    this.limits = new Table(raw, { name: 'identity_limit', columns: ['id', 'project_id', 'domain_id', 'service_id', 'region_id', 'resource_name', 'resource_limit', 'description'] });
    this.tokens = new Table(raw, {
      name: 'identity_token', primaryKey: 'id_hash',
      columns: ['id_hash', 'user_id', 'methods', 'project_id', 'domain_id', 'system', 'app_cred_id', 'audit_id', 'parent_audit_id', 'issued_at', 'expires_at', 'revoked'],
      bools: ['revoked'], json: ['methods'],
    });
  }

  // --- group membership -------------------------------------------------------------
  addUserToGroup(userId: string, groupId: string): void {
    this.db.raw.prepare('INSERT OR IGNORE INTO identity_user_group (user_id, group_id) VALUES (?, ?)').run(userId, groupId);
  }
  removeUserFromGroup(userId: string, groupId: string): boolean {
    return this.db.raw.prepare('DELETE FROM identity_user_group WHERE user_id = ? AND group_id = ?').run(userId, groupId).changes > 0;
  }
  isUserInGroup(userId: string, groupId: string): boolean {
    return !!this.db.raw.prepare('SELECT 1 FROM identity_user_group WHERE user_id = ? AND group_id = ?').get(userId, groupId);
  }
  groupIdsOfUser(userId: string): string[] {
    return (this.db.raw.prepare('SELECT group_id FROM identity_user_group WHERE user_id = ? ORDER BY group_id').all(userId) as { group_id: string }[]).map((r) => r.group_id);
  }
  userIdsInGroup(groupId: string): string[] {
    return (this.db.raw.prepare('SELECT user_id FROM identity_user_group WHERE group_id = ? ORDER BY user_id').all(groupId) as { user_id: string }[]).map((r) => r.user_id);
  }

  // --- implied roles --------------------------------------------------------------------
  addImpliedRole(prior: string, implied: string): void {
    this.db.raw.prepare('INSERT OR IGNORE INTO identity_implied_role (prior_role_id, implied_role_id) VALUES (?, ?)').run(prior, implied);
  }
  removeImpliedRole(prior: string, implied: string): boolean {
    return this.db.raw.prepare('DELETE FROM identity_implied_role WHERE prior_role_id = ? AND implied_role_id = ?').run(prior, implied).changes > 0;
  }
  impliedRoles(prior?: string): { prior_role_id: string; implied_role_id: string }[] {
    const sql = 'SELECT prior_role_id, implied_role_id FROM identity_implied_role' + (prior ? ' WHERE prior_role_id = ?' : '') + ' ORDER BY prior_role_id, implied_role_id';
    return this.db.raw.prepare(sql).all(...(prior ? [prior] : [])) as { prior_role_id: string; implied_role_id: string }[];
  }

  // --- assignments ------------------------------------------------------------------------
  addAssignment(a: Assignment): void {
    this.db.raw
      .prepare('INSERT OR IGNORE INTO identity_assignment (type, actor_id, target_id, role_id, inherited) VALUES (?, ?, ?, ?, ?)')
      .run(a.type, a.actor_id, a.target_id, a.role_id, a.inherited ? 1 : 0);
  }
  removeAssignment(a: Assignment): boolean {
    return (
      this.db.raw
        .prepare('DELETE FROM identity_assignment WHERE type = ? AND actor_id = ? AND target_id = ? AND role_id = ? AND inherited = ?')
        .run(a.type, a.actor_id, a.target_id, a.role_id, a.inherited ? 1 : 0).changes > 0
    );
  }
  hasAssignment(a: Assignment): boolean {
    return !!this.db.raw
      .prepare('SELECT 1 FROM identity_assignment WHERE type = ? AND actor_id = ? AND target_id = ? AND role_id = ? AND inherited = ?')
      .get(a.type, a.actor_id, a.target_id, a.role_id, a.inherited ? 1 : 0);
  }
  /** Assignments matching the given columns. */
  assignments(where: Partial<Record<'type' | 'actor_id' | 'target_id' | 'role_id', string | string[]>> & { inherited?: boolean } = {}): Assignment[] {
    const clauses: string[] = [];
    const params: unknown[] = [];
    for (const k of ['type', 'actor_id', 'target_id', 'role_id'] as const) {
      const v = where[k];
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (v.length === 0) return [];
        clauses.push(`${k} IN (${v.map(() => '?').join(',')})`);
        params.push(...v);
      } else {
        clauses.push(`${k} = ?`);
        params.push(v);
      }
    }
    if (where.inherited !== undefined) {
      clauses.push('inherited = ?');
      params.push(where.inherited ? 1 : 0);
    }
    const sql = 'SELECT * FROM identity_assignment' + (clauses.length ? ' WHERE ' + clauses.join(' AND ') : '') + ' ORDER BY type, actor_id, target_id, role_id';
    return (this.db.raw.prepare(sql).all(...params) as Row[]).map((r) => ({ ...(r as unknown as Assignment), inherited: Boolean(r.inherited) }));
  }
  removeAssignmentsOf(column: 'actor_id' | 'target_id', id: string): void {
    this.db.raw.prepare(`DELETE FROM identity_assignment WHERE ${column} = ?`).run(id);
  }

  // --- tokens ---------------------------------------------------------------------------------
  revokeTokensOfUser(userId: string): void {
    this.db.raw.prepare('UPDATE identity_token SET revoked = 1 WHERE user_id = ?').run(userId);
  }
  /** Tokens scoped to a project (or to any of `projectIds`), e.g. when it is disabled: re-enabling does not bring them back. */
  revokeTokensOfProjects(projectIds: string[]): void {
    const stmt = this.db.raw.prepare('UPDATE identity_token SET revoked = 1 WHERE project_id = ?');
    for (const id of projectIds) stmt.run(id);
  }
  /** Tokens scoped to a domain, to its projects, or held by its users. */
  revokeTokensOfDomain(domainId: string): void {
    this.db.raw
      .prepare(
        `UPDATE identity_token SET revoked = 1 WHERE domain_id = ?
           OR project_id IN (SELECT id FROM identity_project WHERE domain_id = ?)
           OR user_id IN (SELECT id FROM identity_user WHERE domain_id = ?)`,
      )
      .run(domainId, domainId, domainId);
  }
  revokeTokensOfAppCred(appCredId: string): void {
    this.db.raw.prepare('UPDATE identity_token SET revoked = 1 WHERE app_cred_id = ?').run(appCredId);
  }
  purgeExpiredTokens(nowIso: string): number {
    return this.db.raw.prepare('DELETE FROM identity_token WHERE expires_at < ?').run(nowIso).changes;
  }

  // --- bootstrap facts -------------------------------------------------------------------------
  getFact(key: string): string | undefined {
    return (this.db.raw.prepare('SELECT value FROM identity_bootstrap WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
  setFact(key: string, value: string): void {
    this.db.raw.prepare('INSERT INTO identity_bootstrap (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
