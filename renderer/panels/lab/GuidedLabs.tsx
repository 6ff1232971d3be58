import { useState } from 'react';
import type { GuidedCheckValue, GuidedLabInfo } from '../../../engine/ui/contract';
import { useServices } from '../../components/services-context';
import { confirmed, useAction, useQuietAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';

function stepsDone(l: GuidedLabInfo): number {
  return l.progress ? Math.min(l.progress.current, l.steps.length) : 0;
}

/** Lab → Guided Labs: the study notes' walkthrough as steps checked against the real lab. */
export function GuidedLabsPanel() {
  const { lab } = useServices();
  const act = useAction();
  const quiet = useQuietAction();
  const res = useResource(() => lab.guided.list(), ['lab']);
  const [check, setCheck] = useState<GuidedCheckValue | null>(null);
  const [hints, setHints] = useState<Record<string, string[]>>({});
  const labs = res.data ?? [];
  const active = labs.find((l) => l.active && l.progress);
  const current = active ? active.steps[active.progress!.current] : undefined;
  return (
    <>
      {res.error && <p role="alert">{res.error}</p>}
      <ul className="guided-list" aria-label="Guided labs">
        {labs.map((l) => (
          <li key={l.name} className="guided-list__item">
            <div>
              <strong>{l.title}</strong>
              {l.summary && <p>{l.summary}</p>}
              <label className="guided-progress">
                Progress {stepsDone(l)}/{l.steps.length}
                <progress max={l.steps.length} value={stepsDone(l)} aria-label={`${l.name} progress`} />
              </label>
            </div>
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => (!l.progress || confirmed(`Start ${l.title} again from its first step?`)) && void act(`Start ${l.name}`, () => lab.guided.start(l.name), res.reload)}
            >
              {l.progress ? 'Start Over' : 'Start'}
            </button>
          </li>
        ))}
      </ul>
      {active && (
        <section className="guided" aria-label="Current guided lab">
          <ol className="guided__steps">
            {active.steps.map((s, i) => {
              const state = i < active.progress!.current ? 'done' : i === active.progress!.current ? 'current' : 'todo';
              return (
                <li key={s.id} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
                  <span aria-hidden="true">{state === 'done' ? '✓' : state === 'current' ? '▶' : '○'}</span> {s.title}
                </li>
              );
            })}
          </ol>
          {current ? (
            <div className="guided__current">
              <h2>
                Step {active.progress!.current + 1}/{active.steps.length}: {current.title}
              </h2>
              <p>{current.goal}</p>
              <div className="toolbar">
                <button
                  type="button"
                  className="btn btn--primary"
                  onClick={() =>
                    void quiet('Check step', async () => {
                      setCheck(await lab.guided.check());
                      res.reload();
                    })
                  }
                >
                  Check
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    void quiet('Hint', async () => {
                      const h = await lab.guided.hint();
                      setHints((all) => ({ ...all, [h.step]: [...(all[h.step] ?? []).slice(0, h.level - 1), h.text] }));
                    })
                  }
                >
                  Hint
                </button>
                <button type="button" className="btn btn--danger" onClick={() => confirmed(`Put the lab back as it was when "${current.title}" began?`) && void act('Reset step', () => lab.guided.reset(), res.reload)}>
                  Reset Step
                </button>
              </div>
              {(hints[current.id] ?? []).length > 0 && (
                <ol className="guided__hints" aria-label="Hints">
                  {hints[current.id].map((h, i) => (
                    <li key={i}>{h}</li>
                  ))}
                </ol>
              )}
            </div>
          ) : (
            <p className="guided__done">All {active.steps.length} steps done.</p>
          )}
          {check && (
            <section aria-label="Check results" className="guided__results">
              {check.results.map((r) => (
                <div key={r.id}>
                  <h3>
                    {r.ok ? '✓' : '✗'} {r.title}
                  </h3>
                  <ul>
                    {r.checks.map((c) => (
                      <li key={c.what} data-ok={c.ok}>
                        {c.ok ? '✓' : '✗'} {c.what}
                        {c.detail ? ` — ${c.detail}` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          )}
        </section>
      )}
    </>
  );
}
