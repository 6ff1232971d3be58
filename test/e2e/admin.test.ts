import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openstack, openstackJson, rcEnv, tempDir } from '../support/lab';
import { DashboardPage, LoginPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// The remaining Horizon panels in web mode, each effect checked with the real CLI: Identity →
// Domains, Project → Server Groups, Trunks and QoS Policies, Admin → Host Aggregates, RBAC Policies
// and Defaults; then the demo user sees no Admin section.

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-admin-'), ['--instant']);
  await openstack(lab.dataDir, ['network', 'create', 'intnet']);
  await openstack(lab.dataDir, ['subnet', 'create', '--network', 'intnet', '--subnet-range', '10.5.5.0/24', 'subnet1']);
  await openstack(lab.dataDir, ['port', 'create', '--network', 'intnet', 'parent0']);
  await openstack(lab.dataDir, ['port', 'create', '--network', 'intnet', 'child0']);
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1440, height: 900 }));
});

/** Selects the option whose text matches (port options carry their addresses after the name). */
async function pick(select: Locator, text: RegExp): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test('Domains: create, then disable; the CLI agrees', async () => {
  await dash.open('Domains');
  await page.getByRole('button', { name: '+ Create Domain' }).click();
  await dash.dialog().getByLabel('Name').fill('d2');
  await dash.dialog().getByLabel('Description').fill('second domain');
  await dash.submitDialog('Create Domain');
  const row = dash.row('domains', 'd2');
  await row.getByRole('button', { name: 'Disable Domain' }).click();
  await row.getByRole('button', { name: 'Enable Domain' }).waitFor();
  const d = await openstackJson<{ enabled: boolean; description: string }>(lab.dataDir, ['domain', 'show', 'd2']);
  assert.equal(d.enabled, false);
  assert.equal(d.description, 'second domain');
  await dash.shot('domains');
});

test('Identity → Projects: Manage Members adds demo as member, Modify Quotas sets instances to 7', async () => {
  await openstack(lab.dataDir, ['project', 'create', '--domain', 'default', 'lab2']);
  await dash.open('Projects');
  const row = dash.row('projects', 'lab2');
  await row.getByRole('button', { name: 'Show details' }).click();
  await page.getByRole('button', { name: 'Add Member' }).click();
  await dash.dialog().getByLabel('User').selectOption({ label: 'demo' });
  await dash.dialog().getByLabel('Role').selectOption({ label: 'member' });
  await dash.submitDialog('Add');
  await page.getByRole('table', { name: 'Members of lab2' }).locator('tbody tr', { hasText: 'demo' }).waitFor();
  const assignments = await openstackJson<{ Role: string; User: string }[]>(lab.dataDir, ['role', 'assignment', 'list', '--project', 'lab2', '--names']);
  assert.ok(assignments.some((a) => a.Role === 'member' && a.User.startsWith('demo')), JSON.stringify(assignments));
  await dash.shot('project-members');

  await row.getByRole('button', { name: 'Modify Quotas' }).click();
  const instances = dash.dialog().getByLabel('Instances');
  await instances.waitFor();
  await instances.fill('7');
  await dash.dialog().getByLabel('Routers').fill('4');
  await dash.shot('quotas');
  await dash.submitDialog('Save');
  const q = await openstackJson<{ instances: number; routers: number }>(lab.dataDir, ['quota', 'show', 'lab2']);
  assert.equal(q.instances, 7);
  assert.equal(q.routers, 4);
});

test('Server Groups: create with the anti-affinity policy', async () => {
  await dash.open('Server Groups');
  await page.getByRole('button', { name: '+ Create Server Group' }).click();
  await dash.dialog().getByLabel('Name').fill('g1');
  await dash.dialog().getByLabel('Policy').selectOption('anti-affinity');
  await dash.submitDialog('Create Server Group');
  await dash.row('server groups', 'g1').waitFor();
  const g = await openstackJson<{ policy: string }>(lab.dataDir, ['--os-compute-api-version', '2.64', 'server', 'group', 'show', 'g1']);
  assert.equal(g.policy, 'anti-affinity');
});

