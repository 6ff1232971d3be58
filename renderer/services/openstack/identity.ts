import { cli, command } from './cli';
import type { OpenStackClient } from './client';

export interface Project {
  id: string;
  name: string;
  description?: string;
  enabled: boolean;
  domain_id: string;
  is_domain?: boolean;
}
export interface User {
  id: string;
  name: string;
  email?: string;
  enabled: boolean;
  domain_id: string;
  default_project_id?: string;
}
export interface Group {
  id: string;
  name: string;
  description?: string;
  domain_id: string;
}
export interface Role {
  id: string;
  name: string;
  domain_id?: string | null;
}
export interface RoleAssignment {
  role: { id: string; name?: string };
  user?: { id: string; name?: string };
  group?: { id: string; name?: string };
  scope: { project?: { id: string; name?: string } };
}
export interface AppCredential {
  id: string;
  name: string;
  description?: string | null;
  expires_at?: string | null;
  unrestricted?: boolean;
  project_id: string;
  roles?: { id: string; name: string }[];
  secret?: string;
}
export interface CatalogService {
  id: string;
  type: string;
  name?: string;
  description?: string;
  enabled: boolean;
}
export interface Endpoint {
  id: string;
  service_id: string;
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
  enabled: boolean;
}

const DEFAULT_DOMAIN = 'default';

export interface Domain {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
}

/** Keystone v3 calls the Identity panels make, each with its CLI twin. */
export function identityApi(c: OpenStackClient) {
  const get = async <T>(path: string, cliText: string) => (await c.request<T>({ service: 'identity', method: 'GET', path, cli: cliText })).body;
  const send = async <T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, cliText: string, body?: unknown) =>
    (await c.request<T>({ service: 'identity', method, path, body, cli: cliText })).body;
  return {
    projects: async () => (await get<{ projects: Project[] }>('/projects', cli.projectList())).projects.filter((p) => !p.is_domain),
    domains: async () => (await get<{ domains: Domain[] }>('/domains', command('domain list'))).domains,
    createDomain: (d: { name: string; description?: string; enabled: boolean }) =>
      send<{ domain: Domain }>('POST', '/domains', command('domain create', [['--description', d.description], [d.enabled ? '--enable' : '--disable', true]], d.name), { domain: d }),
    setDomainEnabled: (d: Domain, enabled: boolean) => send<{ domain: Domain }>('PATCH', `/domains/${d.id}`, command('domain set', [[enabled ? '--enable' : '--disable', true]], d.name), { domain: { enabled } }),
    deleteDomain: (d: Domain) => send<null>('DELETE', `/domains/${d.id}`, command('domain delete', [], d.name)),
    createProject: (p: { name: string; description?: string; enabled: boolean }) =>
      send<{ project: Project }>('POST', '/projects', cli.projectCreate({ ...p, domain: 'default' }), { project: { ...p, domain_id: DEFAULT_DOMAIN } }),
    updateProject: (p: Project, patch: { name?: string; description?: string; enabled?: boolean }) =>
      send<{ project: Project }>('PATCH', `/projects/${p.id}`, cli.projectSet({ project: p.name, ...patch }), { project: patch }),
    deleteProject: (p: Project) => send<null>('DELETE', `/projects/${p.id}`, cli.projectDelete(p.name)),
    projectAssignments: async (p: Project) =>
      (await get<{ role_assignments: RoleAssignment[] }>(`/role_assignments?scope.project.id=${encodeURIComponent(p.id)}&include_names=true`, cli.roleAssignmentsOfProject(p.name))).role_assignments,
    grantUserRole: (p: Project, u: User, r: Role) => send<null>('PUT', `/projects/${p.id}/users/${u.id}/roles/${r.id}`, cli.roleAdd({ role: r.name, project: p.name, user: u.name })),
    revokeUserRole: (p: Project, u: { id: string; name?: string }, r: { id: string; name?: string }) =>
      send<null>('DELETE', `/projects/${p.id}/users/${u.id}/roles/${r.id}`, cli.roleRemove({ role: r.name ?? r.id, project: p.name, user: u.name ?? u.id })),

    users: async () => (await get<{ users: User[] }>('/users', cli.userList())).users,
    createUser: (u: { name: string; email?: string; password: string; default_project_id?: string; enabled: boolean }, projectName?: string) =>
      send<{ user: User }>('POST', '/users', cli.userCreate({ name: u.name, email: u.email, project: projectName, domain: 'default', enabled: u.enabled }), {
        user: { ...u, domain_id: DEFAULT_DOMAIN },
      }),
    updateUser: (u: User, patch: { name?: string; email?: string; enabled?: boolean; password?: string }) =>
      send<{ user: User }>('PATCH', `/users/${u.id}`, cli.userSet({ user: u.name, name: patch.name, email: patch.email, enabled: patch.enabled, password: !!patch.password }), { user: patch }),
    deleteUser: (u: User) => send<null>('DELETE', `/users/${u.id}`, cli.userDelete(u.name)),

    groups: async () => (await get<{ groups: Group[] }>('/groups', cli.groupList())).groups,
    createGroup: (g: { name: string; description?: string }) => send<{ group: Group }>('POST', '/groups', cli.groupCreate({ ...g, domain: 'default' }), { group: { ...g, domain_id: DEFAULT_DOMAIN } }),
    deleteGroup: (g: Group) => send<null>('DELETE', `/groups/${g.id}`, cli.groupDelete(g.name)),
    groupUsers: async (g: Group) => (await get<{ users: User[] }>(`/groups/${g.id}/users`, cli.groupMembers(g.name))).users,
    addUserToGroup: (g: Group, u: User) => send<null>('PUT', `/groups/${g.id}/users/${u.id}`, cli.groupAddUser(g.name, u.name)),
    removeUserFromGroup: (g: Group, u: User) => send<null>('DELETE', `/groups/${g.id}/users/${u.id}`, cli.groupRemoveUser(g.name, u.name)),

    roles: async () => (await get<{ roles: Role[] }>('/roles', cli.roleList())).roles,
    createRole: (name: string) => send<{ role: Role }>('POST', '/roles', cli.roleCreate(name), { role: { name } }),
    deleteRole: (r: Role) => send<null>('DELETE', `/roles/${r.id}`, cli.roleDelete(r.name)),

    appCredentials: async (userId: string) => (await get<{ application_credentials: AppCredential[] }>(`/users/${userId}/application_credentials`, cli.appCredentialList())).application_credentials,
    createAppCredential: (userId: string, a: { name: string; description?: string; expires_at?: string; unrestricted: boolean; secret?: string }) =>
      send<{ application_credential: AppCredential }>(
        'POST',
        `/users/${userId}/application_credentials`,
        cli.appCredentialCreate({ name: a.name, description: a.description, expiresAt: a.expires_at, unrestricted: a.unrestricted, secret: !!a.secret }),
        { application_credential: { ...a, expires_at: a.expires_at || null, secret: a.secret || undefined } },
      ),
    deleteAppCredential: (userId: string, a: AppCredential) => send<null>('DELETE', `/users/${userId}/application_credentials/${a.id}`, cli.appCredentialDelete(a.name)),

    services: async () => (await get<{ services: CatalogService[] }>('/services', cli.serviceList())).services,
    endpoints: async () => (await get<{ endpoints: Endpoint[] }>('/endpoints', cli.endpointList())).endpoints,
  };
}

export type IdentityApi = ReturnType<typeof identityApi>;
