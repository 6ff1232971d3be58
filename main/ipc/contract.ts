/**
 * The one IPC contract between the renderer and main: every channel, its arguments and its result.
 *
 * Channels are named `<service>:<verb>`. Requests (`invoke`) answer with an envelope, never a
 * rejection: `{ result }` or `{ error: { name, message, extra } }`; the renderer's IPC client turns an
 * error envelope back into a thrown Error. Events (`on`) flow from main to the renderer.
 *
 * This file is shared by main, the preload and the renderer (which imports it with `import type`
 * only), so it holds plain data and types: no Electron, no Node, no DOM.
 */

/** What `lab:status` reports. Static app information until the engine is wired into main. */
export interface LabStatus {
  app: { name: string; version: string };
  platform: string;
  arch: string;
  versions: { electron?: string; chrome?: string; node: string };
  /** The in-process engine is not started by the desktop shell yet. */
  engine: 'not-started';
}

/** Splash progress: one step of bringing the lab up. */
export interface LabProgress {
  step: string;
  message: string;
  done: number;
  total: number;
}

/** Requests from the renderer to main: channel → arguments tuple → result. */
export interface InvokeContract {
  'lab:status': { args: []; result: LabStatus };
}

/** Events from main to the renderer: channel → payload. */
export interface EventContract {
  'lab:progress': LabProgress;
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];
export type EventChannel = keyof EventContract;
export type EventPayload<C extends EventChannel> = EventContract[C];

/** An error as it crosses IPC: a value, rebuilt into an Error on the renderer side. */
export interface IpcErrorValue {
  name: string;
  message: string;
  /** The error's own primitive fields (e.g. a domain error's `kind`, `status`, `rule`). */
  extra?: Record<string, string | number | boolean>;
}

export type IpcEnvelope<T> = { result: T } | { error: IpcErrorValue };

/** The shape of `window.stacklab`, the one generic bridge the preload exposes. */
export interface StackLabBridge {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcEnvelope<InvokeResult<C>>>;
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

// Runtime lists of the channels, complete by construction: a Record over the contract's keys fails
// to compile when a channel is added to a contract and not here, or listed here and not there.
const invokeChannelSet: Record<InvokeChannel, true> = {
  'lab:status': true,
};
const eventChannelSet: Record<EventChannel, true> = {
  'lab:progress': true,
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
