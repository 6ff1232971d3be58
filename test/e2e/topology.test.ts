import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { openstack, openstackJson, repoRoot, tempDir } from '../support/lab';
import { DashboardPage, openAdminDashboard, startUiLab, type UiLab } from './pages';

// Network Topology in web mode on the seeds' lab (made with the real CLI): the logical view, the host
// view with qrouter-/qdhcp- namespaces and the instance, a CLI change appearing live, node details
// with the ARP table, and traces — one delivered, one dropped by the security group.

let lab: UiLab;
let browser: Browser;
let page: Page;
let dash: DashboardPage;
let routerId: string;
let vmIp: string;
let gatewayIp: string;

before(async () => {
  lab = await startUiLab(tempDir('stacklab-e2e-topo-'), ['--instant']);
  const os = (...args: string[]) => openstack(lab.dataDir, args);
  await os('network', 'create', 'external_network', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet', '--external');
  await os('subnet', 'create', 'public_subnet', '--network', 'external_network', '--subnet-range', '10.0.2.0/24', '--no-dhcp', '--allocation-pool', 'start=10.0.2.100,end=10.0.2.200', '--gateway', '10.0.2.1');
  await os('network', 'create', 'intnet');
  await os('subnet', 'create', 'subnet1', '--subnet-range', '10.5.5.0/24', '--network', 'intnet');
  routerId = (await openstackJson<{ id: string }>(lab.dataDir, ['router', 'create', 'R2'])).id;
  await os('router', 'add', 'subnet', 'R2', 'subnet1');
  await os('router', 'set', 'R2', '--external-gateway', 'external_network');
  await os('image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', join(repoRoot, 'resources', 'mirror', 'files', 'cirros-0.6.2-x86_64-disk.img'), 'cirros');
  await os('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--wait', 'test-instance');
  const s = await openstackJson<{ addresses: Record<string, string[]> }>(lab.dataDir, ['server', 'show', 'test-instance']);
  vmIp = s.addresses.intnet[0];
  const r = await openstackJson<{ external_gateway_info: { external_fixed_ips: { ip_address: string }[] } }>(lab.dataDir, ['router', 'show', 'R2']);
  gatewayIp = r.external_gateway_info.external_fixed_ips[0].ip_address;
  ({ browser, page, dash } = await openAdminDashboard(lab, { width: 1440, height: 1000 }));
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

const nodes = (view: 'Logical' | 'Host'): Locator => page.getByRole('list', { name: `${view} network topology: nodes` });

async function showNodes(view: 'Logical' | 'Host'): Promise<void> {
  const list = nodes(view);
  if (!(await list.isVisible())) await page.locator('.topology__nodes summary').click();
  await list.waitFor();
}

test('the logical view shows the external network, the router, intnet and the instance; a CLI change appears live', async () => {
  await dash.open('Network Topology');
  await showNodes('Logical');
  for (const name of ['external_network (external)', 'R2 (router)', 'intnet (network)', 'test-instance (instance)']) await nodes('Logical').getByRole('button', { name, exact: true }).waitFor();
  await page.locator('.topology__graph[data-rendered-ms]').waitFor();
  await dash.shot('topology-logical');
  await page.evaluate('window.__sameDocument = true');
  await openstack(lab.dataDir, ['network', 'create', 'live-net']);
  await nodes('Logical').getByRole('button', { name: 'live-net (network)', exact: true }).waitFor();
  assert.equal(await page.evaluate('window.__sameDocument'), true);
  await nodes('Logical').getByRole('button', { name: 'R2 (router)', exact: true }).click();
  await page.getByRole('region', { name: 'Node details' }).getByText(routerId).waitFor();
});

test('the host view shows the bridges, the qrouter-/qdhcp- namespaces and the instance; a node shows its ARP table and routes', async () => {
  await page.getByRole('group', { name: 'Topology view' }).getByRole('button', { name: /^Host/ }).click();
  await showNodes('Host');
  const list = nodes('Host');
  for (const name of ['br-int (bridge)', 'br-ex (bridge)', 'br-tun (bridge)', 'enp0s3 (nic)', `qrouter-${routerId} (namespace)`, 'test-instance (instance)']) await list.getByRole('button', { name, exact: true }).waitFor();
  await list.getByRole('button', { name: /^qdhcp-\S+ \(namespace\)$/ }).first().waitFor();
  await list.getByRole('button', { name: `qrouter-${routerId} (namespace)`, exact: true }).click();
  const details = page.getByRole('region', { name: 'Node details' });
  await details.getByText('default via 10.0.2.1', { exact: false }).waitFor();
  await details.getByText('arp table').waitFor();
  await dash.shot('topology-host');
});

test('trace mode: the instance reaches its router and the router gateway; TCP 22 from the router is dropped by the default security group', async () => {
  const form = page.getByRole('form', { name: 'Trace' });
  await form.getByLabel('Source').selectOption({ label: 'instance test-instance' });
  await form.getByLabel('Destination IP').fill('10.5.5.1');
  await form.getByRole('button', { name: 'Trace' }).click();
  const result = page.getByRole('region', { name: 'Trace result' });
  await result.getByRole('heading', { name: 'Delivered' }).waitFor();
  assert.ok((await result.locator('ol').first().locator('li').count()) >= 2, 'the path has hops');

  // the router's gateway on the external network, from the instance's port: through the qrouter- namespace
  const portOption = (await form.getByLabel('Source').locator('option').allInnerTexts()).find((o) => /^port \S+ .*of test-instance$/.test(o));
  assert.ok(portOption, 'the instance port is a trace source');
  await form.getByLabel('Source').selectOption({ label: portOption });
  await form.getByLabel('Destination IP').fill(gatewayIp);
  await form.getByRole('button', { name: 'Trace' }).click();
  await result.getByText(gatewayIp, { exact: false }).first().waitFor();
  await result.getByRole('heading', { name: 'Delivered' }).waitFor();
  assert.match(await result.locator('ol').first().innerText(), new RegExp(`qrouter-${routerId}`), 'the path goes through the router namespace');

  await form.getByLabel('Source').selectOption({ label: `qrouter-${routerId}` });
  await form.getByLabel('Destination IP').fill(vmIp);
  await form.getByLabel('Protocol').selectOption('tcp');
  await form.getByLabel('Port').fill('22');
  await form.getByRole('button', { name: 'Trace' }).click();
  await result.getByRole('heading', { name: 'Dropped' }).waitFor();
  assert.match(await result.locator('.topology__drop').innerText(), /security group/i);
  await page.locator('.topology__graph').scrollIntoViewIfNeeded();
  await dash.shot('topology-trace');
});
