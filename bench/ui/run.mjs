#!/usr/bin/env node
// StackLab GUI bench: the web-mode GUI in Debian's Chromium (playwright-core, headless).
//
//   node bench/ui/run.mjs [--runs 5] [--networks 100] [--port-offset 24000] [--write-md]
//
// Needs `npm run build`. Starts `bin/stacklab.js serve --ui --instant` on a temp lab, then:
// 1. first paint: page load → login form visible, and Sign In → dashboard (nav and first panel) visible;
// 2. topology render: --networks networks with a DHCP subnet each (made through the API, unmeasured)
//    give the host view ~3 nodes per network; the panel records, on its graph container, how long
//    its last full render took (elements in → layout done: data-rendered-ms) and how many nodes;
// 3. change → graph: a network created through the API until its node is in the page (logical view),
//    and until its qdhcp- namespace is (host view); wall clock on both sides, same machine.
// Prints p50/max; --write-md rewrites its section of docs/BENCHMARKS.md. Everything on 127.0.0.1.

// page.evaluate and waitForFunction callbacks run in the browser:
/* global document, MutationObserver */

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cleanupSync, findOffset, fmtMs, machine, mkTemp, now, parseRc, requester, stats, writeBenchSection } from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';

function parseArgs(argv) {
  const o = { runs: 5, networks: 100, portOffset: 24000, writeMd: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--networks') o.networks = Number(argv[++i]);
    else if (a === '--port-offset') o.portOffset = Number(argv[++i]);
    else if (a === '--write-md') o.writeMd = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/ui/run.mjs [--runs N] [--networks N] [--port-offset N] [--write-md]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

let serve;

async function startUi(dataDir, portOffset) {
  serve = spawn(process.execPath, [path.join(REPO, 'bin', 'stacklab.js'), 'serve', '--ui', '--instant', '--data-dir', dataDir, '--port-offset', String(portOffset)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (d) => {
      out += d;
      const m = /^stacklab ui: (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const dataDir = mkTemp('stacklab-bench-ui-');
  const portOffset = await findOffset(opts.portOffset);
  const url = await startUi(dataDir, portOffset);
  const rc = parseRc(fs.readFileSync(path.join(dataDir, 'keystonerc_admin'), 'utf8'));
  const req = requester(new http.Agent({ keepAlive: true }));
  const auth = await req('POST', `${rc.OS_AUTH_URL}/auth/tokens`, {
    body: { auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: rc.OS_PASSWORD } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } },
  });
  const H = { 'X-Auth-Token': auth.headers['x-subject-token'] };
  const net = `http://127.0.0.1:${9696 + portOffset}`;
  const me = JSON.parse(auth.body).token.project.id;
  await req('PUT', `${net}/v2.0/quotas/${me}`, { headers: H, body: { quota: { network: -1, subnet: -1, port: -1 } } });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const load = [];
  const login = [];
  let page;
  for (let i = 0; i < opts.runs; i++) {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const t0 = now();
    await page.goto(url);
    await page.getByRole('button', { name: 'Sign In' }).waitFor();
    load.push(now() - t0);
    await page.getByLabel('User Name').fill('admin');
    await page.getByLabel('Password').fill(rc.OS_PASSWORD);
    const t1 = now();
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    await page.locator('main h1').waitFor();
    login.push(now() - t1);
  }

  process.stderr.write(`set-up: ${opts.networks} networks with a subnet each …\n`);
  for (let i = 0; i < opts.networks; i++) {
    const n = JSON.parse((await req('POST', `${net}/v2.0/networks`, { headers: H, body: { network: { name: `ui-net-${i}` } } })).body).network;
    await req('POST', `${net}/v2.0/subnets`, { headers: H, body: { subnet: { network_id: n.id, cidr: `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`, ip_version: 4 } } });
  }
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Network Topology', exact: true }).click();
  const graph = page.locator('.topology__graph');
  const hostButton = page.getByRole('group', { name: 'Topology view' }).getByRole('button', { name: /^Host/ });
  const logicalButton = page.getByRole('group', { name: 'Topology view' }).getByRole('button', { name: 'Logical' });
  const render = [];
  let nodes = 0;
  for (let i = 0; i < opts.runs; i++) {
    await logicalButton.click();
    await page.waitForFunction(() => Number(document.querySelector('.topology__graph')?.getAttribute('data-node-count') ?? 0) > 0 && document.querySelector('[aria-pressed="true"]')?.textContent === 'Logical');
    await page.evaluate(() => document.querySelector('.topology__graph')?.removeAttribute('data-rendered-ms'));
    await hostButton.click();
    await page.waitForFunction(() => document.querySelector('.topology__graph')?.hasAttribute('data-rendered-ms'), undefined, { timeout: 60000 });
    render.push(Number(await graph.getAttribute('data-rendered-ms')));
    nodes = Number(await graph.getAttribute('data-node-count'));
  }

  /** API change → its node in the page: the page stamps the wall clock when the button appears. */
  async function changeToGraph(view, makeName, nodeName) {
    const times = [];
    for (let i = 0; i < opts.runs; i++) {
      const name = makeName(i);
      await page.evaluate(() => {
        const d = document.querySelector('.topology__nodes');
        if (d && !d.open) d.open = true;
      });
      // resolves when one more node than now starts with the name (a new network, a new qdhcp- namespace)
      const seen = page.evaluate(
        (want) =>
          new Promise((resolve) => {
            const count = () => [...document.querySelectorAll('.topology__nodes button')].filter((b) => b.textContent?.startsWith(want)).length;
            const before = count();
            const obs = new MutationObserver(() => count() > before && (obs.disconnect(), resolve(Date.now())));
            obs.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
        nodeName(name),
      );
      await page.waitForTimeout(50);
      const t0 = Date.now();
      const created = JSON.parse((await req('POST', `${net}/v2.0/networks`, { headers: H, body: { network: { name } } })).body).network;
      if (view === 'host') await req('POST', `${net}/v2.0/subnets`, { headers: H, body: { subnet: { network_id: created.id, cidr: `10.99.${i}.0/24`, ip_version: 4 } } });
      times.push((await seen) - t0);
    }
    return times;
  }
  await logicalButton.click();
  const logicalChange = await changeToGraph('logical', (i) => `live-net-${i}`, (n) => `${n} (network)`);
  await hostButton.click();
  await page.waitForFunction(() => document.querySelector('.topology__graph')?.hasAttribute('data-rendered-ms'));
  const hostChange = await changeToGraph('host', (i) => `host-net-${i}`, () => 'qdhcp-');
  await browser.close();

  const m = machine(REPO, execFileSync);
  const rows = [
    ['page load → login form', stats(load), '—'],
    ['Sign In → dashboard painted (first paint after ready)', stats(login), '< 1.5 s'],
    [`topology host view, ${nodes} nodes: elements → layout done`, stats(render), '< 1 s'],
    ['network created by the API → in the logical graph', stats(logicalChange), '< 250 ms'],
    ['network + subnet by the API → qdhcp- namespace in the host graph', stats(hostChange), '< 250 ms'],
  ];
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB, ${m.os}, Node ${m.node}, Debian's Chromium headless; ${m.date}${m.commit ? `, commit ${m.commit}` : ''}; load ${m.load}.`,
    '',
    `${opts.runs} runs each; ${opts.networks} networks with a DHCP subnet behind the topology.`,
    '',
    '| measure | p50 | max | goal |',
    '|---|---|---|---|',
    ...rows.map(([label, s, goal]) => `| ${label} | ${fmtMs(s.p50)} | ${fmtMs(s.max)} | ${goal} |`),
  ];
  console.log(lines.join('\n'));
  if (opts.writeMd) {
    const file = writeBenchSection(REPO, 'ui', 'GUI (web mode)', 'First paint, topology render and change-to-graph delay of the GUI in web mode, driven in Chromium (`node bench/ui/run.mjs`).', lines.join('\n'));
    console.log(`wrote ${file}`);
  }
}

main()
  .then(() => {
    serve?.kill('SIGTERM');
    cleanupSync();
    process.exit(0);
  })
  .catch((e) => {
    console.error(e.stack ?? e);
    serve?.kill('SIGTERM');
    cleanupSync();
    process.exit(1);
  });
