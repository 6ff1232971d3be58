import { BadRequest, NotFound } from '../../core/errors';
import type { Assignment, AssignmentType, Role } from '../types';
import type { IdentityCore } from './core';
import type { DomainManager } from './domains';
import type { GroupManager } from './groups';
import type { ProjectManager } from './projects';
import type { RoleManager } from './roles';
import type { UserManager } from './users';

export type Actor = { user: string } | { group: string };
export type Target = { project: string } | { domain: string } | { system: 'all' };

/** One row of GET /v3/role_assignments, before rendering. */
export interface RoleAssignment {
  roleId: string;
  userId?: string;
  groupId?: string;
  projectId?: string;
  domainId?: string;
  system?: 'all';
  inherited: boolean;
  /** Set on effective assignments that came through a group or an implied role. */
  viaGroupId?: string;
  priorRoleId?: string;
  /** The grant this effective row derives from (for the `links` of the listing). */
  source: Assignment;
}

export interface AssignmentQuery {
  userId?: string;
  groupId?: string;
  roleId?: string;
  projectId?: string;
  domainId?: string;
  system?: boolean;
  inherited?: boolean;
  effective?: boolean;
  includeSubtree?: boolean;
}

const SYSTEM = 'system';

function assignmentType(actor: Actor, target: Target): AssignmentType {
  const a = 'user' in actor ? 'User' : 'Group';
  const t = 'project' in target ? 'Project' : 'domain' in target ? 'Domain' : 'System';
  return `${a}${t}` as AssignmentType;
}

