import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../core/clock';
import { LabDatabase } from '../../core/db';
import { EventBus } from '../../core/events';
import { defaultNetworkConfig } from './core';
import { admin, demo, other, throwsFault } from './testing';
import { NetworkService } from './index';

describe('QosManager', () => {
  let net: NetworkService;
  beforeEach(() => {
    net = new NetworkService({ db: new LabDatabase(':memory:'), clock: new ManualClock(), events: new EventBus(), config: defaultNetworkConfig('host') });
  });

  it('creates a policy in Neutron\'s shape and lists its rules with type and policy id', () => {
    const p = net.qos.create(admin, { name: 'q1', description: 'd' });
    assert.deepEqual(Object.keys(p).sort(), ['created_at', 'description', 'id', 'is_default', 'name', 'project_id', 'revision_number', 'rules', 'shared', 'tags', 'tenant_id', 'updated_at']);
    assert.equal(p.shared, false);
    const r = net.qos.createRule(admin, p.id, { max_kbps: 1000, max_burst_kbps: 100 });
    assert.deepEqual(r, { id: r.id, max_kbps: 1000, max_burst_kbps: 100, direction: 'egress' });
    const shown = net.qos.get(admin, p.id);
    assert.deepEqual(shown.rules, [{ ...r, qos_policy_id: p.id, type: 'bandwidth_limit' }]);
    assert.equal(shown.revision_number, 1);
  });

  it('allows one bandwidth_limit rule per direction (QoSRulesConflict)', () => {
    const p = net.qos.create(admin, { name: 'q1' });
    const egress = net.qos.createRule(admin, p.id, { max_kbps: 10 });
    net.qos.createRule(admin, p.id, { max_kbps: 20, direction: 'ingress' });
    throwsFault(() => net.qos.createRule(admin, p.id, { max_kbps: 30, direction: 'egress' }), 'QoSRulesConflict', `Rule bandwidth_limit conflicts with rule ${egress.id} which already exists in QoS Policy ${p.id}.`);
    const ingress = net.qos.listRules(admin, p.id).find((x) => x.direction === 'ingress')!;
    throwsFault(() => net.qos.updateRule(admin, p.id, ingress.id, { direction: 'egress' }), 'QoSRulesConflict', /conflicts with rule/);
  });

  it('validates rule values with neutron-lib\'s messages', () => {
    const p = net.qos.create(admin, { name: 'q1' });
    throwsFault(() => net.qos.createRule(admin, p.id, { max_kbps: -1 }), 'HTTPBadRequest', "Invalid input for max_kbps. Reason: '-1' is too small - must be at least '0'.");
    throwsFault(() => net.qos.createRule(admin, p.id, { max_kbps: 1, direction: 'up' }), 'HTTPBadRequest', "Invalid input for direction. Reason: up is not in ('ingress', 'egress').");
    throwsFault(() => net.qos.getRule(admin, p.id, 'nope'), 'QosRuleNotFound', `QoS rule nope for policy ${p.id} could not be found.`);
  });

  it('hides another project\'s unshared policy, shows shared and RBAC-shared ones', () => {
    const p = net.qos.create(admin, { name: 'private' });
    const s = net.qos.create(admin, { name: 'everyone', shared: true });
    throwsFault(() => net.qos.get(demo, p.id), 'QosPolicyNotFound', `QoS policy ${p.id} could not be found.`);
    assert.deepEqual(net.qos.list(demo).map((x) => x.name), ['everyone']);
    net.rbac.create(admin, { object_type: 'qos_policy', object_id: p.id, action: 'access_as_shared', target_tenant: demo.projectId });
    assert.deepEqual(net.qos.list(demo).map((x) => x.name), ['private', 'everyone']);
    assert.equal(net.qos.get(demo, p.id).shared, true, 'shared as the target project sees it');
    assert.equal(net.qos.get(admin, p.id).shared, false);
    assert.equal(net.qos.list(other).length, 1);
    void s;
  });

  it('checks qos_policy_id on networks and ports; refuses to delete a policy in use', () => {
    const p = net.qos.create(admin, { name: 'q1' });
    assert.throws(() => net.networks.create(demo, { name: 'n', qos_policy_id: p.id }), /QoS policy .* could not be found/);
    const n = net.networks.create(admin, { name: 'n', qos_policy_id: p.id });
    assert.equal(n.qos_policy_id, p.id);
    throwsFault(() => net.qos.delete(admin, p.id), 'QosPolicyInUse', `QoS Policy ${p.id} is used by network ${n.id}.`);
    const port = net.ports.create(admin, { network_id: n.id, qos_policy_id: p.id });
    throwsFault(() => net.qos.delete(admin, p.id), 'QosPolicyInUse', `QoS Policy ${p.id} is used by port ${port.id}.`);
    net.ports.update(admin, port.id, { qos_policy_id: null });
    net.networks.update(admin, n.id, { qos_policy_id: null });
    net.qos.delete(admin, p.id);
    assert.equal(net.qos.list(admin).length, 0);
    throwsFault(() => net.networks.update(admin, n.id, { qos_policy_id: 'missing' }), 'QosPolicyNotFound', 'QoS policy missing could not be found.');
  });

  it('gives a project one default policy, which its new networks get', () => {
    const d = net.qos.create(admin, { name: 'd', is_default: true, project_id: demo.projectId });
    throwsFault(() => net.qos.create(admin, { name: 'd2', is_default: true, project_id: demo.projectId }), 'QoSPolicyDefaultAlreadyExists', `A default QoS policy exists for project ${demo.projectId}.`);
    assert.equal(net.networks.create(demo, { name: 'n' }).qos_policy_id, d.id);
    assert.equal(net.networks.create(admin, { name: 'n2' }).qos_policy_id, null);
  });

  it('refuses to unshare a policy a project still uses through the wildcard (RbacPolicyInUse)', () => {
    const p = net.qos.create(admin, { name: 'q', shared: true });
    net.networks.create(demo, { name: 'n', qos_policy_id: p.id });
    throwsFault(() => net.qos.update(admin, p.id, { shared: false }), 'RbacPolicyInUse', `RBAC policy on object ${p.id} cannot be removed because other objects depend on it.\nDetails: project_id=*`);
  });
});
