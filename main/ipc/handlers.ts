import { runHandler, type LabApiHandlers } from '../../engine/ui/handlers';
import { invokeChannels, type InvokeArgs } from './contract';

export { runHandler };

/** One handler per channel of the contract; the compiler checks that none is missing. */
export type IpcHandlers = LabApiHandlers;

/** What main needs to know about the caller of an `invoke`. */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
}

/** The part of Electron's `ipcMain` that the router uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcRouterOptions {
  /** Only frames showing the app's own page may call main (Electron's "validate the sender"). */
  isTrustedSender: (event: IpcInvokeEventLike) => boolean;
  /** Where a handler's failure is logged with its stack (which does not cross IPC). */
  logError?: (channel: string, error: unknown) => void;
}

/**
 * Registers every channel of the contract on `ipcMain`. Returns the function that removes them.
 * Arguments from the renderer are untrusted: a handler that takes arguments validates them.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: IpcHandlers, options: IpcRouterOptions): () => void {
  for (const channel of invokeChannels) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event, ...args) => {
      if (!options.isTrustedSender(event)) {
        return { error: { name: 'IpcForbiddenError', message: `IPC call to ${channel} from an untrusted frame` } };
      }
      return runHandler(handler, args as InvokeArgs<typeof channel>, (error) => options.logError?.(channel, error));
    });
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}
