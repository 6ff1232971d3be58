#!/usr/bin/env node
// StackLab network bench: StackLab's Neutron-compatible API (network v2.0) on a fresh lab, and the
// dataplane recompute that follows every committed Neutron change.
//
//   node bench/network/run.mjs [--networks 200] [--ports-per-network 10] [--list-requests 50]
//                              [--recompute-runs 30] [--port-offset 21000] [--phase-timeout 300]
//                              [--cpu-prof DIR] [--write-md]
//
// 1. starts `bin/stacklab.js serve` (the executable, so its shebang's node flags apply) on an
//    empty temp data dir, logs in as admin, lifts the admin project's network/subnet/port quotas;
// 2. creates N networks, each with one /24 subnet (DHCP on, so Neutron adds a DHCP port) and
//    M ports, one request at a time: p50/p99 of POST /v2.0/networks, /subnets and /ports;
// 3. lists every port (GET /v2.0/ports) K times: p50/p99 and the response size;
// 4. stops the engine, copies its lab.db and times NetworkService.snapshot() and
//    computeHostState() in process (bench/network/recompute.mjs), with the engine's node flags;
// 5. the engine's RSS (VmRSS) at ready, and after the creates and the lists.
//
// Plain Node ESM, standard library only. Everything listens on 127.0.0.1. The engine is killed
// and the temp dir removed at the end, on failure and on Ctrl-C.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, Series, children, cleanupSync, findOffset, fmtMiB, fmtMs, kb, killGroup, machine as machineOf, mkTemp, now, parseRc, requester, sleep, stats, waitForReady } from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- arguments

const USAGE = `usage: node bench/network/run.mjs [options]
  --networks N           networks to create, each with one /24 subnet (default 200, at most 4096)
  --ports-per-network N  ports created on each network, besides its DHCP port (default 10, at most 200)
  --list-requests N      measured GET /v2.0/ports once every port exists (default 50)
  --recompute-runs N     measured snapshot() + computeHostState() runs (default 30)
  --warmup N             unmeasured requests / runs before each measured loop (default 5)
  --probes N             after the lists: port creates on an idle engine, each followed at once by a
                         small GET that waits for the recompute the create set off (default 30)
  --port-offset N        StackLab --port-offset (default 21000; moved up by 100 until free)
  --stacklab-bin FILE    the StackLab CLI to run (default bin/stacklab.js)
  --phase-timeout S      wall-clock cap per measured phase, seconds (default 300)
  --cpu-prof DIR         run the engine as \`node <shebang flags> --cpu-prof --cpu-prof-dir DIR\`
                         and keep its .cpuprofile there (figures are then not written)
  --keep-db FILE         also copy the populated lab.db to FILE (for bench/network/recompute.mjs)
  --write-md             rewrite the network section of docs/BENCHMARKS.md
  --json FILE            also write the raw results as JSON
  -h, --help`;

function parseArgs(argv) {
  const o = {
    networks: 200, portsPerNetwork: 10, listRequests: 50, recomputeRuns: 30, warmup: 5, probes: 30, portOffset: 21000,
    stacklabBin: null, phaseTimeout: 300, cpuProf: null, keepDb: null, writeMd: false, json: null,
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} wants a whole number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--networks': o.networks = num(flag, val()); break;
      case '--ports-per-network': o.portsPerNetwork = num(flag, val()); break;
      case '--list-requests': o.listRequests = num(flag, val()); break;
      case '--recompute-runs': o.recomputeRuns = num(flag, val()); break;
      case '--warmup': o.warmup = num(flag, val()); break;
      case '--probes': o.probes = num(flag, val()); break;
      case '--port-offset': o.portOffset = num(flag, val()); break;
      case '--stacklab-bin': o.stacklabBin = path.resolve(val()); break;
      case '--phase-timeout': o.phaseTimeout = num(flag, val()); break;
      case '--cpu-prof': o.cpuProf = path.resolve(val()); break;
      case '--keep-db': o.keepDb = path.resolve(val()); break;
      case '--write-md': o.writeMd = true; break;
      case '--json': o.json = val(); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (o.networks < 1 || o.networks > 4096) throw new Error('--networks must be 1..4096 (one /24 each in 10.128.0.0/12)');
  if (o.portsPerNetwork > 200) throw new Error('--ports-per-network must be at most 200 (a /24 has 253 usable addresses)');
  if (o.listRequests < 1 || o.recomputeRuns < 1) throw new Error('--list-requests and --recompute-runs must be at least 1');
  if (o.phaseTimeout < 1) throw new Error('--phase-timeout must be at least 1');
  return o;
}

