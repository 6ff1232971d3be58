import type { ComputeDeps, ComputeService } from '.';

export type GroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

export interface ServerGroupRecord {
  id: string;
  name: string;
  policy: GroupPolicy;
  /** 2.64+: e.g. { max_server_per_host: 1 } for anti-affinity. */
  rules: Record<string, number>;
  members: string[];
  project_id: string;
  user_id: string;
}

/** Server groups and their members (the scheduler's affinity filters read them). */
export class ServerGroupManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  find(_id: string): ServerGroupRecord | undefined {
    return undefined;
  }
  addMember(_groupId: string, _serverId: string): void {}
  /** Removes the server from whichever group holds it (server delete). */
  removeMember(_serverId: string): void {}
}
