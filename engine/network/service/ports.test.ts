import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { defaultNetworkConfig } from './core';
import { NetworkService } from './index';
import { admin, throwsFault } from './testing';

describe('PortManager address allocation', () => {
  let net: NetworkService;
  let networkId: string;
  beforeEach(() => {
    net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
    networkId = net.networks.create(admin, { name: 'n' }).id;
  });

  it('gives an IPv4 address from the pool and the EUI-64 address on a SLAAC subnet', () => {
    const v4 = net.subnets.create(admin, { network_id: networkId, cidr: '10.9.0.0/24' });
    const v6 = net.subnets.create(admin, { network_id: networkId, cidr: 'fd00:9::/64', ip_version: 6, ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac', enable_dhcp: false });
    const p = net.ports.create(admin, { network_id: networkId, mac_address: 'fa:16:3e:cd:fc:be' });
    assert.deepEqual(p.fixed_ips, [
      { subnet_id: v4.id, ip_address: '10.9.0.3' },
      { subnet_id: v6.id, ip_address: 'fd00:9::f816:3eff:fecd:fcbe' },
    ]);
  });

  it('takes one address from a stateful IPv6 subnet', () => {
    const v6 = net.subnets.create(admin, { network_id: networkId, cidr: 'fd00:a::/64', ip_version: 6, ipv6_address_mode: 'dhcpv6-stateful', enable_dhcp: false });
    const p = net.ports.create(admin, { network_id: networkId });
    assert.deepEqual(p.fixed_ips, [{ subnet_id: v6.id, ip_address: 'fd00:a::2' }]);
  });

  it('refuses an address outside every subnet of the network with InvalidIpForNetwork', () => {
    net.subnets.create(admin, { network_id: networkId, cidr: '10.9.0.0/24' });
    throwsFault(
      () => net.ports.create(admin, { network_id: networkId, fixed_ips: [{ ip_address: '10.99.0.5' }] }),
      'InvalidIpForNetwork',
      'IP address 10.99.0.5 is not a valid IP for any of the subnets on the specified network.',
    );
    assert.equal(net.ports.list(admin).filter((p) => p.device_owner === '').length, 0);
  });
});
