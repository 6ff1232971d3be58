import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabStatus } from '../../../../engine/ui/contract';
import { createRendererServices, type RendererServices } from '../../../services';
import { createStackLabStore } from '../../index';
import { labSelectors } from './selectors';

const status: LabStatus = {
  app: { name: 'StackLab', version: '0.1.0' },
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20.20.2' },
  host: 'web',
  engine: 'ready',
  services: [{ type: 'identity', name: 'keystone', url: 'http://127.0.0.1:5000' }],
  authUrl: 'http://127.0.0.1:5000/v3',
  lastEventSeq: 0,
};

function services(statusImpl: () => Promise<LabStatus>): RendererServices {
  const base = createRendererServices(undefined);
  return { ...base, lab: { ...base.lab, status: statusImpl } };
}

test('the lab slice starts idle', () => {
  const store = createStackLabStore(services(async () => status));
  const state = store.getState();
  assert.equal(labSelectors.connection(state), 'idle');
  assert.equal(labSelectors.status(state), null);
  assert.equal(labSelectors.progress(state), 0);
});

test('loadLabStatus goes through loading to ready with the status from the lab service', async () => {
  let release: (s: LabStatus) => void = () => {};
  const store = createStackLabStore(services(() => new Promise((resolve) => (release = resolve))));
  const loading = store.getState().loadLabStatus();
  assert.equal(labSelectors.connection(store.getState()), 'loading');
  assert.equal(labSelectors.progress(store.getState()), null, 'indeterminate while loading');
  release(status);
  await loading;
  const state = store.getState();
  assert.equal(labSelectors.connection(state), 'ready');
  assert.deepEqual(labSelectors.status(state), status);
  assert.equal(labSelectors.progress(state), 1);
  assert.match(labSelectors.splashMessage(state), /StackLab 0\.1\.0 on linux\/x64: 1 services ready/);
  assert.equal(labSelectors.engineReady(state), true);
});

test('a failing lab service leaves the slice in error with the message', async () => {
  const store = createStackLabStore(
    services(async () => {
      throw new Error('Not running inside the StackLab desktop app');
    }),
  );
  await store.getState().loadLabStatus();
  const state = store.getState();
  assert.equal(labSelectors.connection(state), 'error');
  assert.equal(labSelectors.error(state), 'Not running inside the StackLab desktop app');
  assert.match(labSelectors.splashMessage(state), /Cannot reach the lab/);
});

test('the desktop splash: a starting engine shows each step, and the ready step loads the status again', async () => {
  let calls = 0;
  const answers: LabStatus[] = [{ ...status, engine: 'starting', services: [], authUrl: null }, status];
  const store = createStackLabStore(services(async () => answers[Math.min(calls++, 1)]));
  await store.getState().loadLabStatus();
  assert.equal(labSelectors.engineReady(store.getState()), false);
  store.getState().setLabProgress({ step: 'identity', message: 'Keystone (identity) answers on port 5000', done: 3, total: 7 });
  assert.equal(labSelectors.splashMessage(store.getState()), 'Keystone (identity) answers on port 5000');
  assert.equal(labSelectors.progress(store.getState()), 3 / 7);
  store.getState().setLabProgress({ step: 'ready', message: 'The lab is ready.', done: 1, total: 1 });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(calls, 2);
  assert.equal(labSelectors.engineReady(store.getState()), true);
  assert.deepEqual(
    store.getState().labProgressLog.map((p) => p.step),
    ['identity', 'ready'],
  );
});
