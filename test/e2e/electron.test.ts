/**
 * The real desktop app, driven through playwright-core's Electron support: the splash lists the
 * services as they come up, the login page follows, admin logs in, and quitting stops the engine
 * (its lab lock is gone). It needs Electron's binary, which npm does not download (package.json's
 * allowScripts denies electron's postinstall): without it this file says so and skips — only then.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { _electron } from 'playwright-core';
import { findElectronBinary } from '../../main/launch';
import { freePortOffset, repoRoot, tempDir } from '../support/lab';
import { launchChromium, LoginPage, SCREENSHOTS } from './pages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const binary = findElectronBinary(() => require('electron'), existsSync);
const skip = binary.found ? false : `the Electron binary is absent (${binary.reason}); npm does not download it — run node node_modules/electron/install.js to get it`;
if (!binary.found) console.log(`# electron e2e skipped: ${skip}`);

test('the desktop app: splash with each service, login, dashboard, and a clean stop on quit', { skip }, async () => {
  if (!binary.found) return;
  const config = tempDir('stacklab-electron-');
  const labDir = join(config, 'StackLab', 'lab');
  const args = [repoRoot, '--port-offset', String(await freePortOffset())];
  // as root (CI containers) Chromium refuses to run with its sandbox; the page sandbox stays on
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const app = await _electron.launch({ executablePath: binary.path, args, env: { ...process.env, XDG_CONFIG_HOME: config } as Record<string, string> });
  try {
    const page = await app.firstWindow();
    mkdirSync(SCREENSHOTS, { recursive: true });
    // the splash, as far as it got when the window painted (not asserted: start-up speed varies)
    await page.screenshot({ path: join(SCREENSHOTS, 'electron-splash.png') });
    // the splash, then the login page once lab:status says ready
    const login = new LoginPage(page);
    await login.form.waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(labDir, 'engine.lock')), 'the engine serves the lab in the app data folder');
    const isolated = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined' && typeof (globalThis as { process?: unknown }).process === 'undefined');
    assert.equal(isolated, true, 'no Node in the page');
    await login.logIn('admin', await adminPassword(labDir));
    await page.screenshot({ path: join(SCREENSHOTS, 'electron-dashboard.png') });
  } finally {
    await app.close();
  }
  assert.equal(existsSync(join(labDir, 'engine.lock')), false, 'quitting stopped the engine: the lab lock is released');
});

async function adminPassword(labDir: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const rc = await readFile(join(labDir, 'keystonerc_admin'), 'utf8');
  const m = /^export OS_PASSWORD='?([^'\n]*)'?$/m.exec(rc);
  assert.ok(m, 'keystonerc_admin has the password');
  return m[1];
}

/**
 * The desktop app's start-up as its window sees it, in Chromium (runs with or without Electron): the
 * built renderer (served from 127.0.0.1: Chromium, unlike Electron, refuses module scripts from
 * file://), with the preload's `window.stacklab` stood in for by a bridge that answers lab:status
 * 'starting' and sends lab:progress as main does.
 */
test('the splash lists each service as main reports it, then gives way to the login page when the lab is ready', async () => {
  const root = join(repoRoot, 'dist', 'renderer');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html')));
    if (!path.startsWith(root) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // a string, not a function: tsx's name helpers do not exist in the page
    await page.addInitScript(`(() => {
      const listeners = new Map();
      const status = { app: { name: 'StackLab', version: '0.1.0' }, host: 'electron', platform: 'linux', arch: 'x64', versions: { node: '20' },
        engine: 'starting', services: [], authUrl: null, lastEventSeq: 0 };
      window.stacklab = {
        invoke: (channel) => Promise.resolve(channel === 'lab:status' ? { result: { ...status } } : { error: { name: 'EngineNotStartedError', message: 'The lab engine is still starting' } }),
        on: (channel, l) => { listeners.set(channel, [...(listeners.get(channel) || []), l]); return () => undefined; },
      };
      window.__mainSends = (channel, payload) => {
        if (payload.step === 'ready') Object.assign(status, { engine: 'ready', services: [{ type: 'identity', name: 'keystone', url: 'http://127.0.0.1:5000' }], authUrl: 'http://127.0.0.1:5000/v3' });
        for (const l of listeners.get(channel) || []) l(payload);
      };
    })();`);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const send = (step: string, message: string, done: number, total: number) =>
      page.evaluate(`window.__mainSends('lab:progress', ${JSON.stringify({ step, message, done, total })})`);
    await page.getByRole('heading', { name: 'StackLab' }).waitFor();
    await send('database', 'Lab database open', 1, 4);
    await send('identity', 'Keystone listening on 127.0.0.1:5000', 2, 4);
    await send('network', 'Neutron listening on 127.0.0.1:9696', 3, 4);
    const services = page.getByRole('list', { name: 'Services' });
    await services.getByText('Neutron listening on 127.0.0.1:9696').waitFor();
    assert.deepEqual(await services.getByRole('listitem').allTextContents(), ['✓Lab database open1/4', '✓Keystone listening on 127.0.0.1:50002/4', '✓Neutron listening on 127.0.0.1:96963/4']);
    assert.equal(await page.getByRole('progressbar', { name: 'Lab start-up' }).getAttribute('value'), '0.75');
    assert.equal(await page.getByRole('status').textContent(), 'Neutron listening on 127.0.0.1:9696');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'splash.png') });
    await send('ready', 'The lab is ready.', 1, 1);
    await new LoginPage(page).form.waitFor();
    assert.equal(await page.getByRole('list', { name: 'Services' }).count(), 0, 'the splash is gone');
  } finally {
    await browser.close();
    server.close();
  }
});
