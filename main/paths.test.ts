import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopPaths, isAppUrl } from './paths';

test('desktopPaths points from dist/main to the bundled preload and the built renderer', () => {
  const paths = desktopPaths('/opt/stacklab/dist/main');
  assert.equal(paths.preload, '/opt/stacklab/dist/preload/preload.js');
  assert.equal(paths.rendererIndex, '/opt/stacklab/dist/renderer/index.html');
  assert.equal(paths.rendererUrl, 'file:///opt/stacklab/dist/renderer/index.html');
});

test('isAppUrl accepts the app page with a query or fragment and nothing else', () => {
  const app = 'file:///opt/stacklab/dist/renderer/index.html';
  assert.equal(isAppUrl(app, app), true);
  assert.equal(isAppUrl(`${app}#/networks`, app), true);
  assert.equal(isAppUrl(`${app}?lab=demo`, app), true);
  assert.equal(isAppUrl(`${app}.evil.html`, app), false);
  assert.equal(isAppUrl('file:///etc/passwd', app), false);
  assert.equal(isAppUrl('https://example.com/', app), false);
});
