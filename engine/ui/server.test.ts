import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { EventBus } from '../core/events';
import type { LabStatus, WsServerFrame } from './contract';
import { connectEngine, validateOsRequest } from './handlers';
import { checkUpgrade, startUiServer, type UiServer } from './server';

const status: LabStatus = {
  app: { name: 'StackLab', version: '0.1.0' },
  host: 'web',
  platform: 'linux',
  arch: 'x64',
  versions: { node: process.versions.node },
  engine: 'ready',
  services: [],
  authUrl: 'http://127.0.0.1:5000/v3',
  lastEventSeq: 0,
};

let server: UiServer;
const events = new EventBus();
const closed: string[] = [];

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stacklab-ui-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>StackLab</title>');
  const deps = {
    status: () => status,
    events,
    apiOrigins: () => ['http://127.0.0.1:5000'],
    shell: {
      openSession: () => ({ id: `s${closed.length}`, prompt: '[root@localhost ~]# ' }),
      run: async () => ({ stdout: '', stderr: '', code: 0, prompt: '#', exited: null, secret: false }),
      closeSession: (id: string) => void closed.push(id),
    },
  };
  const connect = (emit: Parameters<typeof connectEngine>[1]) => connectEngine(deps, emit);
  // port 0 is not allowed for the Origin check to be meaningful: pick one from the OS first
  const probe = await startUiServer({ host: '127.0.0.1', port: 0, rendererDir: dir, connect, events, secret: 's3cret-s3cret-s3cret' });
  const port = (probe.app.server.address() as { port: number }).port;
  await probe.close();
  server = await startUiServer({ host: '127.0.0.1', port, rendererDir: dir, connect, events, secret: 's3cret-s3cret-s3cret' });
});

after(() => server?.close());

function connect(query: string, origin = server.origin): Promise<{ ws: WebSocket; frames: WsServerFrame[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/labapi${query}`, { origin });
    const frames: WsServerFrame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

function invoke(ws: WebSocket, frames: WsServerFrame[], id: number, channel: string, args: unknown[] = []): Promise<unknown> {
  ws.send(JSON.stringify({ kind: 'invoke', id, channel, args }));
  return new Promise((resolve) => {
    const poll = () => {
      const f = frames.find((x) => x.kind === 'reply' && x.id === id);
      if (f && f.kind === 'reply') resolve(f.envelope);
      else setImmediate(poll);
    };
    poll();
  });
}

test('the URL carries the secret in its fragment and serves the page', async () => {
  assert.equal(server.url, `${server.origin}/#s3cret-s3cret-s3cret`);
  const res = await fetch(server.origin + '/');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /StackLab/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
});

test('a WebSocket without the secret, or with a wrong one, is refused with 401', async () => {
  await assert.rejects(connect(''), { status: 401 });
  await assert.rejects(connect('?token=s3cret-s3cret-s3creX'), { status: 401 });
});

test('a WebSocket from another origin is refused with 403 even with the secret', async () => {
  await assert.rejects(connect('?token=s3cret-s3cret-s3cret', 'http://evil.example'), { status: 403 });
});

test('only loopback peers, the own Host and the own Origin pass the upgrade check', () => {
  const port = 8000;
  const good = { remoteAddress: '127.0.0.1', origin: 'http://127.0.0.1:8000', host: '127.0.0.1:8000', token: 'x' };
  assert.deepEqual(checkUpgrade(good, { secret: 'x', port }), { ok: true });
  assert.deepEqual(checkUpgrade({ ...good, remoteAddress: '::ffff:127.0.0.1' }, { secret: 'x', port }), { ok: true });
  for (const remoteAddress of ['192.168.1.20', '10.0.2.15', '::ffff:192.168.1.2', undefined]) {
    const v = checkUpgrade({ ...good, remoteAddress }, { secret: 'x', port });
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.status, 403);
  }
  assert.equal(checkUpgrade({ ...good, host: 'attacker.example:8000' }, { secret: 'x', port }).ok, false, 'DNS rebinding');
  assert.equal(checkUpgrade({ ...good, origin: undefined }, { secret: 'x', port }).ok, false);
});

test('with the secret: lab:status answers, events are pushed live and replayed from a seq', async () => {
  events.publish('network.network.created', 'n1');
  const { ws, frames } = await connect('?token=s3cret-s3cret-s3cret&since=0');
  assert.deepEqual(await invoke(ws, frames, 1, 'lab:status'), { result: status });
  events.publish('network.network.deleted', 'n1');
  const got = () => frames.filter((f) => f.kind === 'event' && f.channel === 'lab:event').map((f) => (f.kind === 'event' ? (f.payload as { type: string }).type : ''));
  await new Promise<void>((resolve) => {
    const poll = () => (got().length >= 2 ? resolve() : setImmediate(poll));
    poll();
  });
  assert.deepEqual(got(), ['network.network.created', 'network.network.deleted']);
  assert.deepEqual(await invoke(ws, frames, 2, 'no:such'), { error: { name: 'IpcChannelError', message: 'Unknown IPC channel: no:such' } });
  const bad = (await invoke(ws, frames, 3, 'os:request', [{ method: 'GET', url: 'http://169.254.169.254/latest' }])) as { error: { name: string; message: string } };
  assert.equal(bad.error.name, 'LabApiArgumentError');
  assert.match(bad.error.message, /not an API endpoint of this lab/);
  // a shell session opened through this socket closes with it
  const opened = (await invoke(ws, frames, 4, 'shell:open')) as { result: { id: string } };
  ws.close();
  await new Promise<void>((resolve) => {
    const poll = () => (closed.includes(opened.result.id) ? resolve() : setImmediate(poll));
    poll();
  });
});

test('os:request forwards only known headers to the lab endpoints', () => {
  const r = validateOsRequest({ method: 'get', url: 'http://127.0.0.1:5000/v3/projects', headers: { 'X-Auth-Token': 't', Cookie: 'c', 'OpenStack-API-Version': 'compute 2.1' } }, ['http://127.0.0.1:5000']);
  assert.equal(r.method, 'GET');
  assert.deepEqual(r.headers, { 'x-auth-token': 't', 'openstack-api-version': 'compute 2.1' });
  assert.throws(() => validateOsRequest({ method: 'TRACE', url: 'http://127.0.0.1:5000/' }, ['http://127.0.0.1:5000']), /not allowed/);
});

test('os:request carries a binary body (an image upload) as base64, sent as octet-stream', () => {
  const bytes = Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 255]);
  const r = validateOsRequest({ method: 'PUT', url: 'http://127.0.0.1:9292/v2/images/x/file', bodyBase64: bytes.toString('base64') }, ['http://127.0.0.1:9292']);
  assert.ok(Buffer.isBuffer(r.body));
  assert.deepEqual([...(r.body as Buffer)], [...bytes]);
  assert.equal(r.headers['content-type'], 'application/octet-stream');
  assert.throws(() => validateOsRequest({ method: 'PUT', url: 'http://127.0.0.1:9292/', body: '{}', bodyBase64: 'AA==' }, ['http://127.0.0.1:9292']), /alone/);
});
