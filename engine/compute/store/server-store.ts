import type { LabDatabase, Migration } from '../../core/db';
import { DocTable, docTableSql } from '../../core/doc-table';
import type { FlavorRecord, ServerRecord } from '../types';

/** A network the user asked for at create time (networks=[{uuid}|{port}|{fixed_ip}]). */
export interface RequestedNetwork {
  uuid?: string;
  port?: string;
  fixed_ip?: string;
  tag?: string;
}

/** What the build needs beyond the server itself, kept until the build ends (reschedules read it). */
export interface BuildRequest {
  /** 'auto' / 'none' (2.37), or the explicit list. */
  networks: RequestedNetwork[] | 'auto' | 'none';
  /** availability_zone as asked: the zone, and the forced host of `az:host`. */
  zone: string | null;
  forcedHost: string | null;
  /** Hosts a build already failed on (the RetryFilter's list). */
  triedHosts: string[];
  /** Security group ids (resolved at create). */
  securityGroupIds: string[];
  /** The request id of the create, for the instance action's events. */
  requestId: string;
  /** Whether the caller was an admin (ports on networks only admins see). */
  callerIsAdmin: boolean;
  /** The attempt number (1-based) of the current scheduling. */
  attempt: number;
  /** The scheduler's alternates for reschedules (not claimed yet). */
  alternates?: { host: string; providerUuid: string }[];
  /** Volumes Nova makes for the server on its host (mappings from an image, a snapshot or blank). */
  plannedVolumes?: PlannedVolume[];
}

/** A block device mapping with destination_type volume that Nova creates the volume for at build. */
export interface PlannedVolume {
  source: 'image' | 'snapshot' | 'blank';
  /** The image or snapshot id (none for blank). */
  uuid: string | null;
  /** GiB; null for a snapshot (its own size). */
  size: number | null;
  bootIndex: number | null;
  deleteOnTermination: boolean;
  /** The volume once Cinder was asked to create it. */
  volumeId?: string;
  /** Status checks so far (block_device_allocate_retries). */
  checks?: number;
}

/** The server as stored: the record plus what only the backend reads. */
export interface ServerRow extends ServerRecord {
  /** Nova's internal instance id (instance-0000000b, i-0000000b). */
  internal_id: number;
  build: BuildRequest | null;
  /** The flavor before a resize, until it is confirmed or reverted. */
  old_flavor: FlavorRecord | null;
  /** Placement consumer holding the old flavor during VERIFY_RESIZE (Nova's migration uuid). */
  migration_id: string | null;
  deleted_at: string | null;
  /** The placement provider (compute node) holding the instance's allocation. */
  provider: string | null;
  /**
   * The last scheduling of the instance (the doctor reads it): each filter's host counts, why no
   * host was found, the hosts a build failed on for lack of memory.
   */
  last_schedule?: { at: string; filterResults: { filter: string; start: number; end: number }[]; reason: string | null; failedHosts: string[] };
}

export interface InstanceActionEvent {
  event: string;
  start_time: string;
  finish_time: string | null;
  result: 'Success' | 'Error' | null;
  traceback: string | null;
  host: string | null;
  details: string | null;
}

export interface InstanceAction {
  id: string;
  request_id: string;
  instance_uuid: string;
  action: string;
  project_id: string;
  user_id: string;
  start_time: string;
  updated_at: string;
  message: string | null;
  events: InstanceActionEvent[];
}

const doc = (name: string, extra = ''): string => docTableSql(name, extra);

/** Nova's server tables (service 'compute-servers'). Append new migrations; never edit a shipped one. */
export const serverMigrations: Migration[] = [
  {
    id: '0001_instances',
    up: `
${doc('nova_instance', ', project_id TEXT NOT NULL, host TEXT, deleted INTEGER NOT NULL DEFAULT 0, internal_id INTEGER NOT NULL')}
CREATE INDEX nova_instance_project ON nova_instance (project_id);
CREATE INDEX nova_instance_host ON nova_instance (host);
${doc('nova_instance_action', ', instance_uuid TEXT NOT NULL')}
CREATE INDEX nova_instance_action_instance ON nova_instance_action (instance_uuid);
`,
  },
];

/** Servers (live and soft-deleted) and their instance actions. */
export class ServerStore {
  readonly servers: DocTable<ServerRow>;
  readonly actions: DocTable<InstanceAction>;

  constructor(readonly db: LabDatabase) {
    db.migrate('compute-servers', serverMigrations);
    this.servers = new DocTable<ServerRow>(db.raw, 'nova_instance', {
      project_id: (s) => s.project_id,
      host: (s) => s.host,
      deleted: (s) => (s.deleted ? 1 : 0),
      internal_id: (s) => s.internal_id,
    });
    this.actions = new DocTable<InstanceAction>(db.raw, 'nova_instance_action', { instance_uuid: (a) => a.instance_uuid });
  }

  /** The next internal instance id (never reused, deleted rows included). */
  nextInternalId(): number {
    const r = this.db.raw.prepare('SELECT MAX(internal_id) AS m FROM nova_instance').get() as { m: number | null };
    return (r.m ?? 0) + 1;
  }

  live(): ServerRow[] {
    return this.servers.where({ deleted: 0 });
  }
}
