import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMainWindow, mainWindowOptions, type MainWindowOptions } from './window';

class FakeWindow {
  static created: FakeWindow[] = [];
  readonly loaded: string[] = [];
  readonly listeners = new Map<string, () => void>();
  shown = false;
  loadResult: Promise<void> = Promise.resolve();
  constructor(readonly options: MainWindowOptions) {
    FakeWindow.created.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loaded.push(path);
    return this.loadResult;
  }
  once(event: 'ready-to-show', listener: () => void) {
    this.listeners.set(event, listener);
  }
  show() {
    this.shown = true;
  }
}

test('the main window is sandboxed, context-isolated and has no Node integration', () => {
  const { webPreferences } = mainWindowOptions('/app/dist/preload/preload.js');
  assert.equal(webPreferences.contextIsolation, true);
  assert.equal(webPreferences.sandbox, true);
  assert.equal(webPreferences.nodeIntegration, false);
  assert.equal(webPreferences.nodeIntegrationInWorker, false);
  assert.equal(webPreferences.webSecurity, true);
  assert.equal(webPreferences.webviewTag, false);
  assert.equal(webPreferences.preload, '/app/dist/preload/preload.js');
});

test('createMainWindow builds the window with those options, loads the renderer and shows it once painted', () => {
  FakeWindow.created = [];
  const window = createMainWindow({
    BrowserWindow: FakeWindow,
    preload: '/app/dist/preload/preload.js',
    rendererIndex: '/app/dist/renderer/index.html',
    logError: () => assert.fail('no error expected'),
  });
  assert.equal(FakeWindow.created.length, 1);
  assert.deepEqual(window.options, mainWindowOptions('/app/dist/preload/preload.js'));
  assert.equal(window.options.show, false);
  assert.deepEqual(window.loaded, ['/app/dist/renderer/index.html']);
  assert.equal(window.shown, false);
  window.listeners.get('ready-to-show')?.();
  assert.equal(window.shown, true);
});

test('a renderer that fails to load is logged, not left as an unhandled rejection', async () => {
  const errors: string[] = [];
  class FailingWindow extends FakeWindow {
    override loadFile(path: string): Promise<void> {
      this.loaded.push(path);
      return Promise.reject(new Error('ERR_FILE_NOT_FOUND'));
    }
  }
  createMainWindow({
    BrowserWindow: FailingWindow,
    preload: 'p.js',
    rendererIndex: '/missing/index.html',
    logError: (message) => errors.push(message),
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(errors, ['cannot load /missing/index.html']);
});
