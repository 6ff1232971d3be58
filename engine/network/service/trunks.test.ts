import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { defaultNetworkConfig } from './core';
import { admin, demo, throwsFault } from './testing';
import { NetworkService } from './index';

describe('TrunkManager', () => {
  let net: NetworkService;
  let p: string[];
  beforeEach(() => {
    net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
    const n = net.networks.create(admin, { name: 'n' });
    net.subnets.create(admin, { network_id: n.id, cidr: '10.8.0.0/24', ip_version: 4 } as never);
    p = [0, 1, 2, 3].map(() => net.ports.create(admin, { network_id: n.id }).id);
  });

  it('creates a trunk in Neutron\'s shape with its subports', () => {
    const t = net.trunks.create(admin, { name: 't1', port_id: p[0], sub_ports: [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 100 }] });
    assert.equal(t.status, 'DOWN');
    assert.equal(t.admin_state_up, true);
    assert.deepEqual(t.sub_ports, [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 100 }]);
    assert.deepEqual(net.trunks.getSubports(admin, t.id), { sub_ports: t.sub_ports });
    throwsFault(() => net.trunks.get(demo, t.id), 'TrunkNotFound', `Trunk ${t.id} could not be found.`);
  });

  it('a port is the parent of one trunk only, and never both parent and subport', () => {
    const t = net.trunks.create(admin, { port_id: p[0], sub_ports: [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 100 }] });
    throwsFault(() => net.trunks.create(admin, { port_id: p[0] }), 'ParentPortInUse', `Port ${p[0]} is currently in use and is not eligible for use as a parent port.`);
    throwsFault(() => net.trunks.create(admin, { port_id: p[1] }), 'TrunkPortInUse', `Port ${p[1]} is in use by another trunk.`);
    throwsFault(() => net.trunks.addSubports(admin, t.id, [{ port_id: p[0], segmentation_type: 'vlan', segmentation_id: 5 }]), 'ParentPortInUse', /is currently in use/);
    throwsFault(() => net.trunks.create(admin, { port_id: p[2], sub_ports: [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 7 }] }), 'TrunkPortInUse', /in use by another trunk/);
    throwsFault(() => net.trunks.create(admin, { port_id: 'nope' }), 'PortNotFound', 'Port nope could not be found.');
  });

  it('adds and removes subports with Neutron\'s errors', () => {
    const t = net.trunks.create(admin, { port_id: p[0], sub_ports: [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 100 }] });
    throwsFault(() => net.trunks.addSubports(admin, t.id, [{ port_id: p[2], segmentation_type: 'vlan', segmentation_id: 100 }]), 'DuplicateSubPort', `segmentation_type vlan and segmentation_id 100 already in use on trunk ${t.id}.`);
    throwsFault(() => net.trunks.addSubports(admin, t.id, [{ port_id: p[2], segmentation_type: 'vlan', segmentation_id: 5000 }]), 'InvalidInput', "Invalid input for operation: Segmentation ID '5000' is not in range.");
    throwsFault(() => net.trunks.addSubports(admin, t.id, [{ port_id: p[2], segmentation_type: 'vxlan', segmentation_id: 5 }]), 'InvalidInput', "Invalid input for operation: Unknown segmentation_type 'vxlan'.");
    throwsFault(
      () => net.trunks.addSubports(admin, t.id, [{ port_id: p[2], segmentation_type: 'vlan', segmentation_id: 5 }, { port_id: p[3], segmentation_type: 'vlan', segmentation_id: 5 }]),
      'InvalidInput',
      `Invalid input for operation: Segmentation ID '5' for '${p[3]}' is not unique.`,
    );
    const added = net.trunks.addSubports(admin, t.id, [{ port_id: p[2], segmentation_type: 'vlan', segmentation_id: 101 }]);
    assert.equal(added.sub_ports.length, 2);
    throwsFault(() => net.trunks.removeSubports(admin, t.id, [{ port_id: p[3] }]), 'SubPortNotFound', `SubPort ${p[3]} on trunk ${t.id} could not be found.`);
    assert.deepEqual(net.trunks.removeSubports(admin, t.id, [{ port_id: p[1] }]).sub_ports.map((s) => s.port_id), [p[2]]);
  });

  it('protects ports in a trunk from deletion and a disabled trunk from changes', () => {
    const t = net.trunks.create(admin, { port_id: p[0], sub_ports: [{ port_id: p[1], segmentation_type: 'vlan', segmentation_id: 100 }] });
    throwsFault(() => net.ports.delete(admin, p[0]), 'PortInUseAsTrunkParent', `Port ${p[0]} is currently a parent port for trunk ${t.id}.`);
    throwsFault(() => net.ports.delete(admin, p[1]), 'PortInUseAsSubPort', `Port ${p[1]} is currently a subport for trunk ${t.id}.`);
    net.trunks.update(admin, t.id, { admin_state_up: false });
    throwsFault(() => net.trunks.delete(admin, t.id), 'TrunkDisabled', `Trunk ${t.id} is currently disabled.`);
    net.trunks.update(admin, t.id, { admin_state_up: true });
    net.trunks.delete(admin, t.id);
    net.ports.delete(admin, p[1]);
    assert.equal(net.trunks.list(admin).length, 0);
  });
});
