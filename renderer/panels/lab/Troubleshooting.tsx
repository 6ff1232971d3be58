import { useState } from 'react';
import type { DoctorFindingValue, ScenarioStateValue } from '../../../engine/ui/contract';
import { useServices } from '../../components/services-context';
import { confirmed, useAction, useQuietAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';
import { useStackLab } from '../../store/provider';

function solvedText(s: ScenarioStateValue): string {
  if (!s.solved) return 'Not solved yet';
  return `Solved in ${s.solveSeconds ?? 0} s with ${s.hintsUsed} hint${s.hintsUsed === 1 ? '' : 's'}`;
}

/** One doctor finding: what the student sees, why, the commands that show it, the commands that fix it. */
function Finding({ f }: { f: DoctorFindingValue }) {
  return (
    <article className="finding" data-severity={f.severity} aria-label={`Finding ${f.id}`}>
      <h3>
        <span className={`badge badge--${f.severity === 'error' ? 'bad' : 'neutral'}`}>{f.severity}</span> {f.symptom}
      </h3>
      <p>
        <strong>Cause:</strong> {f.cause}
      </p>
      <details>
        <summary>Evidence ({f.evidence.length} command{f.evidence.length === 1 ? '' : 's'})</summary>
        {f.evidence.map((e, i) => (
          <pre key={i} className="finding__evidence">
            <code>
              {`$ ${e.command}\n`}
              {e.output}
            </code>
          </pre>
        ))}
      </details>
      <p>
        <strong>Fix:</strong>
      </p>
      <pre className="finding__fix">
        <code>{f.fix.join('\n')}</code>
      </pre>
    </article>
  );
}

/**
 * Lab → Troubleshooting: break the lab the way the study notes did (`stacklab scenario …`), find out
 * why with the doctor (`stacklab doctor`), fix it in a terminal, and see it marked solved.
 */
export function TroubleshootingPanel() {
  const { lab } = useServices();
  const act = useAction();
  const quiet = useQuietAction();
  const openTerminal = useStackLab((s) => s.openTerminal);
  const res = useResource(() => lab.scenarios.list(), ['lab']);
  const [starting, setStarting] = useState<string | null>(null);
  const [hints, setHints] = useState<string[]>([]);
  const [doctor, setDoctor] = useState<{ findings: DoctorFindingValue[]; at: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const running = res.data?.running ?? null;

  const start = (name: string) => {
    if (running && !running.solved && !confirmed(`Scenario ${running.name} is not solved yet. Start ${name} anyway?`)) return;
    setStarting(name);
    setHints([]);
    setDoctor(null);
    void act(`Start ${name}`, () => lab.scenarios.start(name), res.reload).finally(() => setStarting(null));
  };
  const runDoctor = () => {
    setChecking(true);
    void quiet('Doctor', async () => {
      const d = await lab.scenarios.doctor();
      setDoctor({ findings: d.findings, at: new Date().toLocaleTimeString() });
      res.reload();
    }).finally(() => setChecking(false));
  };

  return (
    <>
      {res.error && <p role="alert">{res.error}</p>}
      {starting && (
        <div className="busy" role="status">
          Building what {starting} needs (image, networks, router, instance) and breaking it…
          <progress aria-label="Starting the scenario" />
        </div>
      )}
      {running && (
        <section className="scenario-run" aria-label="Running scenario">
          <h2>{running.title}</h2>
          <p>
            <span className={`badge badge--${running.solved ? 'ok' : 'bad'}`}>{running.solved ? 'SOLVED' : 'BROKEN'}</span> {solvedText(running)} · started{' '}
            {new Date(running.startedAt).toLocaleTimeString()}
          </p>
          <div className="toolbar">
            <button type="button" className="btn btn--primary" onClick={runDoctor} disabled={checking}>
              {checking ? 'Diagnosing…' : 'Run Doctor'}
            </button>
            <button type="button" className="btn" onClick={() => openTerminal({ kind: 'local' }, 'Terminal')}>
              Open Terminal
            </button>
            <button type="button" className="btn" onClick={() => openTerminal({ kind: 'host' }, 'Host shell')}>
              Open Host Shell
            </button>
            <button
              type="button"
              className="btn"
              disabled={running.solved}
              onClick={() =>
                void quiet('Hint', async () => {
                  const h = await lab.scenarios.hint();
                  setHints((all) => [...all.slice(0, h.level - 1), `${h.level}/${h.of}: ${h.text}`]);
                  res.reload();
                })
              }
            >
              Hint
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void act(`Stop ${running.name}`, () => lab.scenarios.stop(), res.reload)}>
              Stop Following
            </button>
          </div>
          {hints.length > 0 && (
            <ol className="guided__hints" aria-label="Hints">
              {hints.map((h, i) => (
                <li key={i}>{h}</li>
              ))}
            </ol>
          )}
        </section>
      )}
      {!running && (
        <p className="cli-hint">
          Pick a scenario: StackLab builds what it needs as a student would, then breaks it. Or run the doctor on the lab as it is. From a terminal:{' '}
          <code>stacklab scenario start &lt;name&gt;</code>, <code>stacklab doctor</code>.
        </p>
      )}
      {!running && (
        <div className="toolbar">
          <button type="button" className="btn" onClick={runDoctor} disabled={checking}>
            {checking ? 'Diagnosing…' : 'Run Doctor'}
          </button>
        </div>
      )}
      {doctor && (
        <section aria-label="Doctor findings" className="findings">
          <h2>
            Doctor at {doctor.at}: {doctor.findings.length ? `${doctor.findings.length} problem${doctor.findings.length === 1 ? '' : 's'}` : 'no problems found'}
          </h2>
          {doctor.findings.map((f, i) => (
            <Finding key={`${f.id}-${i}`} f={f} />
          ))}
        </section>
      )}
      <h2 className="section-title">Scenarios</h2>
      <ul className="guided-list" aria-label="Scenarios">
        {(res.data?.scenarios ?? []).map((s) => (
          <li key={s.name} className="guided-list__item">
            <div>
              <strong>{s.title}</strong> <code>{s.name}</code>
              <p>{s.description}</p>
            </div>
            <button type="button" className="btn btn--primary" disabled={starting !== null} onClick={() => start(s.name)} aria-label={`Start ${s.name}`}>
              {running?.name === s.name ? 'Start Again' : 'Start'}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
