import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type Json, openstack, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** fip-no-gateway: router1 has the private subnet but no external gateway; the floating IP will not attach. */
describe('scenario fip-no-gateway (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const os = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('server add floating ip fails with 404; the doctor names the router; setting its gateway solves it', async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'fip-no-gateway']);
    const add = await openstack(lab.dataDir, ['server', 'add', 'floating', 'ip', 'vm1', '10.0.2.150']);
    assert.notEqual(add.code, 0);
    assert.match(add.stderr, /External network [0-9a-f-]{36} is not reachable from subnet [0-9a-f-]{36}\.\s+Therefore, cannot associate Port [0-9a-f-]{36} with a Floating IP\./);

    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(d.findings.map((f) => f.id), ['router-no-gateway'], JSON.stringify(d.findings, null, 2));
    const f = d.findings[0];
    assert.equal(f.cause, 'Router router1 has no external gateway (external_gateway_info is empty) although external network public exists.');
    assert.deepEqual(f.fix, ['openstack router set --external-gateway public router1', 'openstack server add floating ip <server> <floating IP>']);
    assert.match((f.evidence as Json[])[0].command as string, /^openstack router show [0-9a-f-]{36} -f json -c name -c interfaces_info -c external_gateway_info$/);
    assert.equal(d.scenario?.solved, false);

    await os(['router', 'set', '--external-gateway', 'public', 'router1']);
    await os(['server', 'add', 'floating', 'ip', 'vm1', '10.0.2.150']);
    const ping = await hostShell(lab.dataDir, 'ping -c 1 -W 1 10.0.2.150');
    assert.equal(ping.code, 0, ping.stdout + ping.stderr);
    const fixed = await doctorJson(lab.dataDir);
    assert.deepEqual(fixed.findings, []);
    const st = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(st.name, 'fip-no-gateway');
    assert.equal(st.solved, true);
  });
});
