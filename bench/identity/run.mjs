#!/usr/bin/env node
// StackLab identity bench: StackLab's Keystone-compatible API vs the real Keystone (Debian
// python3-keystone under uwsgi, one worker), measured one after the other in one run, with the
// same HTTP client code for both.
//
//   node bench/identity/run.mjs [--requests 500] [--login-requests N] [--only stacklab|keystone]
//                               [--port-offset 20000] [--phase-timeout 300] [--write-md]
//
// Plain Node ESM, standard library only. Everything listens on 127.0.0.1. Both servers are
// killed and their temp dirs removed at the end, on failure and on Ctrl-C.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, children, cleanupSync, findOffset, fmtMiB, fmtMs, kb, killGroup, machine as machineOf, mkTemp, now, parseRc, pct, sleep, waitForReady } from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SYSTEM_PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

// ---------------------------------------------------------------- arguments

const USAGE = `usage: node bench/identity/run.mjs [options]
  --requests N          validate requests per server, and StackLab logins (default 500)
  --login-requests N    login requests per server (default: N for StackLab, min(N, 50) for
                        Keystone, whose logins cost a bcrypt hash each by design)
  --warmup N            unmeasured requests of each kind before measuring (default 5)
  --only WHICH          run only "stacklab" or "keystone"
  --port-offset N       StackLab --port-offset; Keystone API on 5000+N (default 20000; moved
                        up by 100 until its ports are free)
  --keystone-port P     port for the real Keystone (default: a free one)
  --stacklab-bin FILE   the StackLab CLI to run with node (default bin/stacklab.js)
  --phase-timeout S     wall-clock cap per measured loop, seconds (default 300)
  --keep-alive          reuse connections for both servers (Keystone then gets uwsgi
                        --http11-socket); default: Connection: close for both, because
                        uwsgi --http-socket drops kept-alive connections
  --keystone-cache      turn on Keystone's oslo.cache with the in-process
                        dogpile.cache.memory backend (default: off, as shipped)
  --write-md            rewrite the identity figures in docs/BENCHMARKS.md
  --json FILE           also write the raw results as JSON
  -h, --help`;

