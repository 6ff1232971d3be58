import type { OsRequest, OsResponse } from '../../../engine/ui/contract';

/** Sends one REST call through the LabApi's `os:request` (see engine/ui/contract.ts). */
export type OsTransport = (request: OsRequest) => Promise<OsResponse>;

export type HttpMethod = OsRequest['method'];

export interface CatalogEndpoint {
  id?: string;
  interface: 'public' | 'internal' | 'admin';
  region?: string;
  region_id?: string;
  url: string;
}

export interface CatalogEntry {
  id?: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

export interface NamedRef {
  id: string;
  name: string;
  domain?: { id: string; name: string };
}

/** What the GUI keeps of a Keystone token (never the password). */
export interface TokenInfo {
  token: string;
  expiresAt: string;
  user: NamedRef;
  project: NamedRef | null;
  roles: { id: string; name: string }[];
  catalog: CatalogEntry[];
}

export interface Credentials {
  username: string;
  password: string;
  /** Domain name; the lab's users live in Default. */
  domain: string;
}

/** One REST call the GUI made: what the API log drawer shows. */
export interface CallRecord {
  id: number;
  /** Epoch ms when the call started. */
  at: number;
  method: HttpMethod;
  url: string;
  /** The microversion header sent, e.g. `compute 2.79`. */
  microversion?: string;
  /** HTTP status, or null when the call never got an answer. */
  status: number | null;
  durationMs: number;
  /** The equivalent `openstack …` command. */
  cli: string;
  /** The fault message, for a failed call. */
  error?: string;
}
