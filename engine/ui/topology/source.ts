/**
 * The TopologySource of a running engine: the host graph from its host runtime, trace mode through
 * the dataplane walker (read-only: a trace teaches nothing to the host's ARP caches), and a change
 * signal from the host's events. The engine is looked up at each call: a snapshot restore
 * restarts it with a new host runtime.
 */
import { trace } from '../../dataplane/walker';
import type { Endpoint } from '../../dataplane/types';
import type { Port } from '../../network/types';
import type { Engine } from '../../server/engine';
import type { HostGraph, TraceRequest } from '../contract';
import { LabApiArgumentError } from '../handlers';
import type { TopologySource } from './index';
import { buildHostGraph, traceResult, type PortOwner } from './graph';

const PROTOCOLS = new Set(['icmp', 'tcp', 'udp']);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function createTopologySource(engine: Engine): TopologySource {
  let version = 0;
  const runtime = () => {
    if (!engine.host || !engine.network) throw new Error('the lab is restarting; try again in a moment');
    return { host: engine.host, network: engine.network };
  };
  /** Neutron's ports now (one snapshot per call of graph or trace: it parses every row). */
  const ports = () => runtime().network.snapshot().ports;
  /** Cinder's volumes attached to a server, as the instance's details list them. */
  const volumesOf = (serverId: string): string[] =>
    (engine.volume?.store.volumes.all() ?? []).flatMap((v) =>
      v.attachments.filter((a) => a.server_id === serverId).map((a) => `${v.name ?? v.id} on ${a.device ?? '?'} (${v.size} GiB)`),
    );
  const owners = (all: Port[]): Map<string, PortOwner> => {
    const out = new Map<string, PortOwner>();
    for (const p of all) {
      if (!p.device_owner.startsWith('compute:') || !p.device_id) continue;
      out.set(p.id, { serverId: p.device_id, name: engine.compute?.servers.find(p.device_id)?.name ?? p.device_id, volumes: volumesOf(p.device_id) });
    }
    return out;
  };
  const graphOf = (all: Port[]): HostGraph => {
    const { host } = runtime();
    host.flush();
    return buildHostGraph(host.host.state, host.host, owners(all), version);
  };
  const endpoint = (from: string, ports: Port[]): Endpoint => {
    if (from === 'host') return { namespace: '' };
    if (/^q(router|dhcp)-/.test(from)) return { namespace: from };
    if (ports.some((p) => p.id === from)) return { portId: from };
    const ofServer = ports.find((p) => p.device_id === from && p.device_owner.startsWith('compute:'));
    if (ofServer) return { portId: ofServer.id };
    throw new LabApiArgumentError(`unknown trace source ${from}: give a port id, a server id, a qrouter-/qdhcp- namespace or "host"`);
  };
  return {
    graph: () => graphOf(ports()),
    trace(request: TraceRequest) {
      if (typeof request !== 'object' || request === null) throw new LabApiArgumentError('a trace needs from, to and protocol');
      const { from, to, protocol, port } = request;
      if (typeof from !== 'string' || !from) throw new LabApiArgumentError('from must be a port, server, namespace or "host"');
      const m = typeof to === 'string' ? IPV4.exec(to) : null;
      if (!m || m.slice(1).some((x) => Number(x) > 255)) throw new LabApiArgumentError(`to must be an IPv4 address, not ${String(to)}`);
      if (!PROTOCOLS.has(protocol)) throw new LabApiArgumentError('protocol must be icmp, tcp or udp');
      if (protocol !== 'icmp' && (!Number.isInteger(port) || port! < 1 || port! > 65535)) throw new LabApiArgumentError('tcp and udp need a port from 1 to 65535');
      const all = ports();
      const g = graphOf(all);
      const { host } = runtime();
      const t = trace(host.host.state, host.host, { from: endpoint(from, all), to, protocol, ...(protocol !== 'icmp' ? { dstPort: port } : {}) });
      return traceResult(t, g);
    },
    onChange(listener) {
      let timer: NodeJS.Timeout | undefined;
      return engine.events.subscribe((e) => {
        if (!e.type.startsWith('host.') && !e.type.startsWith('compute.server.') && e.type !== 'lab.snapshot.restored') return;
        version++;
        timer ??= setTimeout(() => {
          timer = undefined;
          listener(version);
        }, 20);
      });
    },
  };
}
