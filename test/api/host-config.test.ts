import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hostShell, type ServeProcess, stacklab, startServe, tempDir } from '../support/lab';

const shell = async (dataDir: string, line: string) => {
  const r = await hostShell(dataDir, line);
  if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
  return r.stdout;
};

/** The sim host's NIC, address and gateway are the seed's by default and configurable at `serve`. */
describe('sim host network facts', () => {
  let lab: ServeProcess | undefined;
  after(async () => {
    if (lab) await lab.stop();
  });

  it('defaults to enp0s3 with 10.0.2.15/24 on br-ex and 10.0.2.1 upstream', async () => {
    const dir = tempDir();
    lab = await startServe(dir);
    const addr = await shell(dir, 'ip a');
    assert.match(addr, /inet 10\.0\.2\.15\/24 brd 10\.0\.2\.255 scope global br-ex/);
    assert.match(addr, /: enp0s3: /);
    assert.match(await shell(dir, 'ip route'), /^default via 10\.0\.2\.1 dev br-ex/m);
    await lab.stop();
    // restarting with other facts reconfigures the same lab's host
    lab = await startServe(dir, undefined, ['--host-nic', 'eth1', '--host-cidr', '10.0.3.15/24', '--host-gateway', '10.0.3.1']);
    const again = await shell(dir, 'ip a');
    assert.match(again, /inet 10\.0\.3\.15\/24 brd 10\.0\.3\.255 scope global br-ex/);
    assert.match(again, /: eth1: /);
    assert.doesNotMatch(again, /enp0s3/);
    assert.match(await shell(dir, 'ip route'), /^default via 10\.0\.3\.1 dev br-ex/m);
    assert.match(await shell(dir, 'ovs-vsctl list-ports br-ex'), /^eth1$/m);
  });

  it('refuses a malformed address before starting', async () => {
    const r = await stacklab(['serve', '--data-dir', tempDir(), '--host-cidr', '10.0.2.15']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /must be an IPv4 address with its prefix/);
  });
});
