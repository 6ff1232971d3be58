#!/usr/bin/env node
// StackLab snapshot bench: save, restore and diff of a lab with ~1,000 resources and 50 MB of images.
//
//   node bench/snapshot/run.mjs [--runs 10] [--image-mb 50] [--port-offset 23000] [--write-md]
//
// Needs `npm run build` (it loads the engine from dist/). In one process:
// 1. starts the engine (instant mode) on an empty temp lab and logs in as admin;
// 2. unmeasured set-up through the real APIs: 300 networks with a subnet each, 400 ports on them,
//    and images totalling --image-mb MB uploaded to Glance: ~1,000 resources besides the bootstrap;
// 3. save: Engine.saveSnapshot (VACUUM INTO + image files hard-linked), --runs times;
// 4. diff of two snapshots 100 changes apart (50 networks added, 50 renamed);
// 5. restore, offline (engine stopped: stage + commit + roll forward) and while running
//    (the same, plus the engine's restart on the restored lab, reported apart);
// Prints p50/max of each with the bytes copied and linked; --write-md rewrites its section of
// docs/BENCHMARKS.md. Everything listens on 127.0.0.1; the temp dir is removed at the end.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cleanupSync, findOffset, fmtMs, machine, mkTemp, now, parseRc, requester, stats, writeBenchSection } from '../lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const dist = (p) => {
  const file = path.join(REPO, 'dist', p);
  if (!fs.existsSync(file + '.js')) throw new Error(`${file}.js is missing: run npm run build first`);
  return require(file);
};

