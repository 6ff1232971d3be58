import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { freePortOffset, rcEnv, repoRoot } from '../support/lab';

/** Debian's Chromium: the e2e tests drive it and never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'test', 'e2e', 'screenshots');

export interface UiLab {
  child: ChildProcess;
  dataDir: string;
  portOffset: number;
  /** The printed `stacklab ui:` address, secret included. */
  url: string;
  stop(): Promise<void>;
}

/** `stacklab serve --ui` on a fresh lab; resolves with the printed UI address. */
export async function startUiLab(dataDir: string, extraArgs: string[] = []): Promise<UiLab> {
  const portOffset = await freePortOffset();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'serve', '--ui', '--data-dir', dataDir, '--port-offset', String(portOffset), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "stacklab ui:" line in 30 s: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^stacklab ui: (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve --ui exited ${code}: ${out}${err}`));
    });
  });
  return {
    child,
    dataDir,
    portOffset,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Launches Debian's Chromium headless; fails loudly when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the e2e tests need Debian's chromium (scripts/install-system-deps.sh installs it)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** The login page. */
export class LoginPage {
  constructor(readonly page: Page) {}
  async logIn(user: string, password: string): Promise<void> {
    await this.page.getByLabel('User Name').fill(user);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign In' }).click();
    await this.page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
  }
  get form(): Locator {
    return this.page.getByRole('button', { name: 'Sign In' });
  }
}

/** The logged-in dashboard: nav, panels, tables, modals, the API log. */
export class DashboardPage {
  constructor(readonly page: Page) {}
  nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Dashboard' });
  }
  async open(panel: string): Promise<void> {
    // first: Project's panel where Admin has one of the same name (Networks)
    await this.nav().getByRole('link', { name: panel, exact: true }).first().click();
    await this.page.getByRole('heading', { level: 1, name: panel }).waitFor();
  }
  table(noun: string): Locator {
    return this.page.getByRole('region', { name: noun, exact: true });
  }
  row(noun: string, text: string): Locator {
    return this.table(noun).locator('tbody tr').filter({ has: this.page.locator('td[data-col="name"]', { hasText: new RegExp(`^${text}$`) }) });
  }
  dialog(): Locator {
    return this.page.getByRole('dialog');
  }
  async submitDialog(label: string): Promise<void> {
    await this.dialog().getByRole('button', { name: label }).click();
    await this.dialog().waitFor({ state: 'detached' });
  }
  async openApiLog(): Promise<Locator> {
    const toggle = this.page.getByRole('button', { name: /API log/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    return this.page.getByRole('region', { name: 'API log' });
  }
  /** The API log's row of a call: method and a URL ending. */
  apiCall(log: Locator, method: string, urlEnd: RegExp): Locator {
    return log
      .locator('tbody tr')
      .filter({ has: this.page.locator('td.apilog__method', { hasText: new RegExp(`^${method}$`) }) })
      .filter({ has: this.page.locator('td.apilog__url', { hasText: urlEnd }) });
  }
  async closeApiLog(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: /API log/ });
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  }
  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }
}

/**
 * Chromium with one page logged in to the lab's GUI as admin (password from keystonerc_admin);
 * confirm dialogs are accepted, as a student clicking OK.
 */
export async function openAdminDashboard(lab: UiLab, opts: { width: number; height: number; timeoutMs?: number }): Promise<{ browser: Browser; page: Page; dash: DashboardPage }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: opts.width, height: opts.height } });
  page.setDefaultTimeout(opts.timeoutMs ?? 20_000);
  page.on('dialog', (d) => void d.accept());
  await page.goto(lab.url);
  await new LoginPage(page).logIn('admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD);
  return { browser, page, dash: new DashboardPage(page) };
}
