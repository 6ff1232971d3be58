import {
  eventChannels,
  invokeChannels,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type IpcEnvelope,
  type StackLabBridge,
} from './contract';
import { unknownChannelError } from './errors';

/** The part of Electron's `ipcRenderer` that the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface BridgeChannels {
  invoke: readonly string[];
  events: readonly string[];
}

/**
 * The one generic bridge exposed to the page as `window.stacklab`. It lets through only the channels
 * of the contract (the defaults), answers any other with an error envelope (invoke) or a throw (on),
 * and never hands Electron's event object to the page.
 */
export function createBridge(
  ipcRenderer: IpcRendererLike,
  channels: BridgeChannels = { invoke: invokeChannels, events: eventChannels },
): StackLabBridge {
  const allowedInvoke = new Set(channels.invoke);
  const allowedEvents = new Set(channels.events);
  return {
    invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcEnvelope<InvokeResult<C>>> {
      if (!allowedInvoke.has(channel)) return Promise.resolve({ error: unknownChannelError(channel) });
      return ipcRenderer.invoke(channel, ...args) as Promise<IpcEnvelope<InvokeResult<C>>>;
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      if (!allowedEvents.has(channel)) throw new Error(unknownChannelError(channel).message);
      const forward = (_event: unknown, payload: unknown) => listener(payload as EventPayload<C>);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  };
}
