import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** The l3-agent-down scenario: the doctor names it, starting it solves it. */
describe('scenario l3-agent-down (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const sl = (args: string[]) => stacklabOk(lab.dataDir, args);
  const doctor = () => doctorJson(lab.dataDir);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('start stops the agent: the doctor finds it, systemctl start solves it', async () => {
    await sl(['scenario', 'start', 'l3-agent-down']);
    const d = await doctor();
    assert.deepEqual(d.findings.map((f) => f.cause), ['neutron-l3-agent is inactive on the host.']);
    const r = await hostShell(lab.dataDir, 'systemctl start neutron-l3-agent');
    assert.equal(r.code, 0, r.stderr);
    const after2 = await doctor();
    assert.deepEqual(after2.findings, []);
    assert.equal(after2.scenario?.solved, true);
  });
});
