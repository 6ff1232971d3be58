// Helpers the benches share: timing, percentiles, /proc memory, temp dirs, child cleanup, HTTP, rc files, the machine facts and the BENCHMARKS.md sections.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const HOST = '127.0.0.1';

export const children = new Set(); // { name, proc }

export const tempDirs = new Set();
let cleanedUp = false;

export function mkTemp(prefix) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const now = () => performance.now();

export function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}

export function kb(file, key) {
  try {
    const m = fs.readFileSync(file, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

export function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export function fmtMs(v) {
  if (v === null || v === undefined) return 'n/a';
  if (v < 10) return `${v.toFixed(2)} ms`;
  if (v < 100) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(0)} ms`;
}

export const fmtMiB = (k) => (k === null || k === undefined ? 'n/a' : `${(k / 1024).toFixed(1)} MiB`);

export function cleanupSync() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const c of children) killGroup(c.proc.pid, 'SIGKILL');
  children.clear();
  for (const d of tempDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } }
  tempDirs.clear();
}

/** Signals a child's whole process group (benches start servers detached), or the child alone. */
export function killGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch (e) {
    if (e.code === 'ESRCH') return; // the whole group is gone
    try { process.kill(pid, sig); } catch { /* gone */ }
  }
}

/**
 * Waits for `stacklab serve` to print its `stacklab ready` line (60 s at most), copying its
 * output to `log`; resolves with the time since `t0` and the line, or rejects with the log's tail.
 */
export async function waitForReady(proc, log, t0, logTail, logFile) {
  let readyLine = '';
  const readyMs = await new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    const finish = (fn, v) => { if (!done) { done = true; clearTimeout(timer); fn(v); } };
    const timer = setTimeout(() => finish(reject, new Error('StackLab printed no "stacklab ready" line within 60 s')), 60000);
    proc.stdout.on('data', (d) => {
      const t = now();
      log.write(d);
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('stacklab ready')) { readyLine = line; finish(resolve, t - t0); }
      }
    });
    proc.stderr.on('data', (d) => log.write(d));
    proc.on('error', (e) => finish(reject, e));
    proc.on('exit', (code, sig) => finish(reject, new Error(`StackLab exited (${sig ?? `exit ${code}`}) before "stacklab ready"`)));
  }).catch(async (e) => {
    await sleep(100);
    throw new Error(`${e.message}\n--- ${logFile} (last lines) ---\n${logTail()}`);
  });
  return { readyMs, readyLine };
}

// ---------------------------------------------------------------- shared by the API benches

/** One measured kind of request: `timed` runs `fn` and keeps its duration. */
export class Series {
  constructor(label) { this.label = label; this.times = []; this.errors = []; }
  async timed(fn) {
    const s = now();
    const r = await fn();
    this.times.push(now() - s);
    return r;
  }
  result() { return { label: this.label, ...stats(this.times), errors: this.errors.length }; }
}

export function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null, max: s.at(-1) ?? null };
}

/** A Port offset where every StackLab port (5000, 8774, …) is free, from `start` up in steps of 100. */
export async function findOffset(start) {
  const basePorts = [5000, 8774, 9696, 9292, 8776, 8778, 8080, 8000];
  let offset = start;
  for (let tries = 0; tries < 20; tries++, offset += 100) {
    const free = await Promise.all(basePorts.map((p) => portFree(p + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error('no free StackLab port offset found');
}

/** `KEY=value` lines of an rc file (export optional, quotes dropped). */
export function parseRc(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (!m) continue;
    let v = m[2].trim();
    if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) v = v.slice(1, -1);
    env[m[1]] = v;
  }
  return env;
}

/** The machine a bench ran on, for the figures' header. */
export function machine(repo, execFileSync) {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const m = fs.readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m);
    if (m) osName = `${m[1]} (${os.type()} ${os.release()})`;
  } catch { /* keep uname */ }
  let commit = null;
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not a checkout */ }
  return {
    cpu: (cpus[0]?.model ?? 'unknown').trim(), cores: cpus.length, ramGiB: os.totalmem() / 2 ** 30, os: osName,
    node: process.version, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), commit,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

/**
 * Replaces one bench's section of docs/BENCHMARKS.md (between its begin/end markers), or appends
 * it with `heading` and `intro` the first time. Other sections belong to other benches.
 */
export function writeBenchSection(repo, name, heading, intro, body) {
  const file = path.join(repo, 'docs', 'BENCHMARKS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = `<!-- bench:${name}:begin (written by node bench/${name}/run.mjs --write-md) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n${body}\n${end}`;
  const b = text.indexOf(`<!-- bench:${name}:begin`);
  const e = text.indexOf(end);
  text = b >= 0 && e > b ? text.slice(0, b) + block + text.slice(e + end.length) : `${text.trimEnd()}\n\n## ${heading}\n\n${intro}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  return file;
}

/**
 * A request function bound to one http.Agent: JSON `body` (object or string) or `raw` bytes
 * (application/octet-stream); resolves with status, headers, the body as text and its size.
 */
export function requester(agent) {
  return (method, url, { headers = {}, body, raw, timeoutMs = 30000 } = {}) => new Promise((resolve, reject) => {
    const u = new URL(url);
    const h = { Accept: 'application/json', ...headers };
    let data;
    if (raw) { data = raw; h['Content-Type'] = 'application/octet-stream'; }
    else if (body !== undefined) { data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)); h['Content-Type'] = 'application/json'; }
    if (data) h['Content-Length'] = data.length;
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: buf.toString('utf8'), bytes: buf.length });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
