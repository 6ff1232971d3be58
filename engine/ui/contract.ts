/**
 * The LabApi: the one typed contract between the renderer and whatever hosts it — Electron main (over
 * IPC, through the preload's `window.stacklab`) or `stacklab serve --ui` (over a WebSocket, see
 * engine/ui/server.ts). Every channel, its arguments and its result; every event and its payload.
 * Both hosts implement the same handlers (engine/ui/handlers.ts) so the renderer cannot tell them apart.
 *
 * Channels are named `<service>:<verb>`. Requests answer with an envelope, never a rejection:
 * `{ result }` or `{ error: { name, message, extra } }`; the renderer's client turns an error envelope
 * back into a thrown Error. Events flow from the host to the renderer.
 *
 * How the renderer reaches the OpenStack APIs (one design for both hosts): it sends each REST call as
 * an `os:request` (method, absolute endpoint URL from the Keystone catalog, headers, JSON body) and the
 * host performs it and answers status, headers and body. The renderer still speaks only OpenStack REST,
 * as Horizon does, but never from the page's origin: no CORS, no proxy paths, no cookie ever reaches
 * an API. The host only forwards to the lab's own API endpoints (loopback, the lab's ports), so this
 * is not an open relay.
 *
 * This file lives in engine/ because the web-mode server (engine/) and main/ both import it at run
 * time; the renderer imports it with `import type` only (tools/eslint/layering.mjs). It holds plain
 * data and types: no Node, no DOM, no Electron.
 */

/** One OpenStack API the lab serves, as the catalog lists it. */
export interface LabServiceInfo {
  type: string;
  name: string;
  url: string;
}

/** What `lab:status` reports. */
export interface LabStatus {
  app: { name: string; version: string };
  /** Which host answers: the desktop app or `stacklab serve --ui`. */
  host: 'electron' | 'web';
  platform: string;
  arch: string;
  versions: { electron?: string; chrome?: string; node: string };
  /** The lab engine: not started (desktop shell without engine), starting, or ready with its APIs. */
  engine: 'not-started' | 'starting' | 'ready';
  /** Every OpenStack API with its public URL, once the engine is ready. */
  services: LabServiceInfo[];
  /** The identity endpoint (`…/v3`) the renderer logs in at; null until ready. */
  authUrl: string | null;
  /** The sequence number of the last engine event (resume `lab:event` from here). */
  lastEventSeq: number;
}

/** Splash progress: one step of bringing the lab up. */
export interface LabProgress {
  step: string;
  message: string;
  done: number;
  total: number;
}

/** An engine event, as `engine/core/events.ts` publishes it. */
export interface LabEventValue {
  seq: number;
  type: string;
  id?: string;
  data?: Record<string, unknown>;
  at: string;
}

/** A REST call to one of the lab's OpenStack APIs (see the header comment). */
export interface OsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Absolute URL of an endpoint the lab serves, e.g. http://127.0.0.1:9696/v2.0/networks. */
  url: string;
  headers?: Record<string, string>;
  /** JSON text of the body, when there is one. */
  body?: string;
  /** Binary body (an image upload), base64; sent as application/octet-stream. */
  bodyBase64?: string;
  /** The answer is bytes (an object download): it comes back as `bodyBase64`, `body` empty. */
  binaryResponse?: boolean;
}

export interface OsResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body as text (JSON for every OpenStack API this GUI calls). */
  body: string;
  /** The body's bytes, base64, when the request asked for `binaryResponse`. */
  bodyBase64?: string;
}

/** A host-shell session, as `stacklab shell` opens it. */
export interface ShellSession {
  id: string;
  prompt: string;
}

export interface ShellRunResult {
  stdout: string;
  stderr: string;
  code: number;
  prompt: string;
  exited: number | null;
  /** The next line is a secret (a password prompt): do not echo it. */
  secret: boolean;
}

/**
 * The host's dataplane as a graph (the topology's host view): OVS bridges with their ports and VLAN
 * tags, patch links, namespaces holding their interfaces and addresses, taps to instances, br-ex to the
 * NIC. Built from the sim host's state (engine/ui/topology/); `version` grows with every change.
 */
export interface HostGraph {
  version: number;
  hostname: string;
  nodes: HostGraphNode[];
  edges: HostGraphEdge[];
}

export type HostNodeKind = 'nic' | 'bridge' | 'port' | 'namespace' | 'interface' | 'instance';

export interface HostGraphNode {
  /** Stable across versions: `bridge:br-int`, `port:br-int:tapXXXX`, `ns:qrouter-…`, `if:qrouter-…:qr-…`. */
  id: string;
  kind: HostNodeKind;
  label: string;
  /** The compound parent (a port's bridge, an interface's namespace). */
  parent?: string;
  /** What the details pane shows: addresses, VLAN tag, MAC, ARP table, routes, rules… (plain data). */
  details: Record<string, unknown>;
}

