import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateSshKey, sshFingerprint } from '../service/keypairs';
import { validateExtraSpec } from '../service/flavors';
import { flavorPositive, nameSchema, problem, type Schema } from './validation';

const flavor: Schema = {
  type: 'object',
  properties: { flavor: { type: 'object', properties: { name: nameSchema, ram: flavorPositive }, required: ['name', 'ram'], additionalProperties: false } },
  required: ['flavor'],
  additionalProperties: false,
};

describe('Nova-worded body validation', () => {
  it('names the field, its value and jsonschema\'s message', () => {
    assert.equal(problem({ flavor: { name: 'a', ram: 'x' } }, flavor), "Invalid input for field/attribute ram. Value: x. 'x' does not match '^[0-9]+$'");
    assert.equal(problem({ flavor: { name: 'a', ram: 0 } }, flavor), 'Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1');
    assert.equal(problem({ flavor: { name: 'a', ram: '0' } }, flavor), 'Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1');
    assert.equal(problem({ flavor: { name: 'a' } }, flavor), "Invalid input for field/attribute flavor. Value: {'name': 'a'}. 'ram' is a required property");
    assert.equal(problem({}, flavor), "'flavor' is a required property");
    assert.equal(problem({ flavor: { name: 'a', ram: 1, x: 1 } }, flavor), "Invalid input for field/attribute flavor. Value: {'name': 'a', 'ram': 1, 'x': 1}. Additional properties are not allowed ('x' was unexpected)");
    assert.equal(problem({ flavor: { name: ' a', ram: 1 } }, flavor), "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
    assert.equal(problem({ flavor: { name: 'ok name', ram: '512' } }, flavor), undefined);
  });

  it('words query parameter problems by parameter', () => {
    const q: Schema = { type: 'object', properties: { sort_dir: { type: 'string', enum: ['asc', 'desc'] } }, additionalProperties: false };
    assert.equal(problem({ sort_dir: 'up' }, q, 'query'), "Invalid input for query parameters sort_dir. Value: up. 'up' is not one of ['asc', 'desc']");
  });
});

describe('key pairs and extra specs', () => {
  it('generates an RSA key whose OpenSSH public key and md5 fingerprint ssh-keygen agrees with', () => {
    const k = generateSshKey();
    assert.match(k.publicKey, /^ssh-rsa AAAAB3NzaC1yc2E\S+ Generated-by-Nova$/);
    const dir = mkdtempSync(join(tmpdir(), 'kp-'));
    writeFileSync(join(dir, 'k'), k.privateKey, { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'k')], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
    assert.equal(derived, k.publicKey.split(' ').slice(0, 2).join(' '));
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', join(dir, 'k')], { encoding: 'utf8' }).split(' ')[1].replace('MD5:', '');
    assert.equal(k.fingerprint, fp);
  });

  it('refuses what is not an OpenSSH public key', () => {
    assert.throws(() => sshFingerprint('ssh-rsa AAAA'), { status: 400, message: 'Keypair data is invalid: failed to generate fingerprint' });
    assert.throws(() => sshFingerprint('hello world'), { status: 400 });
    // the blob must name the same key type as the prefix
    const k = generateSshKey();
    assert.throws(() => sshFingerprint(k.publicKey.replace('ssh-rsa', 'ssh-ed25519')), { status: 400 });
  });

  it('validates known extra specs at 2.86 as Nova does', () => {
    validateExtraSpec('hw:cpu_policy', 'dedicated');
    validateExtraSpec('custom:anything', 'goes');
    assert.throws(() => validateExtraSpec('hw:cpu_policy', 'fast'), { message: "Validation failed; 'fast' is not one of: dedicated, shared, mixed." });
    assert.throws(() => validateExtraSpec('hw:numa_nodes', 'two'), { message: "Validation failed; 'two' is not a valid integer value." });
    assert.throws(() => validateExtraSpec('hw:numa_nodes', '0'), { message: "Validation failed; '0' is less than the min value of '1'." });
    assert.throws(() => validateExtraSpec('hw_rng:nonsense', '1'), { message: "Validation failed; extra spec 'hw_rng:nonsense' does not appear to be a valid extra spec." });
  });
});
