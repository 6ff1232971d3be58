import type { LabStatus } from '../../main/ipc/contract';
import type { IpcClient } from '../ipc/client';

/** The lab, as the renderer reaches it through main. */
export interface LabService {
  status(): Promise<LabStatus>;
}

export function createLabService(ipc: IpcClient): LabService {
  return {
    status: () => ipc.invoke('lab:status'),
  };
}
