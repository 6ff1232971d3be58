import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { defaultNetworkConfig } from './core';
import { admin, demo, other, throwsFault } from './testing';
import { NetworkService } from './index';

describe('RbacManager', () => {
  let net: NetworkService;
  let netId: string;
  beforeEach(() => {
    net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
    netId = net.networks.create(admin, { name: 'n' }).id;
    net.subnets.create(admin, { network_id: netId, cidr: '10.9.0.0/24', ip_version: 4 } as never);
  });

  const share = (target: string, action = 'access_as_shared', caller = admin) =>
    net.rbac.create(caller, { object_type: 'network', object_id: netId, action, target_tenant: target });

  it('creates an entry in Neutron\'s wire shape', () => {
    const r = share(demo.projectId);
    assert.deepEqual(r, { id: r.id, tenant_id: admin.projectId, project_id: admin.projectId, object_type: 'network', object_id: netId, action: 'access_as_shared', target_tenant: demo.projectId });
    assert.deepEqual(net.rbac.list(admin), [r]);
    assert.deepEqual(net.rbac.list(demo), [], 'entries belong to the project that created them');
    throwsFault(() => net.rbac.get(demo, r.id), 'RbacPolicyNotFound', `RBAC policy of type unknown with ID ${r.id} not found`);
  });

  it('makes the network visible (and shared) to the target project only; ports can be created on it', () => {
    assert.equal(net.networks.list(demo).length, 0);
    share(demo.projectId);
    assert.deepEqual(net.networks.list(demo).map((n) => [n.id, n.shared]), [[netId, true]]);
    assert.equal(net.networks.get(demo, netId).shared, true);
    assert.equal(net.networks.get(admin, netId).shared, false);
    assert.equal(net.networks.list(other).length, 0);
    assert.equal(net.rbac.sharedWith(demo.projectId, 'network').has(netId), true);
    const port = net.ports.create(demo, { network_id: netId });
    assert.equal(port.project_id, demo.projectId);
  });

  it('a wildcard entry shares with everyone and sets shared', () => {
    const r = share('*');
    assert.equal(net.networks.find(netId)!.shared, true);
    assert.equal(net.networks.list(other).length, 1);
    net.rbac.delete(admin, r.id);
    assert.equal(net.networks.find(netId)!.shared, false);
  });

  it('rejects duplicates, bad actions, bad types and non-owners as Neutron does', () => {
    share(demo.projectId);
    throwsFault(() => share(demo.projectId), 'DuplicateRbacPolicy', 'An RBAC policy already exists with those values.');
    throwsFault(() => share(demo.projectId, 'access_as_owner'), 'InvalidActionForType', "Invalid action 'access_as_owner' for object type 'network'. Valid actions: ('access_as_shared', 'access_as_external')");
    throwsFault(() => net.rbac.create(admin, { object_type: 'router', object_id: netId, action: 'access_as_shared', target_tenant: '*' }), 'InvalidInput', "Invalid input for operation: 'router' is not a valid RBAC object type.");
    throwsFault(() => share(other.projectId, 'access_as_shared', demo), 'InvalidInput', 'Invalid input for operation: Only admins can manipulate policies on networks they do not own.');
    throwsFault(() => share(demo.projectId, 'access_as_shared', other), 'NetworkNotFound', `Network ${netId} could not be found.`);
    const q = net.qos.create(admin, { name: 'q' });
    throwsFault(
      () => net.rbac.create(admin, { object_type: 'qos_policy', object_id: q.id, action: 'access_as_external', target_tenant: '*' }),
      'InvalidActionForType',
      "Invalid action 'access_as_external' for object type 'qos_policy'. Valid actions: ('access_as_shared',)",
    );
  });

  it('refuses to delete or retarget an entry a port of the target project depends on (RbacPolicyInUse)', () => {
    const r = share(demo.projectId);
    const port = net.ports.create(demo, { network_id: netId });
    throwsFault(() => net.rbac.delete(admin, r.id), 'RbacPolicyInUse', new RegExp(`^RBAC policy on object ${netId} cannot be removed because other objects depend on it\\.\\nDetails: Callback .*validate_network_rbac_policy_change-\\d+ failed with "Unable to reconfigure sharing settings for network ${netId}\\. Multiple tenants are using it\\."$`));
    throwsFault(() => net.rbac.update(admin, r.id, { target_tenant: other.projectId }), 'RbacPolicyInUse', /cannot be removed/);
    // a wildcard entry covers the port: the targeted one may go
    const w = share('*');
    net.rbac.delete(admin, r.id);
    throwsFault(() => net.rbac.delete(admin, w.id), 'RbacPolicyInUse', /cannot be removed/);
    net.ports.delete(demo, port.id);
    net.rbac.delete(admin, w.id);
    assert.equal(net.rbac.list(admin).length, 0);
  });

  it('access_as_external makes the network external and visible to the target', () => {
    share(demo.projectId, 'access_as_external');
    assert.equal(net.networks.find(netId)!['router:external'], true);
    assert.equal(net.networks.list(demo).length, 1);
    assert.deepEqual([...net.rbac.externalTo(demo.projectId)], [netId]);
  });

  it('hides entries of deleted objects', () => {
    const q = net.qos.create(admin, { name: 'q' });
    net.rbac.create(admin, { object_type: 'qos_policy', object_id: q.id, action: 'access_as_shared', target_tenant: demo.projectId });
    assert.equal(net.rbac.list(admin).length, 1);
    net.qos.delete(admin, q.id);
    assert.equal(net.rbac.list(admin).length, 0);
  });
});

describe('network flags and their `*` RBAC entries', () => {
  it('--share and --external keep a `*` entry; unsharing is refused while another project depends on it', () => {
    const net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
    const n = net.networks.create(admin, { name: 'shared-net', shared: true });
    const ext = net.networks.create(admin, { name: 'ext', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'extnet' });
    const rows = net.rbac.list(admin).map((r) => [r.object_id, r.action, r.target_tenant]);
    assert.deepEqual(rows.sort(), [
      [n.id, 'access_as_shared', '*'],
      [ext.id, 'access_as_external', '*'],
    ].sort());
    net.subnets.create(admin, { network_id: n.id, cidr: '10.77.0.0/24' });
    net.ports.create(demo, { network_id: n.id });
    throwsFault(() => net.networks.update(admin, n.id, { shared: false }), 'InvalidSharedSetting', `Unable to reconfigure sharing settings for network ${n.id}. Multiple tenants are using it.`);
    assert.equal(net.networks.find(n.id)?.shared, true, 'nothing changed');
    const lone = net.networks.create(admin, { name: 'lone', shared: true });
    net.networks.update(admin, lone.id, { shared: false });
    assert.equal(net.rbac.list(admin).filter((r) => r.object_id === lone.id).length, 0);
  });
});
