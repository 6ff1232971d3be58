import { useState } from 'react';
import { useStackLab } from '../../store/provider';
import { TerminalView } from './TerminalView';
import './terminal.css';

/**
 * The terminal dock under the panel: tabs for local shells, the host shell and instance consoles.
 * Hidden while no tab is open; the top bar's buttons and the Instances panel's Console action open tabs.
 */
export function TerminalDock() {
  const tabs = useStackLab((s) => s.terminals);
  const active = useStackLab((s) => s.activeTerminal);
  const show = useStackLab((s) => s.showTerminal);
  const close = useStackLab((s) => s.closeTerminal);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [collapsed, setCollapsed] = useState(false);
  if (tabs.length === 0) return null;
  return (
    <section className={`terminal-dock${collapsed ? ' is-collapsed' : ''}`} aria-label="Terminals">
      <div className="terminal-dock__tabs" role="tablist" aria-label="Terminal tabs">
        {tabs.map((t) => (
          <span key={t.key} className="terminal-dock__tab" data-active={t.key === active}>
            <button type="button" role="tab" aria-selected={t.key === active} onClick={() => (show(t.key), setCollapsed(false))}>
              {titles[t.key] ?? t.title}
            </button>
            <button type="button" className="terminal-dock__close" aria-label={`Close ${titles[t.key] ?? t.title}`} onClick={() => close(t.key)}>
              ×
            </button>
          </span>
        ))}
        <span className="terminal-dock__spacer" />
        <button type="button" className="btn btn--ghost" aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
          {collapsed ? '▴ Show' : '▾ Hide'}
        </button>
      </div>
      <div className="terminal-dock__body" role="tabpanel">
        {tabs.map((t) => (
          <TerminalView key={t.key} target={t.target} active={t.key === active && !collapsed} onTitle={(title) => setTitles((all) => ({ ...all, [t.key]: title }))} />
        ))}
      </div>
    </section>
  );
}
