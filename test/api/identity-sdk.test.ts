/**
 * Keystone v3 through openstacksdk (Debian's python3-openstacksdk 0.101), against a real
 * `stacklab serve` child process. `sdk_identity.py` does what a student's script would (list,
 * create project/user/group, membership, role assignments, catalog, authorize, one 404 and one
 * 409) with the lab's clouds.yaml and prints JSON; this file asserts what a real Keystone 22
 * would have answered.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type ServeProcess, openstackJson, repoRoot, startServe, tempDir } from '../support/lab';

const run = promisify(execFile);
const HEX32 = /^[0-9a-f]{32}$/;

interface Assignment {
  role: string;
  user: string;
  project: string;
}

interface SdkResult {
  authorize: { token_len: number; user_id: string; project_id: string };
  projects_before: string[];
  project: { id: string; name: string; description: string; domain_id: string; is_enabled: boolean; is_domain: boolean; parent_id: string };
  project_get: { id: string; name: string; description: string };
  user: { id: string; name: string; email: string; domain_id: string; default_project_id: string; is_enabled: boolean };
  find_user: { id: string | null; name: string | null };
  find_user_missing: boolean;
  group: { id: string; name: string; description: string; domain_id: string };
  user_in_group: boolean;
  has_member: boolean;
  has_reader_direct: boolean;
  grant_role: boolean;
  assignments: Assignment[];
  assignments_effective: Assignment[];
  role_ids: Record<string, string>;
  services: { type: string; name: string; id: string; enabled: boolean }[];
  endpoints: { service_id: string; interface: string; url: string; region_id: string; enabled: boolean }[];
  regions: string[];
  dev_login: { user_id: string; project_id: string };
  get_missing: { raised: string | null; status_code?: number; message?: string };
  duplicate: { raised: string | null; status_code?: number; message?: string };
}

describe('identity through openstacksdk (stacklab serve)', () => {
  let dataDir: string;
  let lab: ServeProcess;
  let out: SdkResult;

  before(async () => {
    dataDir = tempDir('stacklab-identity-sdk-');
    lab = await startServe(dataDir);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
    env.OS_CLIENT_CONFIG_FILE = join(dataDir, 'clouds.yaml');
    // Debian's python (the one that has python3-openstacksdk), not whatever python3 is first on PATH.
    const r = await run('/usr/bin/python3', [join(repoRoot, 'test', 'api', 'sdk_identity.py'), 'stacklab-admin'], { env, cwd: dataDir, timeout: 120000 }).catch(
      (e: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`sdk_identity.py failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    out = JSON.parse(r.stdout) as SdkResult;
  });

  after(async () => {
    if (lab) await lab.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('conn.authorize() returns a token for admin on project admin', async () => {
    const cli = await openstackJson<Record<string, string>>(dataDir, ['token', 'issue']);
    assert.ok(out.authorize.token_len >= 32);
    assert.equal(out.authorize.user_id, cli.user_id);
    assert.equal(out.authorize.project_id, cli.project_id);
  });

  it('identity.projects() lists the bootstrap projects; create_project / get_project round-trip', () => {
    assert.deepEqual(out.projects_before, ['admin', 'demo', 'service']);
    assert.match(out.project.id, HEX32);
    assert.deepEqual(out.project, {
      id: out.project.id,
      name: 'sdkProject',
      description: 'made by the sdk',
      domain_id: 'default',
      is_enabled: true,
      is_domain: false,
      parent_id: 'default',
    });
    assert.deepEqual(out.project_get, { id: out.project.id, name: 'sdkProject', description: 'made by the sdk' });
  });

  it('create_user and find_user (by name; None for a missing name)', () => {
    assert.match(out.user.id, HEX32);
    assert.deepEqual(out.user, {
      id: out.user.id,
      name: 'sdkuser',
      email: 'sdk@example.org',
      domain_id: 'default',
      default_project_id: out.project.id,
      is_enabled: true,
    });
    assert.deepEqual(out.find_user, { id: out.user.id, name: 'sdkuser' });
    assert.equal(out.find_user_missing, true);
  });

  it('create_group and add_user_to_group', () => {
    assert.match(out.group.id, HEX32);
    assert.deepEqual(out.group, { id: out.group.id, name: 'sdkgroup', description: 'sdk group', domain_id: 'default' });
    assert.equal(out.user_in_group, true);
  });

  it('assign_project_role_to_user and grant_role show up in role_assignments (direct and effective)', () => {
    const ids = out.role_ids;
    assert.deepEqual(Object.keys(ids).sort(), ['_member_', 'admin', 'member', 'reader']);
    assert.equal(out.has_member, true);
    assert.equal(out.has_reader_direct, false, 'reader is only implied, not granted');
    assert.equal(out.grant_role, true);
    const mk = (role: string): Assignment => ({ role: ids[role], user: out.user.id, project: out.project.id });
    const byRole = (a: Assignment, b: Assignment) => a.role.localeCompare(b.role);
    assert.deepEqual(out.assignments, [mk('_member_'), mk('member')].sort(byRole));
    // effective=True expands implied roles: member implies reader.
    assert.deepEqual(out.assignments_effective, [mk('_member_'), mk('member'), mk('reader')].sort(byRole));
  });

  it('the new user logs in with its password, scoped to its project', () => {
    assert.deepEqual(out.dev_login, { user_id: out.user.id, project_id: out.project.id });
  });

  it('services(), endpoints() and regions() describe the lab catalog', () => {
    const keystone = out.services.find((s) => s.type === 'identity');
    assert.ok(keystone, 'identity service');
    assert.equal(keystone.name, 'keystone');
    assert.equal(keystone.enabled, true);
    const ks = out.endpoints.filter((e) => e.service_id === keystone.id);
    assert.deepEqual(
      ks.map((e) => e.interface),
      ['admin', 'internal', 'public'],
    );
    for (const e of ks) assert.deepEqual([e.url, e.region_id, e.enabled], [lab.keystoneUrl, 'RegionOne', true]);
    for (const e of out.endpoints) assert.ok(out.services.some((s) => s.id === e.service_id), `endpoint of an unknown service ${e.service_id}`);
    assert.ok(out.regions.includes('RegionOne'));
  });

  it("get_project('nope') raises ResourceNotFound with HTTP 404", () => {
    assert.equal(out.get_missing.raised, 'ResourceNotFound');
    assert.equal(out.get_missing.status_code, 404);
    assert.match(out.get_missing.message ?? '', /Could not find project: nope\./);
  });

  it('creating the same project twice raises ConflictException with HTTP 409', () => {
    assert.equal(out.duplicate.raised, 'ConflictException');
    assert.equal(out.duplicate.status_code, 409);
    assert.match(out.duplicate.message ?? '', /Duplicate entry found with name sdkProject at domain ID default\./);
  });

  it('stacklab serve stops on SIGTERM with exit code 0', async () => {
    assert.equal(await lab.stop(), 0);
  });
});
