import type { StackLabState } from '../../types';

/** Selectors return primitives or stored objects, so components re-render only on real changes. */
export const labSelectors = {
  connection: (s: StackLabState) => s.connection,
  status: (s: StackLabState) => s.status,
  error: (s: StackLabState) => s.error,
  engineReady: (s: StackLabState) => s.connection === 'ready' && s.status?.engine === 'ready',
  authUrl: (s: StackLabState) => s.status?.authUrl ?? null,
  /** 0..1, or null while the step is under way (an indeterminate bar). */
  progress: (s: StackLabState): number | null => {
    if (s.connection === 'ready') return s.status?.engine === 'ready' ? 1 : s.labProgress ? s.labProgress.done / Math.max(1, s.labProgress.total) : 1;
    if (s.connection === 'loading') return s.labProgress ? s.labProgress.done / Math.max(1, s.labProgress.total) : null;
    return 0;
  },
  splashMessage: (s: StackLabState): string => {
    switch (s.connection) {
      case 'idle':
        return 'Starting…';
      case 'loading':
        return s.labProgress ? s.labProgress.message : 'Connecting to the lab…';
      case 'ready':
        if (!s.status) return 'Ready.';
        if (s.status.engine === 'ready') return `StackLab ${s.status.app.version} on ${s.status.platform}/${s.status.arch}: ${s.status.services.length} services ready.`;
        if (s.labProgress) return s.labProgress.message;
        return s.status.engine === 'starting' ? 'Starting the lab…' : `StackLab ${s.status.app.version} on ${s.status.platform}/${s.status.arch}. The lab engine is not started yet.`;
      case 'error':
        return `Cannot reach the lab: ${s.error ?? 'unknown error'}`;
    }
  },
};
