/**
 * The topology's host view and trace mode, from the sim host's state and the dataplane walker:
 * `host:graph` and `host:trace` of the LabApi, and the `host:changed` event.
 */
import type { HostGraph, TraceRequest, TraceResult } from '../contract';

/** What the topology reads from the running engine. */
export interface TopologySource {
  graph(): HostGraph;
  trace(request: TraceRequest): TraceResult;
  /** Calls back with the new version whenever the host graph changes; returns the unsubscribe. */
  onChange(listener: (version: number) => void): () => void;
}
