/**
 * The host side of the seeds' image chapter on a real `stacklab serve`: the host's files live in
 * `<dataDir>/hostfs/` (root's home holds the keystonerc files), `curl -o` without -L saves the
 * redirect page, `wget` the qcow2, both where `openstack image create --file` will read them;
 * `ssh` and `stacklab console` say what is missing when there is nothing to reach.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostShell, type ServeProcess, stacklab, startServe, tempDir } from '../support/lab';

const URL_HTTPS = 'https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const URL_HTTP = 'http://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const IMG = 'cirros-0.6.2-x86_64-disk.img';

describe('host files and downloads on a served lab', () => {
  let lab: ServeProcess;
  let dataDir: string;
  const sh = (line: string) => hostShell(dataDir, line);

  before(async () => {
    dataDir = tempDir('stacklab-guest-dl-');
    lab = await startServe(dataDir);
  });
  after(async () => {
    await lab?.stop();
  });

  it("root's home holds the lab's keystonerc files, and source still works", async () => {
    const ls = await sh('ls');
    assert.equal(ls.code, 0);
    for (const f of ['keystonerc_admin', 'keystonerc_demo']) assert.ok(ls.stdout.includes(f), ls.stdout);
    assert.equal(readFileSync(join(dataDir, 'hostfs', 'root', 'keystonerc_admin'), 'utf8'), readFileSync(join(dataDir, 'keystonerc_admin'), 'utf8'));
    const env = await sh('source keystonerc_admin && echo $OS_USERNAME');
    assert.equal(env.stdout, 'admin\n');
  });

  it('curl -o without -L saves the HTML redirect page into hostfs/root; wget saves the qcow2', async () => {
    const c = await sh(`curl -o ./${IMG} ${URL_HTTPS}`);
    assert.equal(c.code, 0);
    assert.match(c.stderr, /% Total/);
    const html = readFileSync(join(dataDir, 'hostfs', 'root', IMG), 'utf8');
    assert.match(html, /302 Found/);
    const rm = await sh(`rm ${IMG} && wget ${URL_HTTP}`);
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stderr, /saved \[393216\/393216\]/);
    const img = readFileSync(join(dataDir, 'hostfs', 'root', IMG));
    assert.equal(img.subarray(0, 4).toString('latin1'), 'QFI\xfb');
    const ll = await sh(`ls -l ${IMG}`);
    assert.match(ll.stdout, /^-rw-r--r--\. 1 root root 393216 .* cirros-0\.6\.2-x86_64-disk\.img\n$/);
    const up = await sh('cd .. && cd .. && cd .. && pwd && ls');
    assert.equal(up.stdout.split('\n')[0], '/');
  });

  it('ssh to an address nobody answers; stacklab console for a server that does not exist', async () => {
    const s = await sh('ssh cirros@10.0.2.250');
    assert.equal(s.code, 255);
    assert.equal(s.stderr, 'ssh: connect to host 10.0.2.250 port 22: No route to host\n');
    const c = await stacklab(['console', 'no-such-server', '--data-dir', dataDir]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /No server with a name or ID of 'no-such-server' exists\./);
  });
});
