import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invokeChannels, type LabStatus } from './contract';
import { registerIpcHandlers, runHandler, type IpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from './handlers';

type Handle = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handle>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      assert.ok(!handlers.has(channel), `${channel} registered twice`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const APP_URL = 'file:///app/dist/renderer/index.html';
const trusted: IpcInvokeEventLike = { senderFrame: { url: APP_URL } };
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

class QuotaExceeded extends Error {
  readonly kind = 'Forbidden';
  readonly status = 403;
  constructor(message: string) {
    super(message);
    this.name = 'QuotaExceeded';
  }
}

const unused = (): never => {
  throw new Error('not called in these tests');
};

function register(partial: Pick<IpcHandlers, 'lab:status'>, logged: unknown[] = []) {
  const fake = fakeIpcMain();
  const handlers: IpcHandlers = {
    'lab:eventsSince': unused,
    'os:request': unused,
    'shell:open': unused,
    'shell:run': unused,
    'shell:close': unused,
    'host:graph': unused,
    'host:trace': unused,
    'term:open': unused,
    'term:write': unused,
    'term:resize': unused,
    'term:ack': unused,
    'term:close': unused,
    'snapshot:list': unused,
    'snapshot:save': unused,
    'snapshot:restore': unused,
    'snapshot:delete': unused,
    'snapshot:diff': unused,
    'guided:list': unused,
    'guided:start': unused,
    'guided:check': unused,
    'guided:hint': unused,
    'guided:reset': unused,
    'scenario:list': unused,
    'scenario:start': unused,
    'scenario:status': unused,
    'scenario:hint': unused,
    'scenario:stop': unused,
    'doctor:run': unused,
    ...partial,
  };
  const dispose = registerIpcHandlers(fake.ipcMain, handlers, {
    isTrustedSender: (event) => event.senderFrame?.url === APP_URL,
    logError: (channel, error) => logged.push([channel, error]),
  });
  return { ...fake, dispose };
}

test('every channel of the contract is registered, and dispose removes them', () => {
  const { handlers, dispose } = register({ 'lab:status': () => status });
  assert.deepEqual([...handlers.keys()], [...invokeChannels]);
  dispose();
  assert.equal(handlers.size, 0);
});

test('a handler result crosses as { result }', async () => {
  const { handlers } = register({ 'lab:status': async () => status });
  assert.deepEqual(await handlers.get('lab:status')?.(trusted), { result: status });
});

test('a handler that throws answers { error } with name, message and its fields, not a rejection', async () => {
  const logged: unknown[] = [];
  const thrown = new QuotaExceeded('Quota exceeded for instances');
  const { handlers } = register(
    {
      'lab:status': () => {
        throw thrown;
      },
    },
    logged,
  );
  const envelope = await handlers.get('lab:status')?.(trusted);
  assert.deepEqual(envelope, {
    error: { name: 'QuotaExceeded', message: 'Quota exceeded for instances', extra: { kind: 'Forbidden', status: 403 } },
  });
  assert.deepEqual(logged, [['lab:status', thrown]], 'the original error, with its stack, is logged in main');
});

test('a handler that rejects, or throws a non-Error, also answers { error }', async () => {
  assert.deepEqual(await runHandler<'lab:status'>(async () => Promise.reject(new TypeError('bad')), []), {
    error: { name: 'TypeError', message: 'bad' },
  });
  assert.deepEqual(
    await runHandler<'lab:status'>(() => {
      throw 'plain string';
    }, []),
    { error: { name: 'Error', message: 'plain string' } },
  );
});

test('a call from a frame that is not the app page is refused without running the handler', async () => {
  let ran = false;
  const { handlers } = register({
    'lab:status': () => {
      ran = true;
      return status;
    },
  });
  for (const event of [{ senderFrame: { url: 'https://example.com/' } }, { senderFrame: null }, {}]) {
    const envelope = (await handlers.get('lab:status')?.(event)) as { error?: { name: string } };
    assert.equal(envelope.error?.name, 'IpcForbiddenError');
  }
  assert.equal(ran, false);
});
