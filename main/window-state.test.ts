import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test/support/lab';
import { createMainWindow, type MainWindowOptions } from './window';
import { currentWindowState, isVisible, loadWindowState, parseWindowState, saveWindowState, type Rect } from './window-state';

const SCREEN: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const RIGHT: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };

test('a saved state is read back: bounds and maximized', () => {
  const file = join(tempDir('stacklab-ws-'), 'sub', 'window-state.json');
  saveWindowState(file, { bounds: { x: 100, y: 50, width: 1300, height: 900 }, maximized: true });
  assert.deepEqual(loadWindowState(file, [SCREEN]), { bounds: { x: 100, y: 50, width: 1300, height: 900 }, maximized: true });
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { bounds: { x: 100, y: 50, width: 1300, height: 900 }, maximized: true });
});

test('no file, broken JSON or wrong shapes give the defaults', () => {
  const dir = tempDir('stacklab-ws-');
  assert.deepEqual(loadWindowState(join(dir, 'none.json'), [SCREEN]), { maximized: false });
  const file = join(dir, 'w.json');
  writeFileSync(file, '{"bounds": {"x": 1');
  assert.deepEqual(loadWindowState(file, [SCREEN]), { maximized: false });
  assert.deepEqual(parseWindowState('[1,2]', [SCREEN]), { maximized: false });
  assert.deepEqual(parseWindowState('null', [SCREEN]), { maximized: false });
  assert.deepEqual(parseWindowState('{"maximized":"yes"}', [SCREEN]), { maximized: false });
  for (const bounds of [
    { x: 0, y: 0, width: 100, height: 900 }, // smaller than the minimum size
    { x: 0.5, y: 0, width: 1200, height: 900 },
    { x: '0', y: 0, width: 1200, height: 900 },
    { x: 0, y: 0, width: 1e9, height: 900 },
    { x: 0, y: 0, width: 1200 },
  ]) {
    assert.deepEqual(parseWindowState(JSON.stringify({ bounds, maximized: true }), [SCREEN]), { maximized: true }, JSON.stringify(bounds));
  }
});

test('bounds on no current display are dropped (the monitor was unplugged); a second display keeps them', () => {
  const text = JSON.stringify({ bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: false });
  assert.deepEqual(parseWindowState(text, [SCREEN]), { maximized: false });
  assert.deepEqual(parseWindowState(text, [SCREEN, RIGHT]), { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: false });
  assert.equal(isVisible({ x: 1850, y: 0, width: 1200, height: 800 }, [SCREEN]), false, 'a 70 px strip is not enough to grab it');
  assert.equal(isVisible({ x: 1800, y: 0, width: 1200, height: 800 }, [SCREEN]), true);
  assert.equal(isVisible({ x: 100, y: -500, width: 1200, height: 800 }, [SCREEN]), false, 'title bar above the screen');
});

test('the state saved is the normal (unmaximized) bounds and the maximized flag', () => {
  assert.deepEqual(currentWindowState({ getNormalBounds: () => ({ x: 10, y: 20, width: 1000, height: 700 }), isMaximized: () => true }), {
    bounds: { x: 10, y: 20, width: 1000, height: 700 },
    maximized: true,
  });
});

test('the window opens where it was, maximizes before showing, and saves its state when it closes', () => {
  const saved: unknown[] = [];
  const calls: string[] = [];
  class W {
    listeners = new Map<string, () => void>();
    constructor(readonly options: MainWindowOptions) {}
    loadFile = async () => undefined;
    once(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    on(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    show() {
      calls.push('show');
    }
    maximize() {
      calls.push('maximize');
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1100, height: 700 };
    }
    isMaximized() {
      return false;
    }
  }
  const w = createMainWindow({
    BrowserWindow: W,
    preload: 'p.js',
    rendererIndex: 'i.html',
    logError: () => assert.fail('no error expected'),
    state: { load: () => ({ bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true }), save: (s) => void saved.push(s) },
  });
  assert.deepEqual([w.options.x, w.options.y, w.options.width, w.options.height], [5, 6, 1000, 700]);
  assert.equal(w.options.minWidth, 960);
  w.listeners.get('ready-to-show')!();
  assert.deepEqual(calls, ['maximize', 'show']);
  w.listeners.get('close')!();
  assert.deepEqual(saved, [{ bounds: { x: 40, y: 30, width: 1100, height: 700 }, maximized: false }]);
});
