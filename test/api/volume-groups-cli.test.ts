import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cinder as cinderCli, type CliResult, type InProcessLab, openstack, passwordToken, rcEnv, startInProcessLab } from '../support/lab';


/**
 * Cinder group types, groups and group snapshots with the real CLI. The Debian openstackclient 6.0 refuses
 * every `volume group …` command below --os-volume-api-version 3.11 (group types), 3.13 (groups) or 3.14
 * (group snapshots) before sending anything, so a student has to pass the version; its `volume group create`
 * takes the group type and volume types as positional arguments (`volume group create gt1 ssd --name grp1`,
 * no --volume-group-type/--volume-type yet), it has no `volume group type unset` and no way to add volumes
 * to a group, and its `volume group type show`, `volume group show` and `volume group snapshot show` break
 * inside the client (an argparse attribute, a cinderclient 9.1 method that does not exist) — those are
 * checked with the real `cinder` client instead.
 */
describe('block storage groups through the real openstack and cinder CLIs', () => {
  let lab: InProcessLab;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const ok = async (args: string[], who: 'admin' | 'demo' = 'admin') => {
    const r = await os(args, who);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async <T>(args: string[], who: 'admin' | 'demo' = 'admin'): Promise<T> => JSON.parse(await ok([...args, '-f', 'json'], who)) as T;
  const v = (version: string, ...args: string[]) => ['--os-volume-api-version', version, ...args];

  const cinder = (args: string[], who: 'admin' | 'demo' = 'admin'): Promise<CliResult> => cinderCli(lab.dataDir, args, { who });
  /** `cinder … show` as a field → value map (its table, | Property | Value |). */
  const cinderShow = async (args: string[]): Promise<Record<string, string>> => {
    const r = await cinder(args);
    assert.equal(r.code, 0, `cinder ${args.join(' ')}: ${r.stderr}`);
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const m = /^\|\s*(\S+)\s*\|\s*(.*?)\s*\|$/.exec(line);
      if (m && m[1] !== 'Property') out[m[1]] = m[2];
    }
    return out;
  };
  /** Polls `list` until the named row has `status` (the volume manager's side runs after the API answers). */
  const until = async (list: () => Promise<{ Name: string; Status: string }[]>, name: string, status: string) => {
    for (let i = 0; i < 100; i++) {
      const row = (await list()).find((r) => r.Name === name);
      if (row?.Status === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${name} never became ${status}`);
  };

  before(async () => {
    lab = await startInProcessLab();
    await ok(['volume', 'type', 'create', '--property', 'volume_backend_name=lvm', 'ssd']);
  });
  after(async () => lab?.stop());

  it('needs --os-volume-api-version 3.11 for group types: the CLI refuses the plain command itself', async () => {
    const plain = await os(['volume', 'group', 'type', 'create', 'gt1']);
    assert.notEqual(plain.code, 0);
    assert.match(plain.stderr, /--os-volume-api-version 3\.11 or greater is required to support the 'volume group type create' command/);
    // below the microversion Cinder has no such resource (VersionNotFoundForAPIMethod)
    const env = rcEnv(lab.dataDir, 'admin');
    const token = await passwordToken(lab.keystoneUrl, 'admin', env.OS_PASSWORD, 'admin');
    const projectId = (await json<{ project_id: string }>(['token', 'issue'])).project_id;
    const base = `http://127.0.0.1:${8776 + lab.portOffset}/v3/${projectId}`;
    const old = await fetch(`${base}/group_types`, { headers: { 'X-Auth-Token': token } });
    assert.equal(old.status, 404);
    assert.deepEqual(await old.json(), { itemNotFound: { message: 'The resource could not be found.', code: 404 } });
    const now = await fetch(`${base}/group_types`, { headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': 'volume 3.11' } });
    assert.equal(now.status, 200);
  });

  it('volume group type create / list / set / delete, with the default_cgsnapshot_type Cinder creates', async () => {
    const gt1 = await json<{ ID: string; Name: string; 'Is Public': boolean; Properties: Record<string, string> }>(v('3.11', 'volume', 'group', 'type', 'create', '--description', 'my groups', 'gt1'));
    assert.equal(gt1.Name, 'gt1');
    assert.equal(gt1['Is Public'], true);

    const dup = await os(v('3.11', 'volume', 'group', 'type', 'create', 'gt1'));
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Group Type gt1 already exists\. \(HTTP 409\)/);

    await ok(v('3.11', 'volume', 'group', 'type', 'set', '--property', 'consistent_group_snapshot_enabled=<is> True', 'gt1'));
    const listed = await json<{ Name: string; Properties: Record<string, string> }[]>(v('3.11', 'volume', 'group', 'type', 'list'));
    assert.deepEqual(
      listed.map((t) => [t.Name, t.Properties]),
      [
        ['default_cgsnapshot_type', { consistent_group_snapshot_enabled: '<is> True' }],
        ['gt1', { consistent_group_snapshot_enabled: '<is> True' }],
      ],
    );
    // no default_group_type in cinder.conf: --default finds none
    const def = await os(v('3.11', 'volume', 'group', 'type', 'list', '--default'));
    assert.notEqual(def.code, 0);
    assert.match(def.stderr, /Default group type can not be found\. \(HTTP 404\)/);

    // a member sees the public types without their specs (group:access_group_types_specs is admin-only), and may not create
    const demoList = await json<{ Name: string; Properties: unknown }[]>(v('3.11', 'volume', 'group', 'type', 'list'), 'demo');
    assert.deepEqual(demoList.map((t) => [t.Name, t.Properties]), [['default_cgsnapshot_type', ''], ['gt1', '']]);
    const denied = await os(v('3.11', 'volume', 'group', 'type', 'create', 'mine'), 'demo');
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Policy doesn't allow group:group_types_manage to be performed\. \(HTTP 403\)/);

    await ok(v('3.11', 'volume', 'group', 'type', 'set', '--name', 'gt1b', '--private', '--no-property', 'gt1'));
    const shown = await cinderShow(['--os-volume-api-version', '3.11', 'group-type-show', 'gt1b']);
    assert.equal(shown.id, gt1.ID);
    assert.equal(shown.is_public, 'False');
    assert.equal(shown.group_specs, '');
    assert.equal(shown.description, 'my groups');
    // a private type is an admin's only
    assert.deepEqual((await json<{ Name: string }[]>(v('3.11', 'volume', 'group', 'type', 'list'), 'demo')).map((t) => t.Name), ['default_cgsnapshot_type']);
    await ok(v('3.11', 'volume', 'group', 'type', 'set', '--name', 'gt1', '--public', 'gt1b'));
  });

  it('volume group create gt1 ssd --name grp1: creating → available; set; a group type in use is kept', async () => {
    // the flag spelling is a newer client's: 6.0 rejects it before sending anything
    const flags = await os(v('3.13', 'volume', 'group', 'create', '--volume-group-type', 'gt1', '--volume-type', 'ssd', 'grp1'));
    assert.notEqual(flags.code, 0);
    assert.match(flags.stderr, /unrecognized arguments: --volume-group-type --volume-type/);
    const plain = await os(['volume', 'group', 'create', 'gt1', 'ssd', '--name', 'grp1']);
    assert.match(plain.stderr, /--os-volume-api-version 3\.13 or greater is required/);

    const grp = await json<{ ID: string; Name: string; 'Group Type': string; 'Volume Types': string[]; 'Availability Zone': string }>(
      v('3.13', 'volume', 'group', 'create', 'gt1', 'ssd', '--name', 'grp1', '--description', 'app volumes'),
    );
    const gt1 = (await json<{ ID: string; Name: string }[]>(v('3.11', 'volume', 'group', 'type', 'list'))).find((t) => t.Name === 'gt1')!;
    const ssd = await json<{ id: string }>(['volume', 'type', 'show', 'ssd']);
    assert.equal(grp.Name, 'grp1');
    assert.equal(grp['Group Type'], gt1.ID);
    assert.deepEqual(grp['Volume Types'], [ssd.id]);
    assert.equal(grp['Availability Zone'], 'nova');
    await until(() => json(v('3.13', 'volume', 'group', 'list')), 'grp1', 'available');

    const detail = await cinderShow(['--os-volume-api-version', '3.14', 'group-show', 'grp1']);
    assert.equal(detail.id, grp.ID);
    assert.equal(detail.status, 'available');
    assert.equal(detail.description, 'app volumes');
    assert.equal(detail.group_snapshot_id, 'None');

    // the reserved type and unknown types are refused, and nothing is created
    const reserved = await os(v('3.13', 'volume', 'group', 'create', 'default_cgsnapshot_type', 'ssd', '--name', 'cg'));
    assert.notEqual(reserved.code, 0);
    assert.match(reserved.stderr, /is reserved for migrating CGs to groups\. Migrated group can only be operated by CG APIs\. \(HTTP 400\)/);
    const badAz = await os(v('3.13', 'volume', 'group', 'create', 'gt1', 'ssd', '--name', 'far', '--availability-zone', 'moon'));
    assert.notEqual(badAz.code, 0);
    assert.match(badAz.stderr, /Availability zone 'moon' is invalid\. \(HTTP 400\)/);
    assert.deepEqual((await json<{ Name: string }[]>(v('3.13', 'volume', 'group', 'list'))).map((g) => g.Name), ['grp1']);

    await ok(v('3.13', 'volume', 'group', 'set', '--name', 'grp1', '--description', 'the app', 'grp1'));
    assert.equal((await cinderShow(['--os-volume-api-version', '3.13', 'group-show', 'grp1'])).description, 'the app');
    const same = await os(v('3.13', 'volume', 'group', 'set', '--name', 'grp1', 'grp1'));
    assert.notEqual(same.code, 0);
    assert.match(same.stderr, /Invalid Group: Cannot update group .* because no valid name, description, add_volumes, or remove_volumes were provided\. \(HTTP 400\)/);

    const inUse = await os(v('3.11', 'volume', 'group', 'type', 'delete', 'gt1'));
    assert.notEqual(inUse.code, 0);
    assert.match(inUse.stderr, new RegExp(`Group Type ${gt1.ID} deletion is not allowed with groups present with the type\\. \\(HTTP 400\\)`));

    // another project's member does not see the group
    assert.deepEqual(await json(v('3.13', 'volume', 'group', 'list'), 'demo'), []);
  });

  it('members (cinder group-update --add-volumes, create --group-id) and volume group snapshot create grp1 --name gs1: one snapshot per member', async () => {
    const volumes = () => json<{ ID: string; Name: string; Status: string }[]>(['volume', 'list']);
    const v1 = await json<{ id: string }>(['volume', 'create', '--size', '1', '--type', 'ssd', 'v1']);
    const plain = await json<{ id: string }>(['volume', 'create', '--size', '1', 'plain']);
    await until(volumes, 'v1', 'available');
    await until(volumes, 'plain', 'available');
    const grp = (await json<{ ID: string; Name: string }[]>(v('3.13', 'volume', 'group', 'list'))).find((g) => g.Name === 'grp1')!;

    // openstackclient 6.0 cannot add volumes to a group; cinderclient can (PUT /groups/{id} add_volumes)
    const add = await cinder(['--os-volume-api-version', '3.13', 'group-update', 'grp1', '--add-volumes', v1.id]);
    assert.equal(add.code, 0, add.stderr);
    const wrongType = await cinder(['--os-volume-api-version', '3.13', 'group-update', 'grp1', '--add-volumes', plain.id]);
    assert.notEqual(wrongType.code, 0);
    assert.match(wrongType.stderr, /because volume type .* is not supported by the group\. \(HTTP 400\)/);
    const created = await cinder(['--os-volume-api-version', '3.13', 'create', '--group-id', grp.ID, '--volume-type', 'ssd', '--name', 'v2', '1']);
    assert.equal(created.code, 0, created.stderr);
    await until(volumes, 'v2', 'available');
    const members = await cinderShow(['--os-volume-api-version', '3.25', 'group-show', '--list-volume', 'True', 'grp1']);
    const v2 = (await volumes()).find((x) => x.Name === 'v2')!;
    assert.deepEqual(JSON.parse(members.volumes.replace(/'/g, '"')).sort(), [v1.id, v2.ID].sort());
    assert.equal((await json<{ group_id: string }>(v('3.13', 'volume', 'show', 'v1'))).group_id, grp.ID);

    // a volume in a group is not deleted on its own
    const del = await os(['volume', 'delete', 'v1']);
    assert.notEqual(del.code, 0);
    assert.match(del.stderr, /belong to a group/);

    const plainCmd = await os(v('3.13', 'volume', 'group', 'snapshot', 'create', 'grp1', '--name', 'gs1'));
    assert.match(plainCmd.stderr, /--os-volume-api-version 3\.14 or greater is required to support the 'volume group snapshot create' command/);
    const gs = await json<{ ID: string; Name: string; Group: string }>(v('3.14', 'volume', 'group', 'snapshot', 'create', 'grp1', '--name', 'gs1'));
    assert.equal(gs.Name, 'gs1');
    assert.equal(gs.Group, grp.ID);
    await until(() => json(v('3.14', 'volume', 'group', 'snapshot', 'list')), 'gs1', 'available');
    const shown = await cinderShow(['--os-volume-api-version', '3.14', 'group-snapshot-show', 'gs1']);
    assert.equal(shown.group_id, grp.ID);
    assert.equal(shown.status, 'available');

    // one volume snapshot per member, named after the group snapshot and carrying its id
    const snaps = await json<{ ID: string; Name: string; Volume: string; Status: string }[]>(['volume', 'snapshot', 'list', '--long']);
    assert.deepEqual(snaps.map((x) => x.Name), ['gs1', 'gs1']);
    for (const x of snaps) {
      const one = await json<{ group_snapshot_id: string; status: string; volume_id: string }>(v('3.14', 'volume', 'snapshot', 'show', x.ID));
      assert.equal(one.group_snapshot_id, gs.ID);
      assert.equal(one.status, 'available');
    }
    assert.deepEqual(snaps.map((x) => x.Volume).sort(), [v1.id, v2.ID].sort());
    // its own snapshot is deleted with the group snapshot only
    const own = await os(['volume', 'snapshot', 'delete', snaps[0].ID]);
    assert.notEqual(own.code, 0);
    assert.match(own.stderr, /must not be part of a group/);

    // the group cannot go while it has group snapshots
    const busy = await os(v('3.13', 'volume', 'group', 'delete', '--force', 'grp1'));
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /Invalid Group: Group has existing snapshots\. \(HTTP 400\)/);

    // a group from the group snapshot: one volume per member snapshot (cinder group-create-from-src, no openstack command in 6.0)
    const fromSrc = await cinder(['--os-volume-api-version', '3.14', 'group-create-from-src', '--group-snapshot', 'gs1', '--name', 'grp2']);
    assert.equal(fromSrc.code, 0, fromSrc.stderr);
    await until(() => json(v('3.13', 'volume', 'group', 'list')), 'grp2', 'available');
    const grp2 = await cinderShow(['--os-volume-api-version', '3.25', 'group-show', '--list-volume', 'True', 'grp2']);
    assert.equal(grp2.group_snapshot_id, gs.ID);
    assert.equal(JSON.parse(grp2.volumes.replace(/'/g, '"')).length, 2);
    await ok(v('3.13', 'volume', 'group', 'delete', '--force', 'grp2'));
    for (let i = 0; i < 100 && (await json<{ Name: string }[]>(v('3.13', 'volume', 'group', 'list'))).some((g) => g.Name === 'grp2'); i++) await new Promise((r) => setTimeout(r, 50));

    await ok(v('3.14', 'volume', 'group', 'snapshot', 'delete', 'gs1'));
    for (let i = 0; i < 100 && (await json<unknown[]>(['volume', 'snapshot', 'list'])).length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await json(['volume', 'snapshot', 'list']), []);
    assert.deepEqual(await json(v('3.14', 'volume', 'group', 'snapshot', 'list')), []);

    // without --force a group with volumes stays; with it the volumes go too
    const keep = await os(v('3.13', 'volume', 'group', 'delete', 'grp1'));
    assert.notEqual(keep.code, 0);
    assert.match(keep.stderr, new RegExp(`Group ${grp.ID} still contains volumes\\. The delete-volumes flag is required to delete it\\. \\(HTTP 400\\)`));
    await ok(v('3.13', 'volume', 'group', 'delete', '--force', 'grp1'));
    for (let i = 0; i < 100 && (await json<unknown[]>(v('3.13', 'volume', 'group', 'list'))).length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await json(v('3.13', 'volume', 'group', 'list')), []);
    assert.deepEqual((await volumes()).map((x) => x.Name), ['plain']);
    assert.ok(!existsSync(join(lab.dataDir, 'disks', `volume-${v1.id}`)), 'the member volume file is gone');
    await ok(v('3.11', 'volume', 'group', 'type', 'delete', 'gt1'));
  });
});
