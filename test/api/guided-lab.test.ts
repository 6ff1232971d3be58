import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostShell, stacklab, startServe, tempDir, type ServeProcess } from '../support/lab';

// The PackStack walkthrough as a guided lab, followed in the host shell with the real openstack CLI
// exactly as the study notes do; `stacklab lab check` must refuse each step until its work is done
// (with the failing check named), then move on; hints come in three levels; `lab reset` puts the
// lab back to the start of the current step.

describe('guided lab: packstack-walkthrough', () => {
  let lab: ServeProcess;
  const IMG = 'cirros-0.6.2-x86_64-disk.img';
  const sh = (line: string) => hostShell(lab.dataDir, `source keystonerc_admin && ${line}`);
  const ok = async (line: string) => {
    const r = await sh(line);
    assert.equal(r.code, 0, `${line}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const labCli = (...args: string[]) => stacklab(['lab', ...args, '--data-dir', lab.dataDir]);
  const check = async () => {
    const r = await labCli('check', '--json');
    return { code: r.code, ...(JSON.parse(r.stdout) as { results: { id: string; ok: boolean; checks: { what: string; ok: boolean; detail?: string }[] }[]; step: string | null; done: boolean }) };
  };

  before(async () => {
    lab = await startServe(tempDir('stacklab-guided-'), undefined, ['--instant']);
  });

  after(async () => {
    await lab?.stop();
  });

  it('lists the lab and starts it at the identity step', async () => {
    const list = await labCli('list');
    assert.match(list.stdout, /\| packstack-walkthrough \| PackStack walkthrough .* \| 7 +\| not started/);
    const start = await labCli('start', 'packstack-walkthrough');
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /Step 1\/7: A project and a user of your own/);
  });

  it('refuses the identity step until the project, the user and both roles exist', async () => {
    const first = await check();
    assert.equal(first.code, 1);
    assert.equal(first.step, 'identity');
    assert.deepEqual(
      first.results[0].checks.map((c) => c.ok),
      [false, false, false, false],
    );
    await ok(`openstack project create newProject && openstack project set --description "for testing purpose" newProject`);
    await ok('openstack user create --project newProject --password secret developer1');
    await ok('openstack role add --project newProject --user developer1 admin');
    const partial = await check();
    assert.equal(partial.step, 'identity');
    assert.deepEqual(
      partial.results[0].checks.map((c) => c.ok),
      [true, true, true, false],
    );
    await ok('openstack role add --project newProject --user developer1 _member_');
    const passed = await check();
    assert.equal(passed.results[0].ok, true);
    assert.equal(passed.step, 'image');
  });

  it('gives three levels of hints and counts them', async () => {
    const hints = [];
    for (let i = 0; i < 3; i++) hints.push((await labCli('hint')).stdout);
    assert.match(hints[0], /^Hint 1\/3 for "A CirrOS image in Glance": .*size/);
    assert.match(hints[1], /^Hint 2\/3 .*wget http/);
    assert.match(hints[2], /^Hint 3\/3 .*openstack image create/);
    const status = JSON.parse((await labCli('status', '--json')).stdout) as { step: string; progress: Record<string, { hintsUsed: number }> };
    assert.equal(status.step, 'image');
    assert.equal(status.progress.image.hintsUsed, 3);
  });

  it("refuses the curl -o image (the 302 page), takes wget's", async () => {
    await ok(`curl -o ./${IMG} https://download.cirros-cloud.net/0.6.2/${IMG}`);
    await ok(`openstack image create --disk-format qcow2 --container-format bare --public --file ./${IMG} cirros`);
    const bad = await check();
    assert.equal(bad.step, 'image');
    assert.deepEqual(
      bad.results[0].checks.map((c) => c.ok),
      [true, false],
    );
    await ok(`openstack image delete cirros && rm ${IMG} && wget http://download.cirros-cloud.net/0.6.2/${IMG}`);
    await ok(`openstack image create --disk-format qcow2 --container-format bare --public --file ./${IMG} cirros`);
    const good = await check();
    assert.equal(good.results[0].ok, true, JSON.stringify(good.results));
    assert.equal(good.step, 'network');
  });

  it('lab reset puts the lab back at the start of the network step', async () => {
    await ok('openstack network create wrong-net');
    const reset = await labCli('reset');
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /back at the start of step "A tenant network and a router"/);
    const nets = await ok('openstack network list -f value -c Name');
    assert.doesNotMatch(nets, /wrong-net/);
    // what the earlier steps made is still there, and the hints stay counted
    assert.match(await ok('openstack image list -f value -c Name'), /^cirros$/m);
    const status = JSON.parse((await labCli('status', '--json')).stdout) as { step: string; progress: Record<string, { hintsUsed: number }> };
    assert.equal(status.step, 'network');
    assert.equal(status.progress.image.hintsUsed, 3);
  });

  it('network, instance and reach steps pass as the notes do them, and the lab is done', async () => {
    await ok('openstack network create intnet');
    await ok('openstack subnet create subnet1 --subnet-range 10.5.5.0/24 --dns-nameserver 8.8.8.8 --network intnet');
    await ok('openstack router create R2');
    const noInterface = await check();
    assert.equal(noInterface.step, 'network');
    assert.match(noInterface.results[0].checks.find((c) => !c.ok)?.what ?? '', /R2 has an interface on subnet1/);
    await ok('openstack router add subnet R2 subnet1');
    assert.equal((await check()).step, 'instance');

    await ok('openstack security group create allow-icmp-ssh --description "Allow ICMP and SSH (TCP:22)"');
    await ok('openstack security group rule create --remote-ip 0.0.0.0/0 --protocol icmp allow-icmp-ssh');
    await ok('openstack server create --flavor m1.small --image cirros --network intnet --security-group allow-icmp-ssh --wait test-instance');
    const noSsh = await check();
    assert.equal(noSsh.step, 'instance');
    assert.deepEqual(
      noSsh.results[0].checks.map((c) => c.ok),
      [true, false, true],
    );
    await ok('openstack security group rule create --remote-ip 0.0.0.0/0 --protocol tcp --dst-port 22 allow-icmp-ssh');
    const reach = await check();
    assert.equal(reach.step, 'reach');
    // pinging from the router works already; no floating IP yet
    assert.deepEqual(
      reach.results.at(-1)!.checks.map((c) => c.ok),
      [true, false, false],
    );

    await ok('openstack network create external_network --provider-network-type flat --provider-physical-network extnet --external');
    await ok('openstack subnet create public_subnet --network external_network --subnet-range 10.0.2.0/24 --no-dhcp --allocation-pool start=10.0.2.100,end=10.0.2.200 --gateway 10.0.2.1');
    await ok('openstack router set --external-gateway external_network R2');
    const fip = (await ok('openstack floating ip create external_network -f value -c floating_ip_address')).trim();
    await ok(`openstack server add floating ip test-instance ${fip}`);
    const reached = await check();
    assert.equal(reached.results.find((r) => r.id === 'reach')?.ok, true, JSON.stringify(reached.results));
    // passing "reach" begins the first troubleshooting step: the lab is broken now
    assert.equal(reached.step, 'novalidhost');
  });

  it('troubleshooting NoValidHost: the boot fails until httpd stops, then the step passes', async () => {
    // OSC 6.0 prints "Error creating server" and still exits 0: the status tells
    const failed = await sh('openstack server create --flavor m1.small --image cirros --network intnet --wait test-instance2');
    assert.match(failed.stdout + failed.stderr, /Error creating server/);
    assert.match(await ok('openstack server show test-instance2 -f value -c status'), /^ERROR$/m);
    const broken = await check();
    assert.equal(broken.step, 'novalidhost');
    assert.deepEqual(
      broken.results[0].checks.map((c) => c.ok),
      [false],
    );
    assert.match(await ok('systemctl status httpd'), /active \(running\)/);
    await ok('systemctl stop httpd');
    await ok('openstack server delete --wait test-instance2');
    await ok('openstack server create --flavor m1.small --image cirros --network intnet --wait test-instance2');
    const fixed = await check();
    assert.equal(fixed.results[0].ok, true, JSON.stringify(fixed.results));
    assert.equal(fixed.step, 'no-bootable-device');
  });

  it('troubleshooting No bootable device: the curl -o image is refused until it is replaced and the server rebuilt', async () => {
    // the step replaced cirros with the redirect page curl -o saved
    assert.match(await ok('openstack image show cirros -f value -c size'), /^\d{1,5}$/m);
    await ok('openstack server create --flavor m1.tiny --image cirros --network intnet --wait test-instance3');
    const broken = await check();
    assert.equal(broken.step, 'no-bootable-device');
    assert.deepEqual(
      broken.results[0].checks.map((c) => c.ok),
      [false, true],
    );
    await ok(`openstack image delete cirros && rm -f ${IMG} && wget http://download.cirros-cloud.net/0.6.2/${IMG}`);
    await ok(`openstack image create --disk-format qcow2 --container-format bare --public --file ${IMG} cirros`);
    const imageOnly = await check();
    // the image is right now, but test-instance3 still runs the old one
    assert.deepEqual(
      imageOnly.results[0].checks.map((c) => c.ok),
      [true, false],
    );
    await ok('openstack server delete --wait test-instance3');
    await ok('openstack server create --flavor m1.tiny --image cirros --network intnet --wait test-instance3');
    const done = await check();
    assert.equal(done.code, 0, JSON.stringify(done.results));
    assert.equal(done.done, true);
    const list = await labCli('list');
    assert.match(list.stdout, /\| packstack-walkthrough \| .* \| 7\/7 \(active\)/);
  });
});
