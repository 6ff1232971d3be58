import type { StackLabBridge } from '../../main/ipc/contract';
import { createIpcClient } from '../ipc/client';
import { createLabService, type LabService } from './lab';

/** Every service module the store's actions call. */
export interface RendererServices {
  lab: LabService;
}

/** Builds the renderer's services in one place. */
export function createRendererServices(bridge: StackLabBridge | undefined): RendererServices {
  const ipc = createIpcClient(bridge);
  return { lab: createLabService(ipc) };
}
