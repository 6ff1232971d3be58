import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openstack, openstackJson, repoRoot, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// The Compute panels in web mode (instant lab): the limit summary, an image uploaded from a file,
// a key pair, the Launch Instance wizard step by step, instance actions, an instance that fails
// scheduling with its fault, and the admin Compute panels — every effect checked with the real CLI.

const CIRROS = join(repoRoot, 'resources', 'mirror', 'files', 'cirros-0.6.2-x86_64-disk.img');
let lab: UiLab;

/** The real CLI as the student runs it; a failure stops the test with the CLI's own message. */
async function cli(args: string[]): Promise<string> {
  const r = await openstack(lab.dataDir, args);
  assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-compute-'), ['--instant']);
  // What a student types before launching: a tenant network, an external one, and a router between them.
  await cli(['network', 'create', 'private']);
  await cli(['subnet', 'create', '--network', 'private', '--subnet-range', '10.0.0.0/24', 'private-subnet']);
  await cli(['network', 'create', '--external', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet', 'public']);
  await cli(['subnet', 'create', '--network', 'public', '--subnet-range', '172.24.4.0/24', '--no-dhcp', '--allocation-pool', 'start=172.24.4.10,end=172.24.4.100', 'public-subnet']);
  await cli(['router', 'create', 'router1']);
  await cli(['router', 'set', '--external-gateway', 'public', 'router1']);
  await cli(['router', 'add', 'subnet', 'router1', 'private-subnet']);
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1440, height: 900 }));
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test('Overview draws the limit summary from Nova and Neutron', async () => {
  await dash.open('Overview');
  const summary = page.getByLabel('Limit Summary');
  await summary.getByLabel(/^Instances: Used 0 of \d+$/).waitFor();
  await summary.getByLabel(/^RAM: Used 0 MB of \d+ MB$/).waitFor();
});

