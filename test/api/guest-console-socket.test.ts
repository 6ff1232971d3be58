/**
 * `stacklab console` against a running engine: a guest booted on the engine's GuestManager (as
 * Nova will), reached through the control socket by the real CLI in line mode — log in as
 * cirros/gocubsgo, run commands, read the console log with --log.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, repoRoot, startInProcessLab } from '../support/lab';

const SERVER = '3f1c2b7e-9a4d-4e8f-b1c2-7d6e5f4a3b2c';

function consoleCli(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'console', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end(input);
  });
}

describe('stacklab console', () => {
  let lab: InProcessLab;

  before(async () => {
    lab = await startInProcessLab();
    lab.engine.guests!.boot({
      serverId: SERVER,
      hostname: 'console-test',
      imageName: 'cirros',
      inspection: { format: 'qcow2', bootable: true, virtualSize: 117440512 },
      ramMb: 512,
      vcpus: 1,
      diskGb: 1,
      nics: [{ portId: 'p-1', networkId: 'n-1', mac: 'fa:16:3e:00:00:01', ip: '10.5.5.50', prefixLen: 24, gateway: '10.5.5.1', mtu: 1450, dhcp: true }],
    });
    while (!lab.engine.guests!.consoleLog(SERVER)?.endsWith('login: ')) await new Promise((r) => setTimeout(r, 50));
  });
  after(async () => {
    await lab?.stop();
  });

  it('logs in and runs commands over the control socket (line mode)', async () => {
    const r = await consoleCli([SERVER, '--data-dir', lab.dataDir], 'cirros\ngocubsgo\nhostname\nip a\nexit\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^Connected to ${SERVER} \\(${SERVER}\\)\nEscape character is \\^\\]\n`));
    assert.ok(r.stdout.includes('cirros\nPassword: \n$ hostname\nconsole-test\n$ '), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('    inet 10.5.5.50/24 brd 10.5.5.255 scope global dynamic noprefixroute eth0\n'));
    assert.ok(r.stdout.trimEnd().endsWith('console-test login:'), r.stdout.slice(-80));
  });

  it('--log prints the console log, --lines its tail; the session shows in it', async () => {
    const r = await consoleCli([SERVER, '--data-dir', lab.dataDir, '--log'], '');
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes('if-info: eth0,up,10.5.5.50,24,fe80::f816:3eff:fe00:1/64,\n'));
    assert.ok(r.stdout.includes('$ hostname\nconsole-test\n'));
    const tail = await consoleCli([SERVER, '--data-dir', lab.dataDir, '--log', '--lines', '1'], '');
    assert.equal(tail.stdout, 'console-test login: ');
  });
});
