/**
 * What every host driver (the in-memory `sim`, later `linux`) shares with its users: the packet
 * walker it is handed, and the change descriptions it emits when the realized host moves.
 */
import type { HostState, NeighbourEntry, NeighbourTable, TraceQuestion, TraceResult } from '../dataplane/types';

/** The dataplane's packet walker, passed in by whoever builds the host and its shells. */
export type WalkerFn = (state: HostState, neighbours: NeighbourTable, question: TraceQuestion) => TraceResult;

/** An interface inside a namespace ('' = the root namespace). */
export interface NamespacedInterface {
  namespace: string;
  name: string;
}

export interface OvsPortRef {
  bridge: string;
  name: string;
}

/** Things present in one realized state and not in the other. */
export interface HostDiff {
  namespaces: string[];
  interfaces: NamespacedInterface[];
  ovsPorts: OvsPortRef[];
}

export type ServiceActiveState = 'active' | 'inactive' | 'failed';

/** What changed on the host; the engine forwards these as events and reacts (agents, GUI). */
export type HostChange =
  | { type: 'dataplane'; added: HostDiff; removed: HostDiff }
  | { type: 'hostname'; previous: string; hostname: string }
  | { type: 'service'; unit: string; action: 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'fail'; active: ServiceActiveState }
  | { type: 'neighbours'; namespace: string; action: 'learn' | 'flush' | 'set' | 'delete' | 'drop'; entries: NeighbourEntry[] }
  | { type: 'memory'; totalMb: number; usedMb: number };

export type HostChangeListener = (change: HostChange) => void;
