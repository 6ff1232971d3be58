import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, beforeEach, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openstack, openstackJson, rcEnv, repoRoot, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// Project → Volumes and Admin → Volume in web mode (instant lab), as a student clicks them: every
// effect is checked with the real `openstack` CLI, and every call's CLI twin is in the API log.

const CIRROS = join(repoRoot, 'resources', 'mirror', 'files', 'cirros-0.6.2-x86_64-disk.img');
let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

/** The real CLI as the student runs it; a failure stops the test with the CLI's own message. */
async function cli(args: string[]): Promise<string> {
  const r = await openstack(lab.dataDir, args);
  assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const show = <T = Record<string, unknown>>(args: string[]) => openstackJson<T>(lab.dataDir, args);

/**
 * `cinder … show` (the real cinderclient) as a field → value map: OSC 6.0's `volume group show` and
 * `volume group snapshot show` fail on their own code (groups.show), so groups are read with cinder.
 */
async function cinderShow(args: string[]): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
  const { stdout } = await promisify(execFile)('cinder', args, { env: { ...env, ...rcEnv(lab.dataDir) }, cwd: lab.dataDir, timeout: 60_000 });
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^\|\s*(\S+)\s*\|\s*(.*?)\s*\|$/.exec(line);
    if (m && m[1] !== 'Property') out[m[1]] = m[2];
  }
  return out;
}

/** A row's Status cell once it reads exactly `status` (the panel looks again until Cinder settles). */
async function statusIs(row: Locator, status: string): Promise<void> {
  try {
    await row.locator('td[data-col="status"]', { hasText: new RegExp(`^${status}$`) }).waitFor();
  } catch (error) {
    const seen = await row.locator('td[data-col="status"]').allInnerTexts();
    throw new Error(`status ${status} never showed (the row says ${JSON.stringify(seen)}): ${(error as Error).message}`);
  }
}

/** The API log has a call whose CLI twin matches. */
async function logged(cliTwin: RegExp): Promise<void> {
  const log = await dash.openApiLog();
  assert.match(await log.innerText(), cliTwin);
  await dash.closeApiLog();
}

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-volumes-'), ['--instant']);
  await cli(['network', 'create', 'private']);
  await cli(['subnet', 'create', '--network', 'private', '--subnet-range', '10.0.0.0/24', 'private-subnet']);
  await cli(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', CIRROS, 'cirros']);
  await cli(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--wait', 'test-instance']);
  // a snapshot and a volume from it copy the volume's file in the engine (seconds for 2 GiB on a busy host)
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1440, height: 900, timeoutMs: 60_000 }));
});

