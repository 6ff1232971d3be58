#!/usr/bin/env node
// StackLab storage bench: object PUT/GET throughput of the Swift-compatible object store, and the
// engine's memory while it streams a 100 MB object.
//
//   node bench/storage/run.mjs [--small-runs 50] [--large-runs 5] [--large-mb 100] [--port-offset 24000]
//
// Needs `npm run build` (it runs bin/stacklab.js, which loads the compiled engine from dist/):
// 1. starts `bin/stacklab.js serve --instant` (the executable, so its shebang's node flags apply) on
//    an empty temp data dir and logs in as admin; creates one container;
// 2. PUTs a 1 MB object --small-runs times (distinct names) then GETs each back, one at a time on a
//    kept-alive connection: p50 latency and MB/s (bytes / p50, and bytes / total);
// 3. PUTs a --large-mb MB object --large-runs times (the body sent in 1 MiB writes) and GETs it back
//    as often (the body drained, not kept), sampling the engine's VmRSS every 10 ms: RSS before,
//    after and peak (VmHWM, reset through /proc/<pid>/clear_refs first) per direction;
// 4. for scale, the temp dir's own ceiling for what a PUT must do: 100 MB written in 1 MiB writes and
//    fsynced, in this process (no HTTP, no MD5);
// 5. checks every PUT's ETag against the client's MD5, and every object's MD5 once in an untimed GET
//    (the timed GETs only drain the body, so the client's hashing is not timed).
// --node-flags "…" runs the engine as `node <flags> bin/stacklab.js` instead of with its shebang's flags.
// 6. the volume part (bench/storage/volumes.mjs): --volumes N volumes created, attached to one server
//    through Nova, detached and deleted, one at a time: each request's answer and the time until the
//    volume reaches the phase's state (available, in-use, available, gone).
// --write-md replaces the storage section of docs/BENCHMARKS.md with what was printed.
// Plain Node ESM, standard library only. Everything listens on 127.0.0.1; the engine is killed and
// the temp dir removed at the end, on failure and on Ctrl-C.

import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { children, cleanupSync, findOffset, fmtMiB, fmtMs, kb, killGroup, machine, mkTemp, now, parseRc, requester, sleep, stats, waitForReady, writeBenchSection } from '../lib.mjs';
import { benchVolumes } from './volumes.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MB = 1024 * 1024;

const USAGE = `usage: node bench/storage/run.mjs [options]
  --small-runs N    1 MB objects PUT then GET (default 50)
  --large-runs N    large object PUTs and GETs (default 5)
  --large-mb N      size of the large object in MB (default 100)
  --port-offset N   StackLab --port-offset (default 24000; moved up by 100 until free)
  --node-flags "F"  run the engine as \`node F bin/stacklab.js\` (default: the shebang's flags)
  --volumes N       volumes created, attached, detached and deleted (default 200)
  --write-md        write the figures into docs/BENCHMARKS.md
  -h, --help`;

function parseArgs(argv) {
  const o = { smallRuns: 50, largeRuns: 5, largeMb: 100, portOffset: 24000, nodeFlags: null, volumes: 200, writeMd: false };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} wants a whole number above 0, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--small-runs': o.smallRuns = num(a, argv[++i]); break;
      case '--large-runs': o.largeRuns = num(a, argv[++i]); break;
      case '--large-mb': o.largeMb = num(a, argv[++i]); break;
      case '--port-offset': o.portOffset = num(a, argv[++i]); break;
      case '--volumes': o.volumes = num(a, argv[++i]); break;
      case '--write-md': o.writeMd = true; break;
      case '--node-flags': o.nodeFlags = String(argv[++i] ?? '').split(/\s+/).filter(Boolean); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  return o;
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanupSync(); process.exit(130); });

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const request = requester(agent);

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

