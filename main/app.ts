import { createIpcHandlers, createMainServices, type MainServices, type RuntimeInfo } from './services';
import { registerIpcHandlers, type IpcMainLike } from './ipc/handlers';
import { isAppUrl, type DesktopPaths } from './paths';
import { denyAllPermissions, hardenWebContents, installContentSecurityPolicy, type SessionLike, type WebContentsLike } from './security';
import { createMainWindow, type BrowserWindowFactory, type BrowserWindowLike } from './window';

/** The part of Electron's `app` used here. */
export interface AppLike {
  enableSandbox(): void;
  whenReady(): Promise<void>;
  getName(): string;
  getVersion(): string;
  quit(): void;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

/** Everything the desktop shell takes from Electron and the process, passed in by main/index.ts. */
export interface DesktopDeps<W extends BrowserWindowLike> {
  app: AppLike;
  BrowserWindow: BrowserWindowFactory<W> & { getAllWindows(): readonly unknown[] };
  ipcMain: IpcMainLike;
  /** Electron's default session exists only once the app is ready, hence a getter. */
  defaultSession: () => SessionLike;
  process: { platform: string; arch: string; versions: { electron?: string; chrome?: string; node: string } };
  paths: DesktopPaths;
  logError: (message: string, error: unknown) => void;
}

export interface Desktop<W> {
  services: MainServices;
  window: W;
  /** Removes the IPC handlers (used by tests and on shutdown). */
  dispose(): void;
}

/**
 * Starts the desktop shell: sandbox for every renderer, guards on every web contents, CSP and no
 * permissions on the session, the services, the IPC handlers, then the one window.
 */
export async function startDesktop<W extends BrowserWindowLike>(deps: DesktopDeps<W>): Promise<Desktop<W>> {
  const { app, paths } = deps;
  const ownPage = (url: string) => isAppUrl(url, paths.rendererUrl);

  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, ownPage));
  app.on('window-all-closed', () => {
    if (deps.process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  const session = deps.defaultSession();
  installContentSecurityPolicy(session);
  denyAllPermissions(session);

  const runtime: RuntimeInfo = {
    appName: app.getName(),
    appVersion: app.getVersion(),
    platform: deps.process.platform,
    arch: deps.process.arch,
    versions: { electron: deps.process.versions.electron, chrome: deps.process.versions.chrome, node: deps.process.versions.node },
  };
  const services = createMainServices(runtime);
  const disposeIpc = registerIpcHandlers(deps.ipcMain, createIpcHandlers(services), {
    isTrustedSender: (event) => event.senderFrame != null && ownPage(event.senderFrame.url),
    logError: (channel, error) => deps.logError(`IPC ${channel} failed`, error),
  });

  const openWindow = () =>
    createMainWindow({ BrowserWindow: deps.BrowserWindow, preload: paths.preload, rendererIndex: paths.rendererIndex, logError: deps.logError });
  const window = openWindow();
  app.on('activate', () => {
    if (deps.BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  return { services, window, dispose: disposeIpc };
}
