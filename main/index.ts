/**
 * Entry point of the Electron main process: the only file that imports Electron's values. It hands
 * them to startDesktop (main/app.ts), which builds everything else, with the lab engine started in
 * this process on the lab in the app's data folder.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { makeConfig } from '../engine/core/config';
import { Engine } from '../engine/server/engine';
import { engineHandlerDeps } from '../engine/ui';
import { startDesktop } from './app';
import { desktopPaths } from './paths';
import type { StartLab } from './services';

const logError = (message: string, error: unknown) => console.error(`[stacklab] ${message}:`, error);

/** The lab lives in the app's data folder (e.g. ~/.config/StackLab/lab); its APIs on 127.0.0.1. */
const startLab: StartLab = async (onProgress) => {
  const engine = new Engine(makeConfig({ dataDir: join(app.getPath('userData'), 'lab') }));
  try {
    const started = await engine.start(onProgress);
    const versions = { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node };
    return { deps: engineHandlerDeps(engine, started, { host: 'electron', app: { name: app.getName(), version: app.getVersion() }, versions }), stop: () => engine.stop() };
  } catch (error) {
    await engine.stop().catch(() => undefined);
    throw error;
  }
};

startDesktop({
  app,
  BrowserWindow,
  ipcMain,
  defaultSession: () => session.defaultSession,
  process,
  paths: desktopPaths(__dirname),
  logError,
  startLab,
}).catch((error: unknown) => {
  logError('cannot start the desktop app', error);
  app.exit(1);
});