test('Trunks: a trunk on a parent port with a VLAN sub-port', async () => {
  await dash.open('Trunks');
  await page.getByRole('button', { name: '+ Create Trunk' }).click();
  await dash.dialog().getByLabel('Name').fill('trunk1');
  await pick(dash.dialog().getByLabel('Parent Port'), /^parent0 /);
  await dash.submitDialog('Create Trunk');
  const row = dash.row('trunks', 'trunk1');
  await row.getByRole('button', { name: 'Add Sub-port' }).click();
  await pick(dash.dialog().getByLabel('Port', { exact: true }), /^child0 /);
  await dash.dialog().getByLabel('Segmentation ID (VLAN)').fill('101');
  await dash.submitDialog('Add Sub-port');
  await row.locator('td[data-col="subports"]', { hasText: 'child0 (vlan 101)' }).waitFor();
  const t = await openstackJson<{ sub_ports: { segmentation_id: number }[] }>(lab.dataDir, ['network', 'trunk', 'show', 'trunk1']);
  assert.equal(t.sub_ports[0].segmentation_id, 101);
  await dash.shot('trunks');
});

test('QoS Policies: a policy with a bandwidth-limit rule', async () => {
  await dash.open('QoS Policies');
  await page.getByRole('button', { name: '+ Create QoS Policy' }).click();
  await dash.dialog().getByLabel('Name').fill('slow');
  await dash.submitDialog('Create QoS Policy');
  await dash.row('QoS policies', 'slow').getByRole('button', { name: 'Add Bandwidth Limit' }).click();
  await dash.dialog().getByLabel('Max Kbps').fill('2048');
  await dash.submitDialog('Add Rule');
  await dash.row('QoS policies', 'slow').locator('td[data-col="rules"]', { hasText: 'bandwidth_limit 2048 kbps' }).waitFor();
  const rules = await openstackJson<{ Type: string; 'Max Kbps': number }[]>(lab.dataDir, ['network', 'qos', 'rule', 'list', 'slow']);
  assert.equal(rules[0]['Max Kbps'], 2048);
  await dash.shot('qos');
});

test('Admin → Host Aggregates: create with a zone, add the host', async () => {
  await dash.open('Host Aggregates');
  await page.getByRole('button', { name: '+ Create Host Aggregate' }).click();
  await dash.dialog().getByLabel('Name').fill('agg1');
  await dash.dialog().getByLabel('Availability Zone').fill('zone1');
  await dash.submitDialog('Create Host Aggregate');
  await dash.row('host aggregates', 'agg1').getByRole('button', { name: 'Manage Hosts' }).click();
  await dash.submitDialog('Add Host');
  await dash.row('host aggregates', 'agg1').locator('td[data-col="hosts"]', { hasText: 'localhost' }).waitFor();
  const a = await openstackJson<{ hosts: string[]; availability_zone: string }>(lab.dataDir, ['aggregate', 'show', 'agg1']);
  assert.deepEqual(a.hosts, ['localhost']);
  assert.equal(a.availability_zone, 'zone1');
});

test('Admin → Networks: a flat external provider network on physnet extnet', async () => {
  await dash.nav().getByRole('link', { name: 'Networks', exact: true }).last().click();
  await page.getByRole('button', { name: '+ Create Network' }).click();
  await dash.dialog().getByLabel('Name').fill('extnet');
  await dash.dialog().getByLabel('Project').selectOption({ label: 'admin' });
  await dash.dialog().getByLabel('Provider Network Type').selectOption('flat');
  await dash.dialog().getByLabel('Physical Network').fill('extnet');
  await dash.dialog().getByLabel('External Network').check();
  await dash.submitDialog('Create Network');
  await dash.row('networks', 'extnet').waitFor();
  await dash.row('networks', 'intnet').waitFor();
  const n = await openstackJson<Record<string, unknown>>(lab.dataDir, ['network', 'show', 'extnet']);
  assert.equal(n['provider:network_type'], 'flat');
  assert.equal(n['provider:physical_network'], 'extnet');
  assert.equal(n['router:external'], true);
  await dash.shot('admin-networks');

  // Admin → Routers lists the demo project's router with its owner
  await openstack(lab.dataDir, ['router', 'create', 'demo-r1'], { who: 'demo' });
  await dash.nav().getByRole('link', { name: 'Routers', exact: true }).last().click();
  await dash.row('routers', 'demo-r1').locator('td', { hasText: /^demo$/ }).waitFor();
});

