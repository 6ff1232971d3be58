import { createHash } from 'node:crypto';
import { BadRequest } from '../../core/errors';
import { hexId } from '../../core/ids';
import { duplicate, notFound } from '../errors';
import type { Credential } from '../types';
import type { IdentityCore } from './core';
import type { UserManager } from './users';

/** /v3/credentials: opaque blobs (EC2 keys, TOTP secrets) owned by a user. */
export class CredentialManager {
  constructor(
    private readonly core: IdentityCore,
    private readonly users: UserManager,
  ) {}

  get(id: string): Credential {
    const c = this.core.store.credentials.get(id);
    if (!c) throw notFound('credential', id);
    return c;
  }

  list(f: { user_id?: string; type?: string } = {}): Credential[] {
    return this.core.store.credentials.find({ user_id: f.user_id, type: f.type });
  }

  create(input: Partial<Credential> & { user_id: string; type: string; blob: string }): Credential {
    return this.core.write('credential.created', () => {
      this.users.get(input.user_id);
      let id = hexId();
      if (input.type === 'ec2') {
        // Keystone derives an EC2 credential's id from its access key
        let access: unknown;
        try {
          access = (JSON.parse(input.blob) as { access?: unknown }).access;
        } catch {
          throw new BadRequest('Invalid blob in credential');
        }
        if (typeof access !== 'string' || !input.project_id) throw new BadRequest('Invalid blob in credential');
        id = createHash('sha256').update(access).digest('hex');
      }
      if (this.core.store.credentials.get(id)) throw duplicate('credential', 'ID', id);
      this.core.store.credentials.insert({ project_id: null, ...input, id });
      return this.get(id);
    }, (c) => c.id);
  }

  update(id: string, patch: Partial<Credential>): Credential {
    return this.core.write('credential.updated', () => {
      const c = this.get(id);
      if (patch.user_id) this.users.get(patch.user_id);
      this.core.store.credentials.replace({ ...c, ...patch, id });
      return this.get(id);
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('credential.deleted', () => {
      this.get(id);
      this.core.store.credentials.delete(id);
    }, () => id);
  }
}
