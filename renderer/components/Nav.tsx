import { SECTIONS, type PanelDef } from '../panels/registry';
import { useStackLab } from '../store/provider';

/** Horizon's left navigation: sections, their groups, their panels. */
export function Nav({ panels, current }: { panels: PanelDef[]; current: PanelDef | undefined }) {
  const openPanel = useStackLab((s) => s.openPanel);
  return (
    <nav className="nav" aria-label="Dashboard">
      {SECTIONS.map((section) => {
        const inSection = panels.filter((p) => p.section === section.id);
        if (inSection.length === 0) return null;
        const groups = [...new Set(inSection.map((p) => p.group ?? ''))];
        return (
          <section key={section.id} className="nav__section" data-section={section.id}>
            <h2 className="nav__section-title">{section.label}</h2>
            {groups.map((group) => (
              <div key={group} className="nav__group">
                {group && <h3 className="nav__group-title">{group}</h3>}
                <ul>
                  {inSection
                    .filter((p) => (p.group ?? '') === group)
                    .map((p) => (
                      <li key={p.id}>
                        <a
                          href={`#/${p.id}`}
                          className={`nav__link ${p.id === current?.id ? 'nav__link--current' : ''}`}
                          aria-current={p.id === current?.id ? 'page' : undefined}
                          onClick={(e) => {
                            e.preventDefault();
                            openPanel(p.id);
                          }}
                        >
                          {p.label}
                        </a>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </nav>
  );
}
