import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeHostState } from '../../dataplane/desired-state';
import { neighbourTable, SEED, seedHost, seedLab } from '../../dataplane/fixtures';
import { trace } from '../../dataplane/walker';
import { buildHostGraph, nodeIds, traceResult } from './graph';

// The host view of the seeds' lab (external_network, intnet, R2, one instance with a floating IP).
const state = computeHostState(seedLab(), seedHost());
const owners = new Map([[SEED.vmPort, { serverId: 'srv-1', name: 'test-instance', volumes: ['v1 on /dev/vdb (1 GiB)'] }]]);
const graph = buildHostGraph(state, neighbourTable(), owners, 7);
const node = (id: string) => graph.nodes.find((n) => n.id === id);

test('bridges hold their ports with VLAN tags; patch ports are joined pairwise; br-ex reaches the NIC', () => {
  for (const b of ['br-int', 'br-ex', 'br-tun']) assert.equal(node(nodeIds.bridge(b))?.kind, 'bridge');
  const ports = graph.nodes.filter((n) => n.parent === nodeIds.bridge('br-int'));
  assert.ok(ports.some((p) => typeof p.details.tag === 'number'), 'br-int ports carry local VLAN tags');
  const patches = graph.edges.filter((e) => e.kind === 'patch');
  assert.ok(patches.length >= 2, 'br-int↔br-ex and br-int↔br-tun');
  assert.equal(new Set(patches.map((e) => [e.source, e.target].sort().join())).size, patches.length, 'one edge per patch pair');
  const uplink = graph.edges.find((e) => e.kind === 'uplink');
  assert.equal(uplink?.target, nodeIds.nic('enp0s3'));
  assert.equal(graph.version, 7);
});

test('qrouter-/qdhcp- namespaces hold their interfaces with addresses, joined to their OVS ports', () => {
  const qr = node(nodeIds.ns(`qrouter-${SEED.router}`));
  assert.equal(qr?.kind, 'namespace');
  assert.ok(Array.isArray(qr?.details.routes) && (qr!.details.routes as string[]).some((r) => r.startsWith('default via 10.0.2.1')));
  assert.ok((qr!.details.nat as string[]).some((r) => /SNAT/.test(r)));
  const ifaces = graph.nodes.filter((n) => n.parent === qr!.id);
  assert.ok(ifaces.some((i) => /^qr-\S+ 10\.5\.5\.1\/24$/.test(i.label)), JSON.stringify(ifaces.map((i) => i.label)));
  for (const i of ifaces) assert.ok(graph.edges.some((e) => e.kind === 'veth' && e.target === i.id), `${i.label} is linked to its OVS port`);
  assert.ok(node(nodeIds.ns(`qdhcp-${SEED.intnet}`)));
});

test("the instance hangs off its port on br-int by name, and a trace lights nodes of the graph", () => {
  const vm = node(nodeIds.instance('srv-1'));
  assert.equal(vm?.label, 'test-instance');
  assert.deepEqual(vm?.details.volumes, ['v1 on /dev/vdb (1 GiB)'], 'the attached volumes are in the details');
  const tap = graph.edges.find((e) => e.kind === 'tap');
  assert.equal(tap?.target, vm?.id);
  const t = traceResult(trace(state, neighbourTable(), { from: { namespace: `qrouter-${SEED.router}` }, to: '10.5.5.1', protocol: 'icmp' }), graph);
  assert.equal(t.delivered, true);
  const blocked = traceResult(trace(state, neighbourTable(), { from: { namespace: `qrouter-${SEED.router}` }, to: '10.5.5.250', protocol: 'icmp' }), graph);
  assert.equal(blocked.delivered, false);
  assert.ok(blocked.drop?.reason, 'a drop names its reason');
  assert.ok(blocked.hops.length + (blocked.drop ? 1 : 0) > 0);
});