// ---------------------------------------------------------------- cleanup


function exited(proc) {
  return proc.exitCode !== null || proc.signalCode !== null;
}

async function stopChild(c, graceMs = 10000) {
  const { proc } = c;
  if (!exited(proc)) {
    killGroup(proc.pid, 'SIGTERM');
    const t0 = Date.now();
    while (!exited(proc) && Date.now() - t0 < graceMs) await sleep(50);
  }
  killGroup(proc.pid, 'SIGKILL');
  children.delete(c);
}

async function cleanup() {
  for (const c of [...children]) await stopChild(c);
  cleanupSync();
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n${sig}: stopping the engine`); cleanupSync(); process.exit(130); });
}

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

/** The node flags on the CLI's `#!/usr/bin/env -S node …` line. */
function shebangFlags(bin) {
  const first = fs.readFileSync(bin, 'utf8').split('\n', 1)[0];
  const m = first.match(/^#!\s*\S*env\s+(?:-S\s+)?node((?:\s+-\S+)*)\s*$/) ?? first.match(/^#!\s*\S*node((?:\s+-\S+)*)\s*$/);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

// Sequential requests on one kept-alive connection: only StackLab (Node's http server, which
// keeps connections alive) is measured here, so reusing the connection is how a client uses it.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const request = requester(agent);

// ---------------------------------------------------------------- memory

const memory = (pid) => ({ rssKb: kb(`/proc/${pid}/status`, 'VmRSS'), hwmKb: kb(`/proc/${pid}/status`, 'VmHWM') });

// ---------------------------------------------------------------- measuring

function expect(r, status, what) {
  if (r.status !== status) throw new Error(`${what} -> ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

// ---------------------------------------------------------------- the engine

async function startEngine(opts, dataDir, offset) {
  const bin = opts.stacklabBin ?? path.join(REPO, 'bin', 'stacklab.js');
  if (!fs.existsSync(bin)) throw new Error(`${bin} does not exist (has npm run build been run?)`);
  const logFile = path.join(dataDir, '..', 'serve.log');
  const args = ['serve', '--data-dir', dataDir, '--port-offset', String(offset)];
  let cmd = bin;
  let argv = args;
  if (opts.cpuProf) {
    fs.mkdirSync(opts.cpuProf, { recursive: true });
    cmd = process.execPath;
    argv = [...shebangFlags(bin), '--cpu-prof', '--cpu-prof-dir', opts.cpuProf, bin, ...args];
  }
  console.log(`engine: ${cmd === bin ? path.relative(REPO, bin) : `node ${argv.slice(0, -args.length - 1).join(' ')} ${path.relative(REPO, bin)}`} ${args.join(' ')}`);
  const t0 = now();
  const proc = spawn(cmd, argv, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1' } });
  const child = { name: 'stacklab', proc, logFile };
  children.add(child);
  const log = fs.createWriteStream(logFile);
  child.log = log;
  const { readyMs, readyLine } = await waitForReady(proc, log, t0, () => tail(logFile), logFile);
  console.log(`  ready in ${readyMs.toFixed(0)} ms (${readyLine.replace(/\s*\(data dir [^)]*\)/, '').trim()})`);
  return { child, readyMs, readyLine: readyLine.replace(/\s*\(data dir [^)]*\)/, '').trim() };
}

// ---------------------------------------------------------------- phases

async function adminToken(keystone, dataDir) {
  const rcFile = path.join(dataDir, 'keystonerc_admin');
  if (!fs.existsSync(rcFile)) throw new Error(`${rcFile} was not written`);
  const rc = parseRc(fs.readFileSync(rcFile, 'utf8'));
  if (!rc.OS_PASSWORD) throw new Error(`no OS_PASSWORD in ${rcFile}`);
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: rc.OS_USERNAME || 'admin', domain: { name: rc.OS_USER_DOMAIN_NAME || 'Default' }, password: rc.OS_PASSWORD } } },
      scope: { project: { name: rc.OS_PROJECT_NAME || 'admin', domain: { name: rc.OS_PROJECT_DOMAIN_NAME || 'Default' } } },
    },
  };
  const r = await request('POST', `${keystone}/v3/auth/tokens`, { body });
  const j = expect(r, 201, 'POST /v3/auth/tokens');
  const token = r.headers['x-subject-token'];
  if (!token || !j.token?.project?.id) throw new Error('POST /v3/auth/tokens: no project-scoped token');
  return { token, projectId: j.token.project.id };
}

/** Phase 1: networks, subnets (DHCP on) and ports, one request at a time. */
async function populate(neutron, auth, opts) {
  const H = { 'X-Auth-Token': auth.token };
  const nets = new Series('POST /v2.0/networks');
  const subs = new Series('POST /v2.0/subnets');
  const ports = new Series('POST /v2.0/ports');
  const deadline = now() + opts.phaseTimeout * 1000;
  const t0 = now();
  let timedOut = false;
  let madeNets = 0;
  let lastNetworkId = null;
  outer:
  for (let i = 0; i < opts.networks; i++) {
    if (now() > deadline) { timedOut = true; break; }
    const n = expect(await nets.timed(() => request('POST', `${neutron}/v2.0/networks`, { headers: H, body: { network: { name: `bench-net-${i}` } } })), 201, 'POST /v2.0/networks').network;
    // 10.128.0.0/12 holds 4096 /24s, clear of the host's 10.0.2.0/24
    const cidr = `10.${128 + (i >> 8)}.${i & 255}.0/24`;
    expect(await subs.timed(() => request('POST', `${neutron}/v2.0/subnets`, {
      headers: H, body: { subnet: { name: `bench-sub-${i}`, network_id: n.id, ip_version: 4, cidr, enable_dhcp: true } },
    })), 201, 'POST /v2.0/subnets');
    madeNets++;
    lastNetworkId = n.id;
    for (let j = 0; j < opts.portsPerNetwork; j++) {
      if (now() > deadline) { timedOut = true; break outer; }
      expect(await ports.timed(() => request('POST', `${neutron}/v2.0/ports`, { headers: H, body: { port: { name: `bench-port-${i}-${j}`, network_id: n.id } } })), 201, 'POST /v2.0/ports');
    }
    if ((i + 1) % 50 === 0 || i + 1 === opts.networks) {
      console.log(`    ${i + 1}/${opts.networks} networks, ${ports.times.length} ports, ${((now() - t0) / 1000).toFixed(1)} s; last 50 port creates p50 ${fmtMs(stats(ports.times.slice(-50)).p50)}`);
    }
  }
  // how port creation cost grows with the lab: first and last tenth of the port creates
  const tenth = Math.max(1, Math.floor(ports.times.length / 10));
  return {
    networks: nets.result(), subnets: subs.result(), ports: ports.result(), madeNets, lastNetworkId, wallMs: now() - t0, timedOut,
    portsFirstTenth: stats(ports.times.slice(0, tenth)), portsLastTenth: stats(ports.times.slice(-tenth)),
  };
}

/** Phase 2: list every port. */
async function listPorts(neutron, auth, opts, expected) {
  const H = { 'X-Auth-Token': auth.token };
  const get = () => request('GET', `${neutron}/v2.0/ports`, { headers: H, timeoutMs: 60000 });
  let count = null;
  let bytes = null;
  for (let i = 0; i < opts.warmup; i++) {
    const j = expect(await get(), 200, 'GET /v2.0/ports');
    count = j.ports.length;
  }
  const s = new Series('GET /v2.0/ports');
  const deadline = now() + opts.phaseTimeout * 1000;
  let timedOut = false;
  for (let i = 0; i < opts.listRequests; i++) {
    if (now() > deadline) { timedOut = true; break; }
    const r = await s.timed(get);
    const j = expect(r, 200, 'GET /v2.0/ports');
    count = j.ports.length;
    bytes = r.bytes;
  }
  if (count !== expected) console.log(`    note: GET /v2.0/ports returned ${count} ports, expected ${expected}`);
  return { ...s.result(), count, bytes, timedOut };
}

/**
 * Phase 2b: where a port create's time goes once the lab is full. Each probe waits until the
 * engine is idle, creates a port (its latency is then the request path alone: the recompute runs
 * after the response), and at once GETs one network, which waits behind the recompute the create
 * set off; an idle GET of the same network is the baseline. The probe port is deleted again.
 */
async function probe(neutron, auth, opts, networkId) {
  const H = { 'X-Auth-Token': auth.token };
  const gap = 150;
  const create = new Series('POST /v2.0/ports, engine idle');
  const after = new Series('GET /v2.0/networks/<id> right after it');
  const idle = new Series('GET /v2.0/networks/<id>, engine idle');
  const deadline = now() + opts.phaseTimeout * 1000;
  const getNet = () => request('GET', `${neutron}/v2.0/networks/${networkId}`, { headers: H });
  for (let i = 0; i < opts.probes && now() < deadline; i++) {
    await sleep(gap);
    expect(await idle.timed(getNet), 200, 'GET /v2.0/networks/<id>');
    await sleep(gap);
    const port = expect(await create.timed(() => request('POST', `${neutron}/v2.0/ports`, { headers: H, body: { port: { name: `bench-probe-${i}`, network_id: networkId } } })), 201, 'POST /v2.0/ports').port;
    expect(await after.timed(getNet), 200, 'GET /v2.0/networks/<id>');
    await sleep(gap);
    const d = await request('DELETE', `${neutron}/v2.0/ports/${port.id}`, { headers: H });
    if (d.status !== 204) throw new Error(`DELETE /v2.0/ports/<id> -> ${d.status} ${d.body.slice(0, 200)}`);
  }
  await sleep(gap);
  return { create: create.result(), after: after.result(), idle: idle.result() };
}

/** Phase 3: snapshot() and computeHostState() in process, on a copy of lab.db, with the engine's node flags. */
function recompute(dbCopy, opts, nodeFlags) {
  const script = path.join(HERE, 'recompute.mjs');
  const args = [...nodeFlags, script, '--db', dbCopy, '--runs', String(opts.recomputeRuns), '--warmup', String(Math.min(opts.warmup, 5)), '--time-limit', String(opts.phaseTimeout)];
  const out = execFileSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', timeout: (opts.phaseTimeout + 60) * 1000, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

function copyDb(dataDir, dest) {
  // the engine has stopped and closed the database (its WAL checkpointed); copy any -wal left anyway
  for (const suffix of ['', '-wal', '-shm']) {
    const f = path.join(dataDir, `lab.db${suffix}`);
    if (fs.existsSync(f)) fs.copyFileSync(f, `${dest}${suffix}`);
  }
}

// ---------------------------------------------------------------- machine

// ---------------------------------------------------------------- report

const fmtBytes = (b) => (b === null || b === undefined ? 'n/a' : b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : `${(b / 1024).toFixed(0)} KiB`);

function buildReport(res, opts, m) {
  const p = res.populate;
  const l = res.list;
  const rc = res.recompute;
  const rcPlain = res.recomputePlain;
  const row = (label, r) => [label, r ? `${r.n}` : '—', r ? fmtMs(r.p50) : '—', r ? fmtMs(r.p99) : '—'];
  const rows = [
    ['cold start (spawn → ready)', '', fmtMs(res.readyMs), ''],
    row('`POST /v2.0/networks`', p?.networks),
    row('`POST /v2.0/subnets` (DHCP on)', p?.subnets),
    row('`POST /v2.0/ports`', p?.ports),
    row('  … first tenth of the port creates', p?.portsFirstTenth),
    row('  … last tenth of the port creates', p?.portsLastTenth),
    row(`\`GET /v2.0/ports\` (${l?.count ?? '?'} ports, ${fmtBytes(l?.bytes)})`, l),
    ...(res.probe ? [
      row('`POST /v2.0/ports`, engine idle before it', res.probe.create),
      row('  … `GET /v2.0/networks/<id>` right after it', res.probe.after),
      row('  … the same GET, engine idle', res.probe.idle),
    ] : []),
    row(`\`snapshot()\` (${rc ? `${rc.counts.ports} ports` : '?'})`, rc?.snapshot),
    row('`computeHostState()`', rc?.compute),
    row('`snapshot()` + `computeHostState()`', rc?.both),
    ...(rcPlain ? [row('  … the same without the shebang flags', rcPlain.both)] : []),
  ];
  const mem = [
    ['RSS at ready', fmtMiB(res.memReady?.rssKb)],
    [`RSS after the creates (${p ? `${p.madeNets} networks, ${p.ports.n} ports` : '?'})`, fmtMiB(res.memPopulated?.rssKb)],
    ['RSS after the lists', fmtMiB(res.memListed?.rssKb)],
    ['peak RSS (VmHWM)', fmtMiB(res.memListed?.hwmKb ?? res.memPopulated?.hwmKb)],
  ];

  const goals = [];
  const goal = (text, ok) => goals.push({ text, ok });
  const complete = p && !p.timedOut && p.madeNets === opts.networks;
  const errs = p ? p.networks.errors + p.subnets.errors + p.ports.errors : 0;
  goal(`port create p50 < 2 ms (${fmtMs(p?.ports.p50)})`, !!p && complete && errs === 0 && p.ports.p50 !== null && p.ports.p50 < 2);
  goal(`port list of ${l?.count ?? '?'} p50 < 50 ms (${fmtMs(l?.p50)})`, !!l && complete && l.p50 !== null && l.p50 < 50);
  goal(`dataplane recompute (computeHostState) p50 < 20 ms (${fmtMs(rc?.compute.p50)})`, !!rc && complete && rc.compute.p50 !== null && rc.compute.p50 < 20);

  const totalPorts = p ? p.ports.n + p.madeNets : null;
  const notes = [
    `A fresh lab: \`bin/stacklab.js serve\` on an empty temp data dir, run as the executable (as \`npx stacklab\` runs it, so the node flags on its shebang — \`${res.nodeFlags.join(' ')}\` — apply)${res.readyLine ? `; it printed \`${res.readyLine}\`` : ''}. The admin project's network, subnet and port quotas are lifted first (\`PUT /v2.0/quotas/<admin project>\`; Neutron's defaults are 100/100/500), unmeasured.`,
    `Then ${opts.networks} × (\`POST /v2.0/networks\`, \`POST /v2.0/subnets\` with a /24, IPv4, DHCP on — so Neutron also creates the network's DHCP port — and ${opts.portsPerNetwork} × \`POST /v2.0/ports\` on that network), ${totalPorts ?? '?'} ports in all. Nothing is warmed up: every create is counted, the first ones included. Every committed change makes the engine recompute the dataplane (and realize it on the simulated host) once per event-loop turn after the response, so a create's latency includes the previous change's recompute when that is still running.`,
    `Then ${opts.warmup} unmeasured and ${opts.listRequests} measured \`GET /v2.0/ports\` (no filters: every port, as admin sees them).`,
    `Then ${opts.probes} probes of where a create's time goes in the full lab: wait 150 ms (the engine is idle), \`POST /v2.0/ports\` (timed: the request path alone, as the recompute it sets off runs after the response), then at once \`GET /v2.0/networks/<id>\` (timed: it waits behind that recompute, so minus the idle GET below it is the engine's whole recompute — snapshot, computeHostState, applying it to the simulated host, saving the host, GC — with the engine's own flags); the same GET after 150 ms idle is the baseline. Each probe port is deleted again (unmeasured).`,
    `Requests are sequential, one at a time, from a Node ${m.node} \`node:http\` client with an admin token (\`X-Auth-Token\`), on one kept-alive connection (only StackLab runs here, and Node's server keeps connections alive; the identity bench uses \`Connection: close\` because uWSGI's \`--http-socket\` cannot); latency is from request start to the last byte of the body.`,
    `Recompute: after the engine stopped, its \`lab.db\` is copied and opened in a separate Node process (\`bench/network/recompute.mjs\`, same node flags as the engine) with the compiled \`dist/\` engine: a \`NetworkService\` (\`defaultNetworkConfig('localhost')\`) gives \`snapshot()\`, timed, and \`computeHostState(snapshot, defaultHostConfig('localhost'))\` is timed separately; ${rc?.warmup ?? '?'} warm-up runs, then ${rc?.runs ?? '?'} measured. The snapshot held ${rc ? Object.entries(rc.counts).map(([k, v]) => `${v} ${k}`).join(', ') : '?'}; the desired state is ${rc ? fmtBytes(rc.stateBytes) : '?'} as JSON. This is the pure computation only: in the engine each recompute also diffs and applies the state to the simulated host and saves the host to lab.db.`,
    'RSS is VmRSS of the engine process from /proc/<pid>/status; peak is VmHWM.',
  ];
  return { rows, mem, goals, notes };
}

