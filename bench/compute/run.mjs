#!/usr/bin/env node
// StackLab compute bench: boot many servers through StackLab's Nova-compatible API in instant mode,
// list them with detail, delete them.
//
//   node bench/compute/run.mjs [--servers 500] [--list-requests 20] [--port-offset 22000] [--write-md]
//
// 1. starts `bin/stacklab.js serve --instant` (the executable, so its shebang's node flags apply)
//    on an empty temp data dir and logs in as admin;
// 2. unmeasured set-up through the APIs: lifts the admin project's compute and port quotas, makes a
//    network with a /22 subnet, a tiny image (uploaded to Glance) and a flavor of 1 vCPU, 8 MiB RAM,
//    no disk, and raises the VCPU allocation ratio of the host's resource provider in Placement so
//    the one sim host can hold every server;
// 3. boots N servers one at a time (POST /v2.1/servers, then GET /v2.1/servers/<id> until ACTIVE):
//    p50/p99 of the POST and of create → ACTIVE;
// 4. lists them with detail (GET /v2.1/servers/detail) K times: p50/p99 and the response size;
// 5. deletes them one at a time (DELETE, then GET until 404): p50/p99;
// 6. the engine's RSS (VmRSS) at ready, after the boots, after the lists, after the deletes; peak (VmHWM).
//
// Plain Node ESM, standard library only. Everything listens on 127.0.0.1; the engine is killed and
// the temp dir removed at the end, on failure and on Ctrl-C.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HOST, Series, children, cleanupSync, findOffset, fmtMiB, fmtMs, kb, killGroup, machine, mkTemp, now, parseRc, sleep, stats,
  requester, waitForReady, writeBenchSection,
} from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: node bench/compute/run.mjs [options]
  --servers N         servers to boot, list and delete (default 500, at most 1000)
  --list-requests N   measured GET /v2.1/servers/detail once every server is ACTIVE (default 20)
  --port-offset N     StackLab --port-offset (default 22000; moved up by 100 until free)
  --phase-timeout S   wall-clock cap per phase, seconds (default 300)
  --cpu-prof DIR      run the engine as \`node <shebang flags> --cpu-prof --cpu-prof-dir DIR\` and keep its .cpuprofile
  --write-md          rewrite the compute section of docs/BENCHMARKS.md
  -h, --help`;

function parseArgs(argv) {
  const o = { servers: 500, listRequests: 20, portOffset: 22000, phaseTimeout: 300, writeMd: false, cpuProf: null };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} wants a whole number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--servers': o.servers = num(a, argv[++i]); break;
      case '--list-requests': o.listRequests = num(a, argv[++i]); break;
      case '--port-offset': o.portOffset = num(a, argv[++i]); break;
      case '--phase-timeout': o.phaseTimeout = num(a, argv[++i]); break;
      case '--write-md': o.writeMd = true; break;
      case '--cpu-prof': o.cpuProf = path.resolve(argv[++i]); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (o.servers < 1 || o.servers > 1000) throw new Error('--servers must be 1..1000 (Nova lists at most 1000 per page)');
  if (o.listRequests < 1) throw new Error('--list-requests must be at least 1');
  return o;
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanupSync(); process.exit(130); });

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const request = requester(agent);

