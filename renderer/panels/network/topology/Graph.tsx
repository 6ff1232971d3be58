import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import { topologyStyle } from './style';

export interface GraphProps {
  elements: ElementDefinition[];
  layout: 'logical' | 'host';
  dark: boolean;
  /** Node and edge ids lit by a trace, and the node where it was dropped. */
  lit?: { ids: string[]; dropped?: string };
  onSelect(id: string | null, details: Record<string, unknown> | null, label: string): void;
  label: string;
}

const layouts: Record<GraphProps['layout'], LayoutOptions> = {
  logical: { name: 'breadthfirst', directed: false, spacingFactor: 1.3, animate: false, padding: 20 } as LayoutOptions,
  // the host view comes placed (elements.ts hostPositions): an operator's fixed plan, stable between updates
  host: { name: 'preset', animate: false, padding: 20 } as LayoutOptions,
};

/**
 * A cytoscape graph kept in place: new elements are added, gone ones removed, changed ones updated;
 * the layout runs again only when nodes come or go (a status change does not move anything). The
 * container's data-rendered-ms says how long the last full render took (bench/ui reads it).
 */
export function Graph({ elements, layout, dark, lit, onSelect, label }: GraphProps) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const c = cytoscape({ container: box.current!, elements: [], style: topologyStyle(dark), wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
    c.on('tap', 'node, edge', (e) => onSelectRef.current(e.target.id(), (e.target.data('details') as Record<string, unknown>) ?? null, String(e.target.data('label') ?? e.target.id())));
    c.on('tap', (e) => e.target === c && onSelectRef.current(null, null, ''));
    cy.current = c;
    return () => {
      c.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    cy.current?.style(topologyStyle(dark));
  }, [dark]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    const t0 = performance.now();
    const want = new Map(elements.map((e) => [String(e.data.id), e]));
    let structural = false;
    c.batch(() => {
      c.elements().forEach((el) => {
        if (!want.has(el.id())) {
          el.remove();
          structural = true;
        }
      });
      // parents before children, nodes before edges
      const nodes = elements.filter((e) => !('source' in e.data));
      const edges = elements.filter((e) => 'source' in e.data);
      for (const e of [...nodes.filter((n) => !n.data.parent), ...nodes.filter((n) => n.data.parent), ...edges]) {
        const existing = c.getElementById(String(e.data.id));
        if (existing.nonempty()) {
          if (String(existing.data('parent') ?? '') !== String(e.data.parent ?? '')) {
            existing.remove();
            c.add(e);
            structural = true;
          } else {
            existing.data(e.data);
            if (e.position && layout === 'host') existing.position(e.position);
          }
        } else {
          c.add(e);
          structural = true;
        }
      }
    });
    if (structural) {
      const l = c.layout({ ...layouts[layout] });
      l.one('layoutstop', () => {
        c.fit(undefined, 20);
        box.current?.setAttribute('data-rendered-ms', (performance.now() - t0).toFixed(1));
        box.current?.setAttribute('data-node-count', String(c.nodes().length));
      });
      l.run();
    }
    box.current?.setAttribute('data-elements', String(elements.length));
  }, [elements, layout]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.batch(() => {
      c.elements().removeClass('traced dropped');
      for (const id of lit?.ids ?? []) c.getElementById(id).addClass('traced');
      if (lit?.dropped) c.getElementById(lit.dropped).addClass('dropped');
      // the links between two lit nodes are part of the path
      c.edges()
        .filter((e) => e.source().hasClass('traced') && e.target().hasClass('traced'))
        .addClass('traced');
    });
  }, [lit, elements]);

  // the graph is a canvas: the same nodes as buttons make it usable from the keyboard and a screen reader
  const nodes = elements.filter((e) => !('source' in e.data));
  const select = (id: string) => {
    const c = cy.current;
    const el = c?.getElementById(id);
    if (!c || !el || el.empty()) return;
    c.elements().unselect();
    el.select();
    onSelectRef.current(id, (el.data('details') as Record<string, unknown>) ?? null, String(el.data('label') ?? id));
  };
  return (
    <div className="topology__canvas">
      <div className="topology__graph" ref={box} role="img" aria-label={label} />
      <details className="topology__nodes">
        <summary>Nodes ({nodes.length})</summary>
        <ul aria-label={`${label}: nodes`}>
          {nodes.map((n) => (
            <li key={String(n.data.id)} data-kind={String(n.data.kind)}>
              <button type="button" className="linklike" onClick={() => select(String(n.data.id))}>
                {String(n.data.label).split('\n')[0]} ({String(n.data.kind)})
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