// a test that failed with its form open does not block the next one
beforeEach(async () => {
  if (page && (await dash.dialog().count())) await dash.dialog().getByRole('button', { name: 'Close' }).click();
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test('Overview draws the volume pies from Cinder /limits', async () => {
  await dash.open('Overview');
  const summary = page.getByLabel('Limit Summary');
  const limits = await show<{ Name: string; Value: number }[]>(['limits', 'show', '--absolute']);
  const maxVolumes = limits.find((l) => l.Name === 'maxTotalVolumes')!.Value;
  await summary.getByLabel(`Volumes: Used 0 of ${maxVolumes}`, { exact: true }).waitFor();
  await summary.getByLabel(/^Volume Snapshots: Used 0 of \d+$/).waitFor();
  await summary.getByLabel(/^Volume Storage: Used 0 GiB of \d+ GiB$/).waitFor();
});

test('Create Volume: an empty 1 GiB volume becomes Available; openstack volume show agrees', async () => {
  await dash.open('Volumes');
  await page.getByRole('button', { name: '+ Create Volume' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Volume Name').fill('v1');
  await dialog.getByLabel('Description').fill('first volume');
  await dialog.getByLabel('Volume Source').selectOption('none');
  await dialog.getByLabel('Size (GiB)').fill('1');
  // the help beside the form shows the project's volume limits from Cinder
  await dialog.getByText(/Number of Volumes: 0 of \d+ Used/).waitFor();
  await dash.shot('volume-create');
  await dash.submitDialog('Create Volume');
  const row = dash.row('volumes', 'v1');
  await statusIs(row, 'Available');
  await row.locator('td[data-col="size"]', { hasText: /^1GiB$/ }).waitFor();
  const v1 = await show<{ size: number; status: string; description: string; bootable: string; type: string }>(['volume', 'show', 'v1']);
  assert.equal(v1.size, 1);
  assert.equal(v1.status, 'available');
  assert.equal(v1.description, 'first volume');
  assert.equal(v1.bootable, 'false');
  await row.locator('td[data-col="type"]', { hasText: v1.type }).waitFor();
  await logged(/openstack volume create --size 1 --description 'first volume' v1/);
});

test('Extend Volume grows v1 to 2 GiB; a smaller size is refused in the form', async () => {
  const row = dash.row('volumes', 'v1');
  await row.getByLabel('More actions for v1').selectOption('extend');
  const dialog = dash.dialog();
  await dialog.getByLabel('New Size (GiB)').fill('1');
  await dialog.getByRole('button', { name: 'Extend Volume' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'New Size must be a whole number of GiB, at least 2.' }).waitFor();
  await dialog.getByLabel('New Size (GiB)').fill('2');
  await dash.submitDialog('Extend Volume');
  await row.locator('td[data-col="size"]', { hasText: /^2GiB$/ }).waitFor();
  await statusIs(row, 'Available');
  assert.equal((await show<{ size: number }>(['volume', 'show', 'v1'])).size, 2);
  await logged(/openstack volume set --size 2 v1/);
});

test('Create Snapshot of v1, then a volume from it in Project → Volumes → Snapshots', async () => {
  await dash.row('volumes', 'v1').getByLabel('More actions for v1').selectOption('snapshot');
  await dash.dialog().getByLabel('Snapshot Name').fill('s1');
  await dash.submitDialog('Create Volume Snapshot');
  await dash.open('Snapshots');
  const snap = dash.row('volume snapshots', 's1');
  await statusIs(snap, 'Available');
  const v1 = await show<{ id: string }>(['volume', 'show', 'v1']);
  const s1 = await show<{ volume_id: string; size: number; status: string }>(['volume', 'snapshot', 'show', 's1']);
  assert.equal(s1.volume_id, v1.id);
  assert.equal(s1.size, 2);
  await snap.locator('td[data-col="volume"]', { hasText: /^v1$/ }).waitFor();
  await logged(/openstack volume snapshot create --volume v1 s1/);

  await snap.getByRole('button', { name: 'Create Volume' }).click();
  const dialog = dash.dialog();
  assert.equal(await dialog.getByLabel('Volume Source').inputValue(), 'snapshot');
  assert.equal(await dialog.getByLabel('Size (GiB)').inputValue(), '2');
  await dialog.getByLabel('Volume Name').fill('v2');
  await dash.submitDialog('Create Volume');
  await dash.open('Volumes');
  await statusIs(dash.row('volumes', 'v2'), 'Available');
  const v2 = await show<{ snapshot_id: string; size: number }>(['volume', 'show', 'v2']);
  const s1id = (await show<{ id: string }>(['volume', 'snapshot', 'show', 's1'])).id;
  assert.equal(v2.snapshot_id, s1id);
  assert.equal(v2.size, 2);
  await logged(/openstack volume create --size 2 --snapshot s1 v2/);
  await dash.open('Snapshots');
  await statusIs(dash.row('volume snapshots', 's1'), 'Available');
  await dash.shot('volume-snapshots');
});

test('Manage Attachments attaches v1 to test-instance through Nova: "Attached To" and the CLI show it; detach', async () => {
  await dash.open('Volumes');
  const row = dash.row('volumes', 'v1');
  await row.getByLabel('More actions for v1').selectOption('attachments');
  const dialog = dash.dialog();
  const serverId = (await show<{ id: string }>(['server', 'show', 'test-instance'])).id;
  await dialog.getByLabel('Attach to Instance').selectOption(serverId);
  await dash.submitDialog('Attach Volume');
  await statusIs(row, 'In-use');
  await row.locator('td[data-col="attached"]', { hasText: /^\/dev\/vdb on test-instance$/ }).waitFor();
  const v1 = await show<{ status: string; attachments: { server_id: string; device: string }[] }>(['volume', 'show', 'v1']);
  const server = await show<{ volumes_attached: unknown }>(['server', 'show', 'test-instance']);
  assert.equal(v1.status, 'in-use');
  assert.equal(v1.attachments[0]?.server_id, serverId);
  assert.equal(v1.attachments[0]?.device, '/dev/vdb');
  assert.match(JSON.stringify(server.volumes_attached), new RegExp((await show<{ id: string }>(['volume', 'show', 'v1'])).id));
  await logged(/openstack server add volume test-instance v1/);
  // an attached volume cannot be deleted: the panel does not offer it
  const offered = await row.getByLabel('More actions for v1').locator('option').allInnerTexts();
  assert.ok(!offered.includes('Delete Volume'), offered.join(', '));
  await dash.shot('volumes');

  await row.getByLabel('More actions for v1').selectOption('attachments');
  await dash.dialog().getByRole('row', { name: /test-instance/ }).getByRole('button', { name: 'Detach Volume' }).click();
  await dash.dialog().waitFor({ state: 'detached' });
  await statusIs(row, 'Available');
  await row.locator('td[data-col="attached"]', { hasText: /^$/ }).waitFor();
  assert.equal((await show<{ status: string }>(['volume', 'show', 'v1'])).status, 'available');
  await logged(/openstack server remove volume test-instance v1/);
});

test('Delete: v2, then the snapshot s1, then v1 — the CLI lists none of them', async () => {
  await dash.open('Volumes');
  await dash.row('volumes', 'v2').getByLabel('More actions for v2').selectOption('delete');
  await dash.row('volumes', 'v2').waitFor({ state: 'detached' });
  await dash.open('Snapshots');
  await dash.row('volume snapshots', 's1').getByRole('button', { name: 'Delete Volume Snapshot' }).click();
  await dash.row('volume snapshots', 's1').waitFor({ state: 'detached' });
  await dash.open('Volumes');
  await dash.row('volumes', 'v1').getByLabel('More actions for v1').selectOption('delete');
  await dash.row('volumes', 'v1').waitFor({ state: 'detached' });
  assert.deepEqual(await show(['volume', 'list']), []);
  assert.deepEqual(await show(['volume', 'snapshot', 'list']), []);
  await logged(/openstack volume delete v1/);
});

test('A volume from the cirros image is bootable; Edit Volume renames it; Admin → Volume → Volumes lists it with its project', async () => {
  await dash.open('Volumes');
  await page.getByRole('button', { name: '+ Create Volume' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Volume Name').fill('boot');
  await dialog.getByLabel('Volume Source').selectOption('image');
  const image = (await show<{ id: string }>(['image', 'show', 'cirros'])).id;
  await dialog.getByLabel('Use image as a source').selectOption(image);
  // the image is 384 KiB: the size is its ceiling in GiB
  assert.equal(await dialog.getByLabel('Size (GiB)').inputValue(), '1');
  await dash.submitDialog('Create Volume');
  const row = dash.row('volumes', 'boot');
  await statusIs(row, 'Available');
  await row.locator('td[data-col="bootable"]', { hasText: /^Yes$/ }).waitFor();
  const boot = await show<{ bootable: string; volume_image_metadata: unknown }>(['volume', 'show', 'boot']);
  assert.equal(boot.bootable, 'true');
  assert.match(JSON.stringify(boot.volume_image_metadata), /cirros/);
  await logged(/openstack volume create --size 1 --image cirros boot/);

  await row.getByRole('button', { name: 'Edit Volume' }).click();
  await dash.dialog().getByLabel('Volume Name').fill('boot-v');
  await dash.dialog().getByLabel('Description').fill('from cirros');
  await dash.submitDialog('Submit');
  await dash.row('volumes', 'boot-v').locator('td[data-col="description"]', { hasText: /^from cirros$/ }).waitFor();
  assert.equal((await show<{ description: string }>(['volume', 'show', 'boot-v'])).description, 'from cirros');
  await logged(/openstack volume set --name boot-v --description 'from cirros' boot/);

  await dash.nav().locator('[data-section="admin"]').getByRole('link', { name: 'Volumes', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Volumes' }).waitFor();
  const adminRow = dash.row('volumes', 'boot-v');
  await adminRow.locator('td[data-col="project"]', { hasText: /^admin$/ }).waitFor();
  await logged(/openstack volume list --all-projects --long/);
  await adminRow.getByLabel('More actions for boot-v').selectOption('delete');
  await adminRow.waitFor({ state: 'detached' });
  assert.deepEqual(await show(['volume', 'list']), []);
});

test('Admin → Volume Types: create ssd with volume_backend_name=lvm, a QoS spec, and associate them', async () => {
  await dash.open('Volume Types');
  await page.getByRole('button', { name: '+ Create Volume Type' }).click();
  let dialog = dash.dialog();
  await dialog.getByLabel('Name').fill('ssd');
  await dialog.getByLabel('Description').fill('fast disks');
  await dialog.getByLabel('Extra Spec Key').fill('volume_backend_name');
  await dialog.getByLabel('Extra Spec Value').fill('lvm');
  await dash.submitDialog('Create Volume Type');
  const row = dash.row('volume types', 'ssd');
  await row.getByText('volume_backend_name=lvm').waitFor();
  const ssd = await show<{ id: string; properties: Record<string, string> | string; description: string; is_public: boolean }>(['volume', 'type', 'show', 'ssd']);
  assert.match(JSON.stringify(ssd.properties), /volume_backend_name.*lvm/);
  assert.equal(ssd.description, 'fast disks');
  assert.equal(ssd.is_public, true);
  await logged(/openstack volume type create --description 'fast disks' --public --property volume_backend_name=lvm ssd/);

  await page.getByRole('button', { name: '+ Create QoS Spec' }).click();
  dialog = dash.dialog();
  await dialog.getByLabel('Name').fill('gold');
  await dialog.getByLabel('Consumer').selectOption('front-end');
  await dialog.getByLabel('Key').fill('total_iops_sec');
  await dialog.getByLabel('Value').fill('500');
  await dash.submitDialog('Create');
  await dash.row('QoS specs', 'gold').getByText('total_iops_sec=500').waitFor();
  const gold = await show<{ id: string; consumer: string; properties: unknown }>(['volume', 'qos', 'show', 'gold']);
  assert.equal(gold.consumer, 'front-end');
  assert.match(JSON.stringify(gold.properties), /total_iops_sec.*500/);

  await row.getByLabel('More actions for ssd').selectOption('qos');
  await dash.dialog().getByLabel('QoS Spec to be associated').selectOption({ label: 'gold' });
  await dash.submitDialog('Associate');
  await row.locator('td[data-col="qos"]', { hasText: /^gold$/ }).waitFor();
  assert.equal((await show<{ qos_specs_id: string }>(['volume', 'type', 'show', 'ssd'])).qos_specs_id, gold.id);
  assert.match(JSON.stringify((await show<{ associations: unknown }>(['volume', 'qos', 'show', 'gold'])).associations), /ssd/);
  await logged(/openstack volume qos associate gold ssd/);
  await dash.shot('volume-types');
});

test('Groups: a group type in Admin, a group of ssd volumes, a group snapshot — the CLI (3.13/3.14) sees each', async () => {
  await dash.open('Group Types');
  await page.getByRole('button', { name: '+ Create Group Type' }).click();
  await dash.dialog().getByLabel('Name').fill('gt1');
  await dash.submitDialog('Create Group Type');
  await dash.row('group types', 'gt1').waitFor();
  // (OSC 6.0's `volume group type show` fails on its own argument name: the list says it)
  const gt1 = (await show<{ ID: string; Name: string }[]>(['--os-volume-api-version', '3.11', 'volume', 'group', 'type', 'list'])).find((t) => t.Name === 'gt1');
  assert.ok(gt1, 'gt1 is not in openstack volume group type list');

  await dash.open('Groups');
  await page.getByRole('button', { name: '+ Create Group' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Group Name').fill('grp1');
  await dialog.getByLabel('Group Type').selectOption({ label: 'gt1' });
  await dialog.getByLabel('ssd', { exact: true }).check();
  await dash.submitDialog('Create Volume Group');
  const row = dash.row('volume groups', 'grp1');
  await statusIs(row, 'Available');
  const grp1 = await cinderShow(['--os-volume-api-version', '3.13', 'group-show', 'grp1']);
  const ssdId = (await show<{ id: string }>(['volume', 'type', 'show', 'ssd'])).id;
  assert.equal(grp1.group_type, gt1.ID);
  assert.equal(grp1.status, 'available');
  assert.match(grp1.volume_types, new RegExp(ssdId));
  await logged(/openstack --os-volume-api-version 3\.13 volume group create --name grp1 gt1 ssd/);

  // a volume in the group, made in the Volumes panel
  await dash.open('Volumes');
  await page.getByRole('button', { name: '+ Create Volume' }).click();
  const create = dash.dialog();
  await create.getByLabel('Volume Name').fill('gv1');
  await create.getByLabel('Type').selectOption('ssd');
  await create.getByLabel('Group').selectOption({ label: 'grp1' });
  await dash.submitDialog('Create Volume');
  const gv1Row = dash.row('volumes', 'gv1');
  await statusIs(gv1Row, 'Available');
  await gv1Row.locator('td[data-col="group"]', { hasText: /^grp1$/ }).waitFor();
  const gv1 = await show<{ group_id: string }>(['--os-volume-api-version', '3.13', 'volume', 'show', 'gv1']);
  assert.equal(gv1.group_id, grp1.id);

  await dash.open('Groups');
  await row.getByLabel('More actions for grp1').selectOption('snapshot');
  await dash.dialog().getByLabel('Snapshot Name').fill('gs1');
  await dash.submitDialog('Create Snapshot');
  await dash.open('Group Snapshots');
  await statusIs(dash.row('group snapshots', 'gs1'), 'Available');
  const gs1 = await cinderShow(['--os-volume-api-version', '3.14', 'group-snapshot-show', 'gs1']);
  assert.equal(gs1.group_id, grp1.id);
  assert.equal(gs1.status, 'available');
  await logged(/openstack --os-volume-api-version 3\.14 volume group snapshot create --name gs1 grp1/);
  await dash.open('Groups');
  await statusIs(dash.row('volume groups', 'grp1'), 'Available');
  await dash.shot('volume-groups');

  // the group goes with its volumes once its snapshot has gone (Cinder refuses a group with snapshots)
  await dash.open('Group Snapshots');
  await dash.row('group snapshots', 'gs1').getByRole('button', { name: 'Delete Group Snapshot' }).click();
  await dash.row('group snapshots', 'gs1').waitFor({ state: 'detached' });
  await dash.open('Groups');
  await row.getByLabel('More actions for grp1').selectOption('delete');
  await dash.dialog().getByLabel('Delete Volumes').check();
  await dash.submitDialog('Delete');
  await row.waitFor({ state: 'detached' });
  assert.deepEqual(await show(['--os-volume-api-version', '3.13', 'volume', 'group', 'list']), []);
  assert.deepEqual(await show(['volume', 'list']), []);
  await logged(/openstack --os-volume-api-version 3\.13 volume group delete --force grp1/);
});
