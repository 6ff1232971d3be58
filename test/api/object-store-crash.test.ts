import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

// `stacklab serve` killed with SIGKILL: once right after acknowledged PUTs, once in the middle of a
// large PUT. Every acknowledged object comes back whole; the cut-off one has no row and leaves no file.

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
let lab: ServeProcess | undefined;
let dataDir: string | undefined;

after(async () => {
  await lab?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('acknowledged PUTs survive SIGKILL; a PUT killed mid-stream leaves no row and no file', async () => {
  const dir = tempDir('stacklab-os-crash-');
  dataDir = dir;
  lab = await startServe(dir, undefined, ['--instant']);
  const off = lab.portOffset;
  const login = () => passwordToken(lab!.keystoneUrl, 'admin', rcEnv(dir, 'admin').OS_PASSWORD, 'admin');
  let token = await login();
  const me = await fetch(`${lab.keystoneUrl}/v3/auth/tokens`, { headers: { 'X-Auth-Token': token, 'X-Subject-Token': token } });
  const project = ((await me.json()) as { token: { project: { id: string } } }).token.project.id;
  const account = `/v1/AUTH_${project}`;
  const swift = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${8080 + off}${account}${path}`, { ...init, headers: { 'X-Auth-Token': token, ...(init.headers as Record<string, string>) } });
  assert.equal((await swift('/c', { method: 'PUT' })).status, 201);
  const bodies = [randomBytes(10), randomBytes(300 * 1024), randomBytes(3 * 1024 * 1024)];
  for (const [i, b] of bodies.entries()) {
    const r = await swift(`/c/o${i}`, { method: 'PUT', body: b });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('etag'), md5(b));
  }
  // kill -9 the moment the last PUT is acknowledged
  lab.child.kill('SIGKILL');
  await new Promise((r) => lab!.child.once('exit', r));

  lab = await startServe(dir, off, ['--instant']);
  token = await login();
  for (const [i, b] of bodies.entries()) {
    const r = await swift(`/c/o${i}`);
    assert.equal(r.status, 200, `o${i} after the kill`);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(b), `o${i} bytes`);
  }

  // a 64 MiB PUT killed once the engine has 8 MiB of it on disk
  const tmpDir = join(dir, 'objects', '.tmp');
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: 8080 + off, path: `${account}/c/big`, method: 'PUT', headers: { 'X-Auth-Token': token, 'Content-Length': String(64 << 20) } });
    req.on('error', () => resolve());
    const chunk = randomBytes(1 << 20);
    let sent = 0;
    const pump = () => {
      while (sent < 16) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
    const started = Date.now();
    const poll = () => {
      const files = existsSync(tmpDir) ? readdirSync(tmpDir) : [];
      if (files.some((f) => statSync(join(tmpDir, f)).size >= 8 << 20)) {
        lab!.child.kill('SIGKILL');
        lab!.child.once('exit', () => resolve());
      } else if (Date.now() - started > 20000) reject(new Error('the upload never reached 8 MiB on disk'));
      else setTimeout(poll, 5);
    };
    poll();
  });
  assert.ok(readdirSync(tmpDir).length > 0, 'the kill left a partial upload behind');

  lab = await startServe(dir, off, ['--instant']);
  token = await login();
  assert.equal((await swift('/c/big', { method: 'HEAD' })).status, 404);
  assert.deepEqual(readdirSync(tmpDir), []);
  const head = await swift('/c', { method: 'HEAD' });
  assert.equal(head.headers.get('x-container-object-count'), '3');
  assert.equal(head.headers.get('x-container-bytes-used'), String(bodies.reduce((n, b) => n + b.length, 0)));
  // one data file per acknowledged object, nothing else
  assert.equal(readdirSync(join(dir, 'objects', `AUTH_${project}`)).length, 3);
});
