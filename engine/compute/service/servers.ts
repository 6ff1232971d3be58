import type { ComputeDeps, ComputeService } from '.';
import type { ServerRecord } from '../types';

export interface ServerFilter {
  projectId?: string;
  host?: string;
  includeDeleted?: boolean;
}

/** Servers: create (schedule, claim, ports, guest), actions, delete. */
export class ServerManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  find(_id: string): ServerRecord | undefined {
    return undefined;
  }
  list(_filter: ServerFilter = {}): ServerRecord[] {
    return [];
  }
}