function parseArgs(argv) {
  const o = {
    requests: 500, loginRequests: null, warmup: 5, only: null, portOffset: 20000,
    keystonePort: null, phaseTimeout: 300, keepAlive: false, keystoneCache: false, stacklabBin: null, writeMd: false, json: null,
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
      case '--requests': o.requests = num(flag, val()); break;
      case '--login-requests': o.loginRequests = num(flag, val()); break;
      case '--warmup': o.warmup = num(flag, val()); break;
      case '--only': o.only = val(); break;
      case '--port-offset': o.portOffset = num(flag, val()); break;
      case '--keystone-port': o.keystonePort = num(flag, val()); break;
      case '--phase-timeout': o.phaseTimeout = num(flag, val()); break;
      case '--keep-alive': o.keepAlive = true; break;
      case '--keystone-cache': o.keystoneCache = true; break;
      case '--stacklab-bin': o.stacklabBin = path.resolve(val()); break;
      case '--write-md': o.writeMd = true; break;
      case '--json': o.json = val(); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (o.only && !['stacklab', 'keystone'].includes(o.only)) throw new Error('--only wants stacklab or keystone');
  if (o.requests < 1) throw new Error('--requests must be at least 1');
  return o;
}

// ---------------------------------------------------------------- cleanup


async function stopChild(c, graceMs = 5000) {
  const { proc } = c;
  if (proc.exitCode === null && proc.signalCode === null) {
    killGroup(proc.pid, 'SIGTERM');
    const t0 = Date.now();
    while (proc.exitCode === null && proc.signalCode === null && Date.now() - t0 < graceMs) await sleep(50);
  }
  // the group may outlive its leader (uwsgi workers): make sure it is gone
  killGroup(proc.pid, 'SIGKILL');
  children.delete(c);
}

async function cleanup() {
  for (const c of [...children]) await stopChild(c);
  cleanupSync();
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n${sig}: stopping servers`); cleanupSync(); process.exit(130); });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

function runCmd(cmd, args, { timeoutMs = 180000, env, logFile } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const c = { name: cmd, proc: p };
    children.add(c);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { killGroup(p.pid, 'SIGKILL'); }, timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); children.delete(c); reject(e); });
    p.on('close', (code, sig) => {
      clearTimeout(timer);
      children.delete(c);
      if (logFile) fs.appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${out}\n`);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${sig ?? `exit ${code}`}):\n${out.trimEnd().split('\n').slice(-20).join('\n')}`));
    });
  });
}

// One client for both servers. `Connection: close` by default (see --keep-alive).
let agent;
function request(method, url, { headers = {}, body, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const h = { Accept: 'application/json', ...headers };
    if (data) { h['Content-Type'] = 'application/json'; h['Content-Length'] = data.length; }
    if (!agent.keepAlive) h.Connection = 'close';
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

// ---------------------------------------------------------------- memory

function procTree(rootPid) {
  const parent = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch { /* exited */ }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, pp] of parent) if (pp === tree[i]) tree.push(pid);
  return tree;
}

function memory(rootPid) {
  const pids = procTree(rootPid);
  const per = pids.map((pid) => ({
    pid,
    comm: (() => { try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return '?'; } })(),
    rssKb: kb(`/proc/${pid}/status`, 'VmRSS'),
    pssKb: kb(`/proc/${pid}/smaps_rollup`, 'Pss'),
  })).filter((p) => p.rssKb !== null);
  const sum = (k) => per.reduce((a, p) => a + (p[k] ?? 0), 0);
  return { pids: per, rssKb: sum('rssKb'), pssKb: per.every((p) => p.pssKb !== null) ? sum('pssKb') : null };
}

// ---------------------------------------------------------------- measuring

async function measure(label, count, fn, phaseTimeoutS) {
  const times = [];
  const errors = [];
  const t0 = now();
  const deadline = t0 + phaseTimeoutS * 1000;
  for (let i = 0; i < count && now() < deadline; i++) {
    const s = now();
    try {
      await fn();
      times.push(now() - s);
    } catch (e) {
      errors.push(e.message);
      if (errors.length >= 10) break; // something is broken; do not hammer it
    }
  }
  const wall = now() - t0;
  const sorted = [...times].sort((a, b) => a - b);
  const r = {
    label, asked: count, done: times.length, errors: errors.length, firstError: errors[0] ?? null,
    p50: pct(sorted, 50), p99: pct(sorted, 99), mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    max: sorted.at(-1) ?? null, wallMs: wall, timedOut: times.length + errors.length < count && errors.length < 10,
  };
  const status = r.errors ? ` (${r.errors} errors, first: ${r.firstError})` : '';
  console.log(`    ${label}: ${r.done}/${count} ok, p50 ${fmtMs(r.p50)} p99 ${fmtMs(r.p99)}${r.timedOut ? ' (stopped by --phase-timeout)' : ''}${status}`);
  return r;
}

function passwordAuthBody(c) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: c.userDomain }, password: c.password } } },
      scope: { project: { name: c.project, domain: { name: c.projectDomain } } },
    },
  };
}

async function login(base, creds) {
  const r = await request('POST', `${base}/auth/tokens`, { body: passwordAuthBody(creds) });
  if (r.status !== 201) throw new Error(`POST /v3/auth/tokens -> ${r.status} ${r.body.slice(0, 200)}`);
  const tok = r.headers['x-subject-token'];
  if (!tok) throw new Error('POST /v3/auth/tokens: no X-Subject-Token header');
  const j = JSON.parse(r.body);
  if (!j.token?.project?.id) throw new Error('POST /v3/auth/tokens: token is not project-scoped');
  return tok;
}

async function validate(base, adminToken, subject) {
  const r = await request('GET', `${base}/auth/tokens`, { headers: { 'X-Auth-Token': adminToken, 'X-Subject-Token': subject } });
  if (r.status !== 200) throw new Error(`GET /v3/auth/tokens -> ${r.status} ${r.body.slice(0, 200)}`);
  JSON.parse(r.body);
}

async function runLoad(name, base, creds, opts, loginCount) {
  for (let i = 0; i < opts.warmup; i++) await login(base, creds);
  const adminToken = await login(base, creds);
  const subject = await login(base, creds);
  for (let i = 0; i < opts.warmup * 4; i++) await validate(base, adminToken, subject);
  console.log(`  ${name}: measuring (warm-up: ${opts.warmup} logins, ${opts.warmup * 4} validations)`);
  const loginR = await measure('POST /v3/auth/tokens', loginCount, () => login(base, creds), opts.phaseTimeout);
  const validateR = await measure('GET  /v3/auth/tokens', opts.requests, () => validate(base, adminToken, subject), opts.phaseTimeout);
  return { login: loginR, validate: validateR };
}

// ---------------------------------------------------------------- StackLab

async function benchStackLab(opts) {
  const bin = opts.stacklabBin ?? path.join(REPO, 'bin', 'stacklab.js');
  if (!fs.existsSync(bin)) throw new Error(`${bin} does not exist (has the CLI been written / npm run build been run?)`);
  // StackLab listens on every API's default port + offset; find an offset where they are all free.
  const offset = await findOffset(opts.portOffset);
  const dataDir = mkTemp('stacklab-bench-');
  const logFile = path.join(dataDir, 'serve.log');
  const port = 5000 + offset;
  const base = `http://${HOST}:${port}/v3`;
  console.log(`StackLab: ${path.relative(REPO, bin)} serve --data-dir ${dataDir} --port-offset ${offset}`);

  const t0 = now();
  // run the command as `npx stacklab` does: the executable itself, so its shebang's node flags apply
  const proc = spawn(bin, ['serve', '--data-dir', dataDir, '--port-offset', String(offset)], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1' },
  });
  const child = { name: 'stacklab', proc };
  children.add(child);
  const log = fs.createWriteStream(logFile);
  const { readyMs, readyLine } = await waitForReady(proc, log, t0, () => tail(logFile), logFile);
  console.log(`  ready in ${readyMs.toFixed(0)} ms (it printed: ${readyLine.trim()})`);

  const memAtReady = memory(proc.pid);
  try {
    const v3 = await request('GET', base);
    if (v3.status !== 200) throw new Error(`GET ${base} -> ${v3.status} ${v3.body.slice(0, 200)}`);
    const rcFile = path.join(dataDir, 'keystonerc_admin');
    if (!fs.existsSync(rcFile)) throw new Error(`${rcFile} was not written`);
    const rc = parseRc(fs.readFileSync(rcFile, 'utf8'));
    if (!rc.OS_PASSWORD) throw new Error(`no OS_PASSWORD in ${rcFile}`);
    if (rc.OS_AUTH_URL && !rc.OS_AUTH_URL.includes(`:${port}`)) console.log(`  note: OS_AUTH_URL is ${rc.OS_AUTH_URL}, measuring ${base}`);
    const creds = {
      username: rc.OS_USERNAME || 'admin', password: rc.OS_PASSWORD, project: rc.OS_PROJECT_NAME || 'admin',
      userDomain: rc.OS_USER_DOMAIN_NAME || 'Default', projectDomain: rc.OS_PROJECT_DOMAIN_NAME || 'Default',
    };
    const loginCount = opts.loginRequests ?? opts.requests;
    const load = await runLoad('StackLab', base, creds, opts, loginCount);
    const mem = memory(proc.pid);
    return { name: 'StackLab', readyMs, readyLine: readyLine.replace(/\s*\(data dir [^)]*\)/, '').trim(), ...load, memAtReady, mem, workerRssKb: mem.rssKb, port };
  } catch (e) {
    throw new Error(`${e.message}\n--- ${logFile} (last lines) ---\n${tail(logFile)}`);
  } finally {
    await stopChild(child);
    log.end();
  }
}

