import { useServices } from './services-context';
import { ApiLogDrawer } from './ApiLogDrawer';
import { Nav } from './Nav';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
import { TerminalDock } from './terminal/TerminalDock';
import { SECTIONS, visiblePanels } from '../panels/registry';
import { useStackLab } from '../store/provider';

/** The logged-in layout: top bar, left nav, breadcrumbs and the panel, the API log at the bottom. */
export function Dashboard() {
  const { cloud } = useServices();
  const isAdmin = useStackLab((s) => s.session?.isAdmin ?? false);
  const projectId = useStackLab((s) => s.session?.project?.id);
  const panelId = useStackLab((s) => s.panel);
  const panels = visiblePanels(isAdmin, (t) => cloud.client.hasService(t));
  const current = panels.find((p) => p.id === panelId) ?? panels[0];
  const Panel = current?.component;
  return (
    <div className="dashboard">
      <TopBar />
      <div className="dashboard__body">
        <Nav panels={panels} current={current} />
        <main className="content" id="content">
          {current && (
            <>
              <ol className="breadcrumbs" aria-label="Breadcrumb">
                <li>{SECTIONS.find((s) => s.id === current.section)?.label}</li>
                {current.group && <li>{current.group}</li>}
                <li aria-current="page">{current.label}</li>
              </ol>
              <h1 className="content__title">{current.label}</h1>
              {Panel && <Panel key={`${current.id}:${projectId ?? ''}`} />}
            </>
          )}
        </main>
      </div>
      <TerminalDock />
      <ApiLogDrawer />
      <Notices />
    </div>
  );
}
