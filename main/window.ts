import { currentWindowState, DEFAULT_SIZE, MIN_SIZE, type Rect, type WindowState } from './window-state';

/** Options of the window: sandboxed, isolated, no Node in the page, hidden until painted. */
export interface MainWindowOptions {
  x?: number;
  y?: number;
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
  on?(event: 'closed' | 'close', listener: () => void): unknown;
  maximize?(): void;
  getNormalBounds?(): Rect;
  isMaximized?(): boolean;
  focus?(): void;
  restore?(): void;
  isMinimized?(): boolean;
}

export type BrowserWindowFactory<W extends BrowserWindowLike = BrowserWindowLike> = new (options: MainWindowOptions) => W;

/** The window's options; `bounds` (validated, from the remembered state) places and sizes it. */
export function mainWindowOptions(preload: string, bounds?: Rect): MainWindowOptions {
  return {
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
  /** Where the window's size, position and maximized state are remembered (absent: not remembered). */
  state?: { load(): WindowState; save(state: WindowState): void };
}

/** Creates the one main window and loads the built renderer into it. */
export function createMainWindow<W extends BrowserWindowLike>(deps: CreateMainWindowDeps<W>): W {
  const state = deps.state?.load() ?? { maximized: false };
  const window = new deps.BrowserWindow(mainWindowOptions(deps.preload, state.bounds));
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize?.();
    window.show();
  });
  const save = deps.state?.save;
  if (save) {
    // 'close' comes while the window still has its bounds ('closed' is too late)
    window.on?.('close', () => {
      if (!window.getNormalBounds || !window.isMaximized) return;
      try {
        save(currentWindowState({ getNormalBounds: () => window.getNormalBounds!(), isMaximized: () => window.isMaximized!() }));
      } catch (error) {
        deps.logError('cannot remember the window state', error);
      }
    });
  }
  window.loadFile(deps.rendererIndex).catch((error: unknown) => deps.logError(`cannot load ${deps.rendererIndex}`, error));
  return window;
}
