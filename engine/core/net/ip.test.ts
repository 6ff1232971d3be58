import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { broadcastOf, cidrContains, formatAddr, formatPrefix, linkLocalOf, parseAddr, parsePrefix } from './ip';

describe('addresses', () => {
  it('derives the EUI-64 link-local the seed shows for fa:16:3e:cd:fc:be', () => {
    assert.equal(linkLocalOf('fa:16:3e:cd:fc:be'), 'fe80::f816:3eff:fecd:fcbe/64');
    assert.equal(linkLocalOf('08:00:27:d9:c7:ca'), 'fe80::a00:27ff:fed9:c7ca/64');
  });

  it('parses, normalizes and tests prefixes in both families', () => {
    assert.equal(formatPrefix(parsePrefix('10.5.5.77/24') as NonNullable<ReturnType<typeof parsePrefix>>), '10.5.5.0/24');
    assert.equal(formatPrefix(parsePrefix('2001:db8::1/64') as NonNullable<ReturnType<typeof parsePrefix>>), '2001:db8::/64');
    assert.equal(formatAddr(parseAddr('::ffff:10.0.2.1')?.value ?? 0n, 6), '::ffff:a00:201');
    assert.equal(cidrContains('10.0.2.0/24', '10.0.2.118'), true);
    assert.equal(cidrContains('10.0.2.0/24', '10.0.3.1'), false);
    assert.equal(cidrContains('0.0.0.0/0', '8.8.8.8'), true);
    assert.equal(cidrContains('::/0', '8.8.8.8'), false);
    assert.equal(cidrContains('2001:db8::/32', '2001:db8:5::1'), true);
    assert.equal(parsePrefix('10.0.0.256/8'), undefined);
    assert.equal(parsePrefix('10.0.0.0/33'), undefined);
  });

  it('computes IPv4 broadcasts, none for /31, /32 and IPv6', () => {
    assert.equal(broadcastOf('10.5.5.2/24'), '10.5.5.255');
    assert.equal(broadcastOf('172.24.4.9/28'), '172.24.4.15');
    assert.equal(broadcastOf('10.0.2.118/32'), undefined);
    assert.equal(broadcastOf('2001:db8::1/64'), undefined);
  });
});
