/**
 * The real `stacklab serve` child process: ready line, credential files, clean shutdown on
 * SIGTERM/SIGINT, restarts that keep the lab (and its passwords), WAL durability across
 * SIGKILL, and a port offset that moves the rc files and the catalog along.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { freePortOffset, passwordToken, rcEnv, repoRoot, tempDir } from '../support/lab';

interface Served {
  child: ChildProcess;
  url: string;
  offset: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Starts `node bin/stacklab.js serve` and waits for its ready line; keeps all of stdout. */
async function serve(dataDir: string, offset?: number): Promise<Served> {
  const off = offset ?? (await freePortOffset());
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'serve', '--data-dir', dataDir, '--port-offset', String(off)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      res({ code, signal });
    }),
  );
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve not ready in 20 s: ${out}${err}`)), 20000);
    const check = () => {
      if (out.split('\n').some((l) => l.startsWith('stacklab ready'))) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      rej(new Error(`serve exited ${code} before ready: ${out}${err}`));
    });
  });
  return { child, url: `http://127.0.0.1:${5000 + off}`, offset: off, stdout: () => out, stderr: () => err, exited };
}

async function stop(s: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
  return s.exited;
}

const adminPw = (dataDir: string) => rcEnv(dataDir, 'admin').OS_PASSWORD;

async function createProject(url: string, token: string, name: string): Promise<Response> {
  return fetch(`${url}/v3/projects`, { method: 'POST', headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ project: { name } }) });
}

