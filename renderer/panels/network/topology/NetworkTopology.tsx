import { useEffect, useId, useMemo, useState } from 'react';
import type { HostGraph, TraceResult } from '../../../../engine/ui/contract';
import { useServices } from '../../../components/services-context';
import { useQuietAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import { useStackLab } from '../../../store/provider';
import { hostElements, logicalElements, type LogicalData } from './elements';
import { Graph } from './Graph';
import './topology.css';

type View = 'logical' | 'host';

function DetailValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <>—</>;
    return (
      <ul>
        {value.map((v, i) => (
          <li key={i}>{typeof v === 'string' ? v : JSON.stringify(v)}</li>
        ))}
      </ul>
    );
  }
  if (value && typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return <>{String(value)}</>;
}

function TraceForm({ graph, onResult }: { graph: HostGraph; onResult(r: TraceResult | null): void }) {
  const { lab } = useServices();
  const quiet = useQuietAction();
  const ids = { from: useId(), to: useId(), proto: useId(), port: useId() };
  const sources = [
    ...graph.nodes.filter((n) => n.kind === 'instance').map((n) => ({ value: String(n.details.server), label: `instance ${n.label}` })),
    ...graph.nodes.filter((n) => n.kind === 'namespace' && n.id !== 'ns:root').map((n) => ({ value: n.label, label: n.label })),
    // the instances' Neutron ports (an instance with several NICs: pick the one to send from)
    ...graph.edges
      .filter((e) => e.kind === 'tap')
      .flatMap((e) => {
        const port = graph.nodes.find((n) => n.id === e.source);
        const vm = graph.nodes.find((n) => n.id === e.target);
        const id = port?.details['neutron port'];
        return typeof id === 'string' ? [{ value: id, label: `port ${port!.label} of ${vm?.label ?? 'an instance'}` }] : [];
      }),
    { value: 'host', label: `${graph.hostname} (the host)` },
  ];
  const [from, setFrom] = useState(sources[0]?.value ?? 'host');
  const [to, setTo] = useState('');
  const [protocol, setProtocol] = useState<'icmp' | 'tcp' | 'udp'>('icmp');
  const [port, setPort] = useState('22');
  return (
    <form
      className="topology__trace"
      aria-label="Trace"
      onSubmit={(e) => {
        e.preventDefault();
        void quiet('Trace', async () => onResult(await lab.topology.trace({ from, to, protocol, ...(protocol === 'icmp' ? {} : { port: Number(port) }) })));
      }}
    >
      <label htmlFor={ids.from}>Source</label>
      <select id={ids.from} value={from} onChange={(e) => setFrom(e.target.value)}>
        {sources.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <label htmlFor={ids.to}>Destination IP</label>
      <input id={ids.to} value={to} onChange={(e) => setTo(e.target.value)} placeholder="10.5.5.1" required />
      <label htmlFor={ids.proto}>Protocol</label>
      <select id={ids.proto} value={protocol} onChange={(e) => setProtocol(e.target.value as 'icmp' | 'tcp' | 'udp')}>
        <option value="icmp">ICMP (ping)</option>
        <option value="tcp">TCP</option>
        <option value="udp">UDP</option>
      </select>
      {protocol !== 'icmp' && (
        <>
          <label htmlFor={ids.port}>Port</label>
          <input id={ids.port} type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />
        </>
      )}
      <button type="submit" className="btn btn--primary">
        Trace
      </button>
      <button type="button" className="btn" onClick={() => onResult(null)}>
        Clear
      </button>
    </form>
  );
}

/**
 * Project → Network → Network Topology: the logical view (from the OpenStack APIs, as Horizon's)
 * and the host view (OVS bridges, namespaces, taps: from the lab host), both live; click a node for
 * its details; trace a packet through the host view.
 */
export function NetworkTopologyPanel() {
  const { cloud, lab } = useServices();
  const dark = useStackLab((s) => s.theme === 'dark');
  const [view, setView] = useState<View>('logical');
  const [selected, setSelected] = useState<{ label: string; details: Record<string, unknown> } | null>(null);
  const [host, setHost] = useState<HostGraph | null>(null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [trace, setTrace] = useState<TraceResult | null>(null);
  const logical = useResource<LogicalData>(
    async () => {
      const [networks, subnets, routers, ports, servers, floatingIps] = await Promise.all([
        cloud.network.networks(),
        cloud.network.subnets(),
        cloud.network.routers(),
        cloud.network.ports(),
        cloud.client.hasService('compute') ? cloud.compute.servers() : Promise.resolve([]),
        cloud.network.floatingIps(),
      ]);
      return { networks, subnets, routers, ports, servers, floatingIps };
    },
    ['network', 'compute'],
  );

  useEffect(() => {
    if (view !== 'host') return;
    let live = true;
    const load = () =>
      lab.topology.graph().then(
        (g) => live && (setHost(g), setHostError(null)),
        (e: unknown) => live && setHostError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const off = lab.topology.onChanged(() => void load());
    return () => {
      live = false;
      off();
    };
  }, [view, lab]);

  const elements = useMemo(() => (view === 'logical' ? (logical.data ? logicalElements(logical.data) : []) : host ? hostElements(host) : []), [view, logical.data, host]);
  const lit = useMemo(() => (trace ? { ids: [...trace.hops, ...(trace.reply?.hops ?? [])].map((h) => h.node).filter((n): n is string => !!n), dropped: trace.drop?.node } : undefined), [trace]);

  return (
    <div className="topology">
      <div className="topology__toolbar" role="group" aria-label="Topology view">
        <button type="button" className="btn" aria-pressed={view === 'logical'} onClick={() => (setView('logical'), setSelected(null), setTrace(null))}>
          Logical
        </button>
        <button type="button" className="btn" aria-pressed={view === 'host'} onClick={() => (setView('host'), setSelected(null))}>
          Host ({host?.hostname ?? 'OVS and namespaces'})
        </button>
      </div>
      {(view === 'logical' ? logical.error : hostError) && <p role="alert">{view === 'logical' ? logical.error : hostError}</p>}
      {view === 'host' && host && <TraceForm graph={host} onResult={setTrace} />}
      <div className="topology__main">
        <Graph
          elements={elements}
          layout={view}
          dark={dark}
          lit={view === 'host' ? lit : undefined}
          label={view === 'logical' ? 'Logical network topology' : 'Host network topology'}
          onSelect={(_id, details, label) => setSelected(details ? { label, details } : null)}
        />
        <aside className="topology__side">
          {trace && view === 'host' && (
            <section aria-label="Trace result" className="topology__result" data-delivered={trace.delivered}>
              <h2>{trace.delivered ? (trace.reply?.delivered === false ? 'Delivered, no reply' : 'Delivered') : 'Dropped'}</h2>
              <ol>
                {trace.hops.map((h, i) => (
                  <li key={i}>{h.what}</li>
                ))}
              </ol>
              {trace.drop && <p className="topology__drop">✗ {trace.drop.reason}</p>}
              {trace.reply && trace.reply.hops.length > 0 && (
                <>
                  <h3>Reply</h3>
                  <ol>
                    {trace.reply.hops.map((h, i) => (
                      <li key={i}>{h.what}</li>
                    ))}
                  </ol>
                </>
              )}
            </section>
          )}
          {selected ? (
            <section aria-label="Node details">
              <h2>{selected.label}</h2>
              <dl className="details">
                {Object.entries(selected.details).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>
                      <DetailValue value={v} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : (
            <p className="muted">Click a node for its details{view === 'host' ? ' (addresses, ARP table, routes, NAT rules)' : ''}.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
