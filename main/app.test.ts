import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDesktop, type AppLike, type DesktopDeps } from './app';
import { invokeChannels } from './ipc/contract';
import type { IpcInvokeEventLike } from './ipc/handlers';
import { desktopPaths } from './paths';
import type { SessionLike, WebContentsLike } from './security';
import type { MainWindowOptions } from './window';

/** Electron, faked through the constructor parameters startDesktop takes: no module mocking. */
function fakeElectron(platform = 'linux') {
  const calls: string[] = [];
  const appListeners = new Map<string, (...args: never[]) => void>();
  const ipc = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const windows: FakeWindow[] = [];
  let cspInstalled = false;
  let permissionsHandled = false;

  class FakeWindow {
    constructor(readonly options: MainWindowOptions) {
      windows.push(this);
      calls.push('new BrowserWindow');
    }
    static getAllWindows() {
      return windows;
    }
    loadFile = async (path: string) => void calls.push(`loadFile ${path}`);
    once() {}
    show() {}
  }

  const app: AppLike = {
    enableSandbox: () => void calls.push('enableSandbox'),
    whenReady: async () => void calls.push('whenReady'),
    getName: () => 'StackLab',
    getVersion: () => '0.1.0',
    quit: () => void calls.push('quit'),
    on: (event: string, listener: (...args: never[]) => void) => void appListeners.set(event, listener),
  };
  const session: SessionLike = {
    webRequest: { onHeadersReceived: () => void (cspInstalled = true) },
    setPermissionRequestHandler: () => void (permissionsHandled = true),
  };
  const deps: DesktopDeps<FakeWindow> = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel, listener) => void ipc.set(channel, listener), removeHandler: (channel) => void ipc.delete(channel) },
    defaultSession: () => {
      calls.push('defaultSession');
      return session;
    },
    process: { platform, arch: 'x64', versions: { electron: '40.9.3', chrome: '144.0.0.0', node: '24.11.1' } },
    paths: desktopPaths('/app/dist/main'),
    logError: (message) => calls.push(`error ${message}`),
  };
  return { deps, calls, appListeners, ipc, windows, security: () => ({ cspInstalled, permissionsHandled }) };
}

test('startDesktop enables the sandbox before ready, secures the session, then opens one secure window', async () => {
  const electron = fakeElectron();
  const desktop = await startDesktop(electron.deps);

  assert.deepEqual(electron.calls, [
    'enableSandbox',
    'whenReady',
    'defaultSession',
    'new BrowserWindow',
    'loadFile /app/dist/renderer/index.html',
  ]);
  assert.deepEqual(electron.security(), { cspInstalled: true, permissionsHandled: true });
  assert.equal(electron.windows.length, 1);
  assert.equal(desktop.window, electron.windows[0]);
  const { webPreferences } = desktop.window.options;
  assert.equal(webPreferences.contextIsolation, true);
  assert.equal(webPreferences.sandbox, true);
  assert.equal(webPreferences.nodeIntegration, false);
  assert.equal(webPreferences.preload, '/app/dist/preload/preload.js');
});

test('lab:status answers static app info to the app page only', async () => {
  const electron = fakeElectron();
  await startDesktop(electron.deps);
  const handle = electron.ipc.get('lab:status');
  assert.ok(handle);

  assert.deepEqual(await handle({ senderFrame: { url: 'file:///app/dist/renderer/index.html' } }), {
    result: {
      app: { name: 'StackLab', version: '0.1.0' },
      platform: 'linux',
      arch: 'x64',
      versions: { electron: '40.9.3', chrome: '144.0.0.0', node: '24.11.1' },
      host: 'electron',
      engine: 'not-started',
      services: [],
      authUrl: null,
      lastEventSeq: 0,
    },
  });
  const refused = (await handle({ senderFrame: { url: 'https://example.com/' } })) as { error?: { name: string } };
  assert.equal(refused.error?.name, 'IpcForbiddenError');
});

test('every web contents is hardened as it is created', async () => {
  const electron = fakeElectron();
  await startDesktop(electron.deps);
  const hardened: string[] = [];
  const contents: WebContentsLike = {
    setWindowOpenHandler: () => void hardened.push('window-open'),
    on: (event: string) => void hardened.push(event),
  };
  const created = electron.appListeners.get('web-contents-created') as (event: unknown, contents: WebContentsLike) => void;
  created({}, contents);
  assert.deepEqual(hardened, ['window-open', 'will-navigate', 'will-attach-webview']);
});

test('closing the last window quits, except on macOS; activate reopens a window when none is left', async () => {
  const linux = fakeElectron('linux');
  await startDesktop(linux.deps);
  (linux.appListeners.get('window-all-closed') as () => void)();
  assert.ok(linux.calls.includes('quit'));

  const mac = fakeElectron('darwin');
  await startDesktop(mac.deps);
  (mac.appListeners.get('window-all-closed') as () => void)();
  assert.ok(!mac.calls.includes('quit'));
  (mac.appListeners.get('activate') as () => void)();
  assert.equal(mac.windows.length, 1, 'a window is still open: activate does not open another');
  mac.windows.length = 0;
  (mac.appListeners.get('activate') as () => void)();
  assert.equal(mac.windows.length, 1);
});

test('dispose removes the IPC handlers', async () => {
  const electron = fakeElectron();
  const desktop = await startDesktop(electron.deps);
  assert.equal(electron.ipc.size, invokeChannels.length);
  desktop.dispose();
  assert.equal(electron.ipc.size, 0);
});