// ---------------------------------------------------------------- real Keystone

const WSGI_WRAPPER = `# keystone-wsgi-public, plus SQLite foreign keys (keystone relies on them; sqlite has them off)
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


from keystone.server.wsgi import initialize_public_application  # noqa: E402

application = initialize_public_application()
`;

async function benchKeystone(opts) {
  for (const f of ['/usr/bin/keystone-manage', '/usr/bin/keystone-wsgi-public', '/usr/bin/uwsgi']) {
    if (!fs.existsSync(f)) throw new Error(`${f} not found (apt-get install python3-keystone uwsgi uwsgi-plugin-python3)`);
  }
  const dir = mkTemp('keystone-bench-');
  const port = opts.keystonePort ?? await freePort();
  const base = `http://${HOST}:${port}/v3`;
  const password = `bench-${Math.random().toString(36).slice(2, 12)}`;
  const conf = path.join(dir, 'keystone.conf');
  const setupLog = path.join(dir, 'setup.log');
  const keystoneLog = path.join(dir, 'keystone.log');
  const uwsgiLog = path.join(dir, 'uwsgi.log');
  fs.mkdirSync(path.join(dir, 'fernet-keys'));
  fs.mkdirSync(path.join(dir, 'credential-keys'));
  fs.writeFileSync(conf, [
    '[DEFAULT]', `log_file = ${keystoneLog}`, 'use_stderr = false', 'debug = false', '',
    '[database]', `connection = sqlite:///${path.join(dir, 'keystone.db')}`, '',
    '[token]', 'provider = fernet', '',
    ...(opts.keystoneCache ? ['[cache]', 'enabled = true', 'backend = dogpile.cache.memory', ''] : []),
    '[fernet_tokens]', `key_repository = ${path.join(dir, 'fernet-keys')}`, '',
    '[credential]', `key_repository = ${path.join(dir, 'credential-keys')}`, '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'wsgi.py'), WSGI_WRAPPER);

  console.log(`Keystone: setting up in ${dir} (db_sync, fernet_setup, credential_setup, bootstrap)`);
  const env = { ...process.env, OS_KEYSTONE_CONFIG_FILES: conf };
  const km = (...a) => runCmd('/usr/bin/keystone-manage', ['--config-file', conf, ...a], { env, logFile: setupLog });
  const s0 = now();
  try {
    await km('db_sync');
    await runCmd(SYSTEM_PYTHON, ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("PRAGMA journal_mode=WAL").fetchone()[0]); c.close()', path.join(dir, 'keystone.db')], { logFile: setupLog });
    await km('fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root');
    await km('credential_setup', '--keystone-user', 'root', '--keystone-group', 'root');
    await km('bootstrap', '--bootstrap-password', password, '--bootstrap-region-id', 'RegionOne',
      '--bootstrap-public-url', `http://${HOST}:${port}/v3`);
  } catch (e) {
    throw new Error(`${e.message}\n--- ${keystoneLog} ---\n${tail(keystoneLog)}`);
  }
  const setupMs = now() - s0;
  console.log(`  setup took ${(setupMs / 1000).toFixed(1)} s (not part of cold start)`);

  const uwsgiArgs = [
    '--plugin', 'python3', '--master', '--processes', '1', '--threads', '1',
    opts.keepAlive ? '--http11-socket' : '--http-socket', `${HOST}:${port}`, '--wsgi-file', path.join(dir, 'wsgi.py'),
    '--env', `OS_KEYSTONE_CONFIG_FILES=${conf}`, '--die-on-term', '--need-app',
    '--disable-logging', '--logto', uwsgiLog, '--chdir', dir,
  ];
  console.log(`  uwsgi ${uwsgiArgs.join(' ')}`);
  const t0 = now();
  const proc = spawn('/usr/bin/uwsgi', uwsgiArgs, { cwd: dir, env, stdio: 'ignore', detached: true });
  const child = { name: 'uwsgi', proc };
  children.add(child);
  try {
    // cold start: poll GET /v3 until it answers 200 (bounded by count and time)
    let readyMs = null;
    for (let i = 0; i < 6000 && now() - t0 < 120000; i++) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`uwsgi exited (${proc.signalCode ?? `exit ${proc.exitCode}`})`);
      try {
        const r = await request('GET', base, { timeoutMs: 5000 });
        if (r.status === 200) { readyMs = now() - t0; break; }
      } catch { /* not listening yet */ }
      await sleep(10);
    }
    if (readyMs === null) throw new Error('Keystone did not answer GET /v3 with 200 within 120 s');
    console.log(`  ready in ${readyMs.toFixed(0)} ms`);
    const memAtReady = memory(proc.pid);
    const creds = { username: 'admin', password, project: 'admin', userDomain: 'Default', projectDomain: 'Default' };
    const loginCount = opts.loginRequests ?? Math.min(opts.requests, 50);
    const load = await runLoad('Keystone', base, creds, opts, loginCount);
    const mem = memory(proc.pid);
    // the worker is the master's child; with --master the master itself serves nothing
    const worker = mem.pids.find((p) => p.pid !== proc.pid) ?? mem.pids[0];
    return { name: 'Keystone', readyMs, setupMs, ...load, memAtReady, mem, workerRssKb: worker.rssKb, workerPssKb: worker.pssKb, port };
  } catch (e) {
    throw new Error(`${e.message}\n--- ${uwsgiLog} ---\n${tail(uwsgiLog)}\n--- ${keystoneLog} ---\n${tail(keystoneLog)}`);
  } finally {
    await stopChild(child);
  }
}

