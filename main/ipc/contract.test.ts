import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_NAME, eventChannels, invokeChannels, isEventChannel, isInvokeChannel } from './contract';

test('every channel is named <service>:<verb>', () => {
  for (const channel of [...invokeChannels, ...eventChannels]) assert.match(channel, CHANNEL_NAME);
  assert.doesNotMatch('labStatus', CHANNEL_NAME);
  assert.doesNotMatch('Lab:status', CHANNEL_NAME);
});

test('the runtime channel lists and guards agree with the contract', () => {
  assert.deepEqual([...invokeChannels], [
    'lab:status',
    'lab:eventsSince',
    'os:request',
    'shell:open',
    'shell:run',
    'shell:close',
    'host:graph',
    'host:trace',
    'term:open',
    'term:write',
    'term:resize',
    'term:ack',
    'term:close',
    'snapshot:list',
    'snapshot:save',
    'snapshot:restore',
    'snapshot:delete',
    'snapshot:diff',
    'guided:list',
    'guided:start',
    'guided:check',
    'guided:hint',
    'guided:reset',
    'scenario:list',
    'scenario:start',
    'scenario:status',
    'scenario:hint',
    'scenario:stop',
    'doctor:run',
  ]);
  assert.deepEqual([...eventChannels], ['lab:progress', 'lab:event', 'host:changed', 'term:data', 'term:exit']);
  assert.equal(isInvokeChannel('lab:status'), true);
  assert.equal(isInvokeChannel('lab:progress'), false);
  assert.equal(isInvokeChannel('toString'), false);
  assert.equal(isEventChannel('lab:progress'), true);
  assert.equal(isEventChannel('__proto__'), false);
  assert.ok(Object.isFrozen(invokeChannels));
});