test('Create Image uploads a file to Glance: the CLI sees a qcow2 of the same size', async () => {
  await dash.open('Images');
  await page.getByRole('button', { name: '+ Create Image' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Image Name').fill('cirros');
  await dialog.getByLabel('File').setInputFiles(CIRROS);
  await dialog.getByLabel('Visibility').selectOption('public');
  await dash.submitDialog('Create Image');
  await dash.row('images', 'cirros').locator('td[data-col="status"]', { hasText: 'ACTIVE' }).waitFor();
  const image = await openstackJson<{ disk_format: string; size: number; visibility: string }>(lab.dataDir, ['image', 'show', 'cirros']);
  assert.equal(image.disk_format, 'qcow2');
  assert.equal(image.size, 393216);
  assert.equal(image.visibility, 'public');
  const log = await dash.openApiLog();
  assert.match(await log.innerText(), /openstack image create --disk-format qcow2 --container-format bare --public --file \.\/cirros-0\.6\.2-x86_64-disk\.img cirros/);
  await dash.closeApiLog();
  await dash.shot('images');
});

test('Delete Image removes an image the CLI uploaded; its details show what Glance stored', async () => {
  await cli(['image', 'create', '--disk-format', 'qcow2', '--min-disk', '1', '--file', CIRROS, 'scratch']);
  const row = dash.row('images', 'scratch');
  await row.getByRole('button', { name: 'Show details' }).click();
  const shown = await openstackJson<{ size: number }>(lab.dataDir, ['image', 'show', 'scratch']);
  const details = page.locator('dl.details').filter({ hasText: `${shown.size} bytes` });
  await details.getByText('qcow2', { exact: true }).waitFor();
  await details.getByText('1 GB / 0 MB').waitFor();
  await row.getByRole('button', { name: 'Delete Image' }).click();
  await row.waitFor({ state: 'detached' });
  const names = (await openstackJson<{ Name: string }[]>(lab.dataDir, ['image', 'list'])).map((i) => i.Name);
  assert.deepEqual(names, ['cirros']);
});

test('Create Key Pair shows the private key once', async () => {
  await dash.open('Key Pairs');
  await page.getByRole('button', { name: '+ Create Key Pair' }).click();
  await dash.dialog().getByLabel('Key Pair Name').fill('k1');
  await dash.submitDialog('Create Key Pair');
  await page.getByRole('region', { name: 'Private key' }).getByText('BEGIN RSA PRIVATE KEY', { exact: false }).waitFor();
  await dash.row('key pairs', 'k1').waitFor();
  const keys = await openstackJson<{ Name: string }[]>(lab.dataDir, ['keypair', 'list']);
  assert.deepEqual(
    keys.map((k) => k.Name),
    ['k1'],
  );
});

test('Import Public Key stores the key the student made with ssh-keygen', async () => {
  const keyFile = join(tempDir('stacklab-e2e-key-'), 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'student@laptop', '-f', keyFile]);
  const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  await page.getByRole('button', { name: 'Import Public Key' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Key Pair Name').fill('laptop');
  await dialog.getByLabel('Public Key').fill(publicKey);
  await dash.submitDialog('Import Public Key');
  await dash.row('key pairs', 'laptop').waitFor();
  const stored = await cli(['keypair', 'show', '--public-key', 'laptop']);
  assert.equal(stored.trim(), publicKey);
});

test('Launch Instance wizard: each step, then the instance turns Active without a reload', async () => {
  await dash.open('Instances');
  await page.getByRole('button', { name: 'Launch Instance' }).click();
  const wizard = dash.dialog();
  await wizard.getByLabel('Instance Name *').fill('gui-vm');
  await dash.shot('launch-instance-details');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('table', { name: 'Images' }).getByLabel('cirros').check();
  await dash.shot('launch-instance-source');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('table', { name: 'Flavors' }).getByLabel('m1.tiny').check();
  await dash.shot('launch-instance-flavor');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  assert.equal(await wizard.getByRole('checkbox', { name: 'private' }).isChecked(), true, 'the only tenant network is preselected');
  await wizard.getByRole('checkbox', { name: 'public (external)' }).check();
  const allocated = wizard.getByRole('list', { name: 'Allocated networks' }).getByRole('listitem');
  assert.deepEqual(await allocated.allInnerTexts(), ['NIC 1: private ↑ ↓', 'NIC 2: public ↑ ↓']);
  await wizard.getByRole('button', { name: 'Move public up' }).click();
  assert.deepEqual(await allocated.allInnerTexts(), ['NIC 1: public ↑ ↓', 'NIC 2: private ↑ ↓']);
  await dash.shot('launch-instance-networks');
  await wizard.getByRole('checkbox', { name: 'public (external)' }).uncheck();
  assert.deepEqual(await allocated.allInnerTexts(), ['NIC 1: private ↑ ↓']);
  await wizard.getByRole('button', { name: 'Next >' }).click();
  assert.equal(await wizard.getByLabel('default').isChecked(), true);
  await dash.shot('launch-instance-security-groups');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByLabel('k1').check();
  await dash.shot('launch-instance-keypair');
  await wizard.getByRole('button', { name: 'Launch Instance' }).click();
  await wizard.waitFor({ state: 'detached' });

  const row = dash.row('instances', 'gui-vm');
  await row.locator('td[data-col="status"]', { hasText: 'ACTIVE' }).waitFor();
  await row.locator('td[data-col="ip"]', { hasText: /^10\.0\.0\.\d+$/ }).waitFor();
  const server = await openstackJson<{ status: string; key_name: string; flavor: string }>(lab.dataDir, ['server', 'show', 'gui-vm']);
  assert.equal(server.status, 'ACTIVE');
  assert.equal(server.key_name, 'k1');
  const log = await dash.openApiLog();
  const post = dash.apiCall(log, 'POST', /\/servers$/).first();
  assert.match(await post.innerText(), /\b202\b/);
  assert.match(await post.locator('code').innerText(), /^openstack server create --image cirros --flavor m1\.tiny --network private --security-group default --key-name k1 --availability-zone nova gui-vm$/);
  await dash.closeApiLog();
  await dash.shot('instances');
});

test('Shut Off and Start from the row actions; the CLI follows', async () => {
  const row = dash.row('instances', 'gui-vm');
  await row.getByLabel('More actions for gui-vm').selectOption('stop');
  await row.locator('td[data-col="status"]', { hasText: 'SHUTOFF' }).waitFor();
  assert.equal((await openstackJson<{ status: string }>(lab.dataDir, ['server', 'show', 'gui-vm'])).status, 'SHUTOFF');
  await row.getByLabel('More actions for gui-vm').selectOption('start');
  await row.locator('td[data-col="status"]', { hasText: 'ACTIVE' }).waitFor();
});

test('Pause/Resume, Lock/Unlock and Soft Reboot from the row actions; the CLI follows', async () => {
  const row = dash.row('instances', 'gui-vm');
  const actions = row.getByLabel('More actions for gui-vm');
  const show = () => openstackJson<{ status: string; locked: boolean }>(lab.dataDir, ['--os-compute-api-version', '2.79', 'server', 'show', 'gui-vm']);
  await actions.selectOption('pause');
  await row.locator('td[data-col="status"]', { hasText: 'PAUSED' }).waitFor();
  await row.locator('td[data-col="power"]', { hasText: 'Paused' }).waitFor();
  assert.equal((await show()).status, 'PAUSED');
  await actions.selectOption('unpause');
  await row.locator('td[data-col="status"]', { hasText: 'ACTIVE' }).waitFor();
  await actions.selectOption('lock');
  await actions.locator('option[value="unlock"]').waitFor({ state: 'attached' });
  assert.equal((await show()).locked, true);
  await actions.selectOption('unlock');
  await actions.locator('option[value="lock"]').waitFor({ state: 'attached' });
  assert.equal((await show()).locked, false);
  await actions.selectOption('softReboot');
  const log = await dash.openApiLog();
  await log.getByText('openstack server reboot --soft gui-vm', { exact: true }).waitFor();
  await dash.closeApiLog();
  await row.locator('td[data-col="status"]', { hasText: 'ACTIVE' }).waitFor();
  assert.equal((await show()).status, 'ACTIVE');
});

test('Overview counts the running instance against the limits', async () => {
  const flavor = await openstackJson<{ vcpus: number; ram: number }>(lab.dataDir, ['flavor', 'show', 'm1.tiny']);
  await dash.open('Overview');
  const summary = page.getByLabel('Limit Summary');
  await summary.getByLabel(/^Instances: Used 1 of \d+$/).waitFor();
  await summary.getByLabel(new RegExp(`^VCPUs: Used ${flavor.vcpus} of \\d+$`)).waitFor();
  await summary.getByLabel(new RegExp(`^RAM: Used ${flavor.ram} MB of \\d+ MB$`)).waitFor();
  await dash.shot('compute-overview');
  await dash.open('Instances');
});

test('Associate Floating IP allocates an address from public and binds it; Disassociate unbinds it', async () => {
  const row = dash.row('instances', 'gui-vm');
  await row.getByLabel('More actions for gui-vm').selectOption('associate');
  const dialog = dash.dialog();
  await dialog.getByLabel('IP Address').selectOption({ label: 'Allocate a new address from public' });
  await dialog.getByLabel('Port to be associated').selectOption({ index: 0 });
  await dash.submitDialog('Associate');
  const fips = await openstackJson<{ 'Floating IP Address': string; Port: string | null }[]>(lab.dataDir, ['floating', 'ip', 'list']);
  assert.equal(fips.length, 1);
  const address = fips[0]!['Floating IP Address'];
  const ports = await openstackJson<{ ID: string }[]>(lab.dataDir, ['port', 'list', '--server', 'gui-vm']);
  assert.equal(fips[0]!.Port, ports[0]!.ID);
  await row.locator('td[data-col="ip"]', { hasText: address }).waitFor();
  const log = await dash.openApiLog();
  const put = dash.apiCall(log, 'PUT', /\/v2\.0\/floatingips\//).first();
  assert.equal(await put.locator('code').innerText(), `openstack server add floating ip gui-vm ${address}`);
  await dash.closeApiLog();

  await row.getByLabel('More actions for gui-vm').selectOption('disassociate');
  await dialog.getByLabel('Floating IP').selectOption({ label: address });
  await dash.submitDialog('Disassociate');
  await row.locator('td[data-col="ip"]', { hasText: /^10\.0\.0\.\d+$/ }).waitFor();
  const after = await openstackJson<{ Port: string | null }[]>(lab.dataDir, ['floating', 'ip', 'list']);
  assert.equal(after[0]!.Port, null);
});

test('an instance no host can hold shows ERROR with the scheduler fault', async () => {
  await cli(['flavor', 'create', '--ram', '40000', '--vcpus', '1', '--disk', '1', 'm1.huge']);
  await cli(['server', 'create', '--flavor', 'm1.huge', '--image', 'cirros', '--network', 'private', 'too-big']);
  const row = dash.row('instances', 'too-big');
  await row.locator('td[data-col="status"]', { hasText: 'ERROR' }).waitFor();
  await row.getByRole('button', { name: 'Show details' }).click();
  await page.getByRole('note').filter({ hasText: 'No valid host was found' }).waitFor();
  await dash.shot('instance-error');
});

test('Admin → Hypervisors, All Instances and Flavors show the real compute side', async () => {
  await dash.open('Hypervisors');
  await dash.row('hypervisors', 'localhost').waitFor();
  await page.getByLabel('Hypervisor Summary').getByText(/Used \d+(\.\d)?GB of \d+(\.\d)?GB/).first().waitFor();
  await dash.row('compute hosts', 'localhost').locator('td[data-col="state"]', { hasText: /up/i }).waitFor();
  await dash.shot('hypervisors');
  await dash.open('All Instances');
  const vm = dash.row('instances', 'gui-vm');
  await vm.locator('td[data-col="host"]', { hasText: 'localhost' }).waitFor();
  await vm.locator('td[data-col="project"]', { hasText: /^admin$/ }).waitFor();
  await dash.open('Flavors');
  await dash.row('flavors', 'm1.small').locator('td[data-col="ram"]', { hasText: '2GB' }).waitFor();
  await dash.shot('flavors');
});

test('Admin → Flavors: Create Flavor (private), Modify Access for demo, Delete Flavor; the CLI follows', async () => {
  await dash.open('Flavors');
  await page.getByRole('button', { name: '+ Create Flavor' }).click();
  const dialog = dash.dialog();
  await dialog.getByLabel('Name').fill('m1.private');
  await dialog.getByLabel('RAM (MB)').fill('256');
  await dialog.getByLabel('Public').uncheck();
  await dash.submitDialog('Create Flavor');
  const row = dash.row('flavors', 'm1.private');
  await row.locator('td[data-col="public"]', { hasText: 'No' }).waitFor();
  await row.getByRole('button', { name: 'Modify Access' }).click();
  await dialog.getByLabel('demo').check();
  await dash.submitDialog('Save');
  const demo = await openstackJson<{ id: string }>(lab.dataDir, ['project', 'show', 'demo']);
  const flavor = await openstackJson<{ ram: number; 'os-flavor-access:is_public': boolean; access_project_ids: string[] }>(lab.dataDir, ['flavor', 'show', 'm1.private']);
  assert.equal(flavor.ram, 256);
  assert.equal(flavor['os-flavor-access:is_public'], false);
  assert.deepEqual(flavor.access_project_ids, [demo.id]);
  const log = await dash.openApiLog();
  assert.equal(await dash.apiCall(log, 'POST', /\/flavors\/[^/]+\/action$/).first().locator('code').innerText(), 'openstack flavor set --project demo m1.private');
  await dash.closeApiLog();

  await row.getByRole('button', { name: 'Delete Flavor' }).click();
  await row.waitFor({ state: 'detached' });
  const names = (await openstackJson<{ Name: string }[]>(lab.dataDir, ['flavor', 'list', '--all'])).map((f) => f.Name);
  assert.ok(!names.includes('m1.private'), names.join(', '));
});

test('the Flavor step flags flavors too small for the image (min_ram set with the CLI)', async () => {
  await cli(['image', 'set', '--min-ram', '1024', 'cirros']);
  const tiny = await openstackJson<{ ram: number }>(lab.dataDir, ['flavor', 'show', 'm1.tiny']);
  assert.ok(tiny.ram < 1024);
  await dash.open('Instances');
  await page.getByRole('button', { name: 'Launch Instance' }).click();
  const wizard = dash.dialog();
  await wizard.getByRole('button', { name: 'Source' }).click();
  await wizard.getByRole('table', { name: 'Images' }).getByLabel('cirros').check();
  await wizard.getByRole('button', { name: 'Flavor' }).click();
  const flavors = wizard.getByRole('table', { name: 'Flavors' });
  assert.equal(await flavors.getByLabel('m1.tiny').isDisabled(), true);
  await flavors.locator('tr', { has: page.getByLabel('m1.tiny') }).getByText('needs at least 1024 MB RAM').waitFor();
  assert.equal(await flavors.getByLabel('m1.small').isDisabled(), false);
  await dash.shot('launch-instance-flavor-too-small');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await wizard.waitFor({ state: 'detached' });
  await cli(['image', 'set', '--min-ram', '0', 'cirros']);
});
