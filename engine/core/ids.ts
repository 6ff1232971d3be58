import { randomBytes, randomUUID } from 'node:crypto';

/** A Keystone/Neutron style id: a uuid4 without dashes (32 lowercase hex characters). */
export function hexId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A dashed uuid4, as Nova and Neutron use for most resources. */
export function uuid(): string {
  return randomUUID();
}

/** An unguessable secret of `bytes` random bytes, base64url (no padding). */
export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
