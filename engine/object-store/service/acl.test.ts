import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../core/errors';
import type { SwiftIdentity } from '../types';
import { cleanAcl, crossTenantMatch, parseAcl, referrerAllowed, roleMatch } from './acl';

const who: SwiftIdentity = { projectId: 'p1', projectName: 'demo', userId: 'u1', userName: 'alice', roles: ['member', 'reader'], operator: true, resellerAdmin: false };

describe('container ACLs (keystoneauth and swift_acl)', () => {
  it('cleans a read ACL and refuses referrers in a write ACL', () => {
    assert.equal(cleanAcl('X-Container-Read', ' .r:* , .rlistings,p1:*, '), '.r:*,.rlistings,p1:*');
    assert.equal(cleanAcl('X-Container-Read', '.referrer:example.com'), '.r:example.com');
    assert.throws(() => cleanAcl('X-Container-Write', '.r:*'), (e: ServiceError) => e.status === 400 && /Referrers not allowed in write ACL/.test(e.message));
    assert.throws(() => cleanAcl('X-Container-Read', '.x:y'), (e: ServiceError) => e.status === 400 && /Unknown designator/.test(e.message));
    assert.throws(() => cleanAcl('X-Container-Read', '.r:'), (e: ServiceError) => e.status === 400);
  });

  it('matches referrers: *, hosts, domains, the last match winning and - denying', () => {
    const { referrers, entries } = parseAcl('.r:*,.rlistings,p1:u1');
    assert.deepEqual(referrers, ['*']);
    assert.deepEqual(entries, ['.rlistings', 'p1:u1']);
    assert.equal(referrerAllowed(undefined, ['*']), true);
    assert.equal(referrerAllowed(undefined, []), false);
    assert.equal(referrerAllowed('http://www.example.com/x', ['.example.com']), true);
    assert.equal(referrerAllowed('http://evil.org/', ['.example.com']), false);
    assert.equal(referrerAllowed('http://bad.example.com/', ['*', '-bad.example.com']), false);
  });

  it('matches project:user by id, name or *, and bare role names', () => {
    for (const e of ['p1:u1', 'demo:alice', 'p1:*', '*:alice', '*:*']) assert.equal(crossTenantMatch(who, [e]), e);
    assert.equal(crossTenantMatch(who, ['p2:*', 'p1:u2']), undefined);
    assert.equal(roleMatch(who, ['Member']), true);
    assert.equal(roleMatch(who, ['admin', 'p1:x']), false);
  });
});
