import { createIpcHandlers, createMainServices, type MainServices, type RuntimeInfo, type StartLab } from './services';
import { registerIpcHandlers, type IpcMainLike } from './ipc/handlers';
import { isAppUrl, type DesktopPaths } from './paths';
import { denyAllPermissions, hardenWebContents, installContentSecurityPolicy, type SessionLike, type WebContentsLike } from './security';
import { createMainWindow, type BrowserWindowFactory, type BrowserWindowLike } from './window';
import { loadWindowState, saveWindowState, type Rect } from './window-state';

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
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'second-instance', listener: () => void): unknown;
  /** One app per user: false when another instance already runs (it gets 'second-instance'). */
  requestSingleInstanceLock?(): boolean;
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
  /** Starts the lab engine in this process (absent: the shell runs without a lab). */
  startLab?: StartLab;
  /** Where the window's bounds are remembered, and the displays' work areas (read after ready). */
  windowState?: { file: string; displays: () => Rect[] };
}

/** Thrown by startDesktop in a second instance: the first one has been told to come to the front. */
export class SecondInstanceError extends Error {
  override name = 'SecondInstanceError';
  constructor() {
    super('StackLab is already running: the other window was brought to the front.');
  }
}

export interface Desktop<W> {
  services: MainServices;
  window: W;
  /** Resolves once the engine serves (or failed to start). */
  labStarted: Promise<void>;
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

  if (app.requestSingleInstanceLock && !app.requestSingleInstanceLock()) {
    app.quit();
    throw new SecondInstanceError();
  }
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
  const services = createMainServices(runtime, deps.startLab);
  let window: W | undefined;
  const send = (channel: string, payload: unknown) => {
    const contents = window?.webContents;
    if (contents && !contents.isDestroyed?.()) contents.send(channel, payload);
  };
  const ipc = createIpcHandlers(services, (channel, payload) => send(channel, payload));
  const disposeIpc = registerIpcHandlers(deps.ipcMain, ipc.handlers, {
    isTrustedSender: (event) => event.senderFrame != null && ownPage(event.senderFrame.url),
    logError: (channel, error) => deps.logError(`IPC ${channel} failed`, error),
  });

  const openWindow = () => {
    const ws = deps.windowState;
    const state = ws && { load: () => loadWindowState(ws.file, ws.displays()), save: (s: Parameters<typeof saveWindowState>[1]) => saveWindowState(ws.file, s) };
    const w = createMainWindow({ BrowserWindow: deps.BrowserWindow, preload: paths.preload, rendererIndex: paths.rendererIndex, logError: deps.logError, state });
    // the page's terminals and shells close with it
    w.on?.('closed', () => ipc.close());
    return w;
  };
  window = openWindow();
  app.on('activate', () => {
    if (deps.BrowserWindow.getAllWindows().length > 0) return;
    window = openWindow();
    ipc.open();
  });
  app.on('second-instance', () => {
    if (window?.isMinimized?.()) window.restore?.();
    window?.focus?.();
  });
  // the engine stops before the app goes: every acknowledged write is on disk
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    ipc.close();
    void services.lab
      .stop()
      .catch((error: unknown) => deps.logError('cannot stop the lab cleanly', error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  const labStarted = services.lab.start((progress) => send('lab:progress', progress)).then(() => ipc.open());

  return { services, window, labStarted, dispose: disposeIpc };
}
