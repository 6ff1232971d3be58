import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, freePortOffset } from '../test/support/lab';
import { findElectronBinary, missingElectronMessage, planLaunch, webModeCommand } from './launch';
import { appDataDir, defaultDesktopLabDir } from './paths';

test('a missing Electron download is reported, not thrown', () => {
  const binary = findElectronBinary(
    () => {
      throw new Error('Electron failed to install correctly');
    },
    () => true,
  );
  assert.deepEqual(binary, { found: false, reason: 'Electron failed to install correctly' });
});

test('a binary path that does not exist is reported', () => {
  const binary = findElectronBinary(() => '/nm/electron/dist/electron', () => false);
  assert.equal(binary.found, false);
});

test('an installed binary is found', () => {
  assert.deepEqual(findElectronBinary(() => '/nm/electron/dist/electron', () => true), {
    found: true,
    path: '/nm/electron/dist/electron',
  });
});

test('the message says how to get the binary and that web mode starts instead', () => {
  const message = missingElectronMessage('no path.txt');
  assert.match(message, /node node_modules\/electron\/install\.js/);
  assert.match(message, /Starting web mode instead \(npx stacklab serve --ui\)/);
});

test('with the binary npm start runs the desktop app on the app root; without it web mode on the same lab, saying so', () => {
  const lab = '/home/u/.config/StackLab/lab';
  assert.deepEqual(planLaunch({ found: true, path: '/nm/electron' }, '/app', ['--x'], lab), { mode: 'desktop', file: '/nm/electron', args: ['/app', '--x'] });
  const web = planLaunch({ found: false, reason: 'Electron failed to install correctly' }, '/app', [], lab);
  assert.equal(web.mode, 'web');
  assert.deepEqual(web.args.slice(1), ['serve', '--ui', '--data-dir', lab]);
  assert.equal(web.file, process.execPath);
  if (web.mode === 'web') {
    assert.match(web.message, /Electron binary is not installed/);
    assert.match(web.message, /\(Electron failed to install correctly\)/);
    assert.match(web.message, /The lab is the desktop app's: \/home\/u\/\.config\/StackLab\/lab/);
  }
  // a --data-dir of the user's wins over the app's lab
  const own = planLaunch({ found: false, reason: 'r' }, '/app', ['--data-dir', '/tmp/l'], lab);
  assert.deepEqual(own.args.slice(1), ['serve', '--ui', '--data-dir', '/tmp/l']);
});

test('the desktop lab folder is Electron\'s userData/lab on each platform', () => {
  assert.equal(defaultDesktopLabDir('linux', {}, '/home/u'), '/home/u/.config/StackLab/lab');
  assert.equal(defaultDesktopLabDir('linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/u'), '/x/cfg/StackLab/lab');
  assert.equal(appDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/u'), '/home/u/.config', 'a relative XDG_CONFIG_HOME is ignored');
  assert.equal(defaultDesktopLabDir('darwin', {}, '/Users/u'), '/Users/u/Library/Application Support/StackLab/lab');
  assert.equal(appDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming');
});

test('without Electron, npm start runs web mode, which prints the address of the GUI', async () => {
  const root = join(__dirname, '..');
  const dataDir = tempDir('stacklab-launch-');
  const cmd = webModeCommand(root, ['--data-dir', dataDir, '--port-offset', String(await freePortOffset())]);
  assert.deepEqual(cmd.args.slice(1, 3), ['serve', '--ui']);
  const child = spawn(cmd.file, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^stacklab ui: (\S+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`web mode exited ${code}: ${out}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#/);
  } finally {
    child.kill('SIGTERM');
  }
});
