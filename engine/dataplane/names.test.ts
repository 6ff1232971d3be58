import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatedMac, qrName, tapName, tunnelPortName } from './names';

describe('names', () => {
  it('cuts port ids to fit the 14-character device names', () => {
    assert.equal(tapName('177c8c39-4211-4d0a-9e3a-0b6a1c2d3e4f'), 'tap177c8c39-42');
    assert.equal(qrName('3fa254c3-7722-4a5b-8c9d-1e2f3a4b5c6d'), 'qr-3fa254c3-77');
    assert.equal(tunnelPortName('vxlan', '10.0.2.16'), 'vxlan-0a000210');
  });

  it('generates stable, locally administered unicast MACs', () => {
    const mac = generatedMac('localhost/br-int');
    assert.equal(mac, generatedMac('localhost/br-int'));
    assert.notEqual(mac, generatedMac('localhost/br-tun'));
    assert.match(mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.equal(parseInt(mac.slice(0, 2), 16) & 0x03, 0x02);
  });
});
