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

/** Like useAction, for actions whose result shows on the page (a check, a hint): only failures are noticed. */
export function useQuietAction() {
  const notify = useStackLab((s) => s.notify);
  return useCallback(
    async (label: string, run: () => Promise<unknown>) => {
      try {
        await run();
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