export interface HostGraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'patch' | 'veth' | 'tap' | 'uplink' | 'member';
  label?: string;
}

/** Trace mode: where a packet goes from a source to a destination address. */
export interface TraceRequest {
  /** A Neutron port id, a server id, or `host` (the host's root namespace), or a namespace name (`qrouter-…`, `qdhcp-…`). */
  from: string;
  to: string;
  protocol: 'icmp' | 'tcp' | 'udp';
  port?: number;
}

export interface TraceHop {
  /** The host-graph node the packet is at, when it maps to one. */
  node?: string;
  /** What happened there, in an operator's words (`br-int: VLAN 1 → patch-tun`, `qrouter-…: SNAT to 172.24.4.10`). */
  what: string;
}

export interface TraceResult {
  delivered: boolean;
  hops: TraceHop[];
  /** Where and why the packet was dropped, when it was. */
  drop?: { node?: string; reason: string };
  /** The reply's path, when the forward leg was delivered and a reply is expected. */
  reply?: { delivered: boolean; hops: TraceHop[]; drop?: { node?: string; reason: string } };
}

/** What a terminal tab runs. */
export type TerminalSpec =
  /** A local shell with OS_* from keystonerc_admin (the real `openstack` CLI when installed). */
  | { kind: 'local'; cols: number; rows: number }
  /** The sim host's shell (`stacklab shell`). */
  | { kind: 'host'; cols: number; rows: number }
  /** An instance's serial console. */
  | { kind: 'console'; serverId: string; cols: number; rows: number };

export interface TerminalInfo {
  id: string;
  title: string;
}

/** A whole-lab snapshot (`stacklab snapshot …`). */
export interface SnapshotInfo {
  name: string;
  createdAt: string;
  resources: number;
  files: number;
  bytes: number;
}

export interface SnapshotDiffEntry {
  type: string;
  id: string;
  name?: string;
  fields?: string[];
}

export interface SnapshotDiffValue {
  from: string;
  to: string;
  added: SnapshotDiffEntry[];
  removed: SnapshotDiffEntry[];
  changed: SnapshotDiffEntry[];
}

/** A guided lab (resources/labs) with the student's progress in it. */
export interface GuidedLabInfo {
  name: string;
  title: string;
  summary?: string;
  steps: { id: string; title: string; goal: string; hints: number }[];
  active: boolean;
  progress: {
    current: number;
    startedAt: string;
    completedAt?: string;
    steps: Record<string, { startedAt: string; completedAt?: string; hintsUsed: number }>;
  } | null;
}

export interface GuidedCheckValue {
  results: { id: string; title: string; ok: boolean; checks: { what: string; ok: boolean; detail?: string }[] }[];
  lab: GuidedLabInfo;
}

/** A troubleshooting scenario (resources/scenarios). */
export interface ScenarioInfo {
  name: string;
  title: string;
  description: string;
}

/** The running scenario, as `stacklab scenario status --json` prints it. */
export interface ScenarioStateValue {
  name: string;
  title: string;
  solved: boolean;
  hintsUsed: number;
  startedAt: string;
  solvedAt: string | null;
  solveSeconds: number | null;
}

/** One thing the doctor found wrong, with the commands that show it and those that fix it. */
export interface DoctorFindingValue {
  id: string;
  severity: 'error' | 'warning';
  symptom: string;
  cause: string;
  evidence: { command: string; output: string }[];
  fix: string[];
}

/** Requests from the renderer to the host: channel → arguments tuple → result. */
export interface InvokeContract {
  'lab:status': { args: []; result: LabStatus };
  /** Kept events after `since` (to resume after a reconnect); `complete` is false when some were dropped. */
  'lab:eventsSince': { args: [since: number]; result: { events: LabEventValue[]; complete: boolean } };
  'os:request': { args: [request: OsRequest]; result: OsResponse };
  'shell:open': { args: []; result: ShellSession };
  'shell:run': { args: [id: string, line: string]; result: ShellRunResult };
  'shell:close': { args: [id: string]; result: null };
  /** The host view of the topology. */
  'host:graph': { args: []; result: HostGraph };
  'host:trace': { args: [request: TraceRequest]; result: TraceResult };
  /** Terminal tabs: output arrives as `term:data` events; the renderer acknowledges what it has written (flow control). */
  'term:open': { args: [spec: TerminalSpec]; result: TerminalInfo };
  'term:write': { args: [id: string, data: string]; result: null };
  'term:resize': { args: [id: string, cols: number, rows: number]; result: null };
  'term:ack': { args: [id: string, chars: number]; result: null };
  'term:close': { args: [id: string]; result: null };
  /** Lab snapshots: a restore restarts the engine on the restored lab (the page reloads its data). */
  'snapshot:list': { args: []; result: SnapshotInfo[] };
  'snapshot:save': { args: [name: string]; result: SnapshotInfo };
  'snapshot:restore': { args: [name: string]; result: SnapshotInfo };
  'snapshot:delete': { args: [name: string]; result: null };
  'snapshot:diff': { args: [from: string, to: string]; result: SnapshotDiffValue };
  /** Guided labs. */
  'guided:list': { args: []; result: GuidedLabInfo[] };
  'guided:start': { args: [name: string]; result: GuidedLabInfo };
  'guided:check': { args: []; result: GuidedCheckValue };
  'guided:hint': { args: []; result: { step: string; level: number; of: number; text: string } };
  'guided:reset': { args: []; result: GuidedLabInfo };
  /** Troubleshooting scenarios and the doctor (`stacklab scenario …`, `stacklab doctor`). */
  'scenario:list': { args: []; result: { scenarios: ScenarioInfo[]; running: ScenarioStateValue | null } };
  'scenario:start': { args: [name: string]; result: ScenarioStateValue };
  'scenario:status': { args: []; result: ScenarioStateValue | null };
  'scenario:hint': { args: []; result: { level: number; of: number; text: string } };
  'scenario:stop': { args: []; result: null };
  'doctor:run': { args: []; result: { findings: DoctorFindingValue[]; scenario: ScenarioStateValue | null } };
}

