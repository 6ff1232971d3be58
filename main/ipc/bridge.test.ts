import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InvokeChannel } from './contract';
import { createBridge, type IpcRendererLike } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { result: { answered: channel } };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer internals' }, ...args);
  };
  return { ipcRenderer, invoked, listeners, emit };
}

test('the bridge forwards a channel of the contract to ipcRenderer.invoke', async () => {
  const fake = fakeIpcRenderer();
  const bridge = createBridge(fake.ipcRenderer);
  assert.deepEqual(await bridge.invoke('lab:status'), { result: { answered: 'lab:status' } });
  assert.deepEqual(fake.invoked, [{ channel: 'lab:status', args: [] }]);
});

test('the bridge refuses a channel that is not in the contract, without calling main', async () => {
  const fake = fakeIpcRenderer();
  const bridge = createBridge(fake.ipcRenderer);
  const envelope = await bridge.invoke('shell:exec' as InvokeChannel);
  assert.deepEqual(envelope, { error: { name: 'IpcChannelError', message: 'Unknown IPC channel: shell:exec' } });
  assert.deepEqual(fake.invoked, []);
});

test('on() subscribes to contract events only, passes the payload without the Electron event, and unsubscribes', () => {
  const fake = fakeIpcRenderer();
  const bridge = createBridge(fake.ipcRenderer);
  assert.throws(() => bridge.on('lab:secrets' as 'lab:progress', () => {}), /Unknown IPC channel: lab:secrets/);
  assert.equal(fake.listeners.size, 0);

  const received: unknown[][] = [];
  const off = bridge.on('lab:progress', (...args) => received.push(args));
  const progress = { step: 'shell', message: 'Starting', done: 0, total: 1 };
  fake.emit('lab:progress', progress);
  assert.deepEqual(received, [[progress]]);

  off();
  fake.emit('lab:progress', progress);
  assert.equal(received.length, 1);
  assert.equal(fake.listeners.get('lab:progress')?.size, 0);
});
