import type { NamedRef, TokenInfo } from '../../../services/openstack/types';
import type { RendererServices } from '../../../services';
import type { SliceCreator } from '../../types';

export interface Session {
  user: NamedRef;
  project: NamedRef | null;
  /** The projects the user may switch to. */
  projects: NamedRef[];
  roles: string[];
  /** Horizon shows the Admin dashboard only to holders of the admin role. */
  isAdmin: boolean;
  expiresAt: string;
}

export interface SessionState {
  session: Session | null;
  loginPending: boolean;
  loginError: string | null;
}

export interface SessionActions {
  login(username: string, password: string, domain: string): Promise<boolean>;
  switchProject(projectId: string): Promise<void>;
  logout(): Promise<void>;
}

export type SessionSlice = SessionState & SessionActions;

function toSession(token: TokenInfo, projects: NamedRef[]): Session {
  const roles = token.roles.map((r) => r.name);
  return { user: token.user, project: token.project, projects, roles, isAdmin: roles.includes('admin'), expiresAt: token.expiresAt };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const createSessionSlice =
  (services: Pick<RendererServices, 'cloud' | 'prefs'>): SliceCreator<SessionSlice> =>
  (set, get) => ({
    session: null,
    loginPending: false,
    loginError: null,
    async login(username, password, domain) {
      const authUrl = get().status?.authUrl;
      if (!authUrl) {
        set({ loginError: 'The lab is not ready yet.' });
        return false;
      }
      set({ loginPending: true, loginError: null });
      try {
        const { token, projects } = await services.cloud.login(authUrl, { username, password, domain }, services.prefs.get('project'));
        set({ session: toSession(token, projects), loginPending: false });
        if (token.project) services.prefs.set('project', token.project.id);
        return true;
      } catch (error) {
        const status = (error as { status?: number }).status;
        set({ loginPending: false, loginError: status === 401 ? 'Invalid credentials. Please try again.' : message(error) });
        return false;
      }
    },
    async switchProject(projectId) {
      const current = get().session;
      if (!current) return;
      try {
        const token = await services.cloud.switchProject(projectId);
        set({ session: toSession(token, current.projects) });
        if (token.project) services.prefs.set('project', token.project.id);
        get().notify('success', `Switched to project ${token.project?.name ?? projectId}.`);
      } catch (error) {
        get().notify('error', `Cannot switch project: ${message(error)}`);
      }
    },
    async logout() {
      await services.cloud.logout();
      services.cloud.log.clear();
      set({ session: null, loginError: null });
    },
  });

export const sessionSelectors = {
  session: (s: SessionSlice) => s.session,
  isAdmin: (s: SessionSlice) => s.session?.isAdmin ?? false,
  projectId: (s: SessionSlice) => s.session?.project?.id ?? null,
};
