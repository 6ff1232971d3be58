import type { LabEventValue, LabProgress, LabStatus, ShellRunResult, ShellSession } from '../../engine/ui/contract';
import type { IpcClient } from '../ipc/client';

/** The lab, as the renderer reaches it through its host (Electron main or web mode). */
export interface LabService {
  status(): Promise<LabStatus>;
  onEvent(listener: (event: LabEventValue) => void): () => void;
  onProgress(listener: (progress: LabProgress) => void): () => void;
  shell: {
    open(): Promise<ShellSession>;
    run(id: string, line: string): Promise<ShellRunResult>;
    close(id: string): Promise<null>;
  };
}

export function createLabService(ipc: IpcClient): LabService {
  return {
    status: () => ipc.invoke('lab:status'),
    onEvent: (listener) => ipc.on('lab:event', listener),
    onProgress: (listener) => ipc.on('lab:progress', listener),
    shell: {
      open: () => ipc.invoke('shell:open'),
      run: (id, line) => ipc.invoke('shell:run', id, line),
      close: (id) => ipc.invoke('shell:close', id),
    },
  };
}
