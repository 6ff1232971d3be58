// The volume part of bench/storage: N volumes created, attached to one server, detached and deleted
// through Cinder's and Nova's APIs, one at a time, on an engine started with --instant.
//
// Each phase is timed per request (the API's answer) and until the volume reaches the state the phase
// ends in (available, in-use, available, gone), polled with GET /volumes/<id> without a pause.
// Set-up (unmeasured): the project's volume quotas lifted (volumes, gigabytes = -1), one network with a
// subnet, a tiny qcow2 in Glance, a flavor of 1 vCPU / 8 MiB and one server ACTIVE.

import { Series, sleep, stats } from '../lib.mjs';

const expect = (r, status, what) => {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) : {};
};

function tinyQcow2() {
  const b = Buffer.alloc(512);
  b.write('QFI\xfb', 0, 'latin1');
  b.writeUInt32BE(3, 4);
  b.writeUInt32BE(16, 20);
  b.writeBigUInt64BE(1024n * 1024n, 24);
  b.writeUInt32BE(104, 100);
  return b;
}

async function until(request, url, H, done, what, timeoutMs = 30000) {
  const t0 = performance.now();
  for (;;) {
    const r = await request('GET', url, { headers: H });
    if (done(r)) return;
    if (performance.now() - t0 > timeoutMs) throw new Error(`${what}: not done in ${timeoutMs} ms (last HTTP ${r.status} ${r.body.slice(0, 200)})`);
    await sleep(0);
  }
}

/** Runs the volume phases; `urls` has nova, neutron, glance and cinder (…/v3/<project>) bases. */
export async function benchVolumes(request, urls, token, projectId, count) {
  const H = { 'X-Auth-Token': token };
  const NOVA = { ...H, 'OpenStack-API-Version': 'compute 2.79' };
  expect(await request('PUT', `${urls.cinder}/os-quota-sets/${projectId}`, { headers: H, body: { quota_set: { volumes: -1, gigabytes: -1 } } }), 200, 'PUT os-quota-sets (volume)');
  const net = expect(await request('POST', `${urls.neutron}/v2.0/networks`, { headers: H, body: { network: { name: 'vol-bench-net' } } }), 201, 'POST networks').network;
  expect(await request('POST', `${urls.neutron}/v2.0/subnets`, { headers: H, body: { subnet: { name: 'vol-bench-sub', network_id: net.id, ip_version: 4, cidr: '10.201.0.0/24' } } }), 201, 'POST subnets');
  const image = expect(await request('POST', `${urls.glance}/v2/images`, { headers: H, body: { name: 'vol-bench-image', disk_format: 'qcow2', container_format: 'bare' } }), 201, 'POST images');
  expect(await request('PUT', `${urls.glance}/v2/images/${image.id}/file`, { headers: H, raw: tinyQcow2() }), 204, 'PUT image file');
  const flavor = expect(await request('POST', `${urls.nova}/v2.1/flavors`, { headers: H, body: { flavor: { name: 'vol-bench.nano', ram: 8, vcpus: 1, disk: 0, id: 'vol-bench-nano' } } }), 200, 'POST flavors').flavor;
  const server = expect(await request('POST', `${urls.nova}/v2.1/servers`, { headers: H, body: { server: { name: 'vol-bench', flavorRef: flavor.id, imageRef: image.id, networks: [{ uuid: net.id }] } } }), 202, 'POST servers').server;
  await until(request, `${urls.nova}/v2.1/servers/${server.id}`, H, (r) => r.status === 200 && JSON.parse(r.body).server.status === 'ACTIVE', 'server ACTIVE');

  const volumeIs = (status) => (r) => r.status === 200 && JSON.parse(r.body).volume.status === status;
  const create = new Series('POST /v3/<project>/volumes');
  const available = [];
  const attach = new Series('POST /servers/<id>/os-volume_attachments');
  const inUse = [];
  const detach = new Series('DELETE /servers/<id>/os-volume_attachments/<volume>');
  const detached = [];
  const del = new Series('DELETE /v3/<project>/volumes/<id>');
  const gone = [];
  const ids = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const v = expect(await create.timed(() => request('POST', `${urls.cinder}/volumes`, { headers: H, body: { volume: { size: 1, name: `bench-v${i}` } } })), 202, 'POST volumes').volume;
    await until(request, `${urls.cinder}/volumes/${v.id}`, H, volumeIs('available'), 'volume available');
    available.push(performance.now() - t0);
    ids.push(v.id);
  }
  // attach and detach one at a time: the server holds one extra disk at a time, as a student's would
  for (const id of ids) {
    let t0 = performance.now();
    expect(await attach.timed(() => request('POST', `${urls.nova}/v2.1/servers/${server.id}/os-volume_attachments`, { headers: NOVA, body: { volumeAttachment: { volumeId: id } } })), 200, 'POST os-volume_attachments');
    await until(request, `${urls.cinder}/volumes/${id}`, H, volumeIs('in-use'), 'volume in-use');
    inUse.push(performance.now() - t0);
    t0 = performance.now();
    const d = await detach.timed(() => request('DELETE', `${urls.nova}/v2.1/servers/${server.id}/os-volume_attachments/${id}`, { headers: NOVA }));
    if (d.status !== 202) throw new Error(`DELETE os-volume_attachments: HTTP ${d.status} ${d.body.slice(0, 300)}`);
    await until(request, `${urls.cinder}/volumes/${id}`, H, volumeIs('available'), 'volume detached');
    detached.push(performance.now() - t0);
  }
  for (const id of ids) {
    const t0 = performance.now();
    const r = await del.timed(() => request('DELETE', `${urls.cinder}/volumes/${id}`, { headers: H }));
    if (r.status !== 202) throw new Error(`DELETE volume: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    await until(request, `${urls.cinder}/volumes/${id}`, H, (g) => g.status === 404, 'volume gone');
    gone.push(performance.now() - t0);
  }
  return [
    { label: 'create (POST answer)', api: create.result(), state: { label: 'until available', ...stats(available) } },
    { label: 'attach through Nova (POST answer)', api: attach.result(), state: { label: 'until in-use', ...stats(inUse) } },
    { label: 'detach through Nova (DELETE answer)', api: detach.result(), state: { label: 'until available', ...stats(detached) } },
    { label: 'delete (DELETE answer)', api: del.result(), state: { label: 'until 404', ...stats(gone) } },
  ];
}
