import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, type Json, openstack, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** quota-exceeded: the demo project's instance quota set to 1 with one instance running. */
describe('scenario quota-exceeded (real CLI)', () => {
  let lab: ServeProcess;
  const demo = (args: string[]) => openstack(lab.dataDir, args, { who: 'demo' });
  const admin = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const boot = (name: string) => demo(['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'demo-net', '--wait', name]);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it("the demo user's next server create gets Nova's 403; raising the quota solves it", async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'quota-exceeded']);
    const refused = await boot('demo-vm2');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Quota exceeded for instances: Requested 1, but already used 1 of 1 instances \(HTTP 403\)/);

    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(d.findings.map((f) => f.id), ['quota-exhausted'], JSON.stringify(d.findings, null, 2));
    const f = d.findings[0];
    assert.equal(f.cause, 'Project demo has used all of its compute quota: instances 1 of 1.');
    assert.deepEqual(f.fix, ['openstack quota set --instances 10 demo', 'openstack server delete <an instance of demo no longer needed>']);
    assert.equal((f.evidence as Json[])[0].command, 'openstack limits show --absolute --project demo -f json');
    assert.equal(d.scenario?.solved, false);

    await admin(['quota', 'set', '--instances', '10', 'demo']);
    const ok = await boot('demo-vm2');
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((await doctorJson(lab.dataDir)).findings, []);
    const st = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(st.name, 'quota-exceeded');
    assert.equal(st.solved, true);
  });
});
