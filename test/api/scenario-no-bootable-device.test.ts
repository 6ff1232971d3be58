import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type Json, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

const URL = 'https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const IMG = 'cirros-0.6.2-x86_64-disk.img';

/** The no-bootable-device scenario: the curl -o image, found by the doctor, fixed with curl -L. */
describe('scenario no-bootable-device (real CLI + host shell)', () => {
  let lab: ServeProcess;
  const sl = (args: string[]) => stacklabOk(lab.dataDir, args);
  const sh = async (line: string) => {
    const r = await hostShell(lab.dataDir, `source /root/keystonerc_admin && ${line}`);
    assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    return r.stdout;
  };
  const doctor = () => doctorJson(lab.dataDir);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('start uploads the HTML page as qcow2; the doctor says so', async () => {
    assert.deepEqual((await doctor()).findings, []);
    await sl(['scenario', 'start', 'no-bootable-device']);
    const d = await doctor();
    assert.deepEqual(d.findings.map((f) => f.id), ['image-format-mismatch']);
    assert.match(d.findings[0].cause as string, /^Image cirros is declared qcow2 but its \d+ bytes are not a qcow2 disk/);
    assert.equal(d.scenario?.solved, false);
  });

  it("the student's fix: delete, download with -L, create again; solved", async () => {
    await sh('openstack image delete cirros');
    await sh(`rm ${IMG} && curl -L -o ${IMG} ${URL}`);
    await sh(`openstack image create --disk-format qcow2 --container-format bare --public --file ${IMG} cirros`);
    const d = await doctor();
    assert.deepEqual(d.findings, []);
    assert.equal(d.scenario?.solved, true);
    const status = JSON.parse(await sl(['scenario', 'status', '--json'])) as Json;
    assert.equal(status.name, 'no-bootable-device');
    assert.equal(status.solved, true);
  });
});
