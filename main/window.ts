/** Options of the window: sandboxed, isolated, no Node in the page, hidden until painted. */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
  };
}

/** The part of Electron's `BrowserWindow` used here. */
export interface BrowserWindowLike {
  loadFile(path: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  /** Where main's events to the page go (absent in the oldest fakes: nothing is sent). */
  webContents?: { send(channel: string, payload: unknown): void; isDestroyed?(): boolean };
  on?(event: 'closed', listener: () => void): unknown;
  focus?(): void;
  restore?(): void;
  isMinimized?(): boolean;
}

export type BrowserWindowFactory<W extends BrowserWindowLike = BrowserWindowLike> = new (options: MainWindowOptions) => W;

export function mainWindowOptions(preload: string): MainWindowOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'StackLab',
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export interface CreateMainWindowDeps<W extends BrowserWindowLike> {
  BrowserWindow: BrowserWindowFactory<W>;
  preload: string;
  rendererIndex: string;
  logError: (message: string, error: unknown) => void;
}

/** Creates the one main window and loads the built renderer into it. */
export function createMainWindow<W extends BrowserWindowLike>(deps: CreateMainWindowDeps<W>): W {
  const window = new deps.BrowserWindow(mainWindowOptions(deps.preload));
  window.once('ready-to-show', () => window.show());
  window.loadFile(deps.rendererIndex).catch((error: unknown) => deps.logError(`cannot load ${deps.rendererIndex}`, error));
  return window;
}
