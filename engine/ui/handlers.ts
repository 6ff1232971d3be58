import type { EventBus } from '../core/events';
import {
  type EventChannel,
  type EventPayload,
  invokeChannels,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type IpcEnvelope,
  type LabStatus,
  type OsRequest,
  type OsResponse,
  type ShellRunResult,
  type ShellSession,
} from './contract';
import { encodeIpcError } from './errors';
import type { LabHandlers } from './labs';
import type { TerminalFactory } from './terminals';
import type { TopologySource } from './topology';

/** One handler per channel of the LabApi contract; the compiler checks that none is missing. */
export type LabApiHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>;
};

/**
 * Runs one handler and wraps the outcome in an envelope: a handler that throws (or rejects)
 * answers `{ error }`, never a rejection.
 */
export async function runHandler<C extends InvokeChannel>(
  handler: LabApiHandlers[C],
  args: InvokeArgs<C>,
  onError?: (error: unknown) => void,
): Promise<IpcEnvelope<InvokeResult<C>>> {
  try {
    const call = handler as (...a: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>;
    return { result: await call(...args) };
  } catch (error) {
    onError?.(error);
    return { error: encodeIpcError(error) };
  }
}

/** Runs a channel by name with untrusted arguments (web mode's frames); unknown channels answer an error. */
export function dispatch(handlers: LabApiHandlers, channel: string, args: unknown): Promise<IpcEnvelope<unknown>> {
  if (!(invokeChannels as readonly string[]).includes(channel)) {
    return Promise.resolve({ error: { name: 'IpcChannelError', message: `Unknown IPC channel: ${channel}` } });
  }
  const c = channel as InvokeChannel;
  return runHandler(handlers[c], (Array.isArray(args) ? args : []) as InvokeArgs<typeof c>);
}

export class LabApiArgumentError extends Error {
  override name = 'LabApiArgumentError';
}

/** The host shell, as the engine's HostRuntime offers it. */
export interface ShellHost {
  openSession(): ShellSession;
  run(id: string, line: string): Promise<ShellRunResult>;
  closeSession(id: string): void;
}

export interface EngineHandlerDeps {
  status(): LabStatus;
  events: EventBus;
  shell: ShellHost;
  /** Origins (`http://127.0.0.1:9696`) of the lab's own API endpoints: `os:request` goes nowhere else. */
  apiOrigins(): readonly string[];
  /** Per-request time limit of `os:request` (ms). */
  requestTimeoutMs?: number;
  /** The host view and trace mode (absent: those channels answer an error). */
  topology?: TopologySource;
  /** Terminal tabs (absent: those channels answer an error). */
  terminals?: TerminalFactory;
  /** Snapshots and guided labs (absent: those channels answer an error). */
  lab?: LabHandlers;
}

/** Sends an event to the one page of a connection. */
export type EmitEvent = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

/** One page's connection to the LabApi: its handlers, and what dies with it (shells, terminals). */
export interface LabApiConnection {
  handlers: LabApiHandlers;
  close(): void;
}

export class LabApiUnavailableError extends Error {
  override name = 'LabApiUnavailableError';
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
/** The request headers the GUI may send to an API; anything else (cookies, hop-by-hop) is dropped. */
const FORWARDED_HEADERS = new Set(['accept', 'content-type', 'x-auth-token', 'x-subject-token', 'openstack-api-version', 'x-openstack-nova-api-version', 'x-container-read', 'x-container-write']);
/** Swift's user metadata headers (X-Container-Meta-Color, X-Remove-Object-Meta-…) pass too. */
const FORWARDED_HEADER_PATTERN = /^x-(remove-)?(account|container|object)-meta-[a-z0-9-]+$/;

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new LabApiArgumentError(`${what} must be a non-empty string`);
  return value;
}

/** Checks an `os:request` from the page and returns what may be sent. */
export function validateOsRequest(request: unknown, origins: readonly string[]): { url: URL; method: string; headers: Record<string, string>; body?: string | Buffer } {
  if (typeof request !== 'object' || request === null) throw new LabApiArgumentError('request must be an object');
  const r = request as Partial<OsRequest>;
  const method = str(r.method, 'method').toUpperCase();
  if (!METHODS.has(method)) throw new LabApiArgumentError(`method ${method} is not allowed`);
  let url: URL;
  try {
    url = new URL(str(r.url, 'url'));
  } catch {
    throw new LabApiArgumentError(`url ${String(r.url)} is not a URL`);
  }
  if (!origins.includes(url.origin)) throw new LabApiArgumentError(`${url.origin} is not an API endpoint of this lab`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    const name = k.toLowerCase();
    if (typeof v === 'string' && (FORWARDED_HEADERS.has(name) || FORWARDED_HEADER_PATTERN.test(name))) headers[name] = v;
  }
  if (r.body !== undefined && typeof r.body !== 'string') throw new LabApiArgumentError('body must be a string');
  if (r.bodyBase64 !== undefined) {
    if (typeof r.bodyBase64 !== 'string' || r.body !== undefined) throw new LabApiArgumentError('bodyBase64 must be a base64 string, and alone');
    return { url, method, headers: { ...headers, 'content-type': 'application/octet-stream' }, body: Buffer.from(r.bodyBase64, 'base64') };
  }
  return { url, method, headers, body: r.body };
}

/** The LabApi handlers backed by a running engine: the same for web mode and Electron main. */
export function createEngineHandlers(deps: EngineHandlerDeps): LabApiHandlers {
  const topology = (): TopologySource => {
    if (!deps.topology) throw new LabApiUnavailableError('the topology is not available in this host');
    return deps.topology;
  };
  const noTerminals = (): never => {
    throw new LabApiUnavailableError('terminals are opened through a connection (connectEngine)');
  };
  const lab = (): LabHandlers => {
    if (!deps.lab) throw new LabApiUnavailableError('snapshots and guided labs are not available in this host');
    return deps.lab;
  };
  return {
    'snapshot:list': () => lab()['snapshot:list'](),
    'snapshot:save': (name) => lab()['snapshot:save'](name),
    'snapshot:restore': (name) => lab()['snapshot:restore'](name),
    'snapshot:delete': (name) => lab()['snapshot:delete'](name),
    'snapshot:diff': (from, to) => lab()['snapshot:diff'](from, to),
    'guided:list': () => lab()['guided:list'](),
    'guided:start': (name) => lab()['guided:start'](name),
    'guided:check': () => lab()['guided:check'](),
    'guided:hint': () => lab()['guided:hint'](),
    'guided:reset': () => lab()['guided:reset'](),
    'scenario:list': () => lab()['scenario:list'](),
    'scenario:start': (name) => lab()['scenario:start'](name),
    'scenario:status': () => lab()['scenario:status'](),
    'scenario:hint': () => lab()['scenario:hint'](),
    'scenario:stop': () => lab()['scenario:stop'](),
    'doctor:run': () => lab()['doctor:run'](),
    'host:graph': () => topology().graph(),
    'host:trace': (request) => topology().trace(request),
    'term:open': noTerminals,
    'term:write': noTerminals,
    'term:resize': noTerminals,
    'term:ack': noTerminals,
    'term:close': noTerminals,
    'lab:status': () => deps.status(),
    'lab:eventsSince': (since) => {
      const n = Number(since);
      return deps.events.since(Number.isFinite(n) && n >= 0 ? n : 0);
    },
    'os:request': async (request): Promise<OsResponse> => {
      const { url, method, headers, body } = validateOsRequest(request, deps.apiOrigins());
      const res = await fetch(url, {
        method,
        headers: body !== undefined && !headers['content-type'] ? { ...headers, 'content-type': 'application/json' } : headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.requestTimeoutMs ?? 60_000),
      });
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => (out[k] = v));
      if ((request as OsRequest).binaryResponse === true) return { status: res.status, headers: out, body: '', bodyBase64: Buffer.from(await res.arrayBuffer()).toString('base64') };
      return { status: res.status, headers: out, body: await res.text() };
    },
    'shell:open': () => deps.shell.openSession(),
    'shell:run': (id, line) => deps.shell.run(str(id, 'id'), typeof line === 'string' ? line : str(line, 'line')),
    'shell:close': (id) => {
      deps.shell.closeSession(str(id, 'id'));
      return null;
    },
  };
}

