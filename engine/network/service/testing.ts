/** Test support for the Neutron managers' unit tests (not shipped code paths). */
import assert from 'node:assert/strict';
import type { NeutronFault } from '../faults';
import type { Caller } from './core';

export const admin: Caller = { projectId: 'admin-p', isAdmin: true };
export const demo: Caller = { projectId: 'demo-p', isAdmin: false };
export const other: Caller = { projectId: 'other-p', isAdmin: false };

/** Asserts `fn` throws Neutron's fault `type` with `message` (a string is matched exactly). */
export function throwsFault(fn: () => unknown, type: string, message: string | RegExp): void {
  assert.throws(fn, (e: NeutronFault) => {
    assert.equal(e.type, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}
