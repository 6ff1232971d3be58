#!/usr/bin/env node
// Helper of bench/network/run.mjs: times NetworkService.snapshot() and computeHostState() in
// process, on a copy of a lab's lab.db, with the compiled engine in dist/. run.mjs starts it
// with the node flags of bin/stacklab.js's shebang, so the code runs as it does in the engine.
//
//   node [flags] bench/network/recompute.mjs --db FILE [--runs 30] [--warmup 3] [--time-limit 120]
//
// Prints one JSON line on stdout. Opens FILE read-write (the service's migrations are already
// applied, so nothing is written); give it a copy, never a running lab's database.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = { db: null, runs: 30, warmup: 3, timeLimit: 120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--db') o.db = v();
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--warmup') o.warmup = Number(v());
    else if (a === '--time-limit') o.timeLimit = Number(v());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.db || !fs.existsSync(o.db)) throw new Error('--db FILE (an existing copy of lab.db) is required');
  for (const k of ['runs', 'warmup', 'timeLimit']) if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`--${k} wants a whole number`);
  if (o.runs < 1) throw new Error('--runs must be at least 1');
  return o;
}

function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), min: s[0] ?? null, max: s.at(-1) ?? null, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const dist = path.join(REPO, 'dist', 'engine');
  const { LabDatabase } = require(path.join(dist, 'core', 'db.js'));
  const { systemClock } = require(path.join(dist, 'core', 'clock.js'));
  const { EventBus } = require(path.join(dist, 'core', 'events.js'));
  const { NetworkService } = require(path.join(dist, 'network', 'service', 'index.js'));
  const { defaultNetworkConfig } = require(path.join(dist, 'network', 'service', 'core.js'));
  const { computeHostState } = require(path.join(dist, 'dataplane', 'desired-state.js'));
  const { defaultHostConfig } = require(path.join(dist, 'lab', 'host-runtime.js'));

  const db = new LabDatabase(o.db);
  try {
    const network = new NetworkService({ db, clock: systemClock, events: new EventBus(), config: defaultNetworkConfig('localhost') });
    const config = defaultHostConfig('localhost');
    const deadline = performance.now() + o.timeLimit * 1000;

    let snap = null;
    let state = null;
    for (let i = 0; i < o.warmup && performance.now() < deadline; i++) state = computeHostState((snap = network.snapshot()), config);

    const snapTimes = [];
    const computeTimes = [];
    const bothTimes = [];
    for (let i = 0; i < o.runs && performance.now() < deadline; i++) {
      const t0 = performance.now();
      snap = network.snapshot();
      const t1 = performance.now();
      state = computeHostState(snap, config);
      const t2 = performance.now();
      snapTimes.push(t1 - t0);
      computeTimes.push(t2 - t1);
      bothTimes.push(t2 - t0);
    }
    if (!snap) snap = network.snapshot();
    if (!state) state = computeHostState(snap, config);

    const size = (v) => (Array.isArray(v) ? v.length : v instanceof Map || v instanceof Set ? v.size : v && typeof v === 'object' ? Object.keys(v).length : null);
    const counts = Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, size(v)]));
    const stateSize = Buffer.byteLength(JSON.stringify(state));
    const summary = {};
    for (const [k, v] of Object.entries(state)) summary[k] = size(v) ?? typeof v;
    process.stdout.write(JSON.stringify({
      node: process.version, execArgv: process.execArgv, runs: snapTimes.length, warmup: o.warmup,
      snapshot: stats(snapTimes), compute: stats(computeTimes), both: stats(bothTimes),
      counts, stateBytes: stateSize, stateSummary: summary,
    }) + '\n');
  } finally {
    db.close();
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
}
