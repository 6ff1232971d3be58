import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { qcow2Image } from '../support/images';
import { hostShell, type Json, openstack, openstackJson, type ServeProcess, stacklab, startServe, tempDir, doctorJson, stacklabOk } from '../support/lab';

/**
 * The novalidhost scenario end to end on a fresh instant lab: the doctor finds nothing, the
 * scenario shrinks the host to the seeds' 8 GiB VM with httpd running, m1.small fails, the doctor
 * names httpd, the student stops it, the doctor is clean and the scenario is solved.
 */
describe('scenario novalidhost (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const sl = (args: string[]) => stacklabOk(lab.dataDir, args);
  const doctor = () => doctorJson(lab.dataDir);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('a healthy lab: the doctor reports nothing; scenario list names the scenarios', async () => {
    assert.deepEqual((await doctor()).findings, []);
    const list = JSON.parse((await stacklab(['scenario', 'list', '--json'])).stdout) as Json[];
    assert.ok(list.some((s) => s.name === 'novalidhost'));
  });

  it('start breaks the lab: m1.small goes to ERROR and the doctor blames httpd', async () => {
    assert.match(await sl(['scenario', 'start', 'novalidhost']), /Scenario novalidhost started/);
    const status = JSON.parse(await sl(['scenario', 'status', '--json'])) as Json;
    assert.equal(status.name, 'novalidhost');
    assert.equal(status.solved, false);
    assert.equal(status.hintsUsed, 0);

    const net = await openstackJson<Json>(lab.dataDir, ['network', 'show', 'scenario-net']);
    assert.ok(net.id);
    // the student's CirrOS, then m1.small on the scenario's network
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, qcow2Image());
    const img = await openstackJson<Json>(lab.dataDir, ['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', file, 'cirros']);
    await openstack(lab.dataDir, ['server', 'create', '--flavor', 'm1.small', '--image', img.id as string, '--network', 'scenario-net', '--wait', 'vm1']);
    const shown = await openstackJson<Json>(lab.dataDir, ['server', 'show', 'vm1']);
    assert.equal(shown.status, 'ERROR');
    assert.match(JSON.stringify(shown.fault), /No valid host was found|Exceeded maximum number of retries/);

    const d = await doctor();
    const f = d.findings.find((x) => x.id === 'host-memory-for-flavors');
    assert.ok(f, JSON.stringify(d.findings));
    assert.match(f.cause as string, /httpd holds the memory/);
    assert.deepEqual(f.fix, ['systemctl stop httpd', 'free -m']);
    assert.ok((f.evidence as Json[]).some((e) => e.command === 'free -m' && /^Mem:/m.test(e.output as string)));
    assert.equal(d.scenario?.solved, false);
  });

  it('hints come in three steps, then stay at the answer', async () => {
    assert.match(await sl(['scenario', 'hint']), /^Hint 1\/3: /);
    assert.match(await sl(['scenario', 'hint']), /^Hint 2\/3: .*free -m/);
    assert.match(await sl(['scenario', 'hint']), /^Hint 3\/3: .*systemctl stop httpd/);
    assert.match(await sl(['scenario', 'hint']), /^Hint 3\/3: /);
  });

  it("the student's fix: systemctl stop httpd; the doctor is clean and the scenario solved", async () => {
    const r = await hostShell(lab.dataDir, 'systemctl stop httpd');
    assert.equal(r.code, 0, r.stderr);
    const d = await doctor();
    assert.deepEqual(d.findings, []);
    assert.equal(d.scenario?.solved, true);
    const status = JSON.parse(await sl(['scenario', 'status', '--json'])) as Json;
    assert.equal(status.solved, true);
    assert.equal(status.hintsUsed, 3);
    assert.equal(typeof status.solveSeconds, 'number');
    assert.ok(status.solvedAt);
    assert.match(await sl(['scenario', 'stop']), /Scenario novalidhost stopped/);
  });
});
