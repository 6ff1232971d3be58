import { useId } from 'react';
import { useStackLab } from '../store/provider';

/** Brand, project switcher, theme toggle, user and sign out. */
export function TopBar() {
  const session = useStackLab((s) => s.session);
  const switchProject = useStackLab((s) => s.switchProject);
  const logout = useStackLab((s) => s.logout);
  const theme = useStackLab((s) => s.theme);
  const toggleTheme = useStackLab((s) => s.toggleTheme);
  const openTerminal = useStackLab((s) => s.openTerminal);
  const projectId = useId();
  if (!session) return null;
  return (
    <header className="topbar">
      <span className="topbar__brand">StackLab</span>
      <div className="topbar__project">
        <label htmlFor={projectId}>Project</label>
        {session.projects.length > 1 ? (
          <select id={projectId} value={session.project?.id ?? ''} onChange={(e) => void switchProject(e.target.value)}>
            {session.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        ) : (
          <output id={projectId}>{session.project?.name ?? '—'}</output>
        )}
      </div>
      <span className="topbar__spacer" />
      <button type="button" className="btn btn--ghost" onClick={() => openTerminal({ kind: 'local' }, 'Terminal')} title="A shell with the lab's keystonerc_admin: the real openstack CLI">
        &gt;_ Terminal
      </button>
      <button type="button" className="btn btn--ghost" onClick={() => openTerminal({ kind: 'host' }, 'Host shell')} title="The lab host's shell: ip netns, ovs-vsctl, ping…">
        Host Shell
      </button>
      <button type="button" className="btn btn--ghost" onClick={toggleTheme} aria-pressed={theme === 'dark'} title="Switch between light and dark">
        {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
      </button>
      <span className="topbar__user" aria-label="Signed in as">
        {session.user.name}
      </span>
      <button type="button" className="btn btn--ghost" onClick={() => void logout()}>
        Sign Out
      </button>
    </header>
  );
}
