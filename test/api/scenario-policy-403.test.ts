import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doctorJson, hostShell, type Json, openstack, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/** policy-403: the demo user's `openstack hypervisor list`; solved by running it with admin credentials. */
describe('scenario policy-403 (real CLI + host shell)', () => {
  let lab: ServeProcess;

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it("demo gets Nova's 403; the doctor names the rule and demo's roles; the same call as admin solves it", async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'policy-403']);
    const asDemo = await openstack(lab.dataDir, ['hypervisor', 'list'], { who: 'demo' });
    assert.notEqual(asDemo.code, 0);
    assert.match(asDemo.stderr, /Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed\. \(HTTP 403\)/);
    const logged = await hostShell(lab.dataDir, `grep "Policy doesn't allow" /var/log/nova/nova-api.log`);
    assert.match(logged.stdout, /INFO nova\.api\.openstack\.wsgi \[None req-\S+ [0-9a-f]{32} [0-9a-f]{32} - - default default\] HTTP exception thrown: Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed\.\n/);

    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(d.findings.map((f) => f.id), ['policy-refused'], JSON.stringify(d.findings, null, 2));
    const f = d.findings[0];
    assert.equal(f.symptom, `"GET /v2.1/os-hypervisors/detail" by user demo failed with HTTP 403 "Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed."`);
    assert.equal(f.cause, "User demo is assigned the role(s) member on project demo, not admin: Nova's policy rule os_compute_api:os-hypervisors:list-detail refused the token.");
    assert.equal(f.fix[0], 'source keystonerc_admin   (then run the command again as admin)');
    assert.match(f.fix[1] as string, /^openstack role add --user demo --project demo admin /);
    assert.equal(d.scenario?.solved, false);

    // an unrelated admin call does not solve it; the refused one, run as admin, does
    assert.equal((await openstack(lab.dataDir, ['flavor', 'list'])).code, 0);
    assert.deepEqual((await doctorJson(lab.dataDir)).findings.map((x) => x.id), ['policy-refused']);
    const asAdmin = await hostShell(lab.dataDir, 'source keystonerc_admin; openstack hypervisor list');
    assert.equal(asAdmin.code, 0, asAdmin.stderr);
    assert.match(asAdmin.stdout, /Hypervisor Hostname/);
    assert.deepEqual((await doctorJson(lab.dataDir)).findings, []);
    const st = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(st.name, 'policy-403');
    assert.equal(st.solved, true);
  });
});
