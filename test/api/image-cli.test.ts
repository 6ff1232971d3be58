import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { htmlRedirectPage, qcow2Image, rawDisk } from '../support/images';
import { type Json, openstack, openstackJson, passwordToken, rcEnv, type ServeProcess, startServe, tempDir } from '../support/lab';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

/**
 * The seed's image steps with the real python-openstackclient (which drives Glance through
 * openstacksdk) against `stacklab serve`: create with a file, list, show, save, set/unset,
 * protection, sharing with the demo project, the demo user's 403 for a public image, and the raw
 * Glance API for what the CLI does not reach (versions, faults, deactivation, streamed transfers).
 */
describe('images through the real openstack CLI', () => {
  let lab: ServeProcess;
  let adminToken: string;
  let demoToken: string;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const glance = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`http://127.0.0.1:${9292 + lab.portOffset}${path}`, { ...init, headers: { 'X-Auth-Token': init.token ?? adminToken, ...(init.headers as Record<string, string>) } });
  /**
   * A queued image (no data) over REST: `openstack image create` without --file reads image data from
   * stdin whenever stdin is not a terminal, and the CLI runs here without one.
   */
  const createQueued = async (body: Json, token = adminToken): Promise<Json> => {
    const res = await glance('/v2/images', { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 201);
    return (await res.json()) as Json;
  };
  const ids: Record<string, string> = {};
  const qcow2 = qcow2Image({ virtualSize: 128 * 1024 * 1024 });
  let dir: string;

  before(async () => {
    lab = await startServe(tempDir());
    dir = lab.dataDir;
    writeFileSync(join(dir, 'cirros.qcow2'), qcow2);
    const admin = rcEnv(dir, 'admin');
    const demo = rcEnv(dir, 'demo');
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', admin.OS_PASSWORD, 'admin');
    demoToken = await passwordToken(lab.keystoneUrl, 'demo', demo.OS_PASSWORD, 'demo');
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('answers version discovery with 300 and v2.16 CURRENT, /versions with 200', async () => {
    const root = await fetch(`http://127.0.0.1:${9292 + lab.portOffset}/`);
    assert.equal(root.status, 300);
    const body = (await root.json()) as Json;
    assert.deepEqual(body.versions[0], { id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: `http://127.0.0.1:${9292 + lab.portOffset}/v2/` }] });
    assert.ok(body.versions.some((v: Json) => v.id === 'v2.0' && v.status === 'SUPPORTED'));
    const explicit = await fetch(`http://127.0.0.1:${9292 + lab.portOffset}/versions`);
    assert.equal(explicit.status, 200);
    const r = await os(['endpoint', 'list', '--service', 'image', '-f', 'value', '-c', 'URL']);
    assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${9292 + lab.portOffset}`));
  });

  it('creates cirros from a qcow2 file: public, bare, active with md5, sha512 and virtual size', async () => {
    const r = await os(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', join(dir, 'cirros.qcow2'), 'cirros']);
    assert.equal(r.code, 0, r.stderr);
    for (const field of ['container_format', 'disk_format', 'id', 'name', 'owner', 'properties', 'visibility', 'status']) assert.match(r.stdout, new RegExp(`\\| ${field}\\s+\\|`));
    assert.match(r.stdout, /\| visibility\s+\| public/);
    assert.match(r.stdout, /os_hidden='False'/);
    assert.match(r.stdout, /owner_specified\.openstack\.object='images\/cirros'/);
    const img = await json(['image', 'show', 'cirros']);
    ids.cirros = img.id;
    assert.equal(img.status, 'active');
    assert.equal(img.checksum, md5(qcow2));
    assert.equal(img.size, qcow2.length);
    assert.equal(img.virtual_size, 128 * 1024 * 1024);
    assert.equal(img.disk_format, 'qcow2');
    assert.equal(img.container_format, 'bare');
    assert.equal(img.visibility, 'public');
    assert.equal(img.protected, false);
    assert.equal(img.min_disk, 0);
    assert.equal(img.file, `/v2/images/${img.id}/file`);
    assert.equal(img.properties.os_hash_algo, 'sha512');
    assert.equal(img.properties.os_hash_value, sha512(qcow2));
    assert.equal(img.properties.os_hidden, false);
    const admin = await json(['project', 'show', 'admin']);
    assert.equal(img.owner, admin.id);
    // the bytes are on disk under the lab's images folder, named by the id
    assert.deepEqual(readFileSync(join(dir, 'images', img.id)), qcow2);
  });

  it('lists it, for the demo project too (public), and saves it byte for byte', async () => {
    const list = await json<Json[]>(['image', 'list']);
    assert.deepEqual(list, [{ ID: ids.cirros, Name: 'cirros', Status: 'active' }]);
    const demoList = await json<Json[]>(['image', 'list'], 'demo');
    assert.deepEqual(demoList.map((i) => i.Name), ['cirros']);
    const long = await json<Json[]>(['image', 'list', '--long']);
    assert.equal(long[0]['Disk Format'], 'qcow2');
    assert.equal(long[0].Checksum, md5(qcow2));
    assert.equal(long[0].Visibility, 'public');
    const r = await os(['image', 'save', '--file', join(dir, 'out.qcow2'), 'cirros']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(join(dir, 'out.qcow2')), qcow2);
  });

  it('sets and unsets properties, tags and min-disk', async () => {
    let r = await os(['image', 'set', '--property', 'hw_disk_bus=virtio', '--property', 'os_distro=cirros', '--tag', 'lab', '--min-disk', '1', 'cirros']);
    assert.equal(r.code, 0, r.stderr);
    let img = await json(['image', 'show', 'cirros']);
    assert.equal(img.properties.hw_disk_bus, 'virtio');
    assert.equal(img.properties.os_distro, 'cirros');
    assert.deepEqual(img.tags, ['lab']);
    assert.equal(img.min_disk, 1);
    r = await os(['image', 'unset', '--property', 'hw_disk_bus', '--tag', 'lab', 'cirros']);
    assert.equal(r.code, 0, r.stderr);
    img = await json(['image', 'show', 'cirros']);
    assert.equal(img.properties.hw_disk_bus, undefined);
    assert.equal(img.properties.os_distro, 'cirros');
    assert.deepEqual(img.tags, []);
    const tagged = await json<Json[]>(['image', 'list', '--tag', 'lab']);
    assert.deepEqual(tagged, []);
  });

  it('refuses to delete a protected image, then deletes it once unprotected', async () => {
    const scratch = await createQueued({ name: 'scratch', disk_format: 'raw', container_format: 'bare' });
    assert.equal(scratch.status, 'queued');
    let r = await os(['image', 'set', '--protected', 'scratch']);
    assert.equal(r.code, 0, r.stderr);
    r = await os(['image', 'delete', 'scratch']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`Image ${scratch.id} is protected and cannot be deleted\\.`));
    assert.equal((await json(['image', 'show', scratch.id])).protected, true);
    r = await os(['image', 'set', '--unprotected', 'scratch']);
    assert.equal(r.code, 0, r.stderr);
    r = await os(['image', 'delete', 'scratch']);
    assert.equal(r.code, 0, r.stderr);
    r = await os(['image', 'show', scratch.id]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /No Image found for/);
  });

  it("refuses the demo user's public image with publicize_image, creating nothing", async () => {
    const r = await os(['image', 'create', '--public', '--disk-format', 'qcow2', '--container-format', 'bare', 'demo-public'], 'demo');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /403/);
    assert.match(r.stderr, /You are not authorized to complete publicize_image action\./);
    const all = await json<Json[]>(['image', 'list']);
    assert.ok(!all.some((i) => i.Name === 'demo-public'));
    // a private image of its own is fine
    const own = await json(['image', 'create', '--private', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', join(dir, 'cirros.qcow2'), 'demo-own'], 'demo');
    assert.equal(own.visibility, 'private');
    const demoProject = await json(['project', 'show', 'demo']);
    assert.equal(own.owner, demoProject.id);
    const r2 = await os(['image', 'set', '--public', 'demo-own'], 'demo');
    assert.notEqual(r2.code, 0);
    assert.match(r2.stderr, /403: Client Error .*Forbidden/);
    const patched = await glance(`/v2/images/${own.id}`, { method: 'PATCH', token: demoToken, headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch', Accept: 'application/json' }, body: JSON.stringify([{ op: 'replace', path: '/visibility', value: 'public' }]) });
    assert.equal(patched.status, 403);
    assert.match(((await patched.json()) as Json).message, /^You are not authorized to complete publicize_image action\./);
    assert.equal((await json(['image', 'show', own.id], 'demo')).visibility, 'private');
    const r3 = await os(['image', 'delete', 'demo-own'], 'demo');
    assert.equal(r3.code, 0, r3.stderr);
  });

  it('shares an image with the demo project: pending, accepted by demo, then removed', async () => {
    const shared = await json(['image', 'create', '--shared', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', join(dir, 'cirros.qcow2'), 'shared-cirros']);
    ids.shared = shared.id;
    const demoProject = await json(['project', 'show', 'demo']);
    ids.demoProject = demoProject.id;
    let r = await os(['image', 'add', 'project', 'shared-cirros', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    let members = await json<Json[]>(['image', 'member', 'list', 'shared-cirros']);
    assert.deepEqual(members, [{ 'Image ID': shared.id, 'Member ID': demoProject.id, Status: 'pending' }]);
    // pending: not in demo's list, but demo may look at it by id
    assert.ok(!(await json<Json[]>(['image', 'list'], 'demo')).some((i) => i.ID === shared.id));
    assert.equal((await json(['image', 'show', shared.id], 'demo')).name, 'shared-cirros');
    // the owner may not answer for the member
    const owned = await glance(`/v2/images/${shared.id}/members/${demoProject.id}`, { method: 'PUT', token: adminToken, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ status: 'accepted' }) });
    assert.equal(owned.status, 200, 'an admin may (Glance lets admins past the ownership rule)');
    await owned.json();
    r = await os(['image', 'set', '--reject', shared.id], 'demo');
    assert.equal(r.code, 0, r.stderr);
    members = await json<Json[]>(['image', 'member', 'list', shared.id], 'demo');
    assert.equal(members[0].Status, 'rejected');
    r = await os(['image', 'set', '--accept', shared.id], 'demo');
    assert.equal(r.code, 0, r.stderr);
    members = await json<Json[]>(['image', 'member', 'list', 'shared-cirros']);
    assert.equal(members[0].Status, 'accepted');
    assert.ok((await json<Json[]>(['image', 'list'], 'demo')).some((i) => i.ID === shared.id));
    // demo may download it now, but not change it
    r = await os(['image', 'save', '--file', join(dir, 'shared.out'), shared.id], 'demo');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(join(dir, 'shared.out')), qcow2);
    r = await os(['image', 'set', '--property', 'x=y', shared.id], 'demo');
    assert.notEqual(r.code, 0);
    // the SDK patches with an empty Accept header: webob answers text/plain, the client prints the reason
    assert.match(r.stderr, /403: Client Error .*Forbidden/);
    const patched = await glance(`/v2/images/${shared.id}`, { method: 'PATCH', token: demoToken, headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch', Accept: 'application/json' }, body: JSON.stringify([{ op: 'add', path: '/x', value: 'y' }]) });
    assert.equal(patched.status, 403);
    assert.match(((await patched.json()) as Json).message, /^You do not own this image/);
    r = await os(['image', 'remove', 'project', 'shared-cirros', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    r = await os(['image', 'show', shared.id], 'demo');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /No Image found for/);
  });

  it('members exist only on shared images', async () => {
    const res = await glance(`/v2/images/${ids.cirros}/members`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ member: ids.demoProject }) });
    assert.equal(res.status, 403);
    const body = (await res.json()) as Json;
    assert.equal(body.message, `Not allowed to create members for image ${ids.cirros}.<br /><br />\n\n\n`);
    assert.equal(body.code, '403 Forbidden');
  });

  it('deactivates and reactivates an image over REST; demo may not download a deactivated one', async () => {
    let res = await glance(`/v2/images/${ids.cirros}/actions/deactivate`, { method: 'POST' });
    assert.equal(res.status, 204);
    assert.equal((await json(['image', 'show', 'cirros'])).status, 'deactivated');
    res = await glance(`/v2/images/${ids.cirros}/file`, { token: demoToken, headers: { Accept: 'application/json' } });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as Json).message, /^The requested image has been deactivated\. Image data download is forbidden\./);
    res = await glance(`/v2/images/${ids.cirros}/file`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    res = await glance(`/v2/images/${ids.cirros}/actions/deactivate`, { method: 'POST' });
    assert.equal(res.status, 204, 'deactivating twice is a no-op');
    res = await glance(`/v2/images/${ids.cirros}/actions/reactivate`, { method: 'POST' });
    assert.equal(res.status, 204);
    assert.equal((await json(['image', 'show', 'cirros'])).status, 'active');
    const queued = await createQueued({ name: 'never-uploaded' });
    res = await glance(`/v2/images/${queued.id}/actions/deactivate`, { method: 'POST', headers: { Accept: 'application/json' } });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as Json).message, /^Not allowed to deactivate image in status 'queued'/);
    res = await glance(`/v2/images/${queued.id}/file`);
    assert.equal(res.status, 204, 'no data yet');
  });

  it('streams a 12 MiB upload and download with Content-MD5 and Content-Length', async () => {
    const big = rawDisk(12 * 1024 * 1024);
    const created = await glance('/v2/images', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'big', disk_format: 'raw', container_format: 'bare' }) });
    assert.equal(created.status, 201);
    const img = (await created.json()) as Json;
    assert.equal(created.headers.get('location'), `/v2/images/${img.id}`);
    assert.equal(img.visibility, 'shared', 'Glance defaults visibility to shared');
    // a stream of 1 MiB chunks, as a client reading a file would send it
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 1 << 20) controller.enqueue(big.subarray(at, at + (1 << 20)));
        controller.close();
      },
    });
    const put = await glance(`/v2/images/${img.id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body, duplex: 'half' } as RequestInit);
    assert.equal(put.status, 204, await put.text());
    const shown = (await (await glance(`/v2/images/${img.id}`)).json()) as Json;
    assert.equal(shown.status, 'active');
    assert.equal(shown.size, big.length);
    assert.equal(shown.virtual_size, big.length);
    assert.equal(shown.checksum, md5(big));
    const res = await glance(`/v2/images/${img.id}/file`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(res.headers.get('content-length'), String(big.length));
    assert.equal(res.headers.get('content-md5'), md5(big));
    const hash = createHash('md5');
    let n = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      n += chunk.length;
    }
    assert.equal(n, big.length);
    assert.equal(hash.digest('hex'), md5(big));
    // uploading again is a status transition Glance refuses
    const again = await glance(`/v2/images/${img.id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' }, body: Buffer.from('x') });
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as Json).message, /^Image status transition from active to saving is not allowed/);
  });

  it('leaves the image queued and no partial file when an upload is aborted', async () => {
    const img = (await (await glance('/v2/images', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'aborted', disk_format: 'qcow2', container_format: 'bare' }) })).json()) as Json;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3) return controller.error(new Error('client gave up'));
        sent++;
        controller.enqueue(rawDisk(1 << 20));
      },
    });
    await assert.rejects(glance(`/v2/images/${img.id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body, duplex: 'half' } as RequestInit));
    // the server notices the broken connection on its own schedule: wait for the image to settle
    let status = '';
    for (let i = 0; i < 200 && status !== 'queued'; i++) {
      status = ((await (await glance(`/v2/images/${img.id}`)).json()) as Json).status;
      if (status !== 'queued') await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(status, 'queued');
    const shown = (await (await glance(`/v2/images/${img.id}`)).json()) as Json;
    assert.equal(shown.size, null);
    assert.equal(shown.checksum, null);
    assert.deepEqual(readdirSync(join(dir, 'images')).filter((f) => f.startsWith('.') || f === img.id), []);
    // and it can be retried
    const retry = await glance(`/v2/images/${img.id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: qcow2 });
    assert.equal(retry.status, 204);
  });

  it('accepts an HTML page uploaded as qcow2 (Glance Zed does not check), with no virtual size', async () => {
    writeFileSync(join(dir, 'cirros.html'), htmlRedirectPage());
    const r = await os(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', join(dir, 'cirros.html'), 'cirros-html']);
    assert.equal(r.code, 0, r.stderr);
    const img = await json(['image', 'show', 'cirros-html']);
    assert.equal(img.status, 'active');
    assert.equal(img.size, htmlRedirectPage().length);
    assert.equal(img.virtual_size, undefined, 'the qcow2 inspector did not match: no virtual size');
  });

  it('answers faults as Glance does: 404, read-only attributes, bad formats, bad filters', async () => {
    const missing = '3f1e0a6a-1111-4222-8333-944455556666';
    let res = await glance(`/v2/images/${missing}`, { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: `No image found with ID ${missing}<br /><br />\n\n\n`, code: '404 Not Found', title: 'Not Found' });
    res = await glance(`/v2/images/${missing}`);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=UTF-8');
    assert.match(await res.text(), /<title>404 Not Found<\/title>[\s\S]*No image found with ID/);
    const patch = (ops: unknown, type = 'application/openstack-images-v2.1-json-patch') =>
      glance(`/v2/images/${ids.cirros}`, { method: 'PATCH', headers: { 'Content-Type': type, Accept: 'application/json' }, body: JSON.stringify(ops) });
    res = await patch([{ op: 'replace', path: '/status', value: 'active' }]);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as Json).message, /^Attribute 'status' is read-only\./);
    res = await patch([{ op: 'replace', path: '/disk_format', value: 'qcow3' }]);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as Json).message, /^Provided object does not match schema 'image': 'qcow3' is not one of \[None, 'ami'/);
    res = await patch([{ op: 'replace', path: '/disk_format', value: 'raw' }]);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as Json).message, /^Attribute disk_format can be only replaced for a queued image\./);
    res = await patch([{ op: 'remove', path: '/nothing_here' }]);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as Json).message, /Property nothing_here does not exist\./);
    res = await patch([{ op: 'add', path: '/name', value: 'x' }], 'application/json');
    assert.equal(res.status, 415);
    res = await glance('/v2/images', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ name: 'x', disk_format: 'qcow3' }) });
    assert.equal(res.status, 400);
    res = await glance('/v2/images', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ name: 'x', id: ids.cirros }) });
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as Json).message, new RegExp(`^Image ID ${ids.cirros} already exists!`));
    res = await glance('/v2/images?sort_key=owner', { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as Json).message, /^Invalid sort key: owner\./);
    res = await glance('/v2/images?visibility=everyone', { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 400);
    res = await glance('/v2/images', { headers: { 'X-Auth-Token': 'bogus' } });
    assert.equal(res.status, 401);
  });

  it('pages the list with limit, marker and next links, and sorts', async () => {
    const res = await glance('/v2/images?limit=2&sort=name:asc');
    const page = (await res.json()) as Json;
    assert.equal(page.images.length, 2);
    assert.equal(page.first, '/v2/images?limit=2&sort=name%3Aasc');
    assert.ok(page.next.startsWith('/v2/images?limit=2&sort=name%3Aasc&marker='));
    const names: string[] = page.images.map((i: Json) => i.name);
    const rest = (await (await glance(page.next)).json()) as Json;
    names.push(...rest.images.map((i: Json) => i.name));
    const all = ((await (await glance('/v2/images?sort=name:asc')).json()) as Json).images.map((i: Json) => i.name);
    assert.deepEqual(names, all.slice(0, names.length));
    assert.deepEqual([...all].sort(), all);
    const byFormat = ((await (await glance('/v2/images?disk_format=in:raw,qcow2&status=active')).json()) as Json).images;
    assert.ok(byFormat.length >= 2 && byFormat.every((i: Json) => i.status === 'active' && ['raw', 'qcow2'].includes(i.disk_format)));
  });

  it('deletes an image and its data', async () => {
    const r = await os(['image', 'delete', 'cirros-html']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(await json<Json[]>(['image', 'list'])).some((i) => i.Name === 'cirros-html'));
  });
});
