import type { StackLabState } from '../../types';

/** Selectors return primitives or stored objects, so components re-render only on real changes. */
export const labSelectors = {
  connection: (s: StackLabState) => s.connection,
  status: (s: StackLabState) => s.status,
  error: (s: StackLabState) => s.error,
  /** 0..1, or null while the step is under way (an indeterminate bar). */
  progress: (s: StackLabState): number | null => {
    if (s.connection === 'ready') return 1;
    if (s.connection === 'loading') return null;
    return 0;
  },
  splashMessage: (s: StackLabState): string => {
    switch (s.connection) {
      case 'idle':
        return 'Starting…';
      case 'loading':
        return 'Connecting to the desktop shell…';
      case 'ready':
        return s.status
          ? `StackLab ${s.status.app.version} on ${s.status.platform}/${s.status.arch}. The lab engine is not started yet.`
          : 'Ready.';
      case 'error':
        return `Cannot reach the desktop shell: ${s.error ?? 'unknown error'}`;
    }
  },
};
