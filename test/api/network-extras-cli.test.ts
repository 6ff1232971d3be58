import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openstack, openstackJson, type ServeProcess, startServe, tempDir } from '../support/lab';

/**
 * QoS policies and bandwidth-limit rules, RBAC sharing of a network with the demo project, and
 * trunks, with the real python-openstackclient against `stacklab serve`.
 */
describe('QoS, RBAC and trunks through the real openstack CLI', () => {
  let lab: ServeProcess;
  const os = (args: string[], who: 'admin' | 'demo' = 'admin') => openstack(lab.dataDir, args, { who });
  const json = <T = Record<string, unknown>>(args: string[], who: 'admin' | 'demo' = 'admin') => openstackJson<T>(lab.dataDir, args, { who });
  const ids: Record<string, string> = {};

  before(async () => {
    lab = await startServe(tempDir());
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('lists the qos, rbac-policies and trunk extensions', async () => {
    const exts = await json<{ Alias: string }[]>(['extension', 'list', '--network']);
    const aliases = exts.map((e) => e.Alias);
    for (const a of ['qos', 'qos-bw-limit-direction', 'rbac-policies', 'trunk']) assert.ok(aliases.includes(a), a);
  });

  it('creates QoS policy q1 and an egress bandwidth-limit rule', async () => {
    const p = await json(['network', 'qos', 'policy', 'create', 'q1']);
    ids.q1 = p.id as string;
    assert.equal(p.name, 'q1');
    assert.equal(p.shared, false);
    const r = await json(['network', 'qos', 'rule', 'create', '--type', 'bandwidth-limit', '--max-kbps', '1000', '--max-burst-kbits', '100', '--egress', 'q1']);
    ids.rule = r.id as string;
    assert.equal(r.max_kbps, 1000);
    assert.equal(r.max_burst_kbps, 100);
    assert.equal(r.direction, 'egress');
  });

  it('refuses a second egress rule with Neutron\'s QoSRulesConflict', async () => {
    const r = await os(['network', 'qos', 'rule', 'create', '--type', 'bandwidth-limit', '--max-kbps', '5', '--egress', 'q1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`Rule bandwidth_limit conflicts with rule ${ids.rule} which already exists in QoS Policy ${ids.q1}`));
  });

  it('lists the rule of q1, and the rule types', async () => {
    const rules = await json<Record<string, unknown>[]>(['network', 'qos', 'rule', 'list', 'q1']);
    assert.equal(rules.length, 1);
    assert.equal(rules[0].ID, ids.rule);
    assert.equal(rules[0]['Max Kbps'], 1000);
    assert.equal(rules[0].Direction, 'egress');
    const types = await json<{ Type: string }[]>(['network', 'qos', 'rule', 'type', 'list']);
    assert.deepEqual(types.map((t) => t.Type), ['bandwidth_limit']);
  });

  it('sets q1 on a network; the policy cannot be deleted while in use', async () => {
    const n = await json(['network', 'create', 'qnet']);
    ids.qnet = n.id as string;
    let r = await os(['network', 'set', '--qos-policy', 'q1', 'qnet']);
    assert.equal(r.code, 0, r.stderr);
    const shown = await json(['network', 'show', 'qnet']);
    assert.equal(shown.qos_policy_id, ids.q1);
    r = await os(['network', 'qos', 'policy', 'delete', 'q1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`QoS Policy ${ids.q1} is used by network ${ids.qnet}`));
    r = await os(['network', 'set', '--no-qos-policy', 'qnet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await json(['network', 'show', 'qnet'])).qos_policy_id, null);
  });

  it('shares a network with demo through RBAC: demo sees it and can use it', async () => {
    const n = await json(['network', 'create', 'rbacnet']);
    ids.rbacnet = n.id as string;
    await json(['subnet', 'create', 'rbacsub', '--network', 'rbacnet', '--subnet-range', '10.77.0.0/24']);
    let names = (await json<{ Name: string }[]>(['network', 'list'], 'demo')).map((x) => x.Name);
    assert.ok(!names.includes('rbacnet'), 'not visible before sharing');
    const rbac = await json(['network', 'rbac', 'create', '--target-project', 'demo', '--action', 'access_as_shared', '--type', 'network', 'rbacnet']);
    ids.rbac = rbac.id as string;
    assert.equal(rbac.object_id, ids.rbacnet);
    assert.equal(rbac.object_type, 'network');
    assert.equal(rbac.action, 'access_as_shared');
    names = (await json<{ Name: string }[]>(['network', 'list'], 'demo')).map((x) => x.Name);
    assert.ok(names.includes('rbacnet'), 'visible after sharing');
    const seen = await json(['network', 'show', ids.rbacnet], 'demo');
    assert.equal(seen.shared, true);
    const port = await json(['port', 'create', '--network', ids.rbacnet, 'demo-port'], 'demo');
    ids.demoPort = port.id as string;
    const list = await json<{ ID: string }[]>(['network', 'rbac', 'list']);
    assert.ok(list.some((x) => x.ID === ids.rbac));
  });

  it('refuses to delete the RBAC entry while a demo port depends on it (RbacPolicyInUse)', async () => {
    let r = await os(['network', 'rbac', 'delete', ids.rbac]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`RBAC policy on object ${ids.rbacnet} cannot be removed because other objects depend on it`));
    r = await os(['port', 'delete', ids.demoPort], 'demo');
    assert.equal(r.code, 0, r.stderr);
    r = await os(['network', 'rbac', 'delete', ids.rbac]);
    assert.equal(r.code, 0, r.stderr);
    const names = (await json<{ Name: string }[]>(['network', 'list'], 'demo')).map((x) => x.Name);
    assert.ok(!names.includes('rbacnet'));
  });

  it('creates trunk t1 with parent p1 and subport p2 on vlan 100', async () => {
    await json(['network', 'create', 'trunknet']);
    await json(['subnet', 'create', 'trunksub', '--network', 'trunknet', '--subnet-range', '10.78.0.0/24']);
    ids.p1 = (await json(['port', 'create', '--network', 'trunknet', 'p1'])).id as string;
    ids.p2 = (await json(['port', 'create', '--network', 'trunknet', 'p2'])).id as string;
    ids.p3 = (await json(['port', 'create', '--network', 'trunknet', 'p3'])).id as string;
    const t = await json(['network', 'trunk', 'create', '--parent-port', 'p1', '--subport', 'port=p2,segmentation-type=vlan,segmentation-id=100', 't1']);
    ids.t1 = t.id as string;
    assert.equal(t.port_id, ids.p1);
    const shown = await json(['network', 'trunk', 'show', 't1']);
    assert.equal(shown.name, 't1');
    assert.equal(shown.port_id, ids.p1);
    assert.ok(['DOWN', 'ACTIVE'].includes(shown.status as string));
    assert.deepEqual(shown.sub_ports, [{ port_id: ids.p2, segmentation_type: 'vlan', segmentation_id: 100 }]);
    const subs = await json<Record<string, unknown>[]>(['network', 'subport', 'list', '--trunk', 't1']);
    assert.deepEqual(subs, [{ Port: ids.p2, 'Segmentation Type': 'vlan', 'Segmentation ID': 100 }]);
  });

  it('adds and removes subports; a parent port belongs to one trunk and cannot be deleted', async () => {
    let r = await os(['network', 'trunk', 'set', '--subport', 'port=p3,segmentation-type=vlan,segmentation-id=101', 't1']);
    assert.equal(r.code, 0, r.stderr);
    let subs = await json<Record<string, unknown>[]>(['network', 'subport', 'list', '--trunk', 't1']);
    assert.equal(subs.length, 2);
    r = await os(['network', 'trunk', 'unset', '--subport', 'p3', 't1']);
    assert.equal(r.code, 0, r.stderr);
    subs = await json<Record<string, unknown>[]>(['network', 'subport', 'list', '--trunk', 't1']);
    assert.equal(subs.length, 1);
    r = await os(['network', 'trunk', 'create', '--parent-port', 'p1', 't2']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`Port ${ids.p1} is currently in use and is not eligible for use as a parent port`));
    r = await os(['port', 'delete', 'p1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`Port ${ids.p1} is currently a parent port for trunk ${ids.t1}`));
    r = await os(['network', 'trunk', 'delete', 't1']);
    assert.equal(r.code, 0, r.stderr);
  });
});