test('Admin → Floating IPs: allocate one from extnet to the demo project', async () => {
  await openstack(lab.dataDir, ['subnet', 'create', '--network', 'extnet', '--subnet-range', '172.24.4.0/24', '--no-dhcp', 'public_subnet']);
  await dash.nav().getByRole('link', { name: 'Floating IPs', exact: true }).last().click();
  await page.getByRole('button', { name: 'Allocate IP To Project' }).click();
  await dash.dialog().getByLabel('Pool').selectOption({ label: 'extnet' });
  await dash.dialog().getByLabel('Project').selectOption({ label: 'demo' });
  await dash.submitDialog('Allocate Floating IP');
  await dash.table('floating IPs').locator('tbody tr', { hasText: 'demo' }).waitFor();
  const ips = await openstackJson<{ 'Floating IP Address': string }[]>(lab.dataDir, ['floating', 'ip', 'list'], { who: 'demo' });
  assert.equal(ips.length, 1);
});

test('Admin → RBAC Policies: share intnet with the demo project', async () => {
  await dash.open('RBAC Policies');
  await page.getByRole('button', { name: '+ Create RBAC Policy' }).click();
  await dash.dialog().getByLabel('Target Project').selectOption({ label: 'demo' });
  await dash.dialog().getByLabel('Network').selectOption({ label: 'intnet' });
  await dash.submitDialog('Create RBAC Policy');
  await dash.table('RBAC policies').locator('tbody tr', { hasText: 'access_as_shared' }).waitFor();
  const list = await openstackJson<{ 'Object Type': string; 'Object ID': string }[]>(lab.dataDir, ['network', 'rbac', 'list']);
  const intnet = await openstackJson<{ id: string }>(lab.dataDir, ['network', 'show', 'intnet']);
  assert.ok(list.some((r) => r['Object ID'] === intnet.id));
  await dash.shot('rbac');
});

test('Admin → Defaults: updating the instances default changes the quota class', async () => {
  await dash.open('Defaults');
  await dash.row('compute quota defaults', 'Instances').getByRole('button', { name: 'Update Default' }).click();
  await dash.dialog().getByLabel('Instances').fill('15');
  await dash.submitDialog('Save');
  await dash.row('compute quota defaults', 'Instances').locator('td[data-col="limit"]', { hasText: /^15$/ }).waitFor();
  const q = await openstackJson<{ instances: number }>(lab.dataDir, ['quota', 'show', '--default']);
  assert.equal(q.instances, 15);
  const net = await openstackJson<{ routers: number }>(lab.dataDir, ['quota', 'show', '--default']);
  await dash.row('network quota defaults', 'Routers').locator('td[data-col="limit"]', { hasText: new RegExp(`^${net.routers}$`) }).waitFor();
  await dash.shot('defaults');
});

test('demo sees no Admin section and no Domains panel', async () => {
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await new LoginPage(page).logIn('demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD);
  const nav = dash.nav();
  await nav.getByRole('heading', { name: 'Project', exact: true }).waitFor();
  assert.equal(await nav.getByRole('heading', { name: 'Admin', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Domains', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Hypervisors', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Networks', exact: true }).count(), 1);
  await dash.open('Instances');
  // Project → Network still works for demo: its QoS policies and networks panels load
  await dash.open('QoS Policies');
  await dash.table('QoS policies').waitFor();
  await dash.open('Networks');
  await dash.table('networks').locator('tbody').waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: /403|Forbidden/ }).count(), 0);
});
