import { useCallback } from 'react';
import { useStackLab } from '../store/provider';

/** Runs a row action (delete, disassociate…) and reports it as a notice, as Horizon's messages do. */
export function useAction() {
  const notify = useStackLab((s) => s.notify);
  return useCallback(
    async (label: string, run: () => Promise<unknown>, after?: () => void) => {
      try {
        await run();
        notify('success', `${label}: done.`);
        after?.();
      } catch (error) {
        notify('error', `${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    [notify],
  );
}

/** Asks before a destructive action; the browser's own dialog keeps it keyboard-friendly. */
export function confirmed(text: string): boolean {
  return typeof window.confirm === 'function' ? window.confirm(text) : true;
}