/**
 * Connects one page (a web-mode WebSocket, or Electron's window) to the engine: the shared handlers,
 * plus the page's own shell sessions and terminals, all closed when the page goes; host graph changes
 * are pushed as `host:changed`.
 */
export function connectEngine(deps: EngineHandlerDeps, emit: EmitEvent): LabApiConnection {
  const base = createEngineHandlers(deps);
  const shells = new Set<string>();
  const terminals = deps.terminals?.({ data: (id, data) => emit('term:data', { id, data }), exit: (id, code) => emit('term:exit', { id, code }) });
  const term = () => {
    if (!terminals) throw new LabApiUnavailableError('terminals are not available in this host');
    return terminals;
  };
  const unsubscribe = deps.topology?.onChange((version) => emit('host:changed', { version }));
  const handlers: LabApiHandlers = {
    ...base,
    'shell:open': async () => {
      const s = await base['shell:open']();
      shells.add(s.id);
      return s;
    },
    'shell:close': async (id) => {
      shells.delete(id);
      return base['shell:close'](id);
    },
    'term:open': (spec) => term().open(spec),
    'term:write': (id, data) => (term().write(str(id, 'id'), typeof data === 'string' ? data : str(data, 'data')), null),
    'term:resize': (id, cols, rows) => (term().resize(str(id, 'id'), Number(cols), Number(rows)), null),
    'term:ack': (id, chars) => (term().ack(str(id, 'id'), Number(chars)), null),
    'term:close': (id) => (term().close(str(id, 'id')), null),
  };
  return {
    handlers,
    close() {
      unsubscribe?.();
      terminals?.closeAll();
      for (const id of shells) {
        try {
          deps.shell.closeSession(id);
        } catch {
          // already gone
        }
      }
      shells.clear();
    },
  };
}