async function projectNames(url: string, token: string): Promise<string[]> {
  const res = await fetch(`${url}/v3/projects`, { headers: { 'X-Auth-Token': token } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { projects: { name: string }[] }).projects.map((p) => p.name);
}

const dirs: string[] = [];
function lab(): string {
  const d = tempDir('stacklab-life-');
  dirs.push(d);
  return d;
}

after(async () => {
  for (const c of running) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('stacklab serve lifecycle', () => {
  it('prints exactly one "stacklab ready" line and writes 0600 credential files sharing the passwords', async () => {
    const dir = lab();
    const s = await serve(dir);
    try {
      const ready = s.stdout().split('\n').filter((l) => l.startsWith('stacklab ready'));
      assert.equal(ready.length, 1, s.stdout());
      assert.ok(ready[0].includes(`identity ${s.url}`), ready[0]);
      for (const f of ['keystonerc_admin', 'keystonerc_demo', 'clouds.yaml']) {
        const p = join(dir, f);
        assert.ok(existsSync(p), `${f} missing`);
        assert.equal(statSync(p).mode & 0o777, 0o600, `${f} mode ${(statSync(p).mode & 0o777).toString(8)}`);
      }
      const admin = rcEnv(dir, 'admin');
      const demo = rcEnv(dir, 'demo');
      assert.match(admin.OS_PASSWORD, /^[0-9a-f]{16}$/);
      assert.notEqual(admin.OS_PASSWORD, demo.OS_PASSWORD);
      assert.equal(admin.OS_AUTH_URL, `${s.url}/v3`);
      assert.equal(admin.OS_USERNAME, 'admin');
      assert.equal(admin.OS_PROJECT_NAME, 'admin');
      assert.equal(demo.OS_PROJECT_NAME, 'demo');
      const clouds = parse(readFileSync(join(dir, 'clouds.yaml'), 'utf8')) as { clouds: Record<string, { auth: { password: string; auth_url: string } }> };
      assert.equal(clouds.clouds['stacklab-admin'].auth.password, admin.OS_PASSWORD);
      assert.equal(clouds.clouds['stacklab-demo'].auth.password, demo.OS_PASSWORD);
      assert.equal(clouds.clouds['stacklab-admin'].auth.auth_url, admin.OS_AUTH_URL);
      // and the passwords are the real ones
      await passwordToken(s.url, 'admin', admin.OS_PASSWORD, 'admin');
      await passwordToken(s.url, 'demo', demo.OS_PASSWORD, 'demo');
      // no temp files left next to them
      assert.deepEqual(
        ['keystonerc_admin', 'keystonerc_demo', 'clouds.yaml'].flatMap((f) => (existsSync(join(dir, `${f}.tmp-${s.child.pid}`)) ? [f] : [])),
        [],
      );
      assert.ok(existsSync(join(dir, 'engine.json')));
      const ej = JSON.parse(readFileSync(join(dir, 'engine.json'), 'utf8')) as { pid: number; portOffset: number };
      assert.equal(ej.pid, s.child.pid);
      assert.equal(ej.portOffset, s.offset);
    } finally {
      const r = await stop(s);
      assert.equal(r.code, 0);
    }
  });

  it('SIGTERM exits 0 and removes engine.json; a restart keeps the lab and the admin password', async () => {
    const dir = lab();
    const s1 = await serve(dir);
    const pw = adminPw(dir);
    const tok = await passwordToken(s1.url, 'admin', pw, 'admin');
    assert.equal((await createProject(s1.url, tok, 'kept-across-restart')).status, 201);
    assert.ok(existsSync(join(dir, 'engine.json')));
    const r1 = await stop(s1, 'SIGTERM');
    assert.deepEqual(r1, { code: 0, signal: null }, s1.stderr());
    assert.ok(!existsSync(join(dir, 'engine.json')), 'engine.json left behind after SIGTERM');

    const s2 = await serve(dir);
    try {
      assert.equal(adminPw(dir), pw, 'admin password changed across a restart');
      const tok2 = await passwordToken(s2.url, 'admin', pw, 'admin');
      assert.ok((await projectNames(s2.url, tok2)).includes('kept-across-restart'));
      // bootstrap did not run twice: exactly one of each bootstrap project
      const names = await projectNames(s2.url, tok2);
      for (const n of ['admin', 'demo', 'service']) assert.equal(names.filter((x) => x === n).length, 1, n);
      // the token of the first run is still valid (same lab, not expired)
      const v = await fetch(`${s2.url}/v3/auth/tokens`, { headers: { 'X-Auth-Token': tok2, 'X-Subject-Token': tok } });
      assert.equal(v.status, 200);
    } finally {
      assert.equal((await stop(s2)).code, 0);
    }
  });

  it('SIGINT also shuts down cleanly', async () => {
    const dir = lab();
    const s = await serve(dir);
    const r = await stop(s, 'SIGINT');
    assert.deepEqual(r, { code: 0, signal: null }, s.stderr());
    assert.ok(!existsSync(join(dir, 'engine.json')));
    // the port is free again: a new serve on the same offset starts
    const again = await serve(dir, s.offset);
    assert.equal((await stop(again)).code, 0);
  });

  it('a write acknowledged right before SIGKILL survives the restart (WAL, synchronous=FULL)', async () => {
    const dir = lab();
    const s1 = await serve(dir);
    const pw = adminPw(dir);
    const tok = await passwordToken(s1.url, 'admin', pw, 'admin');
    const names = Array.from({ length: 5 }, (_, i) => `acked-${i}`);
    for (const n of names) assert.equal((await createProject(s1.url, tok, n)).status, 201);
    s1.child.kill('SIGKILL');
    const r = await s1.exited;
    assert.equal(r.signal, 'SIGKILL');
    // a stale engine.json must not stop the next start
    const s2 = await serve(dir);
    try {
      const tok2 = await passwordToken(s2.url, 'admin', pw, 'admin');
      const now = await projectNames(s2.url, tok2);
      for (const n of names) assert.ok(now.includes(n), `${n} lost after SIGKILL`);
      const ej = JSON.parse(readFileSync(join(dir, 'engine.json'), 'utf8')) as { pid: number };
      assert.equal(ej.pid, s2.child.pid, 'engine.json still names the killed process');
    } finally {
      await stop(s2);
    }
  });

  it('a new --port-offset moves keystonerc_admin, clouds.yaml and the catalog endpoints', async () => {
    const dir = lab();
    const s1 = await serve(dir);
    const oldPort = 5000 + s1.offset;
    await stop(s1);
    let off2 = await freePortOffset();
    while (off2 === s1.offset) off2 = await freePortOffset();
    const s2 = await serve(dir, off2);
    try {
      const env = rcEnv(dir, 'admin');
      assert.equal(env.OS_AUTH_URL, `http://127.0.0.1:${5000 + off2}/v3`);
      assert.equal(rcEnv(dir, 'demo').OS_AUTH_URL, `http://127.0.0.1:${5000 + off2}/v3`);
      const clouds = parse(readFileSync(join(dir, 'clouds.yaml'), 'utf8')) as { clouds: Record<string, { auth: { auth_url: string } }> };
      assert.equal(clouds.clouds['stacklab-admin'].auth.auth_url, `http://127.0.0.1:${5000 + off2}/v3`);
      const tok = await passwordToken(s2.url, 'admin', env.OS_PASSWORD, 'admin');
      const eps = (await (await fetch(`${s2.url}/v3/endpoints`, { headers: { 'X-Auth-Token': tok } })).json()) as { endpoints: { url: string; interface: string }[] };
      const keystone = eps.endpoints.filter((e) => e.url.includes(`:${5000 + off2}`));
      assert.deepEqual(keystone.map((e) => e.interface).sort(), ['admin', 'internal', 'public']);
      assert.deepEqual(eps.endpoints.filter((e) => e.url.includes(`:${oldPort}`)), [], 'endpoints still on the old port');
      // the token's catalog says the same
      const t = (await (await fetch(`${s2.url}/v3/auth/tokens`, { headers: { 'X-Auth-Token': tok, 'X-Subject-Token': tok } })).json()) as {
        token: { catalog: { type: string; endpoints: { url: string }[] }[] };
      };
      const ident = t.token.catalog.find((c) => c.type === 'identity')!;
      assert.ok(ident.endpoints.every((e) => e.url === `http://127.0.0.1:${5000 + off2}`), JSON.stringify(ident.endpoints));
      // and there is still exactly one identity service
      assert.equal(t.token.catalog.filter((c) => c.type === 'identity').length, 1);
    } finally {
      await stop(s2);
    }
  });

  it('a deleted keystonerc_admin makes the restart write a new, working admin password', async () => {
    const dir = lab();
    const s1 = await serve(dir);
    const oldPw = adminPw(dir);
    const demoPw = rcEnv(dir, 'demo').OS_PASSWORD;
    await stop(s1);
    rmSync(join(dir, 'keystonerc_admin'));
    const s2 = await serve(dir);
    try {
      const newPw = adminPw(dir);
      assert.notEqual(newPw, oldPw);
      assert.equal(statSync(join(dir, 'keystonerc_admin')).mode & 0o777, 0o600);
      await passwordToken(s2.url, 'admin', newPw, 'admin');
      await assert.rejects(passwordToken(s2.url, 'admin', oldPw, 'admin'), /token: 401/);
      // the demo password was untouched, and clouds.yaml agrees with both rc files
      assert.equal(rcEnv(dir, 'demo').OS_PASSWORD, demoPw);
      await passwordToken(s2.url, 'demo', demoPw, 'demo');
      const clouds = parse(readFileSync(join(dir, 'clouds.yaml'), 'utf8')) as { clouds: Record<string, { auth: { password: string } }> };
      assert.equal(clouds.clouds['stacklab-admin'].auth.password, newPw);
    } finally {
      await stop(s2);
    }
  });

  it('a new lab directory is created private (no group/other access)', async () => {
    const dir = join(lab(), 'nested', 'lab');
    const s = await serve(dir);
    try {
      assert.equal(statSync(dir).mode & 0o077, 0, `mode ${(statSync(dir).mode & 0o777).toString(8)}`);
      assert.ok(existsSync(join(dir, 'lab.db')));
    } finally {
      await stop(s);
    }
  });

  it('a second serve on a lab that is already running refuses to start and leaves the first one intact', async () => {
    const dir = lab();
    const s1 = await serve(dir);
    const rcBefore = readFileSync(join(dir, 'keystonerc_admin'), 'utf8');
    try {
      let second: Served | undefined;
      const err = await serve(dir).then(
        (s) => {
          second = s;
          return undefined;
        },
        (e: Error) => e,
      );
      if (second) await stop(second);
      assert.ok(err, 'a second engine started on a lab that is already running');
      assert.match(err.message, /serve exited [1-9]/);
      assert.equal(readFileSync(join(dir, 'keystonerc_admin'), 'utf8'), rcBefore, 'keystonerc_admin rewritten by the refused start');
      assert.ok(existsSync(join(dir, 'engine.json')), 'engine.json of the running lab removed');
      await passwordToken(s1.url, 'admin', adminPw(dir), 'admin');
    } finally {
      await stop(s1);
    }
  });
});