function parseArgs(argv) {
  const o = { runs: 10, imageMb: 50, portOffset: 23000, writeMd: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--image-mb') o.imageMb = Number(argv[++i]);
    else if (a === '--port-offset') o.portOffset = Number(argv[++i]);
    else if (a === '--write-md') o.writeMd = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/snapshot/run.mjs [--runs N] [--image-mb MB] [--port-offset N] [--write-md]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { Engine } = dist('engine/server/engine');
  const { makeConfig } = dist('engine/core/config');
  const snap = dist('engine/lab/snapshots/index');
  const dataDir = mkTemp('stacklab-bench-snap-');
  const portOffset = await findOffset(opts.portOffset);
  let engine = new Engine(makeConfig({ dataDir, portOffset, instant: true }));
  const started = await engine.start();
  const url = (type) => started.apis.find((a) => a.type === type).url.replace(/\/$/, '');
  const req = requester(new http.Agent({ keepAlive: true, maxSockets: 8 }));
  const rc = parseRc(fs.readFileSync(path.join(dataDir, 'keystonerc_admin'), 'utf8'));
  const auth = await req('POST', `${url('identity')}/v3/auth/tokens`, {
    body: { auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: rc.OS_PASSWORD } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } },
  });
  const token = auth.headers['x-subject-token'];
  const H = { 'X-Auth-Token': token };
  const net = url('network');
  const must = (r, what) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body || '{}');
  };
  process.stderr.write('set-up: networks, subnets, ports, images …\n');
  const me = must(await req('GET', `${url('identity')}/v3/auth/tokens`, { headers: { ...H, 'X-Subject-Token': token } }), 'token');
  must(await req('PUT', `${net}/v2.0/quotas/${me.token.project.id}`, { headers: H, body: { quota: { network: -1, subnet: -1, port: -1 } } }), 'quota');
  const networks = [];
  for (let i = 0; i < 300; i++) {
    const n = must(await req('POST', `${net}/v2.0/networks`, { headers: H, body: { network: { name: `bench-net-${i}` } } }), 'network').network;
    must(await req('POST', `${net}/v2.0/subnets`, { headers: H, body: { subnet: { network_id: n.id, cidr: `10.${Math.floor(i / 250)}.${i % 250}.0/24`, ip_version: 4, name: `bench-sub-${i}` } } }), 'subnet');
    networks.push(n);
  }
  for (let i = 0; i < 400; i++) must(await req('POST', `${net}/v2.0/ports`, { headers: H, body: { port: { network_id: networks[i % networks.length].id, name: `bench-port-${i}` } } }), 'port');
  const images = 5;
  const chunk = Buffer.alloc(Math.round((opts.imageMb * 1024 * 1024) / images), 7);
  for (let i = 0; i < images; i++) {
    const img = must(await req('POST', `${url('image')}/v2/images`, { headers: H, body: { name: `bench-img-${i}`, disk_format: 'raw', container_format: 'bare' } }), 'image');
    chunk[0] = i;
    const up = await req('PUT', `${url('image')}/v2/images/${img.id}/file`, { headers: H, raw: chunk });
    if (up.status !== 204) throw new Error(`upload: ${up.status}`);
  }

  const save = [];
  let meta;
  for (let i = 0; i < opts.runs; i++) {
    const t = now();
    meta = engine.saveSnapshot(`s${i}`);
    save.push(now() - t);
  }
  // 100 changes, then a second snapshot to diff against
  for (let i = 0; i < 50; i++) must(await req('POST', `${net}/v2.0/networks`, { headers: H, body: { network: { name: `extra-net-${i}` } } }), 'network');
  for (let i = 0; i < 50; i++) must(await req('PUT', `${net}/v2.0/networks/${networks[i].id}`, { headers: H, body: { network: { name: `renamed-${i}` } } }), 'rename');
  engine.saveSnapshot('changed');
  const store = engine.snapshots;
  const diff = [];
  let d;
  for (let i = 0; i < opts.runs; i++) {
    const t = now();
    d = snap.diffSnapshots(store, 's0', 'changed');
    diff.push(now() - t);
  }

  const running = { swap: [], restart: [] };
  for (let i = 0; i < opts.runs; i++) {
    const name = i % 2 ? 's0' : 'changed';
    const t = now();
    snap.stageRestore(dataDir, name, store.stateDir(name));
    const staged = now();
    await engine.restart();
    running.swap.push(staged - t);
    running.restart.push(now() - staged);
  }
  await engine.stop();
  const offline = [];
  for (let i = 0; i < opts.runs; i++) {
    const name = i % 2 ? 's0' : 'changed';
    const t = now();
    snap.stageRestore(dataDir, name, store.stateDir(name));
    snap.recoverRestore(dataDir);
    offline.push(now() - t);
  }

  const m = machine(REPO, execFileSync);
  const rows = [
    ['save (VACUUM INTO + link images)', stats(save)],
    ['diff of two snapshots (100 changes)', stats(diff)],
    ['restore, engine stopped (stage + commit + roll forward)', stats(offline)],
    ['restore while running: stage + commit', stats(running.swap)],
    ['restore while running: engine restart on the restored lab', stats(running.restart)],
  ];
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB, ${m.os}, Node ${m.node}; ${m.date}${m.commit ? `, commit ${m.commit}` : ''}; load ${m.load}.`,
    '',
    `Lab: ${meta.resources} rows (resources) in the database, ${images} images of ${(chunk.length / 1048576).toFixed(0)} MiB (${opts.imageMb} MB in all); snapshot ${meta.files} files, ${(meta.bytes / 1048576).toFixed(1)} MiB; ${opts.runs} runs each. Diff found ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`,
    '',
    '| operation | p50 | max | goal |',
    '|---|---|---|---|',
    ...rows.map(([label, s]) => `| ${label} | ${fmtMs(s.p50)} | ${fmtMs(s.max)} | ${/diff/.test(label) ? '< 100 ms' : /restart/.test(label) ? '(engine start)' : '< 300 ms + image copy'} |`),
  ];
  console.log(lines.join('\n'));
  if (opts.writeMd) {
    const file = writeBenchSection(REPO, 'snapshot', 'Lab snapshots', 'Save, restore and diff of a whole lab (`node bench/snapshot/run.mjs`). Image files are hard-linked into snapshots and back, so their bytes are not copied; the database is copied with VACUUM INTO.', lines.join('\n'));
    console.log(`wrote ${file}`);
  }
}

main()
  .then(() => {
    cleanupSync();
    process.exit(0);
  })
  .catch((e) => {
    console.error(e.stack ?? e);
    cleanupSync();
    process.exit(1);
  });
