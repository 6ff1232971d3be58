import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type InProcessLab, type Json, openstack, openstackJson, passwordToken, rcEnv, repoRoot, startInProcessLab } from '../support/lab';

const run = promisify(execFile);
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const NOT_FOUND = '<html><h1>Not Found</h1><p>The resource could not be found.</p></html>';

/**
 * The Swift-compatible object store with the real python-openstackclient (container/object
 * commands) and openstacksdk, plus raw HTTP for what the CLI does not reach: listings with
 * prefix/delimiter/limit/marker, ETag checks, ranges, conditional GETs, copies, ACLs and swob's
 * error pages.
 */
describe('object store through the real openstack CLI', () => {
  let lab: InProcessLab;
  let adminToken: string;
  let demoToken: string;
  let adminAccount: string;
  let demoAccount: string;
  let demoProject: string;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const base = () => `http://127.0.0.1:${8080 + lab.portOffset}`;
  /** A raw call; `token: null` sends none. */
  const swift = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    const token = init.token === undefined ? adminToken : init.token;
    if (token) headers['X-Auth-Token'] = token;
    return fetch(`${base()}${path}`, { ...init, headers });
  };

  before(async () => {
    lab = await startInProcessLab();
    const admin = rcEnv(lab.dataDir, 'admin');
    const demo = rcEnv(lab.dataDir, 'demo');
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', admin.OS_PASSWORD, 'admin');
    demoToken = await passwordToken(lab.keystoneUrl, 'demo', demo.OS_PASSWORD, 'demo');
    const identity = lab.engine.identity!;
    adminAccount = `/v1/AUTH_${identity.projects.findByName('admin', 'default')!.id}`;
    demoProject = identity.projects.findByName('demo', 'default')!.id;
    demoAccount = `/v1/AUTH_${demoProject}`;
  });
  after(async () => {
    if (lab) await lab.stop();
  });

  it('is in the catalog as swift (object-store) with the project in its URL, and answers /info', async () => {
    const eps = await json<Json[]>(['endpoint', 'list', '--service', 'object-store']);
    assert.equal(eps.length, 3);
    // PackStack registers the account with the old tenant_id template (the seed's endpoint list)
    for (const e of eps) assert.equal(e.URL, `${base()}/v1/AUTH_%(tenant_id)s`);
    const cat = await os(['catalog', 'show', 'object-store']);
    assert.equal(cat.code, 0, cat.stderr);
    assert.ok(cat.stdout.includes(`${base()}${adminAccount}`), cat.stdout);
    const info = await fetch(`${base()}/info`);
    assert.equal(info.status, 200);
    const body = (await info.json()) as Json;
    assert.equal(body.swift.max_file_size, 5368709122);
    assert.equal(body.swift.container_listing_limit, 10000);
    assert.deepEqual(Object.keys(body).sort(), ['account_quotas', 'container_quotas', 'swift']);
  });

  it('container create, object create/list/save/show, container show/list, and a refused non-empty delete', async () => {
    const data = randomBytes(300 * 1024 + 7);
    writeFileSync(join(lab.dataDir, 'file.bin'), data);
    const c = await json<Json[]>(['container', 'create', 'c1']);
    assert.equal(c[0].container, 'c1');
    assert.equal(c[0].account, adminAccount.slice(4));
    const o = await json<Json[]>(['object', 'create', 'c1', 'file.bin']);
    assert.equal(o[0].object, 'file.bin');
    assert.equal(o[0].etag, md5(data));
    const list = await json<Json[]>(['object', 'list', 'c1']);
    assert.deepEqual(
      list.map((x) => x.Name),
      ['file.bin'],
    );
    const saved = await os(['object', 'save', 'c1', 'file.bin', '--file', 'saved.bin']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.ok(readFileSync(join(lab.dataDir, 'saved.bin')).equals(data));
    const show = await json<Json>(['object', 'show', 'c1', 'file.bin']);
    assert.equal(show['content-length'], String(data.length));
    assert.equal(show.etag, md5(data));
    assert.equal(show['content-type'], 'application/octet-stream');
    assert.match(show['last-modified'], /GMT$/);
    const cs = await json<Json>(['container', 'show', 'c1']);
    assert.equal(cs.object_count, '1');
    assert.equal(cs.bytes_used, String(data.length));
    const account = await json<Json>(['object', 'store', 'account', 'show']);
    assert.equal(account.Containers, '1');
    assert.equal(account.Objects, '1');
    assert.equal(account.Bytes, String(data.length));
    const cl = await json<Json[]>(['container', 'list']);
    assert.deepEqual(
      cl.map((x) => x.Name),
      ['c1'],
    );
    const refused = await os(['container', 'delete', 'c1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Conflict \(HTTP 409\)/);
    assert.equal((await json<Json>(['container', 'show', 'c1'])).object_count, '1');
    assert.equal((await os(['object', 'delete', 'c1', 'file.bin'])).code, 0);
    assert.deepEqual(await json<Json[]>(['object', 'list', 'c1']), []);
    assert.equal((await os(['container', 'delete', 'c1'])).code, 0);
    assert.deepEqual(await json<Json[]>(['container', 'list']), []);
    // the bytes went with the object
    assert.deepEqual(
      readdirSync(join(lab.dataDir, 'objects')).flatMap((d) => readdirSync(join(lab.dataDir, 'objects', d))),
      [],
    );
  });

  it('container and object properties through the CLI', async () => {
    assert.equal((await os(['container', 'create', 'props'])).code, 0);
    assert.equal((await os(['container', 'set', '--property', 'owner=alice', 'props'])).code, 0);
    assert.deepEqual((await json<Json>(['container', 'show', 'props'])).properties, { Owner: 'alice' });
    writeFileSync(join(lab.dataDir, 'notes.txt'), 'notes\n');
    assert.equal((await os(['object', 'create', 'props', 'notes.txt'])).code, 0);
    assert.equal((await os(['object', 'set', '--property', 'color=red', 'props', 'notes.txt'])).code, 0);
    const show = await json<Json>(['object', 'show', 'props', 'notes.txt']);
    assert.deepEqual(show.properties, { Color: 'red' });
    assert.equal(show['content-type'], 'text/plain');
    assert.equal((await os(['object', 'unset', '--property', 'color', 'props', 'notes.txt'])).code, 0);
    assert.equal((await json<Json>(['object', 'show', 'props', 'notes.txt'])).properties, undefined);
  });

  it('lists with prefix, delimiter (subdir entries), limit, marker, end_marker, reverse and path', async () => {
    const acctPut = await swift(adminAccount, { method: 'PUT' });
    assert.equal(acctPut.status, 405);
    assert.equal(acctPut.headers.get('allow'), 'GET, HEAD, POST');
    assert.equal((await swift(`${adminAccount}/tree`, { method: 'PUT' })).status, 201);
    assert.equal((await swift(`${adminAccount}/tree`, { method: 'PUT' })).status, 202);
    for (const name of ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd.txt', 'e/4.txt']) {
      const r = await swift(`${adminAccount}/tree/${name}`, { method: 'PUT', body: name });
      assert.equal(r.status, 201, name);
    }
    const names = async (q: string) => (await (await swift(`${adminAccount}/tree?${q}`)).text()).split('\n').filter(Boolean);
    assert.deepEqual(await names(''), ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd.txt', 'e/4.txt']);
    assert.deepEqual(await names('delimiter=/'), ['a.txt', 'b/', 'd.txt', 'e/']);
    assert.deepEqual(await names('prefix=b/&delimiter=/'), ['b/1.txt', 'b/2.txt', 'b/c/']);
    assert.deepEqual(await names('delimiter=/&limit=3'), ['a.txt', 'b/', 'd.txt']);
    assert.deepEqual(await names('limit=2&marker=b/1.txt'), ['b/2.txt', 'b/c/3.txt']);
    assert.deepEqual(await names('marker=a.txt&end_marker=d.txt'), ['b/1.txt', 'b/2.txt', 'b/c/3.txt']);
    assert.deepEqual(await names('reverse=true&limit=2'), ['e/4.txt', 'd.txt']);
    assert.deepEqual(await names('path=b'), ['b/1.txt', 'b/2.txt']);
    const js = (await (await swift(`${adminAccount}/tree?format=json&prefix=b/&delimiter=/`)).json()) as Json[];
    assert.deepEqual(js[2], { subdir: 'b/c/' });
    assert.deepEqual(Object.keys(js[0]), ['hash', 'last_modified', 'bytes', 'name', 'content_type']);
    assert.equal(js[0].hash, md5(Buffer.from('b/1.txt')));
    assert.equal(js[0].bytes, 7);
    assert.match(js[0].last_modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const tooMany = await swift(`${adminAccount}/tree?limit=10001`);
    assert.equal(tooMany.status, 412);
    assert.equal(await tooMany.text(), 'Maximum limit is 10000');
    // account listing: json rows and the usage headers
    const acct = await swift(`${adminAccount}?format=json&prefix=tr`);
    assert.equal(acct.headers.get('x-account-container-count'), '2');
    const rows = (await acct.json()) as Json[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.count, r.bytes]),
      [['tree', 6, 'a.txtb/1.txtb/2.txtb/c/3.txtd.txte/4.txt'.length]],
    );
    const head = await swift(`${adminAccount}/tree`, { method: 'HEAD' });
    assert.equal(head.status, 204);
    assert.equal(head.headers.get('x-container-object-count'), '6');
    assert.equal(head.headers.get('x-container-bytes-used'), String('a.txtb/1.txtb/2.txtb/c/3.txtd.txte/4.txt'.length));
  });

  it('checks ETags (422, nothing stored), serves ranges and conditional GETs, copies', async () => {
    const body = Buffer.from('0123456789abcdef');
    const bad = await swift(`${adminAccount}/tree/etag.bin`, { method: 'PUT', body, headers: { ETag: md5(Buffer.from('other')) } });
    assert.equal(bad.status, 422);
    assert.equal(await bad.text(), '<html><h1>Unprocessable Entity</h1><p>Unable to process the contained instructions</p></html>');
    assert.equal((await swift(`${adminAccount}/tree/etag.bin`, { method: 'HEAD' })).status, 404);
    const ok = await swift(`${adminAccount}/tree/etag.bin`, { method: 'PUT', body, headers: { ETag: `"${md5(body)}"`, 'Content-Type': 'application/x-test', 'X-Object-Meta-Kind': 'digits' } });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('etag'), md5(body));
    const range = await swift(`${adminAccount}/tree/etag.bin`, { headers: { Range: 'bytes=3-6' } });
    assert.equal(range.status, 206);
    assert.equal(range.headers.get('content-range'), 'bytes 3-6/16');
    assert.equal(await range.text(), '3456');
    const suffix = await swift(`${adminAccount}/tree/etag.bin`, { headers: { Range: 'bytes=-3' } });
    assert.equal(await suffix.text(), 'def');
    const unsat = await swift(`${adminAccount}/tree/etag.bin`, { headers: { Range: 'bytes=99-' } });
    assert.equal(unsat.status, 416);
    assert.equal(unsat.headers.get('content-range'), 'bytes */16');
    const full = await swift(`${adminAccount}/tree/etag.bin`);
    assert.equal(full.headers.get('content-type'), 'application/x-test');
    assert.equal(full.headers.get('x-object-meta-kind'), 'digits');
    assert.equal(full.headers.get('accept-ranges'), 'bytes');
    assert.equal(await full.text(), body.toString());
    assert.equal((await swift(`${adminAccount}/tree/etag.bin`, { headers: { 'If-None-Match': md5(body) } })).status, 304);
    assert.equal((await swift(`${adminAccount}/tree/etag.bin`, { headers: { 'If-Match': 'nope' } })).status, 412);
    const copy = await swift(`${adminAccount}/tree/etag.bin`, { method: 'COPY', headers: { Destination: 'tree/copied.bin', 'X-Object-Meta-Extra': 'yes' } });
    assert.equal(copy.status, 201);
    assert.equal(copy.headers.get('x-copied-from'), 'tree/etag.bin');
    const copied = await swift(`${adminAccount}/tree/copied.bin`);
    assert.equal(await copied.text(), body.toString());
    assert.equal(copied.headers.get('x-object-meta-kind'), 'digits');
    assert.equal(copied.headers.get('x-object-meta-extra'), 'yes');
    const put = await swift(`${adminAccount}/tree/from.bin`, { method: 'PUT', headers: { 'X-Copy-From': '/tree/etag.bin', 'Content-Length': '0' } });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('etag'), md5(body));
    // a JSON body is an object's bytes like any other (no parsing, no size limit of the JSON APIs)
    const doc = JSON.stringify({ big: 'x'.repeat(200 * 1024) });
    assert.equal((await swift(`${adminAccount}/tree/doc.json`, { method: 'PUT', body: doc, headers: { 'Content-Type': 'application/json' } })).status, 201);
    const got = await swift(`${adminAccount}/tree/doc.json`);
    assert.equal(got.headers.get('content-type'), 'application/json');
    assert.equal(await got.text(), doc);
    const missing = await swift(`${adminAccount}/tree/none`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), NOT_FOUND);
    assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
  });

  it('expires objects at X-Delete-At / after X-Delete-After, and refuses times in the past', async () => {
    const past = await swift(`${adminAccount}/tree/old`, { method: 'PUT', body: 'x', headers: { 'X-Delete-At': '1000' } });
    assert.equal(past.status, 400);
    assert.equal(await past.text(), 'X-Delete-At in past');
    assert.equal((await swift(`${adminAccount}/tree/old`, { method: 'PUT', body: 'x', headers: { 'X-Delete-After': 'soon' } })).status, 400);
    // X-Delete-At is whole seconds: 2 s after is at least 1 s away
    assert.equal((await swift(`${adminAccount}/tree/brief`, { method: 'PUT', body: 'x', headers: { 'X-Delete-After': '2' } })).status, 201);
    assert.equal((await swift(`${adminAccount}/tree/lasting`, { method: 'PUT', body: 'y', headers: { 'X-Delete-After': '3600' } })).status, 201);
    const head = await swift(`${adminAccount}/tree/brief`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.ok(Number(head.headers.get('x-delete-at')) > Date.now() / 1000);
    const before = Number((await swift(`${adminAccount}/tree`, { method: 'HEAD' })).headers.get('x-container-object-count'));
    await new Promise((r) => setTimeout(r, 3100));
    assert.equal((await swift(`${adminAccount}/tree/brief`, { method: 'HEAD' })).status, 404);
    assert.equal((await swift(`${adminAccount}/tree/lasting`, { method: 'HEAD' })).status, 200);
    assert.equal(Number((await swift(`${adminAccount}/tree`, { method: 'HEAD' })).headers.get('x-container-object-count')), before - 1);
    assert.ok(!(await (await swift(`${adminAccount}/tree?prefix=b`)).text()).split('\n').includes('brief'));
    // a POST without X-Delete-At drops the expiry, as it replaces the metadata
    assert.equal((await swift(`${adminAccount}/tree/lasting`, { method: 'POST' })).status, 202);
    assert.equal((await swift(`${adminAccount}/tree/lasting`, { method: 'HEAD' })).headers.get('x-delete-at'), null);
  });

  it('container quotas: Quota-Bytes and Quota-Count refuse what would exceed them (413)', async () => {
    assert.equal((await swift(`${adminAccount}/quota`, { method: 'PUT', headers: { 'X-Container-Meta-Quota-Bytes': 'lots' } })).status, 400);
    assert.equal((await swift(`${adminAccount}/quota`, { method: 'PUT', headers: { 'X-Container-Meta-Quota-Bytes': '10', 'X-Container-Meta-Quota-Count': '2' } })).status, 201);
    assert.equal((await swift(`${adminAccount}/quota/a`, { method: 'PUT', body: '12345678' })).status, 201);
    const big = await swift(`${adminAccount}/quota/b`, { method: 'PUT', body: '12345' });
    assert.equal(big.status, 413);
    assert.equal(await big.text(), 'Upload exceeds quota.');
    assert.equal((await swift(`${adminAccount}/quota/b`, { method: 'PUT', body: '12' })).status, 201);
    assert.equal((await swift(`${adminAccount}/quota/c`, { method: 'PUT', body: '' })).status, 413);
    assert.equal((await swift(`${adminAccount}/quota`, { method: 'HEAD' })).headers.get('x-container-object-count'), '2');
  });

  it('a PUT cut off mid-stream leaves no object and no file', async () => {
    const path = `${adminAccount}/tree/cut.bin`;
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: 8080 + lab.portOffset, path, method: 'PUT', headers: { 'X-Auth-Token': adminToken, 'Content-Length': String(4 << 20) } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1 << 20, 1), () => setTimeout(() => req.destroy(), 100));
      req.on('close', () => resolve());
    });
    // the server notices the reset a moment later
    for (let i = 0; i < 50 && readdirSync(join(lab.dataDir, 'objects', '.tmp')).length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await swift(path, { method: 'HEAD' })).status, 404);
    assert.deepEqual(readdirSync(join(lab.dataDir, 'objects', '.tmp')), []);
  });

  it("refuses another project's token (403) and no token (401); a public container reads without one", async () => {
    const denied = await swift(`${adminAccount}/tree`, { token: demoToken });
    assert.equal(denied.status, 403);
    assert.equal(await denied.text(), '<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>');
    assert.equal((await swift(`${adminAccount}/tree/etag.bin`, { token: demoToken })).status, 403);
    const anon = await swift(`${adminAccount}/tree/etag.bin`, { token: null });
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Keystone uri="http:\/\/127\.0\.0\.1:\d+"$/);
    assert.equal((await swift(`${adminAccount}/tree`, { token: 'not-a-token' })).status, 401);
    // the admin role of another project is no reseller admin (keystoneauth)
    assert.equal((await swift(demoAccount, { method: 'HEAD' })).status, 403);
    // openstack container create --public: .r:*,.rlistings
    assert.equal((await os(['container', 'create', '--public', 'pub'])).code, 0);
    assert.equal((await json<Json>(['container', 'show', 'pub'])).read_acl, '.r:*,.rlistings');
    writeFileSync(join(lab.dataDir, 'hello.txt'), 'hello public\n');
    assert.equal((await os(['object', 'create', 'pub', 'hello.txt'])).code, 0);
    const pub = await swift(`${adminAccount}/pub/hello.txt`, { token: null });
    assert.equal(pub.status, 200);
    assert.equal(await pub.text(), 'hello public\n');
    assert.equal(await (await swift(`${adminAccount}/pub`, { token: null })).text(), 'hello.txt\n');
    // the ACL is the owner's to see and to change; anonymous writes stay refused
    const anonHead = await swift(`${adminAccount}/pub`, { method: 'HEAD', token: null });
    assert.equal(anonHead.headers.get('x-container-read'), null);
    assert.equal((await swift(`${adminAccount}/pub/x`, { method: 'PUT', body: 'x', token: null })).status, 401);
    assert.equal((await swift(`${adminAccount}/pub/x`, { method: 'PUT', body: 'x', token: demoToken })).status, 403);
    // .r:* without .rlistings: objects yes, the listing no
    assert.equal((await swift(`${adminAccount}/pub`, { method: 'POST', headers: { 'X-Container-Read': '.r:*' } })).status, 204);
    assert.equal((await swift(`${adminAccount}/pub`, { token: null })).status, 401);
    assert.equal((await swift(`${adminAccount}/pub/hello.txt`, { token: null })).status, 200);
    // a write ACL for the demo project lets demo's users put objects, not delete the container
    assert.equal((await swift(`${adminAccount}/pub`, { method: 'POST', headers: { 'X-Container-Write': `${demoProject}:*` } })).status, 204);
    assert.equal((await swift(`${adminAccount}/pub/from-demo`, { method: 'PUT', body: 'hi', token: demoToken })).status, 201);
    assert.equal((await swift(`${adminAccount}/pub`, { method: 'DELETE', token: demoToken })).status, 403);
    assert.equal((await swift(`${adminAccount}/pub`, { method: 'POST', headers: { 'X-Container-Write': '.r:*' } })).status, 400);
    // the demo user's own account works through the CLI, and the reseller admin role opens every account
    assert.equal((await os(['container', 'create', 'mine'], 'demo')).code, 0);
    assert.deepEqual(
      (await json<Json[]>(['container', 'list'], 'demo')).map((x) => x.Name),
      ['mine'],
    );
    assert.equal((await os(['role', 'create', 'ResellerAdmin'])).code, 0);
    assert.equal((await os(['role', 'add', '--project', 'admin', '--user', 'admin', 'ResellerAdmin'])).code, 0);
    const reseller = await swift(demoAccount);
    assert.equal(reseller.status, 200);
    assert.equal(await reseller.text(), 'mine\n');
    // account quotas: the reseller admin sets them, the account's own users may not
    assert.equal((await swift(demoAccount, { method: 'POST', token: demoToken, headers: { 'X-Account-Meta-Quota-Bytes': '4' } })).status, 403);
    assert.equal((await swift(demoAccount, { method: 'POST', headers: { 'X-Account-Meta-Quota-Bytes': '4' } })).status, 204);
    const over = await swift(`${demoAccount}/mine/five`, { method: 'PUT', body: '12345', token: demoToken });
    assert.equal(over.status, 413);
    assert.equal(await over.text(), 'Upload exceeds quota.');
    assert.equal((await swift(`${demoAccount}/mine/four`, { method: 'PUT', body: '1234', token: demoToken })).status, 201);
    assert.equal((await swift(`${demoAccount}/mine/four`, { method: 'DELETE', token: demoToken })).status, 204);
    assert.equal((await swift(demoAccount, { method: 'POST', headers: { 'X-Remove-Account-Meta-Quota-Bytes': 'x' } })).status, 204);
  });

  it('a restart keeps every acknowledged object and sweeps files no row names', async () => {
    const body = randomBytes(64 * 1024);
    assert.equal((await swift(`${adminAccount}/tree/kept.bin`, { method: 'PUT', body })).status, 201);
    const objects = join(lab.dataDir, 'objects');
    const accountDir = adminAccount.slice(4);
    // what a crash leaves: a temp file mid-PUT, a renamed file whose row never committed
    writeFileSync(join(objects, '.tmp', 'partial'), 'half');
    writeFileSync(join(objects, accountDir, 'orphan.data'), 'no row');
    const before = readdirSync(join(objects, accountDir)).length;
    await lab.engine.restart();
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    assert.deepEqual(readdirSync(join(objects, '.tmp')), []);
    assert.equal(readdirSync(join(objects, accountDir)).length, before - 1);
    assert.ok(!existsSync(join(objects, accountDir, 'orphan.data')));
    const kept = await swift(`${adminAccount}/tree/kept.bin`);
    assert.equal(kept.status, 200);
    assert.ok(Buffer.from(await kept.arrayBuffer()).equals(body));
    assert.equal((await swift(`${adminAccount}/tree/${'x'.repeat(1025)}`, { method: 'PUT', body: 'x' })).status, 400);
  });

  it("policy/swift.yaml overrides keystoneauth's roles at the next start (admin made a reseller admin)", async () => {
    const login = async () => (adminToken = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin'));
    assert.equal((await os(['role', 'remove', '--project', 'admin', '--user', 'admin', 'ResellerAdmin'])).code, 0);
    await login();
    assert.equal((await swift(demoAccount, { method: 'HEAD' })).status, 403);
    mkdirSync(join(lab.dataDir, 'policy'), { recursive: true });
    writeFileSync(join(lab.dataDir, 'policy', 'swift.yaml'), 'reseller_admin: "role:ResellerAdmin or role:admin"\n');
    await lab.engine.restart();
    await login();
    assert.equal((await swift(demoAccount, { method: 'HEAD' })).status, 204);
    rmSync(join(lab.dataDir, 'policy', 'swift.yaml'));
    await lab.engine.restart();
    await login();
    assert.equal((await swift(demoAccount, { method: 'HEAD' })).status, 403);
  });

  it('a lab snapshot holds the objects: restored, the bytes come back and later objects go', async () => {
    const body = randomBytes(200 * 1024);
    assert.equal((await swift(`${adminAccount}/tree/snap.bin`, { method: 'PUT', body })).status, 201);
    lab.engine.saveSnapshot('with-objects');
    assert.equal((await swift(`${adminAccount}/tree/snap.bin`, { method: 'DELETE' })).status, 204);
    assert.equal((await swift(`${adminAccount}/tree/later.bin`, { method: 'PUT', body: 'later' })).status, 201);
    await lab.engine.restoreSnapshot('with-objects');
    const back = await swift(`${adminAccount}/tree/snap.bin`);
    assert.equal(back.status, 200);
    assert.ok(Buffer.from(await back.arrayBuffer()).equals(body));
    assert.equal((await swift(`${adminAccount}/tree/later.bin`, { method: 'HEAD' })).status, 404);
  });

  it('openstacksdk: create, upload, list, download, metadata, /info, delete', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
    env.OS_CLIENT_CONFIG_FILE = join(lab.dataDir, 'clouds.yaml');
    const r = await run('/usr/bin/python3', [join(repoRoot, 'test', 'api', 'sdk_object_store.py'), 'stacklab-demo'], { env, cwd: lab.dataDir, timeout: 120000 }).catch(
      (e: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`sdk_object_store.py failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    const out = JSON.parse(r.stdout) as Json;
    assert.deepEqual(out.names, ['b.bin', 'c.txt', 'notes/a.txt']);
    assert.equal(out.a, 'first file\n');
    assert.equal(out.b_len, 1024);
    assert.deepEqual(out.b_meta, { color: 'blue', etag: md5(Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([...Array(256).keys()])))), length: 1024 });
    assert.deepEqual(out.container, { count: 3, bytes: 11 + 1024 + 18, meta: { owner: 'sdk' } });
    assert.equal(out.max_file_size, 5368709122);
    assert.deepEqual(out.containers_after, ['mine']);
  });
});
