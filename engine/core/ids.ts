import { randomBytes, randomUUID } from 'node:crypto';

/** A Keystone/Neutron style id: a uuid4 without dashes (32 lowercase hex characters). */
export function hexId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A dashed uuid4, as Nova and Neutron use for most resources. */
export function uuid(): string {
  return randomUUID();
}

/**
 * An unguessable secret of `bytes` random bytes, base64url (no padding). It never starts with `-`: a
 * student pastes it after an option (`--os-application-credential-secret <secret>`) and argparse would
 * take a leading dash for another option (one secret in 64 failed so).
 */
export function secret(bytes = 32): string {
  for (;;) {
    const s = randomBytes(bytes).toString('base64url');
    if (!s.startsWith('-')) return s;
  }
}
