/**
 * Entry point of the Electron main process: the only file that imports Electron's values. It hands
 * them to startDesktop (main/app.ts), which builds everything else.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { startDesktop } from './app';
import { desktopPaths } from './paths';

const logError = (message: string, error: unknown) => console.error(`[stacklab] ${message}:`, error);

startDesktop({
  app,
  BrowserWindow,
  ipcMain,
  defaultSession: () => session.defaultSession,
  process,
  paths: desktopPaths(__dirname),
  logError,
}).catch((error: unknown) => {
  logError('cannot start the desktop app', error);
  app.exit(1);
});
