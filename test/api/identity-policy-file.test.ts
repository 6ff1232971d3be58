import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, passwordToken, rcEnv, startInProcessLab } from '../support/lab';

/** Like the seed's policy.json: an operator override takes effect without a restart. */
describe('identity policy overrides (DIR/policy/keystone.yaml)', () => {
  let lab: InProcessLab;
  let demoToken: string;
  const listUsers = () => fetch(`${lab.keystoneUrl}/v3/users`, { headers: { 'X-Auth-Token': demoToken } });
  const waitFor = async (status: number) => {
    let last = 0;
    for (let i = 0; i < 40; i++) {
      last = (await listUsers()).status;
      if (last === status) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  };

  before(async () => {
    lab = await startInProcessLab();
    demoToken = await passwordToken(lab.keystoneUrl, 'demo', rcEnv(lab.dataDir, 'demo').OS_PASSWORD, 'demo');
  });
  after(async () => lab.stop());

  it('denies the demo member by default with Keystone\'s message', async () => {
    const res = await listUsers();
    assert.equal(res.status, 403);
    const body = (await res.json()) as { error: { code: number; title: string; message: string } };
    assert.deepEqual(body.error, { code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action: identity:list_users.' });
  });

  it('applies a rule written to the policy file while running, and drops it when removed', async () => {
    mkdirSync(join(lab.dataDir, 'policy'), { recursive: true });
    writeFileSync(join(lab.dataDir, 'policy', 'keystone.yaml'), '"identity:list_users": "role:member"\n');
    assert.equal(await waitFor(200), 200);
    writeFileSync(join(lab.dataDir, 'policy', 'keystone.yaml'), 'this: is: not: yaml: [\n');
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal((await listUsers()).status, 200, 'a broken file keeps the last good rules');
    rmSync(join(lab.dataDir, 'policy', 'keystone.yaml'));
    assert.equal(await waitFor(403), 403);
  });
});
