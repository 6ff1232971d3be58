import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IpcEnvelope, LabStatus, StackLabBridge } from '../../engine/ui/contract';
import { createIpcClient, decodeIpcError } from './client';

const status: LabStatus = {
  app: { name: 'StackLab', version: '0.1.0' },
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20.20.2' },
  host: 'electron',
  engine: 'not-started',
  services: [],
  authUrl: null,
  lastEventSeq: 0,
};

function bridgeAnswering(envelope: IpcEnvelope<unknown>): StackLabBridge {
  return {
    invoke: async () => envelope as never,
    on: () => () => {},
  };
}

test('a result envelope resolves to the result', async () => {
  const ipc = createIpcClient(bridgeAnswering({ result: status }));
  assert.deepEqual(await ipc.invoke('lab:status'), status);
});

test('an error envelope is rebuilt into a thrown Error with its name, message and fields', async () => {
  const ipc = createIpcClient(
    bridgeAnswering({ error: { name: 'QuotaExceeded', message: 'Quota exceeded for instances', extra: { status: 403 } } }),
  );
  await assert.rejects(ipc.invoke('lab:status'), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'QuotaExceeded');
    assert.equal(error.message, 'Quota exceeded for instances');
    assert.equal((error as Error & { status?: number }).status, 403);
    return true;
  });
});

test('extra fields cannot overwrite the name or the message', () => {
  const error = decodeIpcError({ name: 'NotFound', message: 'No network', extra: { message: 'spoofed', name: 'x' } });
  assert.equal(error.name, 'NotFound');
  assert.equal(error.message, 'No network');
});

test('without the desktop bridge, calls fail clearly and subscriptions are no-ops', async () => {
  const ipc = createIpcClient(undefined);
  await assert.rejects(ipc.invoke('lab:status'), { name: 'NoDesktopBridgeError' });
  const off = ipc.on('lab:progress', () => assert.fail('no events without a bridge'));
  off();
});
