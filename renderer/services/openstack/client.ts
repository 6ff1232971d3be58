import { CallLog } from './call-log';
import type { CatalogEntry, Credentials, HttpMethod, NamedRef, OsTransport, TokenInfo } from './types';

/** An OpenStack API answered with an error: its status and the fault's message. */
export class OpenStackError extends Error {
  override name = 'OpenStackError';
  constructor(
    readonly status: number,
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** Bytes as base64 (the LabApi carries text), in chunks so large files do not overflow the call stack. */
function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The message of any OpenStack fault body: Keystone `{error}`, Neutron `{NeutronError}`, Nova `{itemNotFound}`… */
export function faultMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const value of Object.values(parsed)) {
      if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
    }
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.title === 'string') return parsed.title;
  } catch {
    // not JSON: fall through to the status line
  }
  return body.trim().slice(0, 300) || `HTTP ${status}`;
}

export interface ApiRequest {
  /** Catalog service type: identity, network, compute, image, placement… */
  service: string;
  method: HttpMethod;
  /** Path under the endpoint, e.g. `/v2.0/networks`. */
  path: string;
  body?: unknown;
  /** Overrides the client's default microversion for this service. */
  microversion?: string;
  /** The equivalent `openstack …` command, for the API log. */
  cli: string;
  /** A binary body (an image's data), sent as application/octet-stream instead of `body`. */
  raw?: Uint8Array;
  /** Extra request headers (Swift's X-Container-Read, X-Object-Meta-…). */
  headers?: Record<string, string>;
  /** The answer is bytes (an object download): it arrives in `bytes`. */
  binaryResponse?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** The body's bytes, when the request asked for `binaryResponse`. */
  bytes?: Uint8Array;
}

/** The service name a microversion header carries: Cinder's catalog type is volumev3, its header says volume. */
const MICROVERSION_NAME: Record<string, string> = { volumev3: 'volume' };

export interface OpenStackClientOptions {
  transport: OsTransport;
  /** Keystone v3 root, e.g. http://127.0.0.1:5000/v3 (or set later with setAuthUrl). */
  authUrl?: string;
  log?: CallLog;
  /** Default microversion per service type (sent as `OpenStack-API-Version: <type> <version>`). */
  microversions?: Record<string, string>;
  now?: () => number;
  clock?: () => number;
}

/** Services whose microversion header Horizon sends (Nova also takes its legacy header). */
export const DEFAULT_MICROVERSIONS: Record<string, string> = { compute: '2.79', placement: '1.39' };

interface TokenBody {
  token: {
    expires_at: string;
    user: NamedRef;
    project?: NamedRef;
    roles?: { id: string; name: string }[];
    catalog?: CatalogEntry[];
  };
}

/**
 * The GUI's OpenStack client, as Horizon's: Keystone password auth (domain Default), the catalog from
 * the token, re-auth once on 401, microversion headers, and a log of every call with its CLI twin.
 */
export class OpenStackClient {
  readonly log: CallLog;
  private session: TokenInfo | null = null;
  private credentials: Credentials | null = null;
  private readonly microversions: Record<string, string>;
  private readonly now: () => number;
  private readonly clock: () => number;

  constructor(private readonly opts: OpenStackClientOptions) {
    this.log = opts.log ?? new CallLog();
    this.microversions = { ...DEFAULT_MICROVERSIONS, ...opts.microversions };
    this.now = opts.now ?? (() => Date.now());
    this.clock = opts.clock ?? (() => performance.now());
  }

  get token(): TokenInfo | null {
    return this.session;
  }

  get authUrl(): string {
    if (!this.opts.authUrl) throw new OpenStackError(0, 'The lab has not said where Keystone is yet.', '');
    return this.opts.authUrl;
  }

  setAuthUrl(url: string): void {
    this.opts.authUrl = url.replace(/\/$/, '');
  }

  /** Logs in with a password; scoped to `projectId` when given, else unscoped (then pick a project). */
  async login(credentials: Credentials, projectId?: string): Promise<TokenInfo> {
    const identity = { methods: ['password'], password: { user: { name: credentials.username, domain: { name: credentials.domain }, password: credentials.password } } };
    const scope = projectId ? { project: { id: projectId } } : undefined;
    const cli = projectId ? `openstack --os-username ${credentials.username} --os-project-id ${projectId} token issue` : `openstack --os-username ${credentials.username} token issue`;
    const info = await this.issue({ auth: scope ? { identity, scope } : { identity } }, cli);
    this.credentials = credentials;
    return info;
  }

  /** Rescopes the current token to another project (Horizon's project switcher). */
  async switchProject(projectId: string): Promise<TokenInfo> {
    const current = this.requireSession();
    try {
      return await this.issue({ auth: { identity: { methods: ['token'], token: { id: current.token } }, scope: { project: { id: projectId } } } }, `openstack --os-project-id ${projectId} token issue`);
    } catch (error) {
      if (error instanceof OpenStackError && error.status === 401 && this.credentials) return this.login(this.credentials, projectId);
      throw error;
    }
  }

