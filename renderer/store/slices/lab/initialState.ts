import type { LabProgress, LabStatus } from '../../../../engine/ui/contract';

/** Where the renderer is in reaching the lab through its host. */
export type LabConnection = 'idle' | 'loading' | 'ready' | 'error';

export interface LabState {
  connection: LabConnection;
  status: LabStatus | null;
  error: string | null;
  /** The host's last start-up progress report (the splash bar). */
  labProgress: LabProgress | null;
  /** Every step reported so far (the splash lists the services as they come up). */
  labProgressLog: LabProgress[];
}

export const initialLabState: LabState = {
  connection: 'idle',
  status: null,
  error: null,
  labProgress: null,
  labProgressLog: [],
};
