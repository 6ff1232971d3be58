/**
 * The object store's records, as they sit in lab.db. Metadata maps keep the lower-cased header
 * names Swift stores (`x-container-meta-color`, `content-disposition` …) to their values.
 */
export type Metadata = Record<string, string>;

/** An account (`AUTH_<project_id>`): created on first write (Swift's account_autocreate). */
export interface AccountRecord {
  account: string;
  metadata: Metadata;
  /** Swift's X-Timestamp: seconds since the epoch, five decimals. */
  created_at: string;
  put_timestamp: string;
}

export interface ContainerRecord {
  account: string;
  name: string;
  metadata: Metadata;
  read_acl: string | null;
  write_acl: string | null;
  created_at: string;
  put_timestamp: string;
}

export interface ObjectRecord {
  account: string;
  container: string;
  name: string;
  bytes: number;
  /** MD5 of the bytes, hex (Swift's ETag). */
  etag: string;
  content_type: string;
  /** X-Timestamp of the PUT/POST that made this version. */
  timestamp: string;
  metadata: Metadata;
  /** The data file, relative to the objects folder. */
  file: string;
}

/** A container with its usage, as account listings and HEAD show it. */
export interface ContainerUsage extends ContainerRecord {
  object_count: number;
  bytes_used: number;
}

/** Who is asking, as Swift's keystoneauth sees the token (undefined: anonymous or invalid token). */
export interface SwiftIdentity {
  projectId: string;
  projectName: string;
  userId: string;
  userName: string;
  /** Holds the reseller admin role: any account. */
  resellerAdmin: boolean;
  /** Holds an operator role on its project: owner of that project's account. */
  operator: boolean;
  roles: string[];
}
