import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openstack, openstackJson, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// Project → Object Store in web mode, as a student clicks it; what the GUI does is checked with the
// real `openstack` CLI (and a token-less GET for public access).

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-storage-'), ['--instant']);
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1280, height: 900 }));
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test('containers: create, upload into a folder, download, public access, delete — the CLI sees each', async () => {
  await dash.open('Containers');
  await page.getByRole('button', { name: '+ Container' }).click();
  await dash.dialog().getByLabel('Container Name').fill('c1');
  await dash.submitDialog('Create');
  const view = page.getByRole('region', { name: 'Container c1' });
  await view.getByRole('heading', { name: 'c1' }).waitFor();
  assert.deepEqual((await openstackJson<{ Name: string }[]>(lab.dataDir, ['container', 'list'])).map((c) => c.Name), ['c1']);

  await view.getByRole('button', { name: '+ Folder' }).click();
  await dash.dialog().getByLabel('Folder Name').fill('notes');
  await dash.submitDialog('Create Folder');
  await view.getByRole('button', { name: /notes\/$/ }).click();
  await view.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'notes' }).waitFor();

  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
  await view.getByRole('button', { name: 'Upload File' }).click();
  await dash.dialog().getByLabel('File', { exact: true }).setInputFiles({ name: 'packstack.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await dash.submitDialog('Upload File');
  await view.getByRole('cell', { name: 'packstack.bin' }).waitFor();
  const listed = await openstackJson<{ Name: string }[]>(lab.dataDir, ['object', 'list', 'c1']);
  assert.deepEqual(listed.map((o) => o.Name).sort(), ['notes/', 'notes/packstack.bin']);
  const shown = await openstackJson<Record<string, string>>(lab.dataDir, ['object', 'show', 'c1', 'notes/packstack.bin']);
  assert.equal(Number(shown['content-length']), bytes.length);

  const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), 'packstack.bin');
  assert.deepEqual(readFileSync((await download.path())!), bytes);

  await view.getByRole('checkbox').click();
  await view.getByText(/Enabled \(http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_\w+\/c1\)/).waitFor();
  const project = await openstackJson<{ id: string }>(lab.dataDir, ['project', 'show', 'admin']);
  const publicUrl = `http://127.0.0.1:${8080 + lab.portOffset}/v1/AUTH_${project.id}`;
  const anon = await fetch(`${publicUrl}/c1/notes/packstack.bin`);
  assert.equal(anon.status, 200);
  assert.deepEqual(Buffer.from(await anon.arrayBuffer()), bytes);
  await dash.shot('object-store');

  await view.getByRole('checkbox').click();
  await view.getByText(/Disabled/).waitFor();
  assert.equal((await fetch(`${publicUrl}/c1/notes/packstack.bin`)).status, 401);

  await view.getByRole('button', { name: 'Delete', exact: true }).click();
  await view.getByRole('cell', { name: 'packstack.bin' }).waitFor({ state: 'detached' });
  // a container with objects in it (the folder marker) cannot go: Swift answers 409
  await view.getByRole('button', { name: 'Delete Container' }).click();
  await page.getByText(/Delete container c1: .*(Conflict|not empty)/i).waitFor();
  await openstack(lab.dataDir, ['object', 'delete', 'c1', 'notes/']);
  await view.getByRole('button', { name: 'Delete Container' }).click();
  await page.getByText('Delete container c1: done.').waitFor();
  assert.deepEqual(await openstackJson(lab.dataDir, ['container', 'list']), []);
});
