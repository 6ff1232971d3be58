import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '../engine/core/events';
import { freePortOffset, tempDir } from '../test/support/lab';
import { engineStarter } from './lab';
import { startDesktop, type AppLike, type DesktopDeps } from './app';
import type { StartLab } from './services';
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
    sent: [string, unknown][] = [];
    closedListeners: (() => void)[] = [];
    focused = 0;
    webContents = { send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]) };
    loadFile = async (path: string) => void calls.push(`loadFile ${path}`);
    once() {}
    show() {}
    on(_event: 'closed', listener: () => void) {
      this.closedListeners.push(listener);
    }
    focus() {
      this.focused++;
    }
  }

  let singleInstance = true;
  const app: AppLike = {
    requestSingleInstanceLock: () => singleInstance,
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
  return { deps, calls, appListeners, ipc, windows, security: () => ({ cspInstalled, permissionsHandled }), secondInstance: () => void (singleInstance = false) };
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

const APP_PAGE = { senderFrame: { url: 'file:///app/dist/renderer/index.html' } };

/** A started lab as main sees it: real LabApi handlers over a fake engine's dependencies. */
function fakeLab() {
  const events = new EventBus();
  let stops = 0;
  const startLab: StartLab = async (onProgress) => {
    onProgress({ step: 'identity', message: 'Keystone answers', done: 1, total: 2 });
    onProgress({ step: 'network', message: 'Neutron answers', done: 2, total: 2 });
    return {
      deps: {
        status: () => ({ app: { name: 'x', version: '0' }, host: 'web', platform: 'p', arch: 'a', versions: { node: '0' }, engine: 'ready', services: [{ type: 'identity', name: 'keystone', url: 'http://127.0.0.1:5000' }], authUrl: 'http://127.0.0.1:5000/v3', lastEventSeq: events.lastSeq }),
        events,
        apiOrigins: () => ['http://127.0.0.1:5000'],
        shell: { openSession: () => ({ id: 's1', prompt: '# ' }), run: async () => ({ stdout: 'ok\n', stderr: '', code: 0, prompt: '# ', exited: null, secret: false }), closeSession: () => undefined },
      },
      stop: async () => void stops++,
    };
  };
  return { startLab, events, stops: () => stops };
}

test('the lab engine starts in main: progress reaches the window, then lab:status is ready and the channels serve', async () => {
  const electron = fakeElectron();
  const lab = fakeLab();
  const desktop = await startDesktop({ ...electron.deps, startLab: lab.startLab });
  await desktop.labStarted;
  const progress = electron.windows[0].sent.filter(([c]) => c === 'lab:progress').map(([, p]) => (p as { step: string }).step);
  assert.deepEqual(progress, ['identity', 'network', 'ready']);
  const status = (await electron.ipc.get('lab:status')!(APP_PAGE)) as { result: { engine: string; host: string; authUrl: string } };
  assert.equal(status.result.engine, 'ready');
  assert.equal(status.result.host, 'electron', 'main reports itself, whatever the engine deps say');
  assert.equal(status.result.authUrl, 'http://127.0.0.1:5000/v3');
  const shell = (await electron.ipc.get('shell:open')!(APP_PAGE)) as { result: { id: string } };
  assert.equal(shell.result.id, 's1');
  // engine events flow to the window as lab:event
  lab.events.publish('network.network.created', 'n1');
  assert.ok(electron.windows[0].sent.some(([c, p]) => c === 'lab:event' && (p as { id: string }).id === 'n1'));
});

test('before the engine serves, the engine channels answer EngineNotStartedError; a failed start is reported', async () => {
  const electron = fakeElectron();
  const desktop = await startDesktop({ ...electron.deps, startLab: async () => Promise.reject(new Error('another stacklab (pid 42) is serving this lab')) });
  await desktop.labStarted;
  const r = (await electron.ipc.get('os:request')!(APP_PAGE, { method: 'GET', url: 'http://127.0.0.1:5000/' })) as { error: { name: string; message: string } };
  assert.equal(r.error.name, 'EngineNotStartedError');
  assert.match(r.error.message, /could not start: another stacklab \(pid 42\)/);
  assert.ok(electron.windows[0].sent.some(([c, p]) => c === 'lab:progress' && (p as { step: string }).step === 'failed'));
});

test('quitting stops the engine exactly once before the app goes', async () => {
  const electron = fakeElectron();
  const lab = fakeLab();
  let quit!: () => void;
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  electron.deps.app.quit = () => quit();
  const desktop = await startDesktop({ ...electron.deps, startLab: lab.startLab });
  await desktop.labStarted;
  const beforeQuit = electron.appListeners.get('before-quit') as (e: { preventDefault(): void }) => void;
  let prevented = 0;
  beforeQuit({ preventDefault: () => void prevented++ });
  beforeQuit({ preventDefault: () => void prevented++ });
  assert.equal(lab.stops(), 1, 'the stop starts at the first before-quit');
  await quitted; // quits again once the engine has stopped
  assert.equal(lab.stops(), 1);
  beforeQuit({ preventDefault: () => void prevented++ });
  assert.equal(prevented, 2, 'the quit after the stop goes through');
});

test('a second instance quits at once; the first one is focused', async () => {
  const first = fakeElectron();
  await startDesktop(first.deps);
  (first.appListeners.get('second-instance') as () => void)();
  assert.equal(first.windows[0].focused, 1);
  const second = fakeElectron();
  second.secondInstance();
  await assert.rejects(startDesktop(second.deps), /already running/);
  assert.ok(second.calls.includes('quit'));
  assert.equal(second.windows.length, 0);
});

test('a real engine in a temp lab: progress per service reaches the window, lab:status turns ready, the API answers, quit stops it', async () => {
  const dataDir = tempDir('stacklab-desktop-');
  const portOffset = await freePortOffset();
  const electron = fakeElectron();
  let quit!: () => void;
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  electron.deps.app.quit = () => quit();
  const desktop = await startDesktop({ ...electron.deps, startLab: engineStarter({ dataDir, portOffset, ...LAB_INFO }) });
  try {
    const before = (await electron.ipc.get('lab:status')!(APP_PAGE)) as { result: { engine: string } };
    assert.equal(before.result.engine, 'starting', 'the window asks before the engine serves');
    await desktop.labStarted;
    const steps = electron.windows[0].sent.filter(([c]) => c === 'lab:progress').map(([, p]) => p as { step: string; done: number; total: number });
    assert.ok(steps.length >= 3, `several steps: ${JSON.stringify(steps)}`);
    assert.equal(steps.at(-1)!.step, 'ready');
    for (const p of steps) assert.ok(p.done <= p.total);
    const status = (await electron.ipc.get('lab:status')!(APP_PAGE)) as { result: { engine: string; host: string; authUrl: string; services: { type: string }[] } };
    assert.equal(status.result.engine, 'ready');
    assert.equal(status.result.host, 'electron');
    assert.ok(status.result.services.some((s) => s.type === 'identity'));
    assert.ok(existsSync(join(dataDir, 'engine.lock')), 'the lab is locked while the app serves it');
    // the renderer's API calls go through connectEngine's os:request to the engine's own Keystone
    const versions = (await electron.ipc.get('os:request')!(APP_PAGE, { method: 'GET', url: status.result.authUrl })) as { result: { status: number } };
    assert.equal(versions.result.status, 200);
    (electron.appListeners.get('before-quit') as (e: { preventDefault(): void }) => void)({ preventDefault: () => undefined });
    await quitted;
    assert.equal(desktop.services.lab.status().engine, 'not-started');
    assert.equal(existsSync(join(dataDir, 'engine.lock')), false, 'the lock is released: the engine stopped');
  } finally {
    await desktop.services.lab.stop();
    desktop.dispose();
  }
});

test('a lab another live stacklab holds is refused by its lock, and the splash says why', async () => {
  const dataDir = tempDir('stacklab-desktop-');
  // another process (the test runner here) holds the lab, as a running `stacklab serve` would
  writeFileSync(join(dataDir, 'engine.lock'), `${process.ppid}\n`);
  const electron = fakeElectron();
  const desktop = await startDesktop({ ...electron.deps, startLab: engineStarter({ dataDir, portOffset: await freePortOffset(), ...LAB_INFO }) });
  try {
    await desktop.labStarted;
    const failed = electron.windows[0].sent.find(([c, p]) => c === 'lab:progress' && (p as { step: string }).step === 'failed');
    assert.match((failed?.[1] as { message: string } | undefined)?.message ?? '', new RegExp(`another stacklab \\(pid ${process.ppid}\\) is serving this lab`));
    assert.equal(desktop.services.lab.status().engine, 'not-started');
  } finally {
    await desktop.services.lab.stop();
    desktop.dispose();
  }
});

const LAB_INFO = { app: { name: 'StackLab', version: '0.1.0' }, versions: { node: process.versions.node } };

test('the window\'s connection closes with it: its shells end, engine events stop; a new window gets a new connection', async () => {
  const electron = fakeElectron('darwin'); // macOS keeps the app when the last window closes
  const lab = fakeLab();
  const closed: string[] = [];
  const startLab: StartLab = async (onProgress) => {
    const handle = await lab.startLab(onProgress);
    let n = 0;
    handle.deps.shell = { ...handle.deps.shell, openSession: () => ({ id: `s${++n}`, prompt: '# ' }), closeSession: (id: string) => void closed.push(id) };
    return handle;
  };
  const desktop = await startDesktop({ ...electron.deps, startLab });
  await desktop.labStarted;
  const first = electron.windows[0];
  lab.events.publish('network.network.created', 'n1');
  assert.ok(first.sent.some(([c, p]) => c === 'lab:event' && (p as { id: string }).id === 'n1'), 'events flow as soon as the engine serves, before the page calls');
  const opened = (await electron.ipc.get('shell:open')!(APP_PAGE)) as { result: { id: string } };
  assert.equal(opened.result.id, 's1');
  const eventsBefore = first.sent.filter(([c]) => c === 'lab:event').length;
  assert.equal(eventsBefore, 1);
  for (const l of first.closedListeners) l();
  assert.deepEqual(closed, ['s1'], 'the page\'s shell session is closed with the window');
  lab.events.publish('network.network.created', 'n2');
  assert.equal(first.sent.filter(([c]) => c === 'lab:event').length, eventsBefore, 'no events for a closed window');
  electron.windows.length = 0;
  (electron.appListeners.get('activate') as () => void)();
  assert.equal(electron.windows.length, 1);
  lab.events.publish('network.network.created', 'n3');
  assert.ok(electron.windows[0].sent.some(([c, p]) => c === 'lab:event' && (p as { id: string }).id === 'n3'), 'the new window gets its own connection');
  desktop.dispose();
});
