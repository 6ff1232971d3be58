import type { LabProgress } from '../../../../engine/ui/contract';
import type { RendererServices } from '../../../services';
import type { SliceCreator } from '../../types';
import { initialLabState, type LabState } from './initialState';

export interface LabActions {
  /** Asks main for the lab's status; records the answer or the error. */
  loadLabStatus(): Promise<void>;
  setLabProgress(progress: LabProgress): void;
}

export type LabSlice = LabState & LabActions;

export const createLabSlice =
  (services: Pick<RendererServices, 'lab'>): SliceCreator<LabSlice> =>
  (set, get) => ({
    ...initialLabState,
    async loadLabStatus() {
      set({ connection: 'loading', error: null });
      try {
        const status = await services.lab.status();
        set({ connection: 'ready', status });
      } catch (error) {
        set({ connection: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    },
    setLabProgress(progress) {
      set({ labProgress: progress, labProgressLog: [...get().labProgressLog.filter((p) => p.step !== progress.step), progress] });
      // the host says the lab now serves: ask for its status (services, Keystone's address)
      if (progress.step === 'ready' && get().status?.engine !== 'ready') void get().loadLabStatus();
    },
  });
