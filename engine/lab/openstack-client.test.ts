import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { execOpenstack, realOpenstack } from './openstack-client';

// The fork server must answer exactly as /usr/bin/openstack does: same output, exit code, environment and cwd.
describe('openstack from the fork server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the shell environment: configuration show names the user and auth URL it was given', async () => {
    const env = { OS_USERNAME: 'alice', OS_AUTH_URL: 'http://127.0.0.1:1/v3' };
    const [fork, exe] = await Promise.all([realOpenstack(['configuration', 'show', '-f', 'json'], env), execOpenstack(['configuration', 'show', '-f', 'json'], env)]);
    assert.equal(fork.code, 0, fork.stderr);
    const shown = JSON.parse(fork.stdout) as Record<string, unknown>;
    assert.equal(shown.username, 'alice');
    assert.equal(shown.auth_url, 'http://127.0.0.1:1/v3');
    assert.deepEqual(shown, JSON.parse(exe.stdout));
  });

  test('a command the client does not know: the same message and exit code 2 as the executable', async () => {
    const [fork, exe] = await Promise.all([realOpenstack(['nosuch'], {}), execOpenstack(['nosuch'], {})]);
    assert.equal(fork.code, 2);
    assert.equal(fork.code, exe.code);
    assert.match(fork.stdout, /^openstack: 'nosuch' is not an openstack command/);
    assert.equal(fork.stderr, exe.stderr);
    assert.equal(fork.stdout, exe.stdout);
  });

  test('runs in the given directory, and one command does not leak its environment into the next', async () => {
    writeFileSync(join(dir, 'clouds.yaml'), 'clouds:\n  here:\n    auth:\n      auth_url: http://127.0.0.1:2/v3\n      username: bob\n');
    const first = await realOpenstack(['--os-cloud', 'here', 'configuration', 'show', '-f', 'json'], { OS_CLIENT_CONFIG_FILE: './clouds.yaml' }, { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as Record<string, string>)['auth.username'], 'bob');
    const second = await realOpenstack(['configuration', 'show', '-f', 'json'], {});
    assert.equal((JSON.parse(second.stdout) as { username?: string }).username, undefined);
  });

  test('several commands at once each get their own answer', async () => {
    const users = ['u1', 'u2', 'u3', 'u4'];
    const rs = await Promise.all(users.map((u) => realOpenstack(['configuration', 'show', '-f', 'json', '-c', 'username'], { OS_USERNAME: u })));
    assert.deepEqual(rs.map((r) => (JSON.parse(r.stdout) as { username: string }).username), users);
  });
});
