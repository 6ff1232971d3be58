import { useEffect } from 'react';
import { Dashboard } from './components/Dashboard';
import { Login } from './components/Login';
import { labSelectors } from './store/slices/lab/selectors';
import { useStackLab } from './store/provider';

function Splash() {
  const progress = useStackLab(labSelectors.progress);
  const message = useStackLab(labSelectors.splashMessage);
  const connection = useStackLab(labSelectors.connection);
  const log = useStackLab((s) => s.labProgressLog);
  return (
    <main className="splash">
      <h1 className="splash__title">StackLab</h1>
      <p className="splash__tagline">A desktop lab for learning OpenStack</p>
      <section className="splash__progress" aria-label="Start-up progress">
        <progress className="splash__bar" max={1} value={progress ?? undefined} />
        <p className={`splash__message splash__message--${connection}`} role="status">
          {message}
        </p>
        {log.length > 0 && (
          <ol className="splash__steps" aria-label="Services">
            {log
              .filter((p) => p.step !== 'ready')
              .map((p) => (
                <li key={p.step} data-step={p.step}>
                  ✓ {p.message}
                </li>
              ))}
          </ol>
        )}
      </section>
    </main>
  );
}

/** Splash until the lab's APIs answer, then the login page, then the dashboard. */
export function App() {
  const engineReady = useStackLab(labSelectors.engineReady);
  const loggedIn = useStackLab((s) => s.session !== null);
  const theme = useStackLab((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (!engineReady) return <Splash />;
  return loggedIn ? <Dashboard /> : <Login />;
}