function printTable(rowsIn, head) {
  const rows = rowsIn.map((r) => r.map((c) => String(c).replaceAll('`', '')));
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => [...String(r[i])].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

const HEAD = ['', 'samples', 'p50', 'p99'];

function markdown(rep, m, opts, res) {
  const md = [];
  const defaults = parseArgs([]);
  const flags = [
    opts.networks !== defaults.networks && `--networks ${opts.networks}`,
    opts.portsPerNetwork !== defaults.portsPerNetwork && `--ports-per-network ${opts.portsPerNetwork}`,
    opts.listRequests !== defaults.listRequests && `--list-requests ${opts.listRequests}`,
    opts.recomputeRuns !== defaults.recomputeRuns && `--recompute-runs ${opts.recomputeRuns}`,
    opts.warmup !== defaults.warmup && `--warmup ${opts.warmup}`,
    opts.probes !== defaults.probes && `--probes ${opts.probes}`,
    opts.stacklabBin && `--stacklab-bin ${path.relative(REPO, opts.stacklabBin)}`,
  ].filter(Boolean);
  md.push(`Run: \`node bench/network/run.mjs ${[...flags, '--write-md'].join(' ')}\``);
  md.push('');
  md.push(`- Date: ${m.date}${m.commit ? ` (commit ${m.commit})` : ''}`);
  md.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB RAM`);
  md.push(`- OS: ${m.os}`);
  md.push(`- Load average at start: ${m.load}${res.loadEnd ? `; at the end: ${res.loadEnd}` : ''}`);
  md.push(`- Node: ${m.node}, engine flags \`${res.nodeFlags.join(' ')}\``);
  md.push('');
  md.push(`| ${HEAD.join(' | ')} |`);
  md.push('| --- | ---: | ---: | ---: |');
  for (const r of rep.rows) md.push(`| ${r.map((c) => String(c).replace(/^ {2}… /, '… ')).join(' | ')} |`);
  md.push('');
  md.push('| engine memory | |');
  md.push('| --- | ---: |');
  for (const r of rep.mem) md.push(`| ${r.join(' | ')} |`);
  md.push('');
  md.push('Goals:');
  md.push('');
  for (const g of rep.goals) md.push(`- ${g.ok ? '✅ PASS' : '❌ FAIL'} — ${g.text}`);
  md.push('');
  md.push('How it is measured:');
  md.push('');
  for (const n of rep.notes) md.push(`- ${n}`);
  return md.join('\n');
}

