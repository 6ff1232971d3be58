import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopLabDir, portOffsetArg } from './lab';

test('the app takes --port-offset as serve does; 0 without it; nonsense is refused', () => {
  assert.equal(portOffsetArg(['/usr/bin/electron', '/app']), 0);
  assert.equal(portOffsetArg(['/usr/bin/electron', '/app', '--port-offset', '300']), 300);
  assert.equal(portOffsetArg(['/app', '--port-offset=40']), 40);
  assert.throws(() => portOffsetArg(['--port-offset', 'x']), /integer from 0 to 50000, not x/);
  assert.throws(() => portOffsetArg(['--port-offset=-1']), /not -1/);
});

test('the lab is the lab/ folder of the app data folder', () => {
  assert.equal(desktopLabDir('/home/u/.config/StackLab'), '/home/u/.config/StackLab/lab');
});
