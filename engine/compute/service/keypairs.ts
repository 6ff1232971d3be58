import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import type { ComputeDeps, ComputeService } from '.';
import { ServiceError } from '../../core/errors';
import { type CatalogStore, catalogStore, type KeypairRow } from '../store/catalog-store';

export interface KeypairRecord {
  name: string;
  user_id: string;
  type: 'ssh' | 'x509';
  public_key: string;
  fingerprint: string;
  created_at: string;
  /** Nova's integer id (show). */
  id: number;
}

const SSH_TYPES = ['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

const invalidKeypair = (reason: string) => new ServiceError('BadRequest', `Keypair data is invalid: ${reason}`);

const colonHex = (hex: string): string => hex.match(/../g)!.join(':');

/** An SSH wire string: uint32 length + bytes. */
function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the top bit is set. */
function mpint(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let v = b.subarray(i);
  if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return sshString(v);
}

/** Nova's md5 fingerprint of an OpenSSH public key; throws Nova's InvalidKeypair when it is not one. */
export function sshFingerprint(publicKey: string): string {
  const parts = publicKey.trim().split(/\s+/);
  const bad = () => invalidKeypair('failed to generate fingerprint');
  if (parts.length < 2 || !SSH_TYPES.includes(parts[0])) throw bad();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1])) throw bad();
  const blob = Buffer.from(parts[1], 'base64');
  if (blob.length < 4) throw bad();
  const n = blob.readUInt32BE(0);
  if (n + 4 > blob.length || blob.subarray(4, 4 + n).toString('latin1') !== parts[0]) throw bad();
  return colonHex(createHash('md5').update(blob).digest('hex'));
}

/** SHA-1 fingerprint of a PEM certificate (x509 key pairs). */
export function x509Fingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch (e) {
    throw invalidKeypair(`failed to generate X509 fingerprint. Error message: ${(e as Error).message}`);
  }
}

/** A new RSA 2048 key as Nova makes one: PEM private key, `ssh-rsa … Generated-by-Nova` public key. */
export function generateSshKey(): { privateKey: string; publicKey: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e, 'base64url')), mpint(Buffer.from(jwk.n, 'base64url'))]);
  const pub = `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`;
  return { privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, publicKey: pub, fingerprint: sshFingerprint(pub) };
}

/** Key pairs (per user). */
export class KeypairManager {
  private readonly store: CatalogStore;

  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {
    this.store = catalogStore(deps.db);
  }

  private record(r: KeypairRow): KeypairRecord {
    return { name: r.name, user_id: r.user_id, type: r.type, public_key: r.public_key, fingerprint: r.fingerprint, created_at: r.created_at, id: r.internal_id };
  }

  find(userId: string, name: string): KeypairRecord | undefined {
    const r = this.store.keypairs.get(`${userId}/${name}`);
    return r ? this.record(r) : undefined;
  }

  get(userId: string, name: string): KeypairRecord {
    const k = this.find(userId, name);
    if (!k) throw new ServiceError('NotFound', `Keypair ${name} not found for user ${userId}`);
    return k;
  }

  /** The user's key pairs by name, paged by name (2.35). */
  list(userId: string, page: { limit?: number; marker?: string } = {}): KeypairRecord[] {
    let rows = this.store.keypairs.where({ user_id: userId }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (page.marker !== undefined) {
      const i = rows.findIndex((r) => r.name === page.marker);
      if (i < 0) throw new ServiceError('BadRequest', `Marker ${page.marker} could not be found.`);
      rows = rows.slice(i + 1);
    }
    if (page.limit !== undefined) rows = rows.slice(0, page.limit);
    return rows.map((r) => this.record(r));
  }

  count(userId: string): number {
    return this.store.keypairs.count({ user_id: userId });
  }

  /**
   * Imports `publicKey`, or generates an RSA key when none is given (the private key is returned
   * once and never kept).
   */
  create(userId: string, projectId: string | null, name: string, type: 'ssh' | 'x509', publicKey?: string): KeypairRecord & { private_key?: string } {
    let pub = publicKey;
    let privateKey: string | undefined;
    let fingerprint: string;
    if (pub === undefined) {
      if (type === 'x509') throw new ServiceError('BadRequest', 'Keypair data is invalid: generating x509 key pairs is not supported here; import the certificate with public_key');
      const g = generateSshKey();
      pub = g.publicKey;
      privateKey = g.privateKey;
      fingerprint = g.fingerprint;
    } else {
      fingerprint = type === 'x509' ? x509Fingerprint(pub) : sshFingerprint(pub);
    }
    const row = this.deps.db.tx(() => {
      this.nova.quotas.checkKeypairs(userId, projectId);
      if (this.store.keypairs.get(`${userId}/${name}`)) throw new ServiceError('Conflict', `Key pair '${name}' already exists.`);
      const r: KeypairRow = {
        id: `${userId}/${name}`,
        name,
        user_id: userId,
        type,
        public_key: pub!,
        fingerprint,
        created_at: this.deps.clock.now().toISOString().replace(/\.(\d{3})Z$/, '.$1000'),
        internal_id: this.store.nextId('keypair'),
      };
      this.store.keypairs.insert(r);
      return r;
    });
    this.deps.events.publish('compute.keypair.created', row.id, { name, user_id: userId });
    return privateKey ? { ...this.record(row), private_key: privateKey } : this.record(row);
  }

  delete(userId: string, name: string): void {
    if (!this.store.keypairs.delete(`${userId}/${name}`)) throw new ServiceError('NotFound', `Keypair ${name} not found for user ${userId}`);
    this.deps.events.publish('compute.keypair.deleted', `${userId}/${name}`, { name, user_id: userId });
  }
}
