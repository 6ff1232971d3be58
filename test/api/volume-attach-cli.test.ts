/**
 * Nova's os-volume_attachments wired to Cinder's attachments, with the real CLI: `server add volume`
 * puts the volume in-use with its attachment (server_id, /dev/vdb, attachment_id, host_name), the
 * server shows it in volumes_attached, the guest sees /dev/vdb in lsblk and dmesg (over the ssh
 * path); a second server cannot take a non-multiattach volume, an in-use volume cannot be deleted;
 * extending the in-use volume (3.42) reaches the guest through Nova's volume-extended event;
 * `server remove volume` and deleting the server give it back available.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { qcow2Image } from '../support/images';
import { type InProcessLab, type Json, openstack, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

describe('attaching volumes to servers (Nova os-volume_attachments → Cinder attachments) with the real CLI', () => {
  let lab: InProcessLab;
  const ids: Record<string, string> = {};
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const ok = async (args: string[]) => {
    const r = await os(args);
    assert.equal(r.code, 0, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const json = async (args: string[]): Promise<Json> => JSON.parse(await ok([...args, '-f', 'json'])) as Json;
  const volumeStatus = async (name: string, want: string) => {
    for (;;) {
      const v = await json(['volume', 'show', name]);
      if (v.status === want || String(v.status).startsWith('error')) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** The guest's shell as ssh cirros@… gets it (GuestAccess.login, what the host shell's ssh calls). */
  const guestRun = async (serverId: string, line: string): Promise<string> => {
    const port = lab.engine.compute!.servers.find(serverId)!.port_ids[0];
    for (;;) {
      const session = lab.engine.guests!.login(port, 'cirros', 'gocubsgo');
      if (session) {
        const r = await session.run(line);
        session.close();
        return r.output;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const compute = async (method: string, path: string, body?: unknown) => {
    const token = await passwordToken(lab.keystoneUrl, 'admin', rcEnv(lab.dataDir, 'admin').OS_PASSWORD, 'admin');
    const res = await fetch(`http://127.0.0.1:${8774 + lab.portOffset}/v2.1${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', 'OpenStack-API-Version': 'compute 2.79' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  before(async () => {
    lab = await startInProcessLab();
    await ok(['network', 'create', 'intnet']);
    await ok(['subnet', 'create', 'subnet1', '--subnet-range', '10.5.5.0/24', '--network', 'intnet']);
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, qcow2Image());
    await ok(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', file, 'cirros']);
    ids.server = (await json(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--wait', 'test-instance'])).id as string;
    ids.other = (await json(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--wait', 'other-instance'])).id as string;
    ids.v1 = (await json(['volume', 'create', '--size', '1', 'v1'])).id as string;
    await volumeStatus('v1', 'available');
  });
  after(async () => lab?.stop());

  it('server add volume: v1 in-use with its attachment at /dev/vdb, in the server\'s volumes_attached', async () => {
    await ok(['server', 'add', 'volume', 'test-instance', 'v1']);
    const v = await json(['volume', 'show', 'v1']);
    assert.equal(v.status, 'in-use');
    const atts = v.attachments as { server_id: string; device: string; attachment_id: string; host_name: string; volume_id: string }[];
    assert.equal(atts.length, 1, JSON.stringify(v.attachments));
    assert.equal(atts[0].server_id, ids.server);
    assert.equal(atts[0].device, '/dev/vdb');
    assert.equal(atts[0].volume_id, ids.v1);
    assert.match(atts[0].attachment_id, /^[0-9a-f-]{36}$/);
    assert.ok(atts[0].host_name, 'host_name set from the connector');
    const s = await json(['server', 'show', 'test-instance']);
    assert.match(JSON.stringify(s.volumes_attached), new RegExp(ids.v1));
    // Cinder's attachment record (3.27) is the same one, attached, with iSCSI connection info
    const att = await json(['--os-volume-api-version', '3.27', 'volume', 'attachment', 'show', atts[0].attachment_id]);
    assert.equal(att.Status, 'attached');
    assert.equal(att['Instance ID'], ids.server);
    assert.equal(att['Attach Mode'], 'rw');
    // a user may not delete the attachment Nova uses (Bug #2004555): detach through Nova
    const user = await os(['--os-volume-api-version', '3.27', 'volume', 'attachment', 'delete', atts[0].attachment_id]);
    assert.notEqual(user.code, 0);
    assert.match(user.stderr, new RegExp(`Detach volume from instance ${ids.server} using the Compute API.*HTTP 409`, 's'));
  });

  it('the guest sees /dev/vdb in lsblk and the hot-plug in dmesg', async () => {
    assert.match(await guestRun(ids.server, 'lsblk'), /^vdb\s+253:16\s+0\s+1G\s+0 disk/m);
    assert.match(await guestRun(ids.server, 'dmesg'), /virtio_blk virtio\d+: \[vdb\] 2097152 512-byte logical blocks \(1\.07 GB\/1\.00 GiB\)/);
    assert.doesNotMatch(await guestRun(ids.other, 'lsblk'), /vdb/);
  });

  it('a second server cannot take the in-use volume; the in-use volume cannot be deleted', async () => {
    const second = await os(['server', 'add', 'volume', 'other-instance', 'v1']);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /400: Client Error for url: .*\/os-volume_attachments, Invalid volume: Volume [0-9a-f-]{36} status must be available or downloading to reserve, but the current status is in-use\./);
    const del = await os(['volume', 'delete', 'v1']);
    assert.notEqual(del.code, 0);
    assert.match(del.stderr + del.stdout, /must not be migrating, attached/);
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'in-use');
  });

  it('volume set --size on the in-use volume (3.42): Cinder extends it, tells Nova (volume-extended), the guest sees 2G', async () => {
    await ok(['--os-volume-api-version', '3.42', 'volume', 'set', '--size', '2', 'v1']);
    for (let v = await json(['volume', 'show', 'v1']); v.size !== 2 || v.status !== 'in-use'; v = await json(['volume', 'show', 'v1'])) {
      assert.ok(!String(v.status).startsWith('error'), JSON.stringify(v));
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(await guestRun(ids.server, 'lsblk'), /^vdb\s+253:16\s+0\s+2G\s+0 disk/m);
    assert.match(await guestRun(ids.server, 'dmesg'), /\[vdb\] new size: 4194304 512-byte logical blocks \(2\.15 GB\/2\.00 GiB\)\n.*vdb: detected capacity change from 2097152 to 4194304/);
    const events = JSON.parse(await ok(['server', 'event', 'list', 'test-instance', '-f', 'json'])) as { Action: string }[];
    assert.ok(events.some((e) => e.Action === 'extend_volume'), JSON.stringify(events));
    // without 3.42 the client itself refuses an in-use volume (openstackclient 6.0's own check)
    const old = await os(['volume', 'set', '--size', '3', 'v1']);
    assert.notEqual(old.code, 0);
    assert.match(old.stderr, /must be available before size can be extended/);
  });

  it('os-server-external-events: admin only, volume-extended from 2.51, 207 for a mix, 404 when no server is known', async () => {
    const post = async (who: 'admin' | 'demo', version: string, body: unknown) => {
      const token = await passwordToken(lab.keystoneUrl, who, rcEnv(lab.dataDir, who).OS_PASSWORD, who);
      const res = await fetch(`http://127.0.0.1:${8774 + lab.portOffset}/v2.1/os-server-external-events`, {
        method: 'POST',
        headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', 'OpenStack-API-Version': `compute ${version}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const ghost = '8a8f3a8e-0000-4000-8000-000000000000';
    const ev = (server_uuid: string) => ({ name: 'volume-extended', server_uuid, tag: ids.v1 });
    const denied = await post('demo', '2.51', { events: [ev(ids.server)] });
    assert.equal(denied.status, 403);
    const early = await post('admin', '2.50', { events: [ev(ids.server)] });
    assert.equal(early.status, 400);
    assert.match(JSON.stringify(early.body), /'volume-extended' is not one of/);
    const mixed = await post('admin', '2.51', { events: [ev(ids.server), ev(ghost)] });
    assert.equal(mixed.status, 207);
    const codes = (mixed.body.events as { server_uuid: string; code: number; status: string }[]).map((e) => [e.server_uuid, e.code, e.status]);
    assert.deepEqual(codes, [[ids.server, 200, 'completed'], [ghost, 404, 'failed']]);
    const none = await post('admin', '2.51', { events: [ev(ghost)] });
    assert.equal(none.status, 404);
    assert.deepEqual(none.body, { itemNotFound: { code: 404, message: 'No instances found for any event' } });
    const empty = await post('admin', '2.51', { events: [] });
    assert.equal(empty.status, 400);
  });

  it('server remove volume: v1 available again, gone from the guest', async () => {
    await ok(['server', 'remove', 'volume', 'test-instance', 'v1']);
    const v = await json(['volume', 'show', 'v1']);
    assert.equal(v.status, 'available');
    assert.deepEqual(v.attachments, []);
    assert.doesNotMatch(await guestRun(ids.server, 'lsblk'), /vdb/);
    const s = await json(['server', 'show', 'test-instance']);
    assert.doesNotMatch(JSON.stringify(s.volumes_attached ?? ''), new RegExp(ids.v1));
  });

  it('the bench contract at compute 2.79: POST answers 200 with the volumeAttachment, DELETE 202; 404 for a volume not attached', async () => {
    const post = await compute('POST', `/servers/${ids.server}/os-volume_attachments`, { volumeAttachment: { volumeId: ids.v1 } });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    const va = post.body.volumeAttachment as Json;
    assert.deepEqual(va, { id: ids.v1, serverId: ids.server, volumeId: ids.v1, device: '/dev/vdb', tag: null, delete_on_termination: false });
    const list = await compute('GET', `/servers/${ids.server}/os-volume_attachments`);
    assert.equal((list.body.volumeAttachments as Json[]).length, 1);
    const del = await compute('DELETE', `/servers/${ids.server}/os-volume_attachments/${ids.v1}`);
    assert.equal(del.status, 202);
    const again = await compute('DELETE', `/servers/${ids.server}/os-volume_attachments/${ids.v1}`);
    assert.equal(again.status, 404);
    const bad = await compute('POST', `/servers/${ids.server}/os-volume_attachments`, { volumeAttachment: { volumeId: 'nope' } });
    assert.equal(bad.status, 400);
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'available');
  });

  it('two servers attaching the same volume at once: exactly one wins, the other gets the 400, one attachment remains', async () => {
    const [a, b] = await Promise.all([
      compute('POST', `/servers/${ids.server}/os-volume_attachments`, { volumeAttachment: { volumeId: ids.v1 } }),
      compute('POST', `/servers/${ids.other}/os-volume_attachments`, { volumeAttachment: { volumeId: ids.v1 } }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 400], JSON.stringify([a.body, b.body]));
    const loser = a.status === 400 ? a : b;
    assert.match(JSON.stringify(loser.body), /status must be available or downloading to reserve, but the current status is (reserved|attaching|in-use)/);
    const v = await json(['volume', 'show', 'v1']);
    assert.equal(v.status, 'in-use');
    assert.equal((v.attachments as Json[]).length, 1);
    const winner = a.status === 200 ? ids.server : ids.other;
    assert.equal((await compute('DELETE', `/servers/${winner}/os-volume_attachments/${ids.v1}`)).status, 202);
    assert.equal((await volumeStatus('v1', 'available')).status, 'available');
  });

  it('boot from volume: volume create --image --bootable, server create --volume boots CirrOS from it as /dev/vda', async () => {
    // a volume that is not bootable is refused as Nova refuses it
    const plain = await os(['server', 'create', '--flavor', 'm1.tiny', '--volume', 'v1', '--network', 'intnet', 'no-boot']);
    assert.notEqual(plain.code, 0);
    assert.match(plain.stderr, new RegExp(`Block Device ${ids.v1} is not bootable\\..*HTTP 400`, 's'));
    ids.bootv = (await json(['volume', 'create', '--image', 'cirros', '--size', '1', '--bootable', 'boot-v'])).id as string;
    const bv = await volumeStatus('boot-v', 'available');
    assert.equal(String(bv.bootable), 'true');
    const s = await json(['server', 'create', '--flavor', 'm1.tiny', '--volume', 'boot-v', '--network', 'intnet', '--wait', 'bfv']);
    assert.equal(s.status, 'ACTIVE');
    ids.bfv = s.id as string;
    const v = await json(['volume', 'show', 'boot-v']);
    assert.equal(v.status, 'in-use');
    const atts = v.attachments as { server_id: string; device: string }[];
    assert.deepEqual(atts.map((x) => [x.server_id, x.device]), [[ids.bfv, '/dev/vda']]);
    const shown = await json(['server', 'show', 'bfv']);
    assert.match(String(shown.image), /booted from volume/);
    assert.match(JSON.stringify(shown.volumes_attached), new RegExp(ids.bootv));
    assert.match(await guestRun(ids.bfv, 'cat /etc/os-release'), /NAME=CirrOS/);
    assert.match(await guestRun(ids.bfv, 'lsblk'), /^vda\s+253:0\s+0\s+1G\s+0 disk/m);
    // the root volume is not detached through os-volume_attachments
    const rm = await os(['server', 'remove', 'volume', 'bfv', 'boot-v']);
    assert.notEqual(rm.code, 0);
    assert.match(rm.stderr, /Cannot detach a root device volume.*400|400.*Cannot detach a root device volume/s);
    await ok(['server', 'delete', '--wait', 'bfv']);
    assert.equal((await volumeStatus('boot-v', 'available')).status, 'available');
  });

  it('server create --boot-from-volume 1 --image cirros: Nova has Cinder make the root volume from the image and boots it', async () => {
    // a size is needed, as Nova says
    const imageId = String((await json(['image', 'show', 'cirros'])).id);
    const flavorId = String((await json(['flavor', 'show', 'm1.tiny'])).id);
    const noSize = await compute('POST', '/servers', { server: { name: 'x', flavorRef: flavorId, networks: 'none', block_device_mapping_v2: [{ uuid: imageId, source_type: 'image', destination_type: 'volume', boot_index: 0 }] } });
    assert.equal(noSize.status, 400);
    assert.match(JSON.stringify(noSize.body), /Images with destination_type 'volume' need to have a non-zero size specified/);
    const before = (await json(['volume', 'list'])) as unknown as Json[];
    const s = await json(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--boot-from-volume', '1', '--network', 'intnet', '--wait', 'bfv2']);
    assert.equal(s.status, 'ACTIVE');
    const shown = await json(['server', 'show', 'bfv2']);
    assert.match(String(shown.image), /booted from volume/);
    const after = (await json(['volume', 'list', '--long'])) as unknown as Json[];
    const made = after.filter((v) => !before.some((b) => b.ID === v.ID));
    assert.equal(made.length, 1, JSON.stringify(after));
    const root = await json(['volume', 'show', String(made[0].ID)]);
    assert.equal(root.status, 'in-use');
    assert.equal(root.size, 1);
    assert.equal(String(root.bootable), 'true');
    assert.match(JSON.stringify(root.volume_image_metadata), /"image_name":\s*"cirros"/);
    assert.deepEqual((root.attachments as { server_id: string; device: string }[]).map((x) => [x.server_id, x.device]), [[s.id, '/dev/vda']]);
    assert.match(await guestRun(String(s.id), 'cat /etc/os-release'), /NAME=CirrOS/);
    assert.match(await guestRun(String(s.id), 'lsblk'), /^vda\s+253:0\s+0\s+1G\s+0 disk/m);
    // without delete_on_termination the volume stays, available, when the server goes
    await ok(['server', 'delete', '--wait', 'bfv2']);
    assert.equal((await volumeStatus(String(root.id), 'available')).status, 'available');

    // from a volume snapshot: the snapshot's volume is cloned and booted
    ids.bootSnap = (await json(['volume', 'snapshot', 'create', '--volume', 'boot-v', 'boot-s'])).id as string;
    for (;;) {
      if ((await json(['volume', 'snapshot', 'show', 'boot-s'])).status === 'available') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const fromSnap = await json(['server', 'create', '--flavor', 'm1.tiny', '--snapshot', 'boot-s', '--network', 'intnet', '--wait', 'bfs']);
    assert.equal(fromSnap.status, 'ACTIVE');
    const vols = (await json(['server', 'show', 'bfs'])).volumes_attached as { id: string }[];
    assert.equal(vols.length, 1);
    const clone = await json(['volume', 'show', vols[0].id]);
    assert.equal(clone.snapshot_id, ids.bootSnap);
    assert.equal(clone.status, 'in-use');
    assert.match(await guestRun(String(fromSnap.id), 'cat /etc/os-release'), /NAME=CirrOS/);
    await ok(['server', 'delete', '--wait', 'bfs']);
  });

  it('deleting the server detaches its volume: v1 available', async () => {
    await ok(['server', 'add', 'volume', 'other-instance', 'v1']);
    assert.equal((await json(['volume', 'show', 'v1'])).status, 'in-use');
    // a second volume attached with delete_on_termination (2.79) goes with the server
    ids.v2 = (await json(['volume', 'create', '--size', '1', 'v2'])).id as string;
    await volumeStatus('v2', 'available');
    const post = await compute('POST', `/servers/${ids.other}/os-volume_attachments`, { volumeAttachment: { volumeId: ids.v2, delete_on_termination: true } });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    assert.equal((post.body.volumeAttachment as Json).device, '/dev/vdc');
    assert.equal((post.body.volumeAttachment as Json).delete_on_termination, true);
    await ok(['server', 'delete', '--wait', 'other-instance']);
    const v = await json(['volume', 'show', 'v1']);
    assert.equal(v.status, 'available');
    assert.deepEqual(v.attachments, []);
    for (;;) {
      const gone = await os(['volume', 'show', 'v2']);
      if (gone.code !== 0) {
        assert.match(gone.stderr, /No volume with a name or ID of 'v2' exists/);
        break;
      }
      assert.match(gone.stdout, /deleting/);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
