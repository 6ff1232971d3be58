import { useCallback, useEffect, useRef, useState } from 'react';
import { useStackLab } from '../store/provider';

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads a panel's data through the API modules, and loads it again when the project changes or when
 * the engine publishes an event of one of `services` (`network`, `identity`): a change made with the
 * CLI or the host shell shows without a reload. Bursts of events coalesce into one reload.
 */
export function useResource<T>(load: () => Promise<T>, services: readonly string[], deps: readonly unknown[] = []): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const projectId = useStackLab((s) => s.session?.project?.id ?? null);
  const tick = useStackLab((s) => services.reduce((n, svc) => n + (s.eventTicks[svc] ?? 0), 0));
  const [manual, setManual] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    const timer = setTimeout(() => {
      loadRef.current().then(
        (data) => mine === generation.current && setState({ data, error: null, loading: false }),
        (error: unknown) => mine === generation.current && setState((s) => ({ data: s.data, error: error instanceof Error ? error.message : String(error), loading: false })),
      );
    }, 25);
    return () => clearTimeout(timer);
  }, [projectId, tick, manual, ...deps]);

  const reload = useCallback(() => setManual((n) => n + 1), []);
  return { ...state, reload };
}
