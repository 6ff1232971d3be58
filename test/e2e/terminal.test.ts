import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openstack, repoRoot, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// Terminal tabs in web mode: a local shell whose `openstack` is the real CLI with the lab's admin
// credentials, the lab host's shell, and an instance's serial console opened from the Instances panel.

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-term-'), ['--instant']);
  const os = (...args: string[]) => openstack(lab.dataDir, args);
  await os('network', 'create', '--external', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet', 'public');
  await os('network', 'create', 'intnet');
  await os('subnet', 'create', '--network', 'intnet', '--subnet-range', '10.5.5.0/24', 'subnet1');
  await os('image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', join(repoRoot, 'resources', 'mirror', 'files', 'cirros-0.6.2-x86_64-disk.img'), 'cirros');
  await os('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--wait', 'term-vm');
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1280, height: 900, timeoutMs: 30_000 }));
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

/** The visible terminal's screen text. */
const screen = (): Locator => page.locator('.terminal-view:not([hidden]) .xterm-rows');

async function type(line: string): Promise<void> {
  await page.locator('.terminal-view:not([hidden]) textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a Terminal tab runs the real openstack CLI with the lab admin credentials', async () => {
  await page.getByRole('button', { name: '>_ Terminal' }).click();
  await page.getByRole('tab', { name: 'Terminal' }).waitFor();
  await screen().getByText(/keystone_admin/).first().waitFor();
  await type('openstack server list -c Name -c Status');
  await screen().getByText(/\| term-vm \| ACTIVE \|/).waitFor();
  await screen().getByText(/\| Name +\| Status \|/).waitFor();
  // the next prompt before the next command (no typeahead echoed ahead of it)
  await screen().getByText(/keystone_admin\)\]#/).nth(1).waitFor();
  await type('openstack network list -c Name');
  await screen().getByText(/\| public +\|/).waitFor();
  await dash.shot('terminal');
});

test('a Host shell tab shows the namespaces and bridges of the lab host', async () => {
  await page.getByRole('button', { name: 'Host Shell' }).click();
  await page.getByRole('tab', { name: 'Host shell' }).waitFor();
  await screen().getByText('[root@localhost ~]#').first().waitFor();
  await type('ip netns');
  await screen().getByText(/qdhcp-/).waitFor();
  await type('ovs-vsctl show');
  // the end of `ovs-vsctl show` (br-int's many ports scroll the top out of the visible rows)
  await screen().getByText(/ovs_version: "/).waitFor();
  await screen().getByText(/Bridge br-/).first().waitFor();
  await dash.shot('host-shell');
});

test("the Instances panel's Console opens the instance's serial console with its boot log", async () => {
  await dash.open('Instances');
  await dash.row('instances', 'term-vm').getByRole('button', { name: 'Console' }).click();
  await page.getByRole('tab', { name: 'Console: term-vm' }).waitFor();
  await screen().getByText(/login:/).first().waitFor();
  // the boot log's last screenful comes first (CirrOS's login banner), then the live getty
  await screen().getByText(/login as 'cirros' user/).first().waitFor();
  await type('');
  await screen().getByText(/login:/).first().waitFor();
  const tabs = await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').allInnerTexts();
  assert.deepEqual(tabs, ['Terminal', 'Host shell', 'Console: term-vm']);
  await dash.shot('console');
  // closing a tab ends its session; the others stay
  await page.getByRole('button', { name: 'Close Host shell' }).click();
  assert.deepEqual(await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').allInnerTexts(), ['Terminal', 'Console: term-vm']);
});
