import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcErrorValue,
  StackLabBridge,
} from '../../engine/ui/contract';

/** The renderer's view of main: results come back as values, failures as thrown Errors. */
export interface IpcClient {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

/** Rebuilds the Error that main's handler threw: same name and message, plus its own fields. */
export function decodeIpcError(value: IpcErrorValue): Error {
  const error = new Error(value.message);
  error.name = value.name;
  for (const [key, field] of Object.entries(value.extra ?? {})) {
    if (key !== 'name' && key !== 'message' && key !== 'stack') Object.assign(error, { [key]: field });
  }
  return error;
}

function noBridgeError(): Error {
  const error = new Error('No connection to a lab: open the address `stacklab serve --ui` printed (it carries the secret), or run the desktop app.');
  error.name = 'NoDesktopBridgeError';
  return error;
}

/** Wraps the preload's bridge; without one (a plain browser), every call fails with a clear error. */
export function createIpcClient(bridge: StackLabBridge | undefined): IpcClient {
  return {
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
      if (!bridge) throw noBridgeError();
      const envelope = await bridge.invoke(channel, ...args);
      if ('error' in envelope) throw decodeIpcError(envelope.error);
      return envelope.result;
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      if (!bridge) return () => {};
      return bridge.on(channel, listener);
    },
  };
}
