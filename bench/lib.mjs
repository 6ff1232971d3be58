// Helpers both benches use: timing, percentiles, /proc memory, temp dirs and child cleanup.
import fs from 'node:fs';
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