export class AssignmentManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly users: UserManager,
    private readonly groups: GroupManager,
    private readonly projects: ProjectManager,
    private readonly domains: DomainManager,
    private readonly roles: RoleManager,
  ) {}

  private checkParties(actor: Actor, target: Target): void {
    if ('user' in actor) this.users.get(actor.user);
    else this.groups.get(actor.group);
    if ('project' in target) this.projects.get(target.project);
    else if ('domain' in target) this.domains.get(target.domain);
  }

  private toRow(actor: Actor, target: Target, roleId: string, inherited: boolean): Assignment {
    this.checkParties(actor, target);
    const role = this.roles.get(roleId);
    if (role.domain_id && 'project' in target && this.projects.get(target.project).domain_id !== role.domain_id)
      throw new BadRequest(`The role ${role.id} is a domain-specific role and cannot be assigned outside domain ${role.domain_id}.`);
    const targetId = 'project' in target ? target.project : 'domain' in target ? target.domain : SYSTEM;
    return { type: assignmentType(actor, target), actor_id: 'user' in actor ? actor.user : actor.group, target_id: targetId, role_id: roleId, inherited };
  }

  grant(actor: Actor, target: Target, roleId: string, inherited = false): void {
    this.core.write('role_assignment.created', () => this.core.store.addAssignment(this.toRow(actor, target, roleId, inherited)), () => roleId);
  }

  revoke(actor: Actor, target: Target, roleId: string, inherited = false): void {
    this.core.write('role_assignment.deleted', () => {
      const row = this.toRow(actor, target, roleId, inherited);
      if (!this.core.store.removeAssignment(row)) throw this.grantNotFound(roleId, actor, target);
    }, () => roleId);
  }

  check(actor: Actor, target: Target, roleId: string, inherited = false): void {
    const row = this.toRow(actor, target, roleId, inherited);
    if (!this.core.store.hasAssignment(row)) throw this.grantNotFound(roleId, actor, target);
  }

  private grantNotFound(roleId: string, actor: Actor, target: Target): NotFound {
    const who = 'user' in actor ? `user ${actor.user}` : `group ${actor.group}`;
    const where = 'project' in target ? `project ${target.project}` : 'domain' in target ? `domain ${target.domain}` : 'system';
    return new NotFound(`Could not find role assignment with role: ${roleId}, ${who}, ${where}.`);
  }

  /** Roles granted directly on a target to an actor (GET /v3/projects/{p}/users/{u}/roles). */
  listGrants(actor: Actor, target: Target, inherited = false): Role[] {
    this.checkParties(actor, target);
    return this.core.store
      .assignments({ type: assignmentType(actor, target), actor_id: 'user' in actor ? actor.user : actor.group, target_id: 'project' in target ? target.project : 'domain' in target ? target.domain : SYSTEM, inherited })
      .map((a) => this.roles.get(a.role_id));
  }

  /**
   * Effective role ids of a user on a scope: direct and group grants, grants inherited from
   * the project's domain and ancestors, then every implied role.
   */
  effectiveRoleIds(userId: string, scope: Target): Set<string> {
    const actors = [userId, ...this.core.store.groupIdsOfUser(userId)];
    const s = this.core.store;
    const direct: string[] = [];
    if ('project' in scope) {
      const p = this.projects.get(scope.project);
      direct.push(...s.assignments({ actor_id: actors, target_id: p.id, inherited: false }).map((a) => a.role_id));
      const inheritedFrom = [p.domain_id, ...this.projects.ancestors(p).map((x) => x.id)];
      direct.push(...s.assignments({ actor_id: actors, target_id: inheritedFrom, inherited: true }).map((a) => a.role_id));
    } else if ('domain' in scope) {
      direct.push(...s.assignments({ actor_id: actors, target_id: scope.domain, inherited: false }).filter((a) => a.type.endsWith('Domain')).map((a) => a.role_id));
    } else {
      direct.push(...s.assignments({ actor_id: actors, target_id: SYSTEM }).map((a) => a.role_id));
    }
    return this.roles.closure(direct);
  }

  /** GET /v3/role_assignments: grants matching the filters; `effective` expands groups, inheritance and implied roles. */
  list(q: AssignmentQuery): RoleAssignment[] {
    const s = this.core.store;
    let rows = s.assignments({ role_id: q.effective ? undefined : q.roleId });
    if (q.inherited !== undefined && !q.effective) rows = rows.filter((a) => a.inherited === q.inherited);
    let out: RoleAssignment[] = rows.map((a) => this.describe(a));
    if (q.effective) out = this.expand(out);
    return out.filter((r) => {
      if (q.userId && r.userId !== q.userId) return false;
      if (q.groupId && r.groupId !== q.groupId) return false;
      if (q.roleId && r.roleId !== q.roleId) return false;
      if (q.system && !r.system) return false;
      if (q.domainId && r.domainId !== q.domainId) return false;
      if (q.projectId) {
        if (!r.projectId) return false;
        if (r.projectId !== q.projectId) {
          if (!q.includeSubtree) return false;
          const p = this.projects.find(r.projectId);
          if (!p || !this.projects.ancestors(p).some((a) => a.id === q.projectId)) return false;
        }
      }
      return true;
    });
  }

  private describe(a: Assignment): RoleAssignment {
    const r: RoleAssignment = { roleId: a.role_id, inherited: a.inherited, source: a };
    if (a.type.startsWith('User')) r.userId = a.actor_id;
    else r.groupId = a.actor_id;
    if (a.type.endsWith('Project')) r.projectId = a.target_id;
    else if (a.type.endsWith('Domain')) r.domainId = a.target_id;
    else r.system = 'all';
    return r;
  }

  /** Keystone's effective mode: groups → members, inherited → each project below, roles → implied roles. */
  private expand(rows: RoleAssignment[]): RoleAssignment[] {
    const s = this.core.store;
    const out: RoleAssignment[] = [];
    for (const r of rows) {
      const users = r.groupId ? s.userIdsInGroup(r.groupId).map((u) => ({ userId: u, viaGroupId: r.groupId })) : [{ userId: r.userId!, viaGroupId: undefined }];
      let targets: { projectId?: string; domainId?: string; system?: 'all' }[];
      if (!r.inherited) targets = [{ projectId: r.projectId, domainId: r.domainId, system: r.system }];
      else if (r.domainId) targets = this.projects.list({ domain_id: r.domainId }).map((p) => ({ projectId: p.id }));
      else targets = this.projects.list().filter((p) => this.projects.ancestors(p).some((a) => a.id === r.projectId)).map((p) => ({ projectId: p.id }));
      for (const u of users)
        for (const t of targets) {
          const base: RoleAssignment = { ...r, ...u, groupId: undefined, ...t, inherited: false };
          if (!t.projectId) delete base.projectId;
          if (!t.domainId) delete base.domainId;
          if (!t.system) delete base.system;
          out.push(base);
          for (const implied of this.roles.closure([r.roleId])) if (implied !== r.roleId) out.push({ ...base, roleId: implied, priorRoleId: r.roleId });
        }
    }
    const seen = new Set<string>();
    return out.filter((r) => {
      const k = [r.roleId, r.userId, r.projectId, r.domainId, r.system].join('|');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
}
