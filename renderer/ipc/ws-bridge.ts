import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcEnvelope,
  LabEventValue,
  StackLabBridge,
  WsEndpoint,
  WsServerFrame,
} from '../../engine/ui/contract';

const WS: WsEndpoint = { path: '/labapi', tokenParam: 'token', sinceParam: 'since' };

export type LinkState = 'connecting' | 'open' | 'closed';

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WebSocketBridgeOptions {
  /** The page's origin, e.g. http://127.0.0.1:8000. */
  origin: string;
  /** The per-start secret (from the printed URL's fragment). */
  token: string;
  createSocket?: (url: string) => WebSocketLike;
  onState?: (state: LinkState) => void;
}

/** The LabApi over web mode's WebSocket: the same StackLabBridge as Electron's preload. */
export function createWebSocketBridge(opts: WebSocketBridgeOptions): StackLabBridge {
  const create = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (envelope: IpcEnvelope<unknown>) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let lastSeq: number | undefined;
  let socket: WebSocketLike | null = null;
  let retryMs = 200;

  const connect = () => {
    const url = new URL(WS.path, opts.origin.replace(/^http/, 'ws'));
    url.searchParams.set(WS.tokenParam, opts.token);
    if (lastSeq !== undefined) url.searchParams.set(WS.sinceParam, String(lastSeq));
    opts.onState?.('connecting');
    const ws = create(url.toString());
    socket = ws;
    ws.onopen = () => {
      retryMs = 200;
      opts.onState?.('open');
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (ev) => {
      const frame = JSON.parse(String(ev.data)) as WsServerFrame;
      if (frame.kind === 'reply') {
        pending.get(frame.id)?.(frame.envelope);
        pending.delete(frame.id);
      } else if (frame.kind === 'event') {
        if (frame.channel === 'lab:event') lastSeq = (frame.payload as LabEventValue).seq;
        for (const l of listeners.get(frame.channel) ?? []) l(frame.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      opts.onState?.('closed');
      for (const [id, resolve] of pending) {
        resolve({ error: { name: 'LabApiDisconnected', message: 'The connection to the lab was lost.' } });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
    ws.onerror = () => undefined;
  };

  return {
    invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcEnvelope<InvokeResult<C>>> {
      if (!socket) connect();
      const id = nextId++;
      const frame = JSON.stringify({ kind: 'invoke', id, channel, args });
      return new Promise((resolve) => {
        pending.set(id, resolve as (e: IpcEnvelope<unknown>) => void);
        if (socket && socket.readyState === 1) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      if (!socket) connect();
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

const SECRET_KEY = 'stacklab.secret';

/**
 * The web-mode secret: taken from the URL fragment of the printed address (then removed from the
 * address bar), or from this tab's sessionStorage after a reload.
 */
export function takeSecret(loc: Location, storage: Storage, history: History): string | null {
  const fromHash = loc.hash.replace(/^#/, '');
  if (fromHash) {
    storage.setItem(SECRET_KEY, fromHash);
    history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return storage.getItem(SECRET_KEY);
}
