import type { FastifyReply, FastifyRequest } from 'fastify';
import { policyCredentials, type TokenValidator } from '../../core/http/auth';
import type { PolicyEnforcer } from '../../core/policy';
import * as F from '../faults';
import type { ObjectStoreService } from '../service';
import type { ListingQuery } from '../service/listing';
import { titleCase } from '../service/metadata';
import type { Metadata, SwiftIdentity } from '../types';

export interface ObjectStoreApiDeps {
  objectStore: ObjectStoreService;
  tokens: TokenValidator;
  policy: PolicyEnforcer;
}

/** The path of a Swift request: /v1/<account>[/<container>[/<object>]], decoded as Swift decodes it. */
export interface SwiftPath {
  account: string;
  container?: string;
  object?: string;
}

export function parseSwiftPath(url: string): SwiftPath {
  const raw = url.split('?')[0];
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw F.preconditionFailed('Invalid UTF8 or contains NULL');
  }
  if (path.includes('\0')) throw F.preconditionFailed('Invalid UTF8 or contains NULL');
  const rest = path.replace(/^\/v1(\.0)?\//, '');
  const first = rest.indexOf('/');
  const account = first < 0 ? rest : rest.slice(0, first);
  if (!account) throw F.notFound();
  if (first < 0) return { account };
  const afterAccount = rest.slice(first + 1);
  const second = afterAccount.indexOf('/');
  const container = second < 0 ? afterAccount : afterAccount.slice(0, second);
  const object = second < 0 ? '' : afterAccount.slice(second + 1);
  if (!container) {
    if (object) throw F.notFound();
    return { account };
  }
  return object ? { account, container, object } : { account, container };
}

/**
 * The caller as keystoneauth sees it. keystonemiddleware runs with delay_auth_decision: a missing
 * or invalid token makes an anonymous caller, whom only a container's public ACL lets in.
 */
export function identityOf(deps: ObjectStoreApiDeps, req: FastifyRequest): SwiftIdentity | undefined {
  const header = req.headers['x-auth-token'] ?? req.headers['x-storage-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) return undefined;
  let ctx;
  try {
    ctx = deps.tokens.validateToken(token);
  } catch {
    return undefined;
  }
  const creds = policyCredentials(ctx);
  return {
    projectId: ctx.projectId ?? '',
    projectName: ctx.projectName ?? '',
    userId: ctx.userId,
    userName: ctx.userName,
    roles: ctx.roles,
    operator: !!ctx.projectId && deps.policy.enforce('operator', { project_id: ctx.projectId }, creds),
    resellerAdmin: deps.policy.enforce('reseller_admin', {}, creds),
  };
}

const TRUE = ['true', '1', 'yes', 'on', 't', 'y'];

/** The listing parameters of a GET on an account or container, checked as Swift checks them. */
export function listingQuery(req: FastifyRequest, maxLimit: number, allowPath: boolean): ListingQuery {
  const q = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  const get = (k: string) => q.get(k) ?? '';
  let limit = maxLimit;
  const given = get('limit');
  if (/^\d+$/.test(given)) {
    limit = Number(given);
    if (limit > maxLimit) throw F.preconditionFailed(`Maximum limit is ${maxLimit}`);
  }
  let prefix = get('prefix');
  let delimiter = get('delimiter');
  if (delimiter.length > 1 || (delimiter && delimiter.charCodeAt(0) > 254)) throw F.preconditionFailed('Bad delimiter');
  const path = allowPath ? q.get('path') : null;
  if (path !== null) {
    prefix = path ? path.replace(/\/+$/, '') + '/' : '';
    delimiter = '/';
  }
  return { prefix, marker: get('marker'), endMarker: get('end_marker'), delimiter, limit, reverse: TRUE.includes(get('reverse').toLowerCase()), pathMode: path !== null };
}

export type ListingFormat = 'json' | 'xml' | 'plain';

/** format= wins, then the Accept header (Swift's listing_formats). */
export function listingFormat(req: FastifyRequest): ListingFormat {
  const q = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  const f = (q.get('format') ?? '').toLowerCase();
  if (f === 'json' || f === 'xml' || f === 'plain') return f;
  const accept = String(req.headers.accept ?? '');
  if (/application\/json/.test(accept)) return 'json';
  if (/(application|text)\/xml/.test(accept)) return 'xml';
  return 'plain';
}

export const CONTENT_TYPES: Record<ListingFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  plain: 'text/plain; charset=utf-8',
};

export const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Swift's listing time: 2026-11-22T18:30:00.123450 (UTC, microseconds, no zone). */
export function listingTime(ts: string): string {
  const [sec, frac = '0'] = ts.split('.');
  return new Date(Number(sec) * 1000).toISOString().replace(/\.\d{3}Z$/, '') + '.' + frac.padEnd(6, '0').slice(0, 6);
}

/** Last-Modified: the timestamp rounded up to the second, as an HTTP date. */
export function httpDate(ts: string): string {
  return new Date(Math.ceil(Number(ts)) * 1000).toUTCString();
}

export function sendMetadata(reply: FastifyReply, meta: Metadata): void {
  for (const [k, v] of Object.entries(meta)) void reply.header(titleCase(k), v);
}

/** A body-less answer whose Content-Length says 0, with swob's page for 202 as Swift sends it. */
export function sendEmpty(reply: FastifyReply, status: number, req: FastifyRequest): FastifyReply {
  if (status === 202) {
    const page = F.swobPage(202);
    return reply.code(202).header('Content-Type', 'text/html; charset=UTF-8').send(req.method === 'HEAD' ? '' : page);
  }
  return reply.code(status).header('Content-Type', 'text/html; charset=UTF-8').header('Content-Length', '0').send();
}