// ---------------------------------------------------------------- machine

function machine() {
  const q = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; } };
  return {
    ...machineOf(REPO, execFileSync),
    keystone: q('dpkg-query', ['-W', '-f', '${Version}', 'python3-keystone']),
    uwsgi: q('/usr/bin/uwsgi', ['--version']),
  };
}

// ---------------------------------------------------------------- report

const fmtX = (v) => (v === null || !Number.isFinite(v) ? 'n/a' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`);

function buildReport(res, opts, m) {
  const s = res.stacklab;
  const k = res.keystone;
  const get = (r, f) => (r ? f(r) : null);
  const ratio = (a, b) => (a !== null && b !== null && b > 0 ? a / b : null);

  const rows = [
    ['cold start (spawn → ready)', get(s, (r) => fmtMs(r.readyMs)), get(k, (r) => fmtMs(r.readyMs)), fmtX(ratio(get(k, (r) => r.readyMs), get(s, (r) => r.readyMs)))],
    ['login requests measured', get(s, (r) => `${r.login.done}`), get(k, (r) => `${r.login.done}`), ''],
    ['POST /v3/auth/tokens p50', get(s, (r) => fmtMs(r.login.p50)), get(k, (r) => fmtMs(r.login.p50)), fmtX(ratio(get(k, (r) => r.login.p50), get(s, (r) => r.login.p50)))],
    ['POST /v3/auth/tokens p99', get(s, (r) => fmtMs(r.login.p99)), get(k, (r) => fmtMs(r.login.p99)), fmtX(ratio(get(k, (r) => r.login.p99), get(s, (r) => r.login.p99)))],
    ['validate requests measured', get(s, (r) => `${r.validate.done}`), get(k, (r) => `${r.validate.done}`), ''],
    ['GET /v3/auth/tokens p50', get(s, (r) => fmtMs(r.validate.p50)), get(k, (r) => fmtMs(r.validate.p50)), fmtX(ratio(get(k, (r) => r.validate.p50), get(s, (r) => r.validate.p50)))],
    ['GET /v3/auth/tokens p99', get(s, (r) => fmtMs(r.validate.p99)), get(k, (r) => fmtMs(r.validate.p99)), fmtX(ratio(get(k, (r) => r.validate.p99), get(s, (r) => r.validate.p99)))],
    ['RSS at ready, before any login', get(s, (r) => fmtMiB(r.memAtReady.rssKb)), get(k, (r) => fmtMiB(r.memAtReady.rssKb)), fmtX(ratio(get(k, (r) => r.memAtReady.rssKb), get(s, (r) => r.memAtReady.rssKb)))],
    ['RSS, whole process tree', get(s, (r) => `${fmtMiB(r.mem.rssKb)} (${r.mem.pids.length} proc)`), get(k, (r) => `${fmtMiB(r.mem.rssKb)} (${r.mem.pids.length} proc)`), fmtX(ratio(get(k, (r) => r.mem.rssKb), get(s, (r) => r.mem.rssKb)))],
    ['RSS, one worker', get(s, (r) => fmtMiB(r.workerRssKb)), get(k, (r) => fmtMiB(r.workerRssKb)), fmtX(ratio(get(k, (r) => r.workerRssKb), get(s, (r) => r.workerRssKb)))],
    ['PSS, whole process tree', get(s, (r) => fmtMiB(r.mem.pssKb)), get(k, (r) => fmtMiB(r.mem.pssKb)), fmtX(ratio(get(k, (r) => r.mem.pssKb), get(s, (r) => r.mem.pssKb)))],
    ['errors (login / validate)', get(s, (r) => `${r.login.errors} / ${r.validate.errors}`), get(k, (r) => `${r.login.errors} / ${r.validate.errors}`), ''],
  ].map(([a, b, c, d]) => [a, b ?? '—', c ?? '—', d || '']);

  const goals = [];
  const goal = (text, ok) => goals.push({ text, ok });
  const sErr = s ? s.login.errors + s.validate.errors : 0;
  if (s) {
    goal(`StackLab ready < 1000 ms (${fmtMs(s.readyMs)})`, s.readyMs < 1000);
    goal(`StackLab validate p50 < 1 ms (${fmtMs(s.validate.p50)})`, s.validate.p50 !== null && s.validate.p50 < 1 && sErr === 0);
  }
  if (s && k) {
    const vr = ratio(k.validate.p50, s.validate.p50);
    goal(`validate p50 ≥ 20× faster than Keystone (${fmtX(vr)})`, vr !== null && vr >= 20 && sErr === 0);
    const mr = ratio(s.mem.rssKb, k.workerRssKb);
    goal(`StackLab RSS ≤ ½ of one Keystone worker (${fmtMiB(s.mem.rssKb)} vs ${fmtMiB(k.workerRssKb)}, ${mr === null ? 'n/a' : `${(mr * 100).toFixed(0)}%`})`, mr !== null && mr <= 0.5);
  }

  const notes = [
    `Requests are sequential, one at a time, from the same Node ${m.node} \`node:http\` client for both servers, ${opts.keepAlive ? 'on kept-alive connections' : 'each on a fresh connection (`Connection: close`)'}; latency is from request start to the last byte of the body. ${opts.warmup} logins and ${opts.warmup * 4} validations per server are made first and not measured.`,
    'Login is password auth of `admin`, scoped to project `admin`; validate is `GET /v3/auth/tokens` with the admin token as `X-Auth-Token` and another token as `X-Subject-Token`.',
    `Keystone ${m.keystone ?? '?'} (Debian \`python3-keystone\`), SQLite (WAL, foreign keys on), fernet tokens, ${opts.keystoneCache ? 'oslo.cache on (`dogpile.cache.memory`, in-process)' : 'no cache (oslo.cache off, as shipped; production setups add memcached)'}, under uWSGI ${m.uwsgi ?? '?'} with \`--master --processes 1 --threads 1 ${opts.keepAlive ? '--http11-socket' : '--http-socket'}\`. Its cold start is from spawning uwsgi until \`GET /v3\` answers 200 (polled every ~10 ms); \`keystone-manage db_sync/fernet_setup/credential_setup/bootstrap\` ran before${k ? ` (${(k.setupMs / 1000).toFixed(1)} s, not counted)` : ''}. Keystone's logins each pay a bcrypt hash by design, hence fewer of them.`,
    `StackLab's cold start is from spawning \`bin/stacklab.js serve\` (the executable, as \`npx stacklab\` runs it, so the node flags on its shebang — \`--max-semi-space-size=1 --lite-mode\` — apply) on an empty data dir (so it includes Node's start-up and its own bootstrap) until it prints its \`stacklab ready\` line${s?.readyLine ? ` (this run: \`${s.readyLine}\`)` : ''}.`,
    'RSS is VmRSS from /proc/<pid>/status after the runs (and once right after ready), summed over the process tree; "one worker" is the uwsgi worker for Keystone (the master adds to the tree) and the single Node process for StackLab. PSS (from smaps_rollup) shares copy-on-write pages fairly between uwsgi master and worker.',
  ];
  return { rows, goals, notes };
}

function printTable(rows, head) {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => [...String(r[i])].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

function markdown(rep, m, opts) {
  const head = ['', 'StackLab', 'Keystone 22', 'Keystone / StackLab'];
  const md = [];
  md.push(`Run: \`node bench/identity/run.mjs --requests ${opts.requests}${opts.loginRequests !== null ? ` --login-requests ${opts.loginRequests}` : ''}${opts.only ? ` --only ${opts.only}` : ''}${opts.keepAlive ? ' --keep-alive' : ''}${opts.keystoneCache ? ' --keystone-cache' : ''}${opts.stacklabBin ? ` --stacklab-bin ${path.relative(REPO, opts.stacklabBin)}` : ''} --write-md\``);
  md.push('');
  md.push(`- Date: ${m.date}`);
  md.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB RAM`);
  md.push(`- OS: ${m.os}`);
  md.push(`- Node: ${m.node}; Keystone: ${m.keystone ?? 'n/a'}; uWSGI: ${m.uwsgi ?? 'n/a'}`);
  md.push('');
  md.push(`| ${head.join(' | ')} |`);
  md.push(`|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rep.rows) md.push(`| ${r.join(' | ')} |`);
  md.push('');
  md.push('Goals:');
  md.push('');
  for (const g of rep.goals) md.push(`- ${g.ok ? '✅ PASS' : '❌ FAIL'} — ${g.text}`);
  if (!rep.goals.length) md.push('- (none evaluated in this run)');
  md.push('');
  md.push('How it is measured:');
  md.push('');
  for (const n of rep.notes) md.push(`- ${n}`);
  return md.join('\n');
}

