import { labSelectors } from './store/slices/lab/selectors';
import { useStackLab } from './store/provider';

export function App() {
  const progress = useStackLab(labSelectors.progress);
  const message = useStackLab(labSelectors.splashMessage);
  const connection = useStackLab(labSelectors.connection);

  return (
    <main className="splash">
      <h1 className="splash__title">StackLab</h1>
      <p className="splash__tagline">A desktop lab for learning OpenStack</p>
      <section className="splash__progress" aria-label="Start-up progress">
        <progress className="splash__bar" max={1} value={progress ?? undefined} />
        <p className={`splash__message splash__message--${connection}`} role="status">
          {message}
        </p>
      </section>
    </main>
  );
}
