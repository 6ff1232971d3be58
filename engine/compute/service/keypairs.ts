import type { ComputeDeps, ComputeService } from '.';

export interface KeypairRecord {
  name: string;
  user_id: string;
  type: 'ssh' | 'x509';
  public_key: string;
  fingerprint: string;
  created_at: string;
}

/** Key pairs (per user). */
export class KeypairManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  find(_userId: string, _name: string): KeypairRecord | undefined {
    return undefined;
  }
}