const BEGIN = '<!-- bench:identity:begin (written by node bench/identity/run.mjs --write-md) -->';
const END = '<!-- bench:identity:end -->';

function writeMd(body) {
  const file = path.join(REPO, 'docs', 'BENCHMARKS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${BEGIN}\n${body}\n${END}`;
  const b = text.indexOf('<!-- bench:identity:begin');
  const e = text.indexOf(END);
  if (b >= 0 && e > b) {
    text = text.slice(0, b) + block + text.slice(e + END.length);
  } else {
    text = `${text.trimEnd()}\n\n## Identity: StackLab vs Keystone 22\n\n${block}\n`;
  }
  fs.writeFileSync(file, text);
  console.log(`\nwrote ${path.relative(REPO, file)}`);
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  agent = new http.Agent({ keepAlive: opts.keepAlive, maxSockets: 1 });
  const m = machine();
  console.log(`identity bench — ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB, ${m.os}, node ${m.node}, ${m.date}\n`);

  const res = { stacklab: null, keystone: null };
  const failures = [];
  // one server at a time, so they never compete for the CPU
  if (opts.only !== 'keystone') {
    try { res.stacklab = await benchStackLab(opts); } catch (e) { failures.push(`StackLab: ${e.message}`); console.error(`StackLab FAILED: ${e.message}\n`); }
  }
  if (opts.only !== 'stacklab') {
    try { res.keystone = await benchKeystone(opts); } catch (e) { failures.push(`Keystone: ${e.message}`); console.error(`Keystone FAILED: ${e.message}\n`); }
  }
  await cleanup();

  const rep = buildReport(res, opts, m);
  console.log('');
  printTable(rep.rows, ['', 'StackLab', 'Keystone 22', 'Keystone/StackLab']);
  console.log('');
  for (const g of rep.goals) console.log(`${g.ok ? 'PASS' : 'FAIL'}  ${g.text}`);

  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ machine: m, opts, results: res, goals: rep.goals }, null, 2));
  if (opts.writeMd) {
    if (failures.length) console.error('\nnot writing docs/BENCHMARKS.md: a server failed');
    else writeMd(markdown(rep, m, opts));
  }
  const failed = failures.length > 0 || rep.goals.some((g) => !g.ok);
  process.exitCode = failures.length ? 2 : failed ? 1 : 0;
}

main().catch(async (e) => {
  console.error(e.stack ?? e);
  await cleanup();
  process.exitCode = 2;
});
