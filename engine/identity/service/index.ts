import type { Clock } from '../../core/clock';
import type { EngineConfig } from '../../core/config';
import type { LabDatabase } from '../../core/db';
import type { EventBus } from '../../core/events';
import type { AuthContext, TokenValidator } from '../../core/http/auth';
import { IdentityStore } from '../store/identity-store';
import { AppCredentialManager } from './app-credentials';
import { AssignmentManager } from './assignments';
import { CatalogManager } from './catalog';
import { IdentityCore } from './core';
import { CredentialManager } from './credentials';
import { DomainManager } from './domains';
import { GroupManager } from './groups';
import { LimitManager } from './limits';
import { ProjectManager } from './projects';
import { RoleManager } from './roles';
import { TokenManager } from './tokens';
import { UserManager } from './users';

export interface IdentityDeps {
  db: LabDatabase;
  clock: Clock;
  events: EventBus;
  config: EngineConfig;
}

/**
 * Keystone's backend: every identity manager, wired once. Knows nothing about HTTP; the
 * API layer and the other services (in-process, through TokenValidator) call it.
 */
export class IdentityService implements TokenValidator {
  readonly core: IdentityCore;
  readonly domains: DomainManager;
  readonly projects: ProjectManager;
  readonly users: UserManager;
  readonly groups: GroupManager;
  readonly roles: RoleManager;
  readonly assignments: AssignmentManager;
  readonly catalog: CatalogManager;
  readonly credentials: CredentialManager;
  readonly appCreds: AppCredentialManager;
  readonly limits: LimitManager;
  readonly tokens: TokenManager;

  constructor(deps: IdentityDeps) {
    const store = new IdentityStore(deps.db);
    this.core = new IdentityCore(store, deps.clock, deps.events, deps.config);
    this.domains = new DomainManager(this.core);
    this.projects = new ProjectManager(this.core, this.domains);
    this.users = new UserManager(this.core, this.domains);
    this.groups = new GroupManager(this.core, this.domains, this.users);
    this.roles = new RoleManager(this.core);
    this.assignments = new AssignmentManager(this.core, this.users, this.groups, this.projects, this.domains, this.roles);
    this.catalog = new CatalogManager(this.core);
    this.credentials = new CredentialManager(this.core, this.users);
    this.appCreds = new AppCredentialManager(this.core, this.users, this.roles, this.assignments);
    this.limits = new LimitManager(this.core, this.catalog, this.projects);
    this.tokens = new TokenManager(this.core, this.users, this.projects, this.domains, this.roles, this.assignments, this.appCreds);
  }

  validateToken(token: string | undefined): AuthContext {
    return this.tokens.validateToken(token);
  }
}
