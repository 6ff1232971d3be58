import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openstack, openstackJson, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// StackLab's Lab section in web mode: the snapshot timeline (take, compare, restore — the cloud is
// checked with the real CLI) and a guided lab (start, check, hints), as a student clicks them.

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-lab-'));
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1280, height: 860 }));
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

const networks = async () => (await openstackJson<{ Name: string }[]>(lab.dataDir, ['network', 'list'])).map((n) => n.Name).sort();

async function takeSnapshot(name: string): Promise<void> {
  await page.getByRole('button', { name: '+ Take Snapshot' }).click();
  await dash.dialog().getByLabel('Snapshot Name').fill(name);
  await dash.submitDialog('Take Snapshot');
  await page.getByRole('list', { name: 'Snapshot timeline' }).getByText(name, { exact: true }).waitFor();
}

test('snapshot timeline: take two, compare them, restore the first and the cloud follows', async () => {
  await dash.open('Lab Snapshots');
  await takeSnapshot('before-net');
  await openstack(lab.dataDir, ['network', 'create', 'snap-net']);
  await takeSnapshot('with-net');

  await page.getByLabel('From', { exact: true }).selectOption('before-net');
  await page.getByLabel('To', { exact: true }).selectOption('with-net');
  await page.getByRole('button', { name: 'Compare' }).click();
  const diff = page.getByRole('region', { name: 'Snapshot diff' });
  await diff.locator('tr[data-change="added"]', { hasText: 'snap-net' }).waitFor();
  assert.match(await diff.getByRole('heading').innerText(), /^before-net → with-net: \d+ added, 0 removed, \d+ changed$/);
  await dash.shot('snapshots');

  assert.deepEqual(await networks(), ['snap-net']);
  await page.getByRole('button', { name: 'Restore before-net' }).click();
  await page.getByText('Restore snapshot before-net: done.').waitFor();
  assert.deepEqual(await networks(), []);
  // the lab still serves writes after its restart, and the timeline keeps both snapshots
  await openstack(lab.dataDir, ['network', 'create', 'after-restore']);
  assert.deepEqual(await networks(), ['after-restore']);
  await page.getByRole('list', { name: 'Snapshot timeline' }).getByText('with-net', { exact: true }).waitFor();
});

test('guided lab: start, a failing check names what is missing, hints, then the step passes', async () => {
  await dash.open('Guided Labs');
  const item = page.getByRole('listitem').filter({ hasText: 'PackStack walkthrough' });
  await item.getByRole('button', { name: 'Start' }).click();
  const current = page.getByRole('region', { name: 'Current guided lab' });
  await current.getByRole('heading', { name: 'Step 1/7: A project and a user of your own' }).waitFor();

  await current.getByRole('button', { name: 'Check' }).click();
  const results = page.getByRole('region', { name: 'Check results' });
  await results.locator('li[data-ok="false"]', { hasText: 'project newProject exists with a description' }).waitFor();

  await current.getByRole('button', { name: 'Hint' }).click();
  await current.getByRole('button', { name: 'Hint' }).click();
  const hints = page.getByRole('list', { name: 'Hints' }).getByRole('listitem');
  await hints.nth(1).waitFor();
  assert.match(await hints.nth(1).innerText(), /openstack project create/);

  await openstack(lab.dataDir, ['project', 'create', '--description', 'for testing purpose', 'newProject']);
  await openstack(lab.dataDir, ['user', 'create', '--project', 'newProject', '--password', 'pw', 'developer1']);
  await openstack(lab.dataDir, ['role', 'add', '--project', 'newProject', '--user', 'developer1', 'admin']);
  await openstack(lab.dataDir, ['role', 'add', '--project', 'newProject', '--user', 'developer1', '_member_']);
  await current.getByRole('button', { name: 'Check' }).click();
  await current.getByRole('heading', { name: 'Step 2/7: A CirrOS image in Glance' }).waitFor();
  await results.getByRole('heading', { name: '✓ A project and a user of your own' }).waitFor();
  assert.equal(await page.getByRole('progressbar', { name: 'packstack-walkthrough progress' }).getAttribute('value'), '1');
  await dash.shot('guided-lab');
});

test('troubleshooting: start l3-agent-down, the doctor names the stopped agent, fixing it in the host shell solves it', async () => {
  await dash.open('Troubleshooting');
  await page.getByRole('list', { name: 'Scenarios' }).getByText('novalidhost', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Start l3-agent-down' }).click();
  const run = page.getByRole('region', { name: 'Running scenario' });
  await run.getByText('BROKEN', { exact: true }).waitFor();

  await run.getByRole('button', { name: 'Hint' }).click();
  await page.getByRole('list', { name: 'Hints' }).getByText(/^1\/3: /).waitFor();
  await run.getByRole('button', { name: 'Run Doctor' }).click();
  const findings = page.getByRole('region', { name: 'Doctor findings' });
  // the doctor runs the real openstack CLI a dozen times: seconds, more on a loaded machine
  await findings.getByRole('heading', { name: /1 problem$/ }).waitFor({ timeout: 90_000 });
  await findings.getByText('neutron-l3-agent is inactive on the host.').waitFor();
  await dash.shot('troubleshooting');

  // the student fixes it where a student would: the host's shell
  await run.getByRole('button', { name: 'Open Host Shell' }).click();
  await page.getByRole('tab', { name: 'Host shell' }).waitFor();
  const screen = page.locator('.terminal-view:not([hidden]) .xterm-rows');
  await screen.getByText('[root@localhost ~]#').first().waitFor();
  await page.locator('.terminal-view:not([hidden]) textarea').focus();
  await page.keyboard.type('systemctl start neutron-l3-agent');
  await page.keyboard.press('Enter');
  await screen.getByText('[root@localhost ~]#').nth(1).waitFor();

  await run.getByRole('button', { name: 'Run Doctor' }).click();
  await findings.getByRole('heading', { name: /no problems found$/ }).waitFor({ timeout: 90_000 });
  await run.getByText('SOLVED', { exact: true }).waitFor();
  assert.match(await run.innerText(), /Solved in \d+ s with 1 hint\b/);
});
