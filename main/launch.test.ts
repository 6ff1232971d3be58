import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findElectronBinary, missingElectronMessage } from './launch';

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

test('the message says how to get the binary and how to run headless', () => {
  const message = missingElectronMessage('no path.txt');
  assert.match(message, /node node_modules\/electron\/install\.js/);
  assert.match(message, /npx stacklab serve/);
});
