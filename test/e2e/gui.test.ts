import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openstackJson, rcEnv, tempDir } from '../support/lab';
import { DashboardPage, LoginPage, launchChromium, startUiLab, type UiLab } from './pages';

// The GUI in web mode, driven in Debian's Chromium against `stacklab serve --ui` on a fresh lab:
// log in, create a network with a subnet and a router with an interface, read the API log, watch a
// CLI change appear live, switch theme, log out, log in as demo. One lab and one page for the file.

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  page.on('dialog', (d) => void d.accept());
  dash = new DashboardPage(page);
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test('the printed address opens the login page, which takes the admin password from keystonerc_admin', async () => {
  assert.match(lab.url, /^http:\/\/127\.0\.0\.1:\d+\/#[A-Za-z0-9_-]{20,}$/);
  await page.goto(lab.url);
  const login = new LoginPage(page);
  await login.form.waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the secret leaves the address bar');
  await dash.shot('login');
  await login.logIn('admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD);
  for (const section of ['Project', 'Admin', 'Identity']) await dash.nav().getByRole('heading', { name: section, exact: true }).waitFor();
});

test('Create Network with a subnet: two POSTs in the API log with their openstack commands, and the CLI sees them', async () => {
  await dash.open('Networks');
  await page.getByRole('button', { name: '+ Create Network' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Network Name').fill('gui-net');
  await dialog.getByLabel('Subnet Name').fill('gui-subnet');
  await dialog.getByLabel('Network Address').fill('10.20.0.0/24');
  await dash.submitDialog('Create');
  const row = dash.row('networks', 'gui-net');
  await row.getByText('gui-subnet 10.20.0.0/24').waitFor();

  const log = await dash.openApiLog();
  const networkPost = dash.apiCall(log, 'POST', /\/v2\.0\/networks$/).first();
  await networkPost.waitFor();
  assert.match(await networkPost.innerText(), /\b201\b/);
  assert.match(await networkPost.locator('code').innerText(), /^openstack network create gui-net$/);
  const subnetPost = dash.apiCall(log, 'POST', /\/v2\.0\/subnets$/).first();
  assert.match(await subnetPost.innerText(), /\b201\b/);
  assert.match(await subnetPost.locator('code').innerText(), /^openstack subnet create --network gui-net --subnet-range 10\.20\.0\.0\/24 gui-subnet$/);
  await dash.shot('api-log');
  await dash.closeApiLog();

  const subnet = await openstackJson<{ cidr: string; gateway_ip: string }>(lab.dataDir, ['subnet', 'show', 'gui-subnet']);
  assert.equal(subnet.cidr, '10.20.0.0/24');
  assert.equal(subnet.gateway_ip, '10.20.0.1');
});

test('Create Router and Add Interface: the router gets the subnet gateway as its interface', async () => {
  await dash.open('Routers');
  await page.getByRole('button', { name: '+ Create Router' }).click();
  await dash.dialog().getByLabel('Router Name').fill('gui-router');
  await dash.submitDialog('Create Router');
  const row = dash.row('routers', 'gui-router');
  await row.waitFor();
  await row.getByRole('button', { name: 'Add Interface' }).click();
  await dash.dialog().getByLabel('Subnet').selectOption({ label: 'gui-net: 10.20.0.0/24 (gui-subnet)' });
  await dash.submitDialog('Submit');
  await row.locator('td[data-col="interfaces"]', { hasText: '10.20.0.1' }).waitFor();
  await row.getByRole('button', { name: 'Show details' }).click();
  await dash.shot('routers');

  const ports = await openstackJson<{ 'Fixed IP Addresses': unknown }[]>(lab.dataDir, ['port', 'list', '--router', 'gui-router']);
  assert.equal(ports.length, 1);
  assert.match(JSON.stringify(ports[0]['Fixed IP Addresses']), /10\.20\.0\.1/);
  const log = await dash.openApiLog();
  assert.match(await log.innerText(), /openstack router add subnet gui-router gui-subnet/);
  await dash.closeApiLog();
});

test('a network created with the real openstack CLI appears in the table without a reload', async () => {
  await dash.open('Networks');
  await dash.row('networks', 'gui-net').waitFor();
  await page.evaluate('window.__sameDocument = true');
  await openstackJson(lab.dataDir, ['network', 'create', 'cli-net']);
  await dash.row('networks', 'cli-net').waitFor();
  assert.equal(await page.evaluate('window.__sameDocument'), true, 'the page was not reloaded');
  await dash.shot('networks');
});

test('the other main panels render their tables', async () => {
  await dash.open('Security Groups');
  const sg = dash.row('security groups', 'default');
  await sg.waitFor();
  await sg.getByRole('button', { name: 'Show details' }).click();
  await dash.shot('security-groups');
  await dash.open('Floating IPs');
  await dash.table('floating IPs').waitFor();
  await dash.open('System Information');
  await dash.row('services', 'neutron').waitFor();
  await dash.shot('system-information');
  await page.getByRole('tab', { name: 'Network Agents' }).click();
  await dash.table('network agents').locator('tbody tr', { hasText: 'neutron-l3-agent' }).waitFor();
  await dash.open('Projects');
  await dash.row('projects', 'demo').waitFor();
  await dash.row('projects', 'admin').getByRole('button', { name: 'Show details' }).click();
  await page.getByRole('table', { name: 'Members of admin' }).locator('tbody tr', { hasText: 'admin' }).first().waitFor();
  await dash.shot('projects');
  await dash.open('Users');
  await dash.row('users', 'demo').waitFor();
  await dash.open('Roles');
  await dash.row('roles', 'member').waitFor();
});

test('the theme toggle switches to dark and is remembered', async () => {
  await dash.open('Networks');
  await page.getByRole('button', { name: /Dark theme/ }).click();
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  assert.equal(await page.evaluate("localStorage.getItem('stacklab.theme')"), 'dark');
  await dash.row('networks', 'cli-net').waitFor();
  await dash.shot('networks-dark');
  await page.reload();
  await new LoginPage(page).form.waitFor();
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark', 'the theme survives a reload');
});

test('log out, log in as demo: no Admin section, no admin-only Identity panels', async () => {
  // after the reload above the page shows the login form again (the token lived in memory only)
  await new LoginPage(page).logIn('demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD);
  const nav = dash.nav();
  await nav.getByRole('heading', { name: 'Project', exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Projects', exact: true }).waitFor();
  assert.equal(await nav.getByRole('heading', { name: 'Admin', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'System Information' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Users', exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await new LoginPage(page).form.waitFor();
});
