import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { qcow2Image } from '../support/images';
import { hostShell, type Json, openstack, openstackJson, repoRoot, type ServeProcess, stacklab, startServe, tempDir } from '../support/lab';

type Obj = Json;

/**
 * The seed's instance walkthrough with the real python-openstackclient against `stacklab serve
 * --instant`: networks, a security group, a key pair and CirrOS, then `server create` on intnet,
 * its port, a floating IP, every power action, rebuild, resize, events, the failures
 * (NoValidHost, anti-affinity, quota) and delete freeing ports and placement.
 */
describe('servers through the real openstack CLI (instant lab)', () => {
  let lab: ServeProcess;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Obj>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const ids: Record<string, string> = {};
  const ok = async (args: string[], who: 'admin' | 'demo' = 'admin') => {
    const r = await os(args, who);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  /** One command line in the lab's host shell (`stacklab shell -c`); its stdout, or a throw with its stderr. */
  const hostShellOut = async (line: string) => {
    const r = await hostShell(lab.dataDir, line);
    if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
    return r.stdout;
  };
  const freeMb = async () => {
    const m = /^Mem:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(await hostShellOut('free -m'))!;
    return { used: Number(m[2]), available: Number(m[6]) };
  };

  const writeKey = async () => {
    const file = join(lab.dataDir, 'k1.pub');
    writeFileSync(file, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvZl9Zr6N2Yc7o0c4m7j8cYl2vJ6uJ2T6Yc1s8lq1pR student@laptop\n');
    return file;
  };

  before(async () => {
    // the seeds' 8 GiB VM, where Horizon's httpd leaves too little for m1.small
    lab = await startServe(tempDir(), undefined, ['--instant', '--host-memory', '7751']);
    await ok(['network', 'create', 'external_network', '--provider-network-type', 'flat', '--provider-physical-network', 'extnet', '--external']);
    await ok(['subnet', 'create', 'public_subnet', '--network', 'external_network', '--subnet-range', '10.0.2.0/24', '--no-dhcp', '--allocation-pool', 'start=10.0.2.100,end=10.0.2.200', '--gateway', '10.0.2.1']);
    ids.intnet = (await json(['network', 'create', 'intnet'])).id;
    ids.subnet1 = (await json(['subnet', 'create', 'subnet1', '--subnet-range', '10.5.5.0/24', '--network', 'intnet'])).id;
    await ok(['router', 'create', 'R2']);
    await ok(['router', 'add', 'subnet', 'R2', 'subnet1']);
    await ok(['router', 'set', 'R2', '--external-gateway', 'external_network']);
    await ok(['security', 'group', 'create', 'allow-icmp-ssh']);
    await ok(['security', 'group', 'rule', 'create', '--protocol', 'icmp', 'allow-icmp-ssh']);
    await ok(['security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'allow-icmp-ssh']);
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, qcow2Image());
    await ok(['keypair', 'create', '--public-key', await writeKey(), 'k1']);
    ids.cirros = (await json(['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--public', '--file', file, 'cirros'])).id;
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it("the seed's first try: httpd eats the host's memory, so the build fails there and the retries are exhausted", async () => {
    const before = await freeMb();
    assert.ok(before.available < 2048, `available ${before.available}`);
    const created = await json(['server', 'create', '--flavor', 'm1.small', '--image', 'cirros', '--network', 'intnet', 'test-instance']);
    const s = await json(['server', 'show', created.id]);
    assert.equal(s.status, 'ERROR');
    assert.equal(s.fault.message, `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${created.id}.`);
    assert.equal(s.fault.code, 500);
    const log = readFileSync(join(lab.dataDir, 'hostfs', 'var', 'log', 'nova', 'nova-compute.log'), 'utf8');
    assert.match(log, /ERROR nova\.compute\.manager .*Instance failed to spawn: libvirt\.libvirtError: .*Cannot allocate memory/);
    // placement thought it fit; nothing stays claimed or plugged
    const ports = await json<Obj[]>(['port', 'list', '--device-owner', 'compute:nova']);
    assert.equal(ports.length, 0);
    await ok(['server', 'delete', created.id]);
    // the seed's fix: stop Horizon's httpd and try again
    await hostShellOut('systemctl stop httpd');
    assert.ok((await freeMb()).available >= 2048);
    ids.usedBefore = String((await freeMb()).used);
  });

  it('creates test-instance on intnet: ACTIVE with an address in subnet1, its port bound to the host', async () => {
    const created = await json(['server', 'create', '--flavor', 'm1.small', '--image', 'cirros', '--network', 'intnet', '--security-group', 'allow-icmp-ssh', '--key-name', 'k1', 'test-instance']);
    ids.server = created.id;
    assert.match(created.adminPass, /^\w{12}$/);
    const s = await json(['server', 'show', 'test-instance']);
    assert.equal(s.status, 'ACTIVE');
    assert.equal(s['OS-EXT-STS:vm_state'], 'active');
    assert.equal(s['OS-EXT-STS:power_state'], 1);
    assert.equal(s['OS-EXT-SRV-ATTR:host'], 'localhost');
    assert.equal(s['OS-EXT-AZ:availability_zone'], 'nova');
    assert.match(JSON.stringify(s.addresses), /intnet.*10\.5\.5\.\d+/);
    assert.match(String(s.flavor), /m1\.small/);
    assert.match(String(s.image), /cirros/);
    assert.match(JSON.stringify(s.security_groups), /allow-icmp-ssh/);
    assert.equal(s.key_name, 'k1');
    const ports = await json<Obj[]>(['port', 'list', '--server', 'test-instance', '--long']);
    assert.equal(ports.length, 1);
    assert.equal(ports[0].Status, 'ACTIVE');
    const port = await json(['port', 'show', ports[0].ID]);
    assert.equal(port.device_owner, 'compute:nova');
    assert.equal(port.binding_host_id, 'localhost');
    ids.port = port.id;
    // the instance's qemu process takes the flavor's memory on the host
    assert.equal((await freeMb()).used, Number(ids.usedBefore) + 2048);
  });

  it('lists servers with the seed columns (ID, Name, Status, Networks, Image, Flavor)', async () => {
    const r = await ok(['server', 'list']);
    const header = r.stdout.split('\n')[1];
    assert.match(header, /\| ID\s+\| Name\s+\| Status\s+\| Networks\s+\| Image\s+\| Flavor\s+\|/);
    assert.match(r.stdout, new RegExp(`${ids.server} \\| test-instance \\| ACTIVE \\| intnet=10\\.5\\.5\\.\\d+\\s+\\| cirros \\| m1\\.small`));
    const demoList = await json<Obj[]>(['server', 'list'], 'demo');
    assert.equal(demoList.length, 0);
    const all = await json<Obj[]>(['server', 'list', '--all-projects']);
    assert.equal(all.length, 1);
  });

  it('associates a floating IP with `server add floating ip`', async () => {
    const fip = await json(['floating', 'ip', 'create', 'external_network']);
    await ok(['server', 'add', 'floating', 'ip', 'test-instance', fip.floating_ip_address]);
    const s = await json(['server', 'show', 'test-instance']);
    assert.ok(JSON.stringify(s.addresses).includes(fip.floating_ip_address));
    const shown = await json(['floating', 'ip', 'show', fip.floating_ip_address]);
    assert.equal(shown.port_id, ids.port);
    ids.fip = fip.floating_ip_address;
  });

  it('reboot, stop, start, pause, unpause, suspend, resume move through the states', async () => {
    const status = async () => (await json(['server', 'show', 'test-instance'])).status;
    await ok(['server', 'reboot', 'test-instance']);
    assert.equal(await status(), 'ACTIVE');
    await ok(['server', 'stop', 'test-instance']);
    assert.equal(await status(), 'SHUTOFF');
    const again = await os(['server', 'stop', 'test-instance']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, new RegExp(`Cannot 'stop' instance ${ids.server} while it is in vm_state stopped \\(HTTP 409\\)`));
    await ok(['server', 'start', 'test-instance']);
    assert.equal(await status(), 'ACTIVE');
    await ok(['server', 'pause', 'test-instance']);
    assert.equal(await status(), 'PAUSED');
    await ok(['server', 'unpause', 'test-instance']);
    await ok(['server', 'suspend', 'test-instance']);
    assert.equal(await status(), 'SUSPENDED');
    await ok(['server', 'resume', 'test-instance']);
    await ok(['server', 'reboot', '--hard', 'test-instance']);
    assert.equal(await status(), 'ACTIVE');
  });

  it('rebuilds, resizes (VERIFY_RESIZE, confirm), shelves and unshelves', async () => {
    await ok(['server', 'rebuild', '--image', 'cirros', 'test-instance']);
    assert.equal((await json(['server', 'show', 'test-instance'])).status, 'ACTIVE');
    // same host (all-in-one): during VERIFY_RESIZE the host holds both flavors, so a 40 GB m1.medium
    // would not fit next to m1.small on the 49 GB disk; a flavor with more RAM and CPUs does
    await ok(['flavor', 'create', '--ram', '3072', '--vcpus', '2', '--disk', '20', 'm1.small-plus']);
    await ok(['server', 'resize', '--flavor', 'm1.small-plus', 'test-instance']);
    let s = await json(['server', 'show', 'test-instance']);
    assert.equal(s.status, 'VERIFY_RESIZE');
    assert.match(String(s.flavor), /m1\.small-plus/);
    await ok(['server', 'resize', 'confirm', 'test-instance']);
    s = await json(['server', 'show', 'test-instance']);
    assert.equal(s.status, 'ACTIVE');
    await ok(['server', 'shelve', 'test-instance']);
    s = await json(['server', 'show', 'test-instance']);
    assert.equal(s.status, 'SHELVED_OFFLOADED');
    assert.equal(s['OS-EXT-SRV-ATTR:host'], null);
    await ok(['server', 'unshelve', 'test-instance']);
    s = await json(['server', 'show', 'test-instance']);
    assert.equal(s.status, 'ACTIVE');
    assert.equal(s['OS-EXT-SRV-ATTR:host'], 'localhost');
  });

  it('shows the console log (os-getConsoleOutput) with the login prompt', async () => {
    const r = await ok(['console', 'log', 'show', '--lines', '5', 'test-instance']);
    assert.match(r.stdout, /test-instance login:/);
    assert.ok(r.stdout.trimEnd().split('\n').length <= 5);
  });

  it('lists the instance actions with `server event list`', async () => {
    const events = await json<Obj[]>(['server', 'event', 'list', 'test-instance']);
    const actions = events.map((e) => e.Action);
    for (const a of ['create', 'reboot', 'stop', 'start', 'pause', 'unpause', 'suspend', 'resume', 'rebuild', 'resize', 'confirmResize', 'shelve', 'unshelve']) assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
    const create = events.find((e) => e.Action === 'create')!;
    const shown = await json(['server', 'event', 'show', 'test-instance', create['Request ID']]);
    assert.match(JSON.stringify(shown.events), /compute__do_build_and_run_instance/);
  });

  it('sets and unsets properties, tags (2.26) and the description (2.19); locks with a reason (2.73)', async () => {
    await ok(['server', 'set', '--property', 'owner=student', '--property', 'lab=nova', 'test-instance']);
    await ok(['server', 'unset', '--property', 'lab', 'test-instance']);
    await ok(['--os-compute-api-version', '2.26', 'server', 'set', '--tag', 'web', 'test-instance']);
    await ok(['--os-compute-api-version', '2.19', 'server', 'set', '--description', 'the seed VM', 'test-instance']);
    await ok(['--os-compute-api-version', '2.73', 'server', 'lock', '--reason', 'exam in progress', 'test-instance']);
    const s = await json(['--os-compute-api-version', '2.73', 'server', 'show', 'test-instance']);
    assert.deepEqual(s.properties, { owner: 'student' });
    assert.deepEqual(s.tags, ['web']);
    assert.equal(s.description, 'the seed VM');
    assert.equal(s.locked, true);
    assert.equal(s.locked_reason, 'exam in progress');
    const demoStop = await os(['server', 'stop', ids.server], 'demo');
    assert.notEqual(demoStop.code, 0, 'demo cannot even see the admin project server');
    await ok(['server', 'unlock', 'test-instance']);
    const ips = await ok(['server', 'list', '--ip', '10.5.5', '-f', 'value', '-c', 'Name']);
    assert.equal(ips.stdout.trim(), 'test-instance');
  });

  it('deleting the server removes its port and frees its placement allocation', async () => {
    await ok(['server', 'delete', 'test-instance']);
    const list = await json<Obj[]>(['server', 'list']);
    assert.equal(list.length, 0);
    const ports = await json<Obj[]>(['port', 'list', '--device-owner', 'compute:nova']);
    assert.equal(ports.length, 0);
    const fip = await json(['floating', 'ip', 'show', ids.fip]);
    assert.equal(fip.port_id, null);
    const deleted = await json<Obj[]>(['server', 'list', '--deleted', '--all-projects']);
    assert.ok(deleted.some((d) => d.ID === ids.server && d.Status === 'DELETED'));
  });

  it('NoValidHost for a flavor larger than the host: ERROR with the fault in `server show`', async () => {
    await ok(['flavor', 'create', '--ram', '32768', '--vcpus', '1', '--disk', '1', 'm1.huge32']);
    await ok(['server', 'create', '--flavor', 'm1.huge32', '--image', 'cirros', '--network', 'intnet', 'too-big']);
    const s = await json(['server', 'show', 'too-big']);
    assert.equal(s.status, 'ERROR');
    assert.match(JSON.stringify(s.fault), /No valid host was found\. There are not enough hosts available\./);
    assert.match(JSON.stringify(s.fault), /"code":500/);
    const log = readFileSync(join(lab.dataDir, 'hostfs', 'var', 'log', 'nova', 'nova-conductor.log'), 'utf8');
    assert.match(log, /WARNING nova\.scheduler\.utils \[None req-[0-9a-f-]+ \w+ \w+ - - default default\] \[instance: [0-9a-f-]+\] Setting instance to ERROR state\.: nova\.exception\.NoValidHost/);
    await ok(['server', 'delete', 'too-big']);
  });

  it('anti-affinity with one host: the second member of the group goes ERROR with NoValidHost', async () => {
    const g = await json(['server', 'group', 'create', '--policy', 'anti-affinity', 'spread']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--hint', `group=${g.id}`, 'spread-1']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--hint', `group=${g.id}`, 'spread-2']);
    assert.equal((await json(['server', 'show', 'spread-1'])).status, 'ACTIVE');
    const second = await json(['server', 'show', 'spread-2']);
    assert.equal(second.status, 'ERROR');
    assert.match(second.fault.message, /^No valid host was found/);
    const log = readFileSync(join(lab.dataDir, 'hostfs', 'var', 'log', 'nova', 'nova-scheduler.log'), 'utf8');
    assert.match(log, new RegExp(`INFO nova\\.filters .*Filtering removed all hosts for the request with instance ID '${second.id}'\\. Filter results: \\[.*'ServerGroupAntiAffinityFilter: \\(start: 1, end: 0\\)'\\]`));
    assert.match(log, /INFO nova\.filters .*Filter ServerGroupAntiAffinityFilter returned 0 hosts/);
    // list filters: status, name regex, paging
    assert.deepEqual((await json<Obj[]>(['server', 'list', '--status', 'ERROR'])).map((x) => x.Name), ['spread-2']);
    assert.deepEqual((await json<Obj[]>(['server', 'list', '--name', '^spread-'])).map((x) => x.Name).sort(), ['spread-1', 'spread-2']);
    assert.equal((await json<Obj[]>(['server', 'list', '--limit', '1'])).length, 1);
    assert.match(JSON.stringify(second.fault), /Traceback/);
    ids.group = g.id;
  });

  it('with a second compute host (stacklab host add) the group spreads over both', async () => {
    const r = await stacklab(['host', 'add', 'compute2', '--ram', '4096', '--vcpus', '2', '--data-dir', lab.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /added compute host compute2/);
    const hypervisors = await json<Obj[]>(['hypervisor', 'list']);
    assert.deepEqual(hypervisors.map((h) => h['Hypervisor Hostname']).sort(), ['compute2', 'localhost']);
    await ok(['server', 'delete', 'spread-2']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'intnet', '--security-group', 'allow-icmp-ssh', '--hint', `group=${ids.group}`, 'spread-3']);
    const third = await json(['server', 'show', 'spread-3']);
    assert.equal(third.status, 'ACTIVE');
    assert.equal(third['OS-EXT-SRV-ATTR:host'], 'compute2');
    // the lab simulates compute2 on the one host: its instance is wired in and answers from the router
    const router = await json(['router', 'show', 'R2']);
    const ip = (third.addresses as Record<string, string[]>).intnet[0];
    assert.match(await hostShellOut(`ip netns exec qrouter-${router.id} ping -c 1 ${ip}`), /1 received/);
    await ok(['server', 'delete', 'spread-1', 'spread-3']);
  });

  it("demo's instance quota: the create past the limit is refused with 403", async () => {
    const demoNet = await json(['network', 'create', 'demo-net'], 'demo');
    await ok(['subnet', 'create', 'demo-sub', '--network', 'demo-net', '--subnet-range', '192.168.50.0/24'], 'demo');
    // a 500 fault's details (the traceback) are for admins only
    const big = await json(['server', 'create', '--flavor', 'm1.huge32', '--image', 'cirros', '--network', demoNet.id, 'demo-big'], 'demo');
    const seenByDemo = await json(['server', 'show', big.id], 'demo');
    assert.equal(seenByDemo.status, 'ERROR');
    assert.equal(seenByDemo.fault.details, undefined);
    assert.match((await json(['server', 'show', big.id])).fault.details, /^Traceback/);
    await ok(['server', 'delete', big.id], 'demo');
    await ok(['quota', 'set', '--instances', '1', 'demo']);
    await ok(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', demoNet.id, 'demo-1'], 'demo');
    const refused = await os(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', demoNet.id, 'demo-2'], 'demo');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Quota exceeded for instances: Requested 1, but already used 1 of 1 instances \(HTTP 403\)/);
    const mine = await json<Obj[]>(['server', 'list'], 'demo');
    assert.deepEqual(mine.map((m) => m.Name), ['demo-1']);
    await ok(['server', 'delete', 'demo-1'], 'demo');
  });

  it('openstacksdk boots, pauses, locks, reads the console of and deletes a server (proxy and cloud layers)', async () => {
    const env: Record<string, string> = {};
    for (const [key, v] of Object.entries(process.env)) if (v !== undefined && !key.startsWith('OS_')) env[key] = v;
    env.OS_CLIENT_CONFIG_FILE = join(lab.dataDir, 'clouds.yaml');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('/usr/bin/python3', [join(repoRoot, 'test', 'api', 'compute-servers-sdk.py'), 'stacklab-admin'], { env, cwd: lab.dataDir, timeout: 180000 }, (err, out, errOut) =>
        err ? reject(new Error(`compute-servers-sdk.py: ${err.message}\n${out}\n${errOut}`)) : resolve(out),
      ),
    );
    const r = JSON.parse(stdout) as Obj;
    assert.equal(r.proxy.status, 'ACTIVE');
    assert.equal(r.proxy.power_state, 1);
    assert.equal(r.proxy.vm_state, 'active');
    assert.equal(r.proxy.flavor_name, 'm1.tiny');
    assert.equal(r.proxy.flavor_ram, 512);
    assert.equal(r.proxy.is_locked, false);
    assert.match(JSON.stringify(r.proxy.addresses), /10\.5\.5\./);
    assert.equal(r.paused, 'PAUSED');
    assert.deepEqual(r.locked, { is_locked: true });
    assert.match(r.console, /login:/);
    assert.deepEqual(r.actions, ['create', 'lock', 'pause', 'unlock', 'unpause']);
    assert.equal(r.start_active.status_code, 409);
    assert.match(r.start_active.message, /Cannot 'start' instance [0-9a-f-]+ while it is in vm_state active/);
    assert.equal(r.gone, true);
    assert.equal(r.cloud.status, 'ACTIVE');
    assert.match(r.cloud.private_v4, /^10\.5\.5\./);
    assert.equal(r.cloud_deleted, true);
  });

  it('placement usage is back to 0 on every compute node once the servers are gone', async () => {
    assert.equal((await json<Obj[]>(['server', 'list', '--all-projects'])).length, 0);
    // placement: nothing is allocated on any compute node any more
    const providers = await json<Obj[]>(['resource', 'provider', 'list']);
    assert.ok(providers.length >= 1);
    for (const p of providers) {
      const usage = await json<Obj[]>(['resource', 'provider', 'usage', 'show', p.uuid]);
      for (const u of usage) assert.equal(u.usage, 0, `${p.name} ${u.resource_class}`);
    }
  });
});
