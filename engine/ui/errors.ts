import type { IpcErrorValue } from './contract';

/**
 * Turns anything thrown by a handler into the value that crosses IPC. Keeps the error's name, message
 * and its own primitive fields (a domain error's `kind`, `status`, …); drops the stack, which stays in
 * main's log.
 */
export function encodeIpcError(thrown: unknown): IpcErrorValue {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', message: typeof thrown === 'string' ? thrown : 'Unknown error' };
  }
  const value: IpcErrorValue = { name: thrown.name || 'Error', message: thrown.message };
  const extra: Record<string, string | number | boolean> = {};
  for (const [key, field] of Object.entries(thrown)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') extra[key] = field;
  }
  if (Object.keys(extra).length > 0) value.extra = extra;
  return value;
}

/** Thrown (as a value) when a channel is called that the contract does not have. */
export function unknownChannelError(channel: unknown): IpcErrorValue {
  return { name: 'IpcChannelError', message: `Unknown IPC channel: ${String(channel)}` };
}
