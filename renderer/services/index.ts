import type { StackLabBridge } from '../../engine/ui/contract';
import { createIpcClient, type IpcClient } from '../ipc/client';
import { createCloudService, type CloudService } from './cloud';
import { createLabService, type LabService } from './lab';
import { createPrefs, type Prefs } from './prefs';

/** Every service module the store's actions and the panels call. */
export interface RendererServices {
  lab: LabService;
  cloud: CloudService;
  prefs: Prefs;
}

/** Builds the renderer's services in one place. */
export function createRendererServices(bridge: StackLabBridge | undefined, storage?: Pick<Storage, 'getItem' | 'setItem'>): RendererServices {
  const ipc: IpcClient = createIpcClient(bridge);
  return { lab: createLabService(ipc), cloud: createCloudService(ipc), prefs: createPrefs(storage) };
}