const BEGIN = '<!-- bench:network:begin (written by node bench/network/run.mjs --write-md) -->';
const END = '<!-- bench:network:end -->';

function writeMd(body) {
  const file = path.join(REPO, 'docs', 'BENCHMARKS.md');
  // read, splice and write back at once: other sections of the file belong to other benches
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${BEGIN}\n${body}\n${END}`;
  const b = text.indexOf('<!-- bench:network:begin');
  const e = text.indexOf(END);
  if (b >= 0 && e > b) {
    text = text.slice(0, b) + block + text.slice(e + END.length);
  } else {
    text = `${text.trimEnd()}\n\n## Network: Neutron API and dataplane recompute\n\n`
      + 'StackLab\'s Neutron-compatible API (network v2.0) filled with networks, subnets and ports through HTTP, '
      + 'and the dataplane recompute every committed Neutron change triggers, measured by `bench/network/run.mjs`.\n\n'
      + `${block}\n`;
  }
  fs.writeFileSync(file, text);
  console.log(`\nwrote ${path.relative(REPO, file)}`);
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const m = machineOf(REPO, execFileSync);
  console.log(`network bench — ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB, ${m.os}, node ${m.node}, ${m.date}, load ${m.load}\n`);
  const bin = opts.stacklabBin ?? path.join(REPO, 'bin', 'stacklab.js');
  const res = { nodeFlags: fs.existsSync(bin) ? shebangFlags(bin) : [] };
  const failures = [];

  const tmp = mkTemp('stacklab-netbench-');
  const dataDir = path.join(tmp, 'lab');
  const offset = await findOffset(opts.portOffset);
  const keystone = `http://${HOST}:${5000 + offset}`;
  const neutron = `http://${HOST}:${9696 + offset}`;
  let engine = null;
  try {
    engine = await startEngine(opts, dataDir, offset);
    res.readyMs = engine.readyMs;
    res.readyLine = engine.readyLine;
    const pid = engine.child.proc.pid;
    res.memReady = memory(pid);

    const auth = await adminToken(keystone, dataDir);
    const H = { 'X-Auth-Token': auth.token };
    expect(await request('GET', `${neutron}/v2.0/networks`, { headers: H }), 200, 'GET /v2.0/networks');
    expect(await request('PUT', `${neutron}/v2.0/quotas/${auth.projectId}`, { headers: H, body: { quota: { network: -1, subnet: -1, port: -1 } } }), 200, 'PUT /v2.0/quotas');
    const before = expect(await request('GET', `${neutron}/v2.0/ports`, { headers: H }), 200, 'GET /v2.0/ports').ports.length;

    console.log(`  creating ${opts.networks} networks × (1 subnet + ${opts.portsPerNetwork} ports)`);
    res.populate = await populate(neutron, auth, opts);
    const p = res.populate;
    for (const s of [p.networks, p.subnets, p.ports]) console.log(`    ${s.label}: ${s.n} ok, p50 ${fmtMs(s.p50)} p99 ${fmtMs(s.p99)}`);
    if (p.timedOut) console.log(`    stopped by --phase-timeout after ${p.madeNets} networks`);
    await sleep(200); // let the last recompute run
    res.memPopulated = memory(pid);

    const expected = before + p.ports.n + p.madeNets;
    console.log(`  listing ports (${expected} expected)`);
    res.list = await listPorts(neutron, auth, opts, expected);
    console.log(`    GET /v2.0/ports: ${res.list.n} ok, p50 ${fmtMs(res.list.p50)} p99 ${fmtMs(res.list.p99)}, ${res.list.count} ports, ${fmtBytes(res.list.bytes)}`);
    res.memListed = memory(pid);

    if (opts.probes && res.populate.lastNetworkId) {
      console.log(`  probing ${opts.probes} port creates on an idle engine`);
      res.probe = await probe(neutron, auth, opts, res.populate.lastNetworkId);
      for (const s of Object.values(res.probe)) console.log(`    ${s.label}: ${s.n} ok, p50 ${fmtMs(s.p50)} p99 ${fmtMs(s.p99)}`);
    }
  } catch (e) {
    failures.push(e.message);
    console.error(`FAILED: ${e.message}${engine ? `\n--- ${engine.child.logFile} (last lines) ---\n${tail(engine.child.logFile)}` : ''}`);
  } finally {
    if (engine) {
      await stopChild(engine.child);
      engine.child.log.end();
      if (engine.child.proc.exitCode !== 0) console.log(`  engine stopped (${engine.child.proc.signalCode ?? `exit ${engine.child.proc.exitCode}`})`);
    }
  }

  if (!failures.length) {
    try {
      const copy = path.join(tmp, 'copy.db');
      copyDb(dataDir, copy);
      if (opts.keepDb) { copyDb(dataDir, opts.keepDb); console.log(`  kept a copy of lab.db in ${opts.keepDb}`); }
      console.log(`  recompute in process on a copy of lab.db (${opts.recomputeRuns} runs, flags ${res.nodeFlags.join(' ') || 'none'})`);
      res.recompute = recompute(copy, opts, res.nodeFlags);
      console.log(`    snapshot() p50 ${fmtMs(res.recompute.snapshot.p50)}, computeHostState() p50 ${fmtMs(res.recompute.compute.p50)} p99 ${fmtMs(res.recompute.compute.p99)}`);
      if (res.nodeFlags.length) {
        res.recomputePlain = recompute(copy, opts, []);
        console.log(`    without the flags: snapshot() p50 ${fmtMs(res.recomputePlain.snapshot.p50)}, computeHostState() p50 ${fmtMs(res.recomputePlain.compute.p50)}`);
      }
    } catch (e) {
      failures.push(`recompute: ${e.stderr ? String(e.stderr).trim() : e.message}`);
      console.error(`recompute FAILED: ${e.stderr ? String(e.stderr).trim() : e.message}`);
    }
  }
  await cleanup();
  res.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');

  const rep = buildReport(res, opts, m);
  console.log('');
  printTable(rep.rows, HEAD);
  console.log('');
  for (const r of rep.mem) console.log(`${r[0]}: ${r[1]}`);
  console.log('');
  for (const g of rep.goals) console.log(`${g.ok ? 'PASS' : 'FAIL'}  ${g.text}`);
  if (opts.cpuProf) console.log(`\nCPU profile(s) of the engine in ${opts.cpuProf}`);

  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ machine: m, opts, results: res, goals: rep.goals }, null, 2));
  if (opts.writeMd) {
    if (failures.length) console.error('\nnot writing docs/BENCHMARKS.md: the run failed');
    else if (opts.cpuProf) console.error('\nnot writing docs/BENCHMARKS.md: --cpu-prof slows the engine down');
    else writeMd(markdown(rep, m, opts, res));
  }
  const failed = failures.length > 0 || rep.goals.some((g) => !g.ok);
  process.exitCode = failures.length ? 2 : failed ? 1 : 0;
}

main().catch(async (e) => {
  console.error(e.stack ?? e);
  await cleanup();
  process.exitCode = 2;
});