/** Events from the host to the renderer: channel → payload. */
export interface EventContract {
  'lab:progress': LabProgress;
  /** Every engine event, live, in sequence order. */
  'lab:event': LabEventValue;
  /** The host graph changed (its new version): the host view fetches `host:graph` again. */
  'host:changed': { version: number };
  /** Terminal output, batched, whole UTF-8 characters only. */
  'term:data': { id: string; data: string };
  'term:exit': { id: string; code: number | null };
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];
export type EventChannel = keyof EventContract;
export type EventPayload<C extends EventChannel> = EventContract[C];

/** An error as it crosses IPC or the WebSocket: a value, rebuilt into an Error on the renderer side. */
export interface IpcErrorValue {
  name: string;
  message: string;
  /** The error's own primitive fields (e.g. a domain error's `kind`, `status`, `rule`). */
  extra?: Record<string, string | number | boolean>;
}

export type IpcEnvelope<T> = { result: T } | { error: IpcErrorValue };

/** The shape of `window.stacklab` (Electron's preload) and of the web-mode WebSocket bridge alike. */
export interface StackLabBridge {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcEnvelope<InvokeResult<C>>>;
  /** Subscribes to a host → renderer event; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

/** Web mode's WebSocket frames. */
export type WsClientFrame = { kind: 'invoke'; id: number; channel: string; args: unknown[] };
export type WsServerFrame =
  | { kind: 'reply'; id: number; envelope: IpcEnvelope<unknown> }
  | { kind: 'event'; channel: EventChannel; payload: unknown };

/**
 * Web mode: the WebSocket path and the query parameters of the upgrade request
 * (`/labapi?token=<per-start secret>&since=<last seen event seq>`). A type, not a value: the renderer
 * may import this file only with `import type`, so each side writes the literal and the compiler
 * checks both against this one declaration.
 */
export interface WsEndpoint {
  path: '/labapi';
  tokenParam: 'token';
  sinceParam: 'since';
}

// Runtime lists of the channels, complete by construction: a Record over the contract's keys fails
// to compile when a channel is added to a contract and not here, or listed here and not there.
const invokeChannelSet: Record<InvokeChannel, true> = {
  'lab:status': true,
  'lab:eventsSince': true,
  'os:request': true,
  'shell:open': true,
  'shell:run': true,
  'shell:close': true,
  'host:graph': true,
  'host:trace': true,
  'term:open': true,
  'term:write': true,
  'term:resize': true,
  'term:ack': true,
  'term:close': true,
  'snapshot:list': true,
  'snapshot:save': true,
  'snapshot:restore': true,
  'snapshot:delete': true,
  'snapshot:diff': true,
  'guided:list': true,
  'guided:start': true,
  'guided:check': true,
  'guided:hint': true,
  'guided:reset': true,
  'scenario:list': true,
  'scenario:start': true,
  'scenario:status': true,
  'scenario:hint': true,
  'scenario:stop': true,
  'doctor:run': true,
};
const eventChannelSet: Record<EventChannel, true> = {
  'lab:progress': true,
  'lab:event': true,
  'host:changed': true,
  'term:data': true,
  'term:exit': true,
};

export const invokeChannels: readonly InvokeChannel[] = Object.freeze(Object.keys(invokeChannelSet) as InvokeChannel[]);
export const eventChannels: readonly EventChannel[] = Object.freeze(Object.keys(eventChannelSet) as EventChannel[]);

/** `<service>:<verb>`: lower-case service, camelCase verb. */
export const CHANNEL_NAME = /^[a-z][a-z0-9]*:[a-z][a-zA-Z0-9]*$/;

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(invokeChannelSet, channel);
}

export function isEventChannel(channel: unknown): channel is EventChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(eventChannelSet, channel);
}
