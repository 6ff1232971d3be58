/**
 * The real desktop app, driven through playwright-core's Electron support: the splash lists the
 * services as they come up, the login page follows, admin logs in, and quitting stops the engine
 * (its lab lock is gone). It needs Electron's binary, which npm does not download (package.json's
 * allowScripts denies electron's postinstall): without it this file says so and skips — only then.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { findElectronBinary } from '../../main/launch';
import { freePortOffset, repoRoot, tempDir } from '../support/lab';
import { LoginPage, SCREENSHOTS } from './pages';

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