  /** The projects the logged-in user may scope to. */
  async myProjects(): Promise<NamedRef[]> {
    const r = await this.request<{ projects: (NamedRef & { domain_id?: string; enabled?: boolean })[] }>({
      service: 'identity',
      method: 'GET',
      path: '/auth/projects',
      cli: 'openstack project list --my-projects',
    });
    return r.body.projects.filter((p) => p.enabled !== false);
  }

  /** Revokes the token and forgets the credentials. */
  async logout(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.credentials = null;
    if (!s) return;
    await this.send('DELETE', `${this.authUrl}/auth/tokens`, { 'x-auth-token': s.token, 'x-subject-token': s.token }, undefined, 'openstack token revoke <token>').catch(() => undefined);
  }

  /** The public endpoint of a service type, from the token's catalog. */
  endpoint(service: string): string {
    if (service === 'identity') return this.authUrl;
    const entry = this.requireSession().catalog.find((c) => c.type === service);
    const ep = entry?.endpoints.find((e) => e.interface === 'public') ?? entry?.endpoints[0];
    if (!ep) throw new OpenStackError(0, `The service catalog has no ${service} endpoint.`, service);
    return ep.url.replace(/\/$/, '');
  }

  hasService(service: string): boolean {
    return !!this.session?.catalog.some((c) => c.type === service);
  }

  /** One authenticated call; a 401 re-authenticates once with the kept credentials and retries. */
  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const first = await this.attempt<T>(req);
    if (first.status !== 401 || !this.credentials) return this.checked(first, req);
    await this.login(this.credentials, this.session?.project?.id);
    return this.checked(await this.attempt<T>(req), req);
  }

  private checked<T>(r: ApiResponse<T> & { raw: string; url: string }, _req: ApiRequest): ApiResponse<T> {
    if (r.status >= 400) throw new OpenStackError(r.status, faultMessage(r.status, r.raw), r.url);
    return { status: r.status, headers: r.headers, body: r.body, bytes: r.bytes };
  }

  private async attempt<T>(req: ApiRequest): Promise<ApiResponse<T> & { raw: string; url: string }> {
    const session = this.requireSession();
    const headers: Record<string, string> = { ...req.headers, 'x-auth-token': session.token, accept: 'application/json' };
    const version = req.microversion ?? this.microversions[req.service];
    const versioned = MICROVERSION_NAME[req.service] ?? req.service;
    if (version) {
      headers['openstack-api-version'] = `${versioned} ${version}`;
      if (req.service === 'compute') headers['x-openstack-nova-api-version'] = version;
    }
    const url = this.endpoint(req.service) + req.path;
    const r = await this.send(req.method, url, headers, req.raw ?? req.body, req.cli, version ? `${versioned} ${version}` : undefined, req.binaryResponse);
    return { ...r, url };
  }

  /** Sends one call and records it in the log, whatever the outcome. */
  private async send(method: HttpMethod, url: string, headers: Record<string, string>, body: unknown, cli: string, microversion?: string, binaryResponse?: boolean) {
    const t0 = this.clock();
    const at = this.now();
    try {
      const res = await this.opts.transport({
        ...(body instanceof Uint8Array
          ? { method, url, headers, bodyBase64: base64(body) }
          : { method, url, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }),
        ...(binaryResponse ? { binaryResponse: true } : {}),
      });
      const ok = res.status < 400;
      this.log.add({ at, method, url, microversion, status: res.status, durationMs: this.clock() - t0, cli, error: ok ? undefined : faultMessage(res.status, res.body) });
      let parsed: unknown = null;
      if (res.body) {
        try {
          parsed = JSON.parse(res.body);
        } catch {
          parsed = res.body;
        }
      }
      const bytes = res.bodyBase64 === undefined ? undefined : Uint8Array.from(atob(res.bodyBase64), (c) => c.charCodeAt(0));
      return { status: res.status, headers: res.headers, body: parsed as never, raw: res.body, bytes };
    } catch (error) {
      this.log.add({ at, method, url, microversion, status: null, durationMs: this.clock() - t0, cli, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  private async issue(body: unknown, cli: string): Promise<TokenInfo> {
    const url = `${this.authUrl}/auth/tokens`;
    const r = await this.send('POST', url, {}, body, cli);
    if (r.status !== 201) throw new OpenStackError(r.status, faultMessage(r.status, r.raw), url);
    const t = (r.body as TokenBody).token;
    const token = r.headers['x-subject-token'];
    if (!token) throw new OpenStackError(r.status, 'Keystone answered without X-Subject-Token', url);
    this.session = { token, expiresAt: t.expires_at, user: t.user, project: t.project ?? null, roles: t.roles ?? [], catalog: t.catalog ?? [] };
    return this.session;
  }

  private requireSession(): TokenInfo {
    if (!this.session) throw new OpenStackError(401, 'Not logged in.', this.opts.authUrl ?? '');
    return this.session;
  }
}
