import type { LabStatus } from '../../../../main/ipc/contract';

/** Where the renderer is in reaching the lab through main. */
export type LabConnection = 'idle' | 'loading' | 'ready' | 'error';

export interface LabState {
  connection: LabConnection;
  status: LabStatus | null;
  error: string | null;
}

export const initialLabState: LabState = {
  connection: 'idle',
  status: null,
  error: null,
};
