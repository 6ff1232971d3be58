/**
 * Entry point of the Electron main process: the only file that imports Electron's values. It hands
 * them to startDesktop (main/app.ts), which builds everything else, with the lab engine started in
 * this process on the lab in the app's data folder (main/lab.ts).
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, screen, session } from 'electron';
import { SecondInstanceError, startDesktop } from './app';
import { desktopLabDir, engineStarter, portOffsetArg } from './lab';
import { APP_FOLDER, desktopPaths } from './paths';

const logError = (message: string, error: unknown) => console.error(`[stacklab] ${message}:`, error);

// The same folder in development (package.json's name is "stacklab") and packaged (productName
// "StackLab"): <appData>/StackLab, whose lab/ `npm start`'s web mode also uses.
app.setPath('userData', join(app.getPath('appData'), APP_FOLDER));
const userData = app.getPath('userData');

startDesktop({
  app,
  BrowserWindow,
  ipcMain,
  defaultSession: () => session.defaultSession,
  process,
  paths: desktopPaths(__dirname),
  logError,
  startLab: engineStarter({
    dataDir: desktopLabDir(userData),
    portOffset: portOffsetArg(process.argv),
    app: { name: app.getName(), version: app.getVersion() },
    versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
  }),
  windowState: { file: join(userData, 'window-state.json'), displays: () => screen.getAllDisplays().map((d) => d.workArea) },
}).catch((error: unknown) => {
  if (error instanceof SecondInstanceError) {
    console.log(`[stacklab] ${error.message}`);
    app.exit(0);
    return;
  }
  logError('cannot start the desktop app', error);
  app.exit(1);
});

// Ctrl-C in the terminal of `npm start` quits like the window's close: the engine stops first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
