/**
 * Preload of the main window. Runs sandboxed, so it is bundled into one file (vite.preload.config.mts)
 * with `electron` left external. It exposes the one generic bridge and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './ipc/bridge';

contextBridge.exposeInMainWorld('stacklab', createBridge(ipcRenderer));