function expect(r, statuses, what) {
  if (!(Array.isArray(statuses) ? statuses : [statuses]).includes(r.status)) throw new Error(`${what} -> ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) : {};
}

const memory = (pid) => ({ rssKb: kb(`/proc/${pid}/status`, 'VmRSS'), hwmKb: kb(`/proc/${pid}/status`, 'VmHWM') });

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

/** The node flags on the CLI's `#!/usr/bin/env -S node …` line. */
function shebangFlags(bin) {
  const m = fs.readFileSync(bin, 'utf8').split('\n', 1)[0].match(/^#!\s*\S*env\s+(?:-S\s+)?node((?:\s+-\S+)*)\s*$/);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

async function startEngine(dataDir, offset, cpuProf) {
  const bin = path.join(REPO, 'bin', 'stacklab.js');
  if (!fs.existsSync(path.join(REPO, 'dist', 'engine', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');
  const logFile = path.join(dataDir, '..', 'serve.log');
  const args = ['serve', '--instant', '--data-dir', dataDir, '--port-offset', String(offset)];
  console.log(`engine: bin/stacklab.js ${args.join(' ')}`);
  const t0 = now();
  const [cmd, argv] = cpuProf ? [process.execPath, [...shebangFlags(bin), '--cpu-prof', '--cpu-prof-dir', cpuProf, bin, ...args]] : [bin, args];
  const proc = spawn(cmd, argv, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1' } });
  const child = { name: 'stacklab', proc, logFile, log: fs.createWriteStream(logFile) };
  children.add(child);
  const { readyMs } = await waitForReady(proc, child.log, t0, () => tail(logFile), logFile);
  console.log(`  ready in ${readyMs.toFixed(0)} ms`);
  return { child, readyMs };
}

async function stopEngine(child) {
  killGroup(child.proc.pid, 'SIGTERM');
  const t0 = Date.now();
  while (child.proc.exitCode === null && child.proc.signalCode === null && Date.now() - t0 < 10000) await sleep(50);
  killGroup(child.proc.pid, 'SIGKILL');
  children.delete(child);
  child.log.end();
}

/** A minimal qcow2 v3 header for a 1 MiB disk: Glance only stores it, the instant guests never read it. */
function tinyQcow2() {
  const b = Buffer.alloc(512);
  b.write('QFI\xfb', 0, 'latin1');
  b.writeUInt32BE(3, 4);
  b.writeUInt32BE(16, 20); // cluster bits
  b.writeBigUInt64BE(1024n * 1024n, 24);
  b.writeUInt32BE(104, 100); // header length
  return b;
}

async function setup(urls, auth, opts) {
  const H = { 'X-Auth-Token': auth.token };
  expect(await request('PUT', `${urls.nova}/v2.1/os-quota-sets/${auth.projectId}`, { headers: H, body: { quota_set: { instances: -1, cores: -1, ram: -1 } } }), 200, 'PUT os-quota-sets');
  expect(await request('PUT', `${urls.neutron}/v2.0/quotas/${auth.projectId}`, { headers: H, body: { quota: { port: -1 } } }), 200, 'PUT /v2.0/quotas');
  const net = expect(await request('POST', `${urls.neutron}/v2.0/networks`, { headers: H, body: { network: { name: 'bench-net' } } }), 201, 'POST networks').network;
  expect(await request('POST', `${urls.neutron}/v2.0/subnets`, { headers: H, body: { subnet: { name: 'bench-sub', network_id: net.id, ip_version: 4, cidr: '10.200.0.0/22' } } }), 201, 'POST subnets');
  const image = expect(await request('POST', `${urls.glance}/v2/images`, { headers: H, body: { name: 'bench-image', disk_format: 'qcow2', container_format: 'bare' } }), 201, 'POST images');
  expect(await request('PUT', `${urls.glance}/v2/images/${image.id}/file`, { headers: H, raw: tinyQcow2() }), 204, 'PUT image file');
  const flavor = expect(await request('POST', `${urls.nova}/v2.1/flavors`, { headers: H, body: { flavor: { name: 'bench.nano', ram: 8, vcpus: 1, disk: 0, id: 'bench-nano' } } }), 200, 'POST flavors').flavor;
  // one sim host has 2 vCPUs (×16): let its provider hold every server's VCPU
  const H2 = { ...H, 'OpenStack-API-Version': 'placement 1.26' };
  const rps = expect(await request('GET', `${urls.placement}/resource_providers`, { headers: H2 }), 200, 'GET resource_providers').resource_providers;
  for (const rp of rps) {
    const inv = expect(await request('GET', `${urls.placement}/resource_providers/${rp.uuid}/inventories`, { headers: H2 }), 200, 'GET inventories');
    if (!inv.inventories.VCPU) continue;
    inv.inventories.VCPU.allocation_ratio = Math.ceil((opts.servers + 10) / inv.inventories.VCPU.total);
    expect(await request('PUT', `${urls.placement}/resource_providers/${rp.uuid}/inventories`, { headers: H2, body: { resource_provider_generation: inv.resource_provider_generation, inventories: inv.inventories } }), 200, 'PUT inventories');
  }
  return { networkId: net.id, imageId: image.id, flavorId: flavor.id };
}

async function boot(urls, auth, opts, ids) {
  const H = { 'X-Auth-Token': auth.token };
  const post = new Series('POST /v2.1/servers');
  const active = new Series('create → ACTIVE');
  const servers = [];
  const deadline = now() + opts.phaseTimeout * 1000;
  for (let i = 0; i < opts.servers && now() < deadline; i++) {
    const t0 = now();
    const s = expect(await post.timed(() => request('POST', `${urls.nova}/v2.1/servers`, {
      headers: H, body: { server: { name: `bench-${i}`, flavorRef: ids.flavorId, imageRef: ids.imageId, networks: [{ uuid: ids.networkId }] } },
    })), 202, 'POST /v2.1/servers').server;
    for (;;) {
      const g = expect(await request('GET', `${urls.nova}/v2.1/servers/${s.id}`, { headers: H }), 200, 'GET server').server;
      if (g.status === 'ACTIVE') break;
      if (g.status === 'ERROR') throw new Error(`server ${i} went ERROR: ${JSON.stringify(g.fault)}`);
      if (now() > deadline) throw new Error(`server ${i} still ${g.status} at the phase timeout`);
      await sleep(1);
    }
    active.times.push(now() - t0);
    servers.push(s.id);
    if ((i + 1) % 100 === 0) console.log(`    ${i + 1}/${opts.servers} ACTIVE; last 100 create → ACTIVE p50 ${fmtMs(stats(active.times.slice(-100)).p50)}`);
  }
  // how the cost grows with the lab: the first and the last hundred boots
  const first = stats(active.times.slice(0, 100));
  const last = stats(active.times.slice(-100));
  return { post: post.result(), active: active.result(), first, last, servers };
}

async function list(urls, auth, opts) {
  const H = { 'X-Auth-Token': auth.token };
  const s = new Series('GET /v2.1/servers/detail');
  let count = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) expect(await request('GET', `${urls.nova}/v2.1/servers/detail`, { headers: H }), 200, 'GET servers/detail');
  for (let i = 0; i < opts.listRequests; i++) {
    const r = await s.timed(() => request('GET', `${urls.nova}/v2.1/servers/detail`, { headers: H }));
    count = expect(r, 200, 'GET servers/detail').servers.length;
    bytes = r.bytes;
  }
  return { ...s.result(), count, bytes };
}

async function remove(urls, auth, servers) {
  const H = { 'X-Auth-Token': auth.token };
  const del = new Series('DELETE /v2.1/servers/<id>');
  const gone = new Series('delete → 404');
  for (const id of servers) {
    const t0 = now();
    expect(await del.timed(() => request('DELETE', `${urls.nova}/v2.1/servers/${id}`, { headers: H })), 204, 'DELETE server');
    while ((await request('GET', `${urls.nova}/v2.1/servers/${id}`, { headers: H })).status !== 404) await sleep(1);
    gone.times.push(now() - t0);
  }
  return { del: del.result(), gone: gone.result() };
}

async function adminToken(keystone, dataDir) {
  const rc = parseRc(fs.readFileSync(path.join(dataDir, 'keystonerc_admin'), 'utf8'));
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: rc.OS_USERNAME, domain: { name: rc.OS_USER_DOMAIN_NAME || 'Default' }, password: rc.OS_PASSWORD } } },
      scope: { project: { name: rc.OS_PROJECT_NAME, domain: { name: rc.OS_PROJECT_DOMAIN_NAME || 'Default' } } },
    },
  };
  const r = await request('POST', `${keystone}/v3/auth/tokens`, { body });
  const j = expect(r, 201, 'POST /v3/auth/tokens');
  return { token: r.headers['x-subject-token'], projectId: j.token.project.id };
}

const fmtBytes = (b) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : `${(b / 1024).toFixed(0)} KiB`);

function report(res, opts, m) {
  const row = (label, r) => [label, r ? String(r.n) : '—', r ? fmtMs(r.p50) : '—', r ? fmtMs(r.p99) : '—'];
  const rows = [
    ['cold start (spawn → ready)', '', fmtMs(res.readyMs), ''],
    row('`POST /v2.1/servers`', res.boot?.post),
    row('create → ACTIVE (POST, then GET until ACTIVE)', res.boot?.active),
    row('… the first 100 boots', res.boot?.first),
    row('… the last 100 boots', res.boot?.last),
    row(`\`GET /v2.1/servers/detail\` (${res.list?.count ?? '?'} servers, ${res.list ? fmtBytes(res.list.bytes) : '?'})`, res.list),
    row('`DELETE /v2.1/servers/<id>`', res.remove?.del),
    row('delete → 404', res.remove?.gone),
  ];
  const mem = [
    ['RSS at ready', fmtMiB(res.memReady?.rssKb)],
    [`RSS with ${res.boot?.servers.length ?? '?'} servers ACTIVE`, fmtMiB(res.memBooted?.rssKb)],
    ['RSS after the lists', fmtMiB(res.memListed?.rssKb)],
    ['RSS after the deletes', fmtMiB(res.memDeleted?.rssKb)],
    ['peak RSS (VmHWM)', fmtMiB(res.memDeleted?.hwmKb ?? res.memListed?.hwmKb)],
  ];
  const complete = res.boot && res.boot.servers.length === opts.servers;
  const peakMiB = (res.memDeleted?.hwmKb ?? res.memListed?.hwmKb ?? Infinity) / 1024;
  const goals = [
    { text: `server create → ACTIVE p50 < 50 ms in instant mode (${fmtMs(res.boot?.active.p50)})`, ok: !!complete && res.boot.active.p50 < 50 },
    { text: `list detail of ${opts.servers} p50 < 100 ms (${fmtMs(res.list?.p50)})`, ok: !!complete && res.list?.count === opts.servers && res.list.p50 < 100 },
    { text: `engine memory < 250 MB (peak ${peakMiB.toFixed(1)} MiB)`, ok: !!complete && peakMiB < 250 },
  ];
  const total = res.bootWallMs !== undefined ? `${(res.bootWallMs / 1000).toFixed(1)} s to boot all ${res.boot?.servers.length}, ${(res.removeWallMs / 1000).toFixed(1)} s to delete them` : 'n/a';
  const notes = [
    'A fresh lab: `bin/stacklab.js serve --instant` on an empty temp data dir, run as the executable (its shebang\'s node flags apply). Instant mode makes every instance transition complete at once instead of after its realistic delay; the scheduler, Placement claims, Neutron ports (and the dataplane recompute they set off), the guest and the database writes all still run.',
    `Set-up, unmeasured: compute (instances/cores/ram) and port quotas of the admin project lifted, one network with a /22 subnet (DHCP on), a tiny qcow2 uploaded to Glance, a flavor of 1 vCPU / 8 MiB / no disk, and the host provider's VCPU allocation_ratio raised in Placement so one sim host holds every server.`,
    `Then ${opts.servers} servers booted one at a time: \`POST /v2.1/servers\` (one NIC on the network) and \`GET /v2.1/servers/<id>\` until ACTIVE; "create → ACTIVE" is from the POST's start to the first GET that shows ACTIVE. Wall clock: ${total}.`,
    `Then 3 unmeasured and ${opts.listRequests} measured \`GET /v2.1/servers/detail\` (microversion 2.1, admin, own project) and each server deleted: \`DELETE\`, then GET until 404.`,
    `Requests are sequential from a Node ${m.node} \`node:http\` client on one kept-alive connection, with an admin token; latency is from request start to the last byte.`,
    'RSS is VmRSS of the engine process from /proc/<pid>/status; peak is VmHWM.',
  ];
  return { rows, mem, goals, notes };
}

function markdown(rep, m, opts) {
  const md = [];
  const flags = [opts.servers !== 500 && `--servers ${opts.servers}`, opts.listRequests !== 20 && `--list-requests ${opts.listRequests}`].filter(Boolean);
  md.push(`Run: \`node bench/compute/run.mjs ${[...flags, '--write-md'].join(' ')}\``, '');
  md.push(`- Date: ${m.date}${m.commit ? ` (commit ${m.commit})` : ''}`, `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB RAM`, `- OS: ${m.os}`, `- Load average at start: ${m.load}`, `- Node: ${m.node}`, '');
  md.push('| | samples | p50 | p99 |', '| --- | ---: | ---: | ---: |');
  for (const r of rep.rows) md.push(`| ${r.join(' | ')} |`);
  md.push('', '| engine memory | |', '| --- | ---: |');
  for (const r of rep.mem) md.push(`| ${r.join(' | ')} |`);
  md.push('', 'Goals:', '');
  for (const g of rep.goals) md.push(`- ${g.ok ? '✅ PASS' : '❌ FAIL'} — ${g.text}`);
  md.push('', 'How it is measured:', '');
  for (const n of rep.notes) md.push(`- ${n}`);
  return md.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const m = machine(REPO, execFileSync);
  console.log(`compute bench — ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB, ${m.os}, node ${m.node}, ${m.date}, load ${m.load}\n`);
  const tmp = mkTemp('stacklab-computebench-');
  const dataDir = path.join(tmp, 'lab');
  const offset = await findOffset(opts.portOffset);
  const urls = {
    keystone: `http://${HOST}:${5000 + offset}`, nova: `http://${HOST}:${8774 + offset}`, neutron: `http://${HOST}:${9696 + offset}`,
    glance: `http://${HOST}:${9292 + offset}`, placement: `http://${HOST}:${8778 + offset}`,
  };
  const res = {};
  let engine;
  let failed = false;
  try {
    engine = await startEngine(dataDir, offset, opts.cpuProf);
    res.readyMs = engine.readyMs;
    const pid = engine.child.proc.pid;
    res.memReady = memory(pid);
    const auth = await adminToken(urls.keystone, dataDir);
    const ids = await setup(urls, auth, opts);
    console.log(`  booting ${opts.servers} servers`);
    let t0 = now();
    res.boot = await boot(urls, auth, opts, ids);
    res.bootWallMs = now() - t0;
    res.memBooted = memory(pid);
    console.log(`    POST p50 ${fmtMs(res.boot.post.p50)}, create → ACTIVE p50 ${fmtMs(res.boot.active.p50)} p99 ${fmtMs(res.boot.active.p99)}`);
    res.list = await list(urls, auth, opts);
    res.memListed = memory(pid);
    console.log(`    GET servers/detail: ${res.list.count} servers, p50 ${fmtMs(res.list.p50)} p99 ${fmtMs(res.list.p99)}`);
    t0 = now();
    res.remove = await remove(urls, auth, res.boot.servers);
    res.removeWallMs = now() - t0;
    res.memDeleted = memory(pid);
    console.log(`    DELETE p50 ${fmtMs(res.remove.del.p50)}, delete → 404 p50 ${fmtMs(res.remove.gone.p50)}`);
  } catch (e) {
    failed = true;
    console.error(`FAILED: ${e.message}${engine ? `\n--- serve log ---\n${tail(engine.child.logFile)}` : ''}`);
  } finally {
    if (engine) await stopEngine(engine.child);
  }
  const rep = report(res, opts, m);
  console.log('');
  for (const r of rep.rows) console.log(`${r[0].replaceAll('`', '').padEnd(58)} ${r[1].padStart(6)} ${r[2].padStart(10)} ${r[3].padStart(10)}`);
  for (const r of rep.mem) console.log(`${r[0].padEnd(58)} ${r[1].padStart(28)}`);
  console.log('');
  for (const g of rep.goals) console.log(`${g.ok ? 'PASS' : 'FAIL'}  ${g.text}`);
  if (opts.writeMd && !failed && !opts.cpuProf) {
    const file = writeBenchSection(REPO, 'compute', 'Compute: Nova API, scheduler and instances', 'StackLab\'s Nova-compatible API booting, listing and deleting servers in instant mode, measured by `bench/compute/run.mjs`.', markdown(rep, m, opts));
    console.log(`\nwrote ${path.relative(REPO, file)}`);
  }
  cleanupSync();
  process.exit(failed ? 1 : 0);
}

main();
