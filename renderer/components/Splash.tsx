import { labSelectors } from '../store/slices/lab/selectors';
import { useStackLab } from '../store/provider';
import './splash.css';

/**
 * Shown while the lab comes up (lab:status says the engine is 'starting'): the overall bar, the
 * current step, and each service as it comes up (from `lab:progress`). In web mode the engine is
 * ready before the page loads, so the splash only flashes by.
 */
export function Splash() {
  const progress = useStackLab(labSelectors.progress);
  const message = useStackLab(labSelectors.splashMessage);
  const connection = useStackLab(labSelectors.connection);
  const log = useStackLab((s) => s.labProgressLog);
  const failed = log.find((p) => p.step === 'failed');
  const steps = log.filter((p) => p.step !== 'ready' && p.step !== 'failed');
  return (
    <main className="splash">
      <h1 className="splash__title">StackLab</h1>
      <p className="splash__tagline">A desktop lab for learning OpenStack</p>
      <section className="splash__progress" aria-label="Start-up progress">
        <progress className="splash__bar" max={1} value={failed ? 0 : (progress ?? undefined)} aria-label="Lab start-up" />
        {failed ? (
          <p className="splash__message splash__message--error" role="alert">
            {failed.message}
          </p>
        ) : (
          <p className={`splash__message splash__message--${connection}`} role="status">
            {message}
          </p>
        )}
        {steps.length > 0 && (
          <ol className="splash__steps" aria-label="Services">
            {steps.map((p) => (
              <li key={p.step} data-step={p.step}>
                <span className="splash__step-done" aria-hidden="true">
                  ✓
                </span>
                <span>{p.message}</span>
                <span className="splash__step-count">
                  {p.done}/{p.total}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