async function startEngine(dataDir, offset, nodeFlags) {
  const bin = path.join(REPO, 'bin', 'stacklab.js');
  if (!fs.existsSync(path.join(REPO, 'dist', 'engine', 'object-store', 'api', 'index.js'))) throw new Error('dist/ has no object store: run npm run build first');
  const logFile = path.join(dataDir, '..', 'serve.log');
  const args = ['serve', '--instant', '--data-dir', dataDir, '--port-offset', String(offset)];
  const [cmd, argv] = nodeFlags ? [process.execPath, [...nodeFlags, bin, ...args]] : [bin, args];
  console.log(`engine: ${nodeFlags ? `node ${nodeFlags.join(' ')} ` : ''}bin/stacklab.js ${args.join(' ')}`);
  const t0 = now();
  const proc = spawn(cmd, argv, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1' } });
  const child = { name: 'stacklab', proc, logFile, log: fs.createWriteStream(logFile) };
  children.add(child);
  const { readyMs } = await waitForReady(proc, child.log, t0, () => tail(logFile), logFile);
  console.log(`  ready in ${readyMs.toFixed(0)} ms`);
  return child;
}

async function stopEngine(child) {
  killGroup(child.proc.pid, 'SIGTERM');
  const t0 = Date.now();
  while (child.proc.exitCode === null && child.proc.signalCode === null && Date.now() - t0 < 10000) await sleep(50);
  killGroup(child.proc.pid, 'SIGKILL');
  children.delete(child);
  child.log.end();
}

/** PUT of `data` in 1 MiB writes (the way a client streams a file); resolves with status and ETag. */
function putObject(url, token, data) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PUT', agent, headers: { 'X-Auth-Token': token, 'Content-Length': data.length, 'Content-Type': 'application/octet-stream' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, etag: res.headers.etag }));
    });
    req.on('error', reject);
    let off = 0;
    const pump = () => {
      while (off < data.length) {
        const chunk = data.subarray(off, Math.min(off + MB, data.length));
        off += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** GET draining the body: status, bytes and (with `hash`) its MD5; nothing kept. */
function getObject(url, token, hash = false) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'GET', agent, headers: { 'X-Auth-Token': token } }, (res) => {
      const md5 = createHash('md5');
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; if (hash) md5.update(c); });
      res.on('end', () => resolve({ status: res.statusCode, bytes, md5: hash ? md5.digest('hex') : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Samples the engine's VmRSS every 10 ms while `fn` runs; the peak is VmHWM after a clear_refs reset. */
async function withMemory(pid, fn) {
  const status = `/proc/${pid}/status`;
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { /* older kernels: HWM keeps the start-up peak */ }
  const before = kb(status, 'VmRSS');
  let sampledMax = before;
  const timer = setInterval(() => { const r = kb(status, 'VmRSS'); if (r > sampledMax) sampledMax = r; }, 10);
  try {
    const result = await fn();
    return { result, before, after: kb(status, 'VmRSS'), peak: Math.max(kb(status, 'VmHWM') ?? 0, sampledMax ?? 0) };
  } finally {
    clearInterval(timer);
  }
}

const mbps = (bytes, ms) => (ms > 0 ? bytes / MB / (ms / 1000) : null);
const fmtMBs = (v) => (v === null ? 'n/a' : `${v.toFixed(0)} MB/s`);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = mkTemp('stacklab-bench-storage-');
  const dataDir = path.join(root, 'lab');
  // the filesystem's own ceiling for what a PUT must do: buffered writes of the object, then fsync
  const ceiling = [];
  const probe = randomBytes(opts.largeMb * MB);
  for (let i = 0; i < 3; i++) {
    const file = path.join(root, `ceiling-${i}`);
    const s = now();
    const fd = fs.openSync(file, 'w');
    for (let off = 0; off < probe.length; off += MB) fs.writeSync(fd, probe, off, Math.min(MB, probe.length - off));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    ceiling.push(now() - s);
    fs.rmSync(file);
  }
  const offset = await findOffset(opts.portOffset);
  const engine = await startEngine(dataDir, offset, opts.nodeFlags);
  const pid = engine.proc.pid;
  const rc = parseRc(fs.readFileSync(path.join(dataDir, 'keystonerc_admin'), 'utf8'));
  const auth = await request('POST', `http://127.0.0.1:${5000 + offset}/v3/auth/tokens`, {
    body: { auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: rc.OS_PASSWORD } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } },
  });
  if (auth.status !== 201) throw new Error(`token: ${auth.status} ${auth.body.slice(0, 200)}`);
  const token = auth.headers['x-subject-token'];
  const catalog = JSON.parse(auth.body).token.catalog;
  const swiftUrl = catalog.find((s) => s.type === 'object-store')?.endpoints.find((e) => e.interface === 'public')?.url;
  if (!swiftUrl) throw new Error('no object-store endpoint in the catalog');
  const put = await request('PUT', `${swiftUrl}/bench`, { headers: { 'X-Auth-Token': token } });
  if (put.status !== 201) throw new Error(`PUT container: ${put.status}`);
  const rssReady = kb(`/proc/${pid}/status`, 'VmRSS');

  // --- 1 MB objects ---------------------------------------------------------------------------
  const small = randomBytes(MB);
  const smallMd5 = createHash('md5').update(small).digest('hex');
  const sPut = [];
  const sGet = [];
  let t = now();
  for (let i = 0; i < opts.smallRuns; i++) {
    const s = now();
    const r = await putObject(`${swiftUrl}/bench/small-${i}`, token, small);
    sPut.push(now() - s);
    if (r.status !== 201 || r.etag !== smallMd5) throw new Error(`PUT small-${i}: ${r.status} etag ${r.etag}`);
  }
  const sPutTotal = now() - t;
  // every object's bytes checked once, untimed; the timed GETs only drain (the client's MD5 would be timed too)
  for (let i = 0; i < opts.smallRuns; i++) {
    const r = await getObject(`${swiftUrl}/bench/small-${i}`, token, true);
    if (r.status !== 200 || r.md5 !== smallMd5) throw new Error(`GET small-${i}: ${r.status} md5 ${r.md5}`);
  }
  t = now();
  for (let i = 0; i < opts.smallRuns; i++) {
    const s = now();
    const r = await getObject(`${swiftUrl}/bench/small-${i}`, token);
    sGet.push(now() - s);
    if (r.status !== 200 || r.bytes !== MB) throw new Error(`GET small-${i}: ${r.status} ${r.bytes} bytes`);
  }
  const sGetTotal = now() - t;

  // --- large objects --------------------------------------------------------------------------
  const large = randomBytes(opts.largeMb * MB);
  const largeMd5 = createHash('md5').update(large).digest('hex');
  const lPut = [];
  const lGet = [];
  const putMem = await withMemory(pid, async () => {
    for (let i = 0; i < opts.largeRuns; i++) {
      const s = now();
      const r = await putObject(`${swiftUrl}/bench/large`, token, large);
      lPut.push(now() - s);
      if (r.status !== 201 || r.etag !== largeMd5) throw new Error(`PUT large: ${r.status} etag ${r.etag}`);
    }
  });
  const check = await getObject(`${swiftUrl}/bench/large`, token, true);
  if (check.status !== 200 || check.md5 !== largeMd5) throw new Error(`GET large: ${check.status} md5 ${check.md5}`);
  const getMem = await withMemory(pid, async () => {
    for (let i = 0; i < opts.largeRuns; i++) {
      const s = now();
      const r = await getObject(`${swiftUrl}/bench/large`, token);
      lGet.push(now() - s);
      if (r.status !== 200 || r.bytes !== large.length) throw new Error(`GET large: ${r.status} ${r.bytes} bytes`);
    }
  });
  const head = await request('HEAD', `${swiftUrl}/bench`, { headers: { 'X-Auth-Token': token } });

  // --- volumes ----------------------------------------------------------------------------------
  const endpoint = (type) => catalog.find((c) => c.type === type)?.endpoints.find((e) => e.interface === 'public')?.url;
  const projectId = JSON.parse(auth.body).token.project.id;
  const urls = { nova: endpoint('compute').replace(/\/v2\.1.*$/, ''), neutron: endpoint('network').replace(/\/$/, ''), glance: endpoint('image').replace(/\/$/, ''), cinder: endpoint('volumev3') };
  console.log(`volumes: ${opts.volumes} created, attached, detached and deleted …`);
  const volRows = await benchVolumes(request, urls, token, projectId, opts.volumes);
  const rssVolumes = kb(`/proc/${pid}/status`, 'VmRSS');
  await stopEngine(engine);

  const rows = [
    ['PUT 1 MB', stats(sPut), MB, mbps(opts.smallRuns * MB, sPutTotal)],
    ['GET 1 MB', stats(sGet), MB, mbps(opts.smallRuns * MB, sGetTotal)],
    [`PUT ${opts.largeMb} MB`, stats(lPut), large.length, mbps(opts.largeRuns * large.length, lPut.reduce((a, b) => a + b, 0))],
    [`GET ${opts.largeMb} MB`, stats(lGet), large.length, mbps(opts.largeRuns * large.length, lGet.reduce((a, b) => a + b, 0))],
  ];
  const lines = [];
  const out = (l = '') => { lines.push(l); console.log(l); };
  const m = machine(REPO, execFileSync);
  out('');
  out(`machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB, ${m.os}, Node ${m.node}, commit ${m.commit}, load average ${m.load} (at the end)`);
  out(`object store (Swift API, one client, kept-alive connection, MD5 checked on every transfer; container holds ${head.headers['x-container-object-count']} objects, ${head.headers['x-container-bytes-used']} bytes)`);
  out('');
  out('| transfer | runs | p50 | p99 | MB/s at p50 | MB/s overall |');
  out('|---|---|---|---|---|---|');
  for (const [label, st, bytes, overall] of rows) out(`| ${label} | ${st.n} | ${fmtMs(st.p50)} | ${fmtMs(st.p99)} | ${fmtMBs(mbps(bytes, st.p50))} | ${fmtMBs(overall)} |`);
  out(`| (filesystem: write ${opts.largeMb} MB + fsync, no HTTP, no MD5) | ${ceiling.length} | ${fmtMs(stats(ceiling).p50)} | ${fmtMs(stats(ceiling).p99)} | ${fmtMBs(mbps(probe.length, stats(ceiling).p50))} | |`);
  out('');
  out(`engine RSS: ${fmtMiB(rssReady)} at ready`);
  out('');
  out(`| streaming ${opts.largeMb} MB × ${opts.largeRuns} | RSS before | RSS after | peak RSS | peak − before |`);
  out('|---|---|---|---|---|');
  for (const [label, m] of [['PUT', putMem], ['GET', getMem]]) out(`| ${label} | ${fmtMiB(m.before)} | ${fmtMiB(m.after)} | ${fmtMiB(m.peak)} | ${fmtMiB(m.peak - m.before)} |`);
  out('');
  const largePutMBs = mbps(large.length, stats(lPut).p50);
  const largeGetMBs = mbps(large.length, stats(lGet).p50);
  const growth = Math.max(putMem.peak - putMem.before, getMem.peak - getMem.before);
  out(`goal object throughput > 500 MB/s (${opts.largeMb} MB, p50): PUT ${fmtMBs(largePutMBs)} ${largePutMBs > 500 ? 'PASS' : 'FAIL'}, GET ${fmtMBs(largeGetMBs)} ${largeGetMBs > 500 ? 'PASS' : 'FAIL'}`);
  // flat: what the engine holds while streaming does not follow the object's size (a buffered body would
  // add the whole object); run with a larger --large-mb to see the same growth
  out(`goal memory flat while streaming ${opts.largeMb} MB (peak − before under half the object's size): ${fmtMiB(growth)} ${growth < (opts.largeMb * 1024) / 2 ? 'PASS' : 'FAIL'}`);
  out('');
  out(`block storage (Cinder API, ${opts.volumes} volumes of 1 GiB — sparse files — one at a time; attach/detach through Nova's os-volume_attachments on one ACTIVE server; engine RSS ${fmtMiB(rssVolumes)} after)`);
  out('');
  out('| phase | requests | answer p50 | answer p99 | to the state | state p50 | state p99 |');
  out('|---|---|---|---|---|---|---|');
  for (const r of volRows) out(`| ${r.label} | ${r.api.n} | ${fmtMs(r.api.p50)} | ${fmtMs(r.api.p99)} | ${r.state.label} | ${fmtMs(r.state.p50)} | ${fmtMs(r.state.p99)} |`);
  out('');
  const createP50 = volRows[0].api.p50;
  out(`goal volume create p50 < 5 ms (the POST's answer): ${fmtMs(createP50)} ${createP50 < 5 ? 'PASS' : 'FAIL'}`);
  if (opts.writeMd) {
    const file = writeBenchSection(REPO, 'storage', 'Storage: object store and volumes', 'Object PUT/GET throughput and memory while streaming, and volume create/attach/detach/delete (`node bench/storage/run.mjs`).', lines.join('\n'));
    console.log(`written to ${file}`);
  }
}

main().then(
  () => { cleanupSync(); process.exit(0); },
  (e) => { console.error(`bench failed: ${e.stack ?? e}`); cleanupSync(); process.exit(2); },
);
