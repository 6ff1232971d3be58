import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, freePortOffset } from '../test/support/lab';
import { findElectronBinary, missingElectronMessage, webModeCommand } from './launch';

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
