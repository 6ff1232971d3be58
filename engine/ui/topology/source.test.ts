import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openstack, openstackJson, startInProcessLab, type InProcessLab } from '../../../test/support/lab';
import { LabApiArgumentError } from '../handlers';
import type { TopologySource } from './index';
import { createTopologySource } from './source';

// The TopologySource of a running engine: a CLI change fires onChange with a newer version and the
// next graph holds it; trace checks its request.

let lab: InProcessLab;
let source: TopologySource;

before(async () => {
  lab = await startInProcessLab();
  source = createTopologySource(lab.engine);
});

after(async () => {
  await lab?.stop();
});

test('a network and subnet made with the CLI fire onChange, and the next graph holds its qdhcp- namespace', { timeout: 60_000 }, async () => {
  const before = source.graph();
  const changes: number[] = [];
  const off = source.onChange((v) => changes.push(v));
  try {
    const net = await openstackJson<{ id: string }>(lab.dataDir, ['network', 'create', 'topo-net']);
    await openstack(lab.dataDir, ['subnet', 'create', 'topo-sub', '--network', 'topo-net', '--subnet-range', '10.77.0.0/24']);
    const g = source.graph();
    const ns = g.nodes.find((n) => n.id === `ns:qdhcp-${net.id}`);
    assert.equal(ns?.kind, 'namespace', JSON.stringify(g.nodes.filter((n) => n.kind === 'namespace').map((n) => n.label)));
    assert.ok(g.nodes.some((n) => n.parent === ns!.id && / 10\.77\.0\.\d+\/24$/.test(n.label)), 'the DHCP interface with its address');
    assert.ok(!before.nodes.some((n) => n.id === ns!.id));
    // the listener is debounced: wait for it rather than for a time
    while (changes.length === 0) await new Promise((r) => setTimeout(r, 10));
    assert.ok(changes[changes.length - 1] > before.version, `${changes.join()} > ${before.version}`);
    assert.ok(source.graph().version > before.version);
  } finally {
    off();
  }
});

test('trace takes a namespace source and rejects a bad destination, protocol, port or source', () => {
  const ns = source.graph().nodes.find((n) => n.kind === 'namespace' && n.label.startsWith('qdhcp-'))!;
  const t = source.trace({ from: ns.label, to: '10.77.0.250', protocol: 'icmp' });
  assert.equal(typeof t.delivered, 'boolean');
  assert.ok(t.hops.length > 0 || t.drop, 'a hop or a drop');
  assert.ok(t.hops.some((h) => h.node === ns.id) || t.drop?.node === ns.id, 'the first hop is on the namespace node');
  assert.throws(() => source.trace({ from: ns.label, to: '10.77.0.300', protocol: 'icmp' }), LabApiArgumentError);
  assert.throws(() => source.trace({ from: ns.label, to: '10.77.0.1', protocol: 'sctp' as 'icmp' }), LabApiArgumentError);
  assert.throws(() => source.trace({ from: ns.label, to: '10.77.0.1', protocol: 'tcp' }), LabApiArgumentError);
  assert.throws(() => source.trace({ from: 'nowhere', to: '10.77.0.1', protocol: 'icmp' }), LabApiArgumentError);
});
