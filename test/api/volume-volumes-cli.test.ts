import assert from 'node:assert/strict';
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { qcow2Image } from '../support/images';
import { type InProcessLab, type Json, openstack, openstackJson, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Cinder volumes and snapshots through the real openstack CLI (and a few raw requests for status codes and fault bodies). */
describe('Cinder volumes and snapshots through the real openstack CLI', () => {
  let lab: InProcessLab;
  const base = () => `http://127.0.0.1:${8776 + lab.portOffset}`;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Json>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  /** Waits (on the service's own backend steps, not on time) until every volume and snapshot has settled. */
  const settled = () => lab.engine.volume!.volumes.settled();
  let adminToken = '';
  let adminProject = '';

  const raw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base()}/v3/${adminProject}${path}`, {
      method,
      headers: { 'X-Auth-Token': adminToken, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  before(async () => {
    lab = await startInProcessLab();
    adminToken = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    adminProject = (await json<{ id: string }>(['project', 'show', 'admin'])).id;
  });
  after(async () => lab?.stop());

  it('volume create --size 1 answers creating, becomes available with a sparse 1 GiB file; list/show print Cinder fields', async () => {
    const created = await json(['volume', 'create', '--size', '1', 'v1']);
    assert.equal(created.status, 'creating');
    assert.equal(created.size, 1);
    assert.equal(created.type, '__DEFAULT__');
    assert.equal(created.bootable, 'false');
    await settled();
    const shown = await json(['volume', 'show', 'v1']);
    assert.equal(shown.status, 'available');
    assert.equal(shown.id, created.id);
    assert.equal(shown.availability_zone, 'nova');
    assert.equal(shown['os-vol-host-attr:host'], 'localhost@lvm#lvm');
    assert.equal(shown['os-vol-tenant-attr:tenant_id'], adminProject);
    for (const k of ['attachments', 'consistencygroup_id', 'created_at', 'description', 'encrypted', 'multiattach', 'os-vol-mig-status-attr:migstat', 'os-vol-mig-status-attr:name_id', 'properties', 'replication_status', 'snapshot_id', 'source_volid', 'updated_at', 'user_id']) {
      assert.ok(k in shown, `volume show prints ${k}`);
    }
    const file = join(lab.dataDir, 'disks', `volume-${created.id}`);
    assert.ok(existsSync(file), 'the volume file is in disks/');
    const st = statSync(file);
    assert.equal(st.size, 1024 ** 3);
    assert.ok(st.blocks * 512 < 1024 ** 2, 'the file is sparse');

    const list = await json<Json[]>(['volume', 'list']);
    assert.deepEqual(list.map((v) => [v.Name, v.Status, v.Size]), [['v1', 'available', 1]]);
    const long = await json<Json[]>(['volume', 'list', '--long']);
    assert.equal(long[0].Type, '__DEFAULT__');
    assert.equal(long[0].Bootable, 'false');
    const named = await json<Json[]>(['volume', 'list', '--name', 'nothing-like-it']);
    assert.equal(named.length, 0);
    const byStatus = await json<Json[]>(['volume', 'list', '--status', 'available']);
    assert.equal(byStatus.length, 1);
  });

  it('the demo user sees only its project\'s volumes; admin sees them all with --all-projects', async () => {
    const mine = await json(['volume', 'create', '--size', '1', 'demo-vol'], 'demo');
    await settled();
    const demoList = await json<Json[]>(['volume', 'list'], 'demo');
    assert.deepEqual(demoList.map((v) => v.Name), ['demo-vol']);
    const demoAll = await json<Json[]>(['volume', 'list', '--all-projects'], 'demo');
    assert.deepEqual(demoAll.map((v) => v.Name), ['demo-vol'], 'all_tenants is an admin\'s only');
    const hidden = await os(['volume', 'show', 'v1'], 'demo');
    assert.notEqual(hidden.code, 0);
    assert.match(hidden.stderr, /No volume with a name or ID of 'v1' exists/);
    const adminAll = await json<Json[]>(['volume', 'list', '--all-projects']);
    assert.deepEqual(adminAll.map((v) => v.Name).sort(), ['demo-vol', 'v1']);
    const adminOwn = await json<Json[]>(['volume', 'list']);
    assert.deepEqual(adminOwn.map((v) => v.Name), ['v1']);
    const demoShown = await json(['volume', 'show', mine.id], 'demo');
    assert.equal(demoShown['os-vol-host-attr:host'], undefined, 'the host attribute is admin-only');
    const del = await os(['volume', 'delete', 'demo-vol'], 'demo');
    assert.equal(del.code, 0, del.stderr);
    await settled();
    assert.equal((await json<Json[]>(['volume', 'list'], 'demo')).length, 0);
  });

  it('refuses bad sizes and unknown types with Cinder\'s status and fault', async () => {
    for (const size of [0, -1, 'x']) {
      const r = await raw('POST', '/volumes', { volume: { size, name: 'bad' } });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.badRequest.code, 400);
      assert.match(r.body.badRequest.message, /^Invalid input for field\/attribute size\. Value: /);
    }
    const t = await raw('POST', '/volumes', { volume: { size: 1, volume_type: 'nosuch' } });
    assert.equal(t.status, 404);
    assert.equal(t.body.itemNotFound.message, 'Volume type with name nosuch could not be found.');
    const cli = await os(['volume', 'create', '--size', '1', '--type', 'nosuch', 'vx']);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /Volume type with name nosuch could not be found\. \(HTTP 404\)/);
    const missing = await raw('GET', '/volumes/00000000-0000-0000-0000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, 'Volume 00000000-0000-0000-0000-000000000000 could not be found.');
    assert.equal((await json<Json[]>(['volume', 'list'])).length, 1, 'nothing was created');
  });

  const IN_USE_OR_SNAPSHOTS =
    'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.';

  it('volume snapshot create/list/show/set/unset; a volume from the snapshot and a clone of the volume; delete refused while snapshots exist, --purge takes them', async () => {
    const v1 = await json(['volume', 'show', 'v1']);
    const snap = await json(['volume', 'snapshot', 'create', '--volume', 'v1', '--description', 'first', '--property', 'tier=gold', 's1']);
    assert.equal(snap.status, 'creating');
    assert.equal(snap.volume_id, v1.id);
    await settled();
    const s1 = await json(['volume', 'snapshot', 'show', 's1']);
    assert.equal(s1.status, 'available');
    assert.equal(s1.size, 1);
    assert.equal(s1['os-extended-snapshot-attributes:progress'], '100%');
    assert.equal(s1['os-extended-snapshot-attributes:project_id'], adminProject);
    assert.match(JSON.stringify(s1.properties), /tier.*gold/);
    const snapFile = join(lab.dataDir, 'disks', `snapshot-${s1.id}`);
    assert.equal(statSync(snapFile).size, 1024 ** 3, 'the snapshot is a copy of the volume file in disks/');
    const listed = await json<Json[]>(['volume', 'snapshot', 'list', '--long']);
    assert.deepEqual(listed.map((s) => [s.Name, s.Status, s.Size]), [['s1', 'available', 1]]);
    assert.equal((await os(['volume', 'snapshot', 'set', '--name', 's1b', '--description', 'renamed', '--property', 'k=v', 's1'])).code, 0);
    assert.equal((await os(['volume', 'snapshot', 'unset', '--property', 'tier', 's1b'])).code, 0);
    const s1b = await json(['volume', 'snapshot', 'show', 's1b']);
    assert.equal(s1b.description, 'renamed');
    assert.doesNotMatch(JSON.stringify(s1b.properties), /tier/);
    assert.match(JSON.stringify(s1b.properties), /k.*v/);
    assert.equal((await os(['volume', 'snapshot', 'set', '--name', 's1', 's1b'])).code, 0);

    const v2 = await json(['volume', 'create', '--snapshot', 's1', '--size', '1', 'v2']);
    assert.equal(v2.snapshot_id, s1.id);
    const v3 = await json(['volume', 'create', '--source', 'v1', 'v3']);
    assert.equal(v3.source_volid, v1.id);
    assert.equal(v3.size, 1, 'a clone without --size takes its source\'s size');
    await settled();
    for (const name of ['v2', 'v3']) assert.equal((await json(['volume', 'show', name])).status, 'available');
    const small = await raw('POST', '/volumes', { volume: { size: 1, snapshot_id: s1.id } });
    assert.equal(small.status, 202, 'a volume as large as its snapshot is fine');
    await settled();
    await raw('DELETE', `/volumes/${small.body.volume.id}`);

    const refused = await os(['volume', 'delete', 'v1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`${IN_USE_OR_SNAPSHOTS.replace(/[.()]/g, '\\$&')} \\(HTTP 400\\)`));
    const r = await raw('DELETE', `/volumes/${v1.id}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.badRequest.message, IN_USE_OR_SNAPSHOTS);
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'available', 'a refused delete changes nothing');

    const del = await os(['volume', 'delete', 'v2', 'v3']);
    assert.equal(del.code, 0, del.stderr);
    const purge = await os(['volume', 'delete', '--purge', 'v1']);
    assert.equal(purge.code, 0, purge.stderr);
    await settled();
    assert.deepEqual(await json<Json[]>(['volume', 'list']), []);
    assert.deepEqual(await json<Json[]>(['volume', 'snapshot', 'list']), []);
    assert.ok(!existsSync(snapFile), 'the snapshot file went with it');
    assert.ok(!existsSync(join(lab.dataDir, 'disks', `volume-${v1.id}`)));
    const types = new Set(lab.engine.events.since(0).events.map((e) => e.type));
    for (const t of ['volume.volume.created', 'volume.volume.updated', 'volume.volume.deleted', 'volume.snapshot.created', 'volume.snapshot.deleted']) assert.ok(types.has(t), t);
  });

  it('an in-use volume: snapshot needs --force, delete is refused (Cinder\'s 400); demo may not reset the state', async () => {
    await json(['volume', 'create', '--size', '1', 'busy']);
    await settled();
    assert.equal((await os(['volume', 'set', '--state', 'in-use', 'busy'])).code, 0);
    const busy = await json(['volume', 'show', 'busy']);
    assert.equal(busy.status, 'in-use');
    const snap = await os(['volume', 'snapshot', 'create', '--volume', 'busy', 'sb']);
    assert.notEqual(snap.code, 0);
    assert.match(snap.stderr, new RegExp(`Invalid volume: Volume ${busy.id} status must be available, but current status is: in-use\\. \\(HTTP 400\\)`));
    const forced = await json(['volume', 'snapshot', 'create', '--force', '--volume', 'busy', 'sb']);
    assert.equal(forced.status, 'creating');
    await settled();
    const del = await raw('DELETE', `/volumes/${busy.id}`);
    assert.equal(del.status, 400);
    assert.equal(del.body.badRequest.message, IN_USE_OR_SNAPSHOTS);
    const hidden = await os(['volume', 'set', '--state', 'available', busy.id], 'demo');
    assert.notEqual(hidden.code, 0);
    assert.match(hidden.stderr, /No volume with a name or ID/, 'another project\'s volume is not found');
    await json(['volume', 'create', '--size', '1', 'demo-own'], 'demo');
    await settled();
    const denied = await os(['volume', 'set', '--state', 'error', 'demo-own'], 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed\. \(HTTP 403\)/);
    assert.equal((await json(['volume', 'show', 'demo-own'], 'demo')).status, 'available');
    assert.equal((await os(['volume', 'delete', 'demo-own'], 'demo')).code, 0);
    // the snapshot in progress blocks its own delete too
    const sb = await json(['volume', 'snapshot', 'show', 'sb']);
    assert.equal((await os(['volume', 'snapshot', 'set', '--state', 'creating', 'sb'])).code, 0);
    const sdel = await raw('DELETE', `/snapshots/${sb.id}`);
    assert.equal(sdel.status, 400);
    assert.equal(sdel.body.badRequest.message, 'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.');
    assert.equal((await os(['volume', 'snapshot', 'set', '--state', 'available', 'sb'])).code, 0);
    assert.equal((await os(['volume', 'snapshot', 'delete', 'sb'])).code, 0);
    assert.equal((await os(['volume', 'set', '--state', 'available', 'busy'])).code, 0);
    await settled();
    assert.equal((await os(['volume', 'delete', 'busy'])).code, 0);
    await settled();
  });

  it('volume set --name/--description/--property/--size/--read-only/--bootable/--type, unset --property', async () => {
    assert.equal((await os(['volume', 'type', 'create', '--property', 'volume_backend_name=lvm', 'ssd'])).code, 0);
    const v = await json(['volume', 'create', '--size', '1', '--property', 'a=1', 'sv']);
    await settled();
    const set = await os(['volume', 'set', '--name', 'sv2', '--description', 'about', '--property', 'b=2', '--size', '2', '--read-only', '--bootable', 'sv']);
    assert.equal(set.code, 0, set.stderr);
    await settled();
    let shown = await json(['volume', 'show', v.id]);
    assert.equal(shown.name, 'sv2');
    assert.equal(shown.description, 'about');
    assert.equal(shown.size, 2);
    assert.equal(shown.bootable, 'true');
    assert.equal(shown.status, 'available');
    assert.deepEqual(Object.keys(shown.properties).sort(), ['a', 'b', 'readonly']);
    assert.equal(shown.properties.readonly, 'True');
    assert.equal(statSync(join(lab.dataDir, 'disks', `volume-${v.id}`)).size, 2 * 1024 ** 3, 'extend truncated the file larger');
    assert.equal((await os(['volume', 'unset', '--property', 'a', 'sv2'])).code, 0);
    const retype = await os(['volume', 'set', '--type', 'ssd', '--retype-policy', 'never', 'sv2']);
    assert.equal(retype.code, 0, retype.stderr);
    await settled();
    shown = await json(['volume', 'show', 'sv2']);
    assert.equal(shown.type, 'ssd');
    assert.deepEqual(Object.keys(shown.properties).sort(), ['b', 'readonly']);

    const smaller = await raw('POST', `/volumes/${v.id}/action`, { 'os-extend': { new_size: 2 } });
    assert.equal(smaller.status, 400);
    assert.equal(smaller.body.badRequest.message, 'Invalid input received: New size for extend must be greater than current size. (current: 2, extended: 2).');
    const same = await raw('POST', `/volumes/${v.id}/action`, { 'os-retype': { new_type: 'ssd' } });
    assert.equal(same.status, 400);
    assert.match(same.body.badRequest.message, /^Invalid volume: Retype needs volume to be in available or in-use state/);
    await raw('POST', `/volumes/${v.id}/action`, { 'os-reset_status': { status: 'in-use' } });
    const busy = await raw('POST', `/volumes/${v.id}/action`, { 'os-extend': { new_size: 3 } });
    assert.equal(busy.status, 400);
    assert.equal(busy.body.badRequest.message, `Invalid volume: Volume ${v.id} status must be '{'status': 'available'}' to extend, currently in-use.`);
    const ro = await raw('POST', `/volumes/${v.id}/action`, { 'os-update_readonly_flag': { readonly: false } });
    assert.equal(ro.status, 400);
    assert.equal(ro.body.badRequest.message, `Invalid volume: Volume ${v.id} status must be available to update readonly flag, but current status is: in-use.`);
    await raw('POST', `/volumes/${v.id}/action`, { 'os-reset_status': { status: 'available' } });
    const unknown = await raw('POST', `/volumes/${v.id}/action`, { 'os-frobnicate': {} });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.badRequest.message, 'There is no such action: os-frobnicate. Verify the request body and Content-Type header and try again.');
    const two = await raw('POST', `/volumes/${v.id}/action`, { 'os-extend': { new_size: 3 }, 'os-set_bootable': { bootable: true } });
    assert.equal(two.status, 400);
    assert.equal(two.body.badRequest.message, 'Malformed request body');
    const bad = await raw('POST', `/volumes/${v.id}/action`, { 'os-extend': { new_size: 'x' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.badRequest.message, "Invalid input for field/attribute new_size. Value: x. 'x' does not match '^[0-9]+$'");
    const boot = await raw('POST', `/volumes/${v.id}/action`, { 'os-set_bootable': { bootable: false } });
    assert.equal(boot.status, 200);
    assert.equal((await json(['volume', 'show', v.id])).size, 2, 'the refused extends changed nothing');
    assert.equal((await os(['volume', 'delete', 'sv2'])).code, 0);
    await settled();
  });

  it('volume create --image cirros --bootable: the qcow2 converted to a raw disk, volume_image_metadata from Glance; too small an image refused', async () => {
    const img = join(lab.dataDir, 'cirros.qcow2');
    writeFileSync(img, qcow2Image({ virtualSize: 64 * 1024 * 1024, bootable: true }));
    const image = await json(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', img, 'cirros']);
    const created = await json(['volume', 'create', '--image', 'cirros', '--size', '1', '--bootable', 'boot-v']);
    assert.equal(created.status, 'creating');
    await settled();
    const bv = await json(['volume', 'show', 'boot-v']);
    assert.equal(bv.status, 'available');
    assert.equal(bv.bootable, 'true');
    assert.equal(bv.volume_image_metadata.image_id, image.id);
    assert.equal(bv.volume_image_metadata.image_name, 'cirros');
    assert.equal(bv.volume_image_metadata.disk_format, 'qcow2');
    assert.equal(bv.volume_image_metadata.container_format, 'bare');
    for (const k of ['checksum', 'min_ram', 'min_disk', 'size']) assert.ok(k in bv.volume_image_metadata, k);
    const file = join(lab.dataDir, 'disks', `volume-${bv.id}`);
    const sector = Buffer.alloc(512);
    const fd = openSync(file, 'r');
    readSync(fd, sector, 0, 512, 0);
    closeSync(fd);
    assert.equal(sector.readUInt16BE(510), 0x55aa, 'the volume starts with the guest\'s boot sector (a raw disk, not qcow2)');
    assert.equal(statSync(file).size, 1024 ** 3);

    assert.equal((await os(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--min-disk', '2', '--file', img, 'needs-2g'])).code, 0);
    const minDisk = await os(['volume', 'create', '--image', 'needs-2g', '--size', '1', 'too-small']);
    assert.notEqual(minDisk.code, 0);
    assert.match(minDisk.stderr, /Invalid input received: Volume size 1GB cannot be smaller than the image minDisk size 2GB\. \(HTTP 400\)/);
    const big = join(lab.dataDir, 'big.qcow2');
    writeFileSync(big, qcow2Image({ virtualSize: 2 * 1024 ** 3 }));
    const bigImage = await json(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', big, 'big-virtual']);
    const tooBig = await os(['volume', 'create', '--image', 'big-virtual', '--size', '1', 'too-small']);
    assert.notEqual(tooBig.code, 0);
    assert.match(tooBig.stderr, new RegExp(`Image ${bigImage.id} is unacceptable: Image virtual size is 2GB and doesn't fit in a volume of size 1GB\\. \\(HTTP 400\\)`));
    assert.deepEqual((await json<Json[]>(['volume', 'list'])).map((v) => v.Name), ['boot-v'], 'nothing else was created');
    const demo = await json(['volume', 'create', '--image', 'cirros', '--size', '1', 'demo-boot'], 'demo');
    await settled();
    const demoShown = await json(['volume', 'show', demo.id], 'demo');
    assert.equal(demoShown.status, 'available');
    assert.equal(demoShown.bootable, 'true');
    assert.equal((await os(['volume', 'delete', demo.id], 'demo')).code, 0);
    assert.equal((await os(['volume', 'delete', 'boot-v'])).code, 0);
    await settled();
  });

  it('a type whose volume_backend_name no backend reports leaves the volume in error; the quota refuses past its limit (413)', async () => {
    assert.equal((await os(['volume', 'type', 'create', '--property', 'volume_backend_name=ceph', 'nowhere'])).code, 0);
    await json(['volume', 'create', '--size', '1', '--type', 'nowhere', 'lost']);
    await settled();
    const lost = await json(['volume', 'show', 'lost']);
    assert.equal(lost.status, 'error');
    assert.equal(lost['os-vol-host-attr:host'], null);
    const snap = await os(['volume', 'snapshot', 'create', '--volume', 'lost', 'sl']);
    assert.notEqual(snap.code, 0);
    assert.match(snap.stderr, /Invalid volume: The snapshot cannot be created because volume has not been scheduled to any host\. \(HTTP 400\)/);
    assert.equal((await os(['volume', 'delete', 'lost'])).code, 0, 'a volume in error may be deleted');

    const demoProject = (await json<{ id: string }>(['project', 'show', 'demo'])).id;
    assert.equal((await os(['quota', 'set', '--volumes', '1', demoProject])).code, 0);
    await json(['volume', 'create', '--size', '1', 'q1'], 'demo');
    const over = await os(['volume', 'create', '--size', '1', 'q2'], 'demo');
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Maximum number of volumes allowed \(1\) exceeded for quota 'volumes'\. \(HTTP 413\)/);
    await settled();
    assert.deepEqual((await json<Json[]>(['volume', 'list'], 'demo')).map((v) => v.Name), ['q1']);
    assert.equal((await os(['volume', 'delete', 'q1'], 'demo')).code, 0);
    assert.equal((await os(['quota', 'set', '--volumes', '10', demoProject])).code, 0);
    await settled();
  });
});
