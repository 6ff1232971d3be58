import type { FastifyReply, FastifyRequest } from 'fastify';
import * as F from '../../faults';
import { LIMITS } from '../../service';
import { CONTENT_TYPES, httpDate, listingFormat, listingQuery, listingTime, type ObjectStoreApiDeps, sendEmpty, sendMetadata, xmlEscape } from '../http';

/** GET/HEAD/POST on /v1/AUTH_<project>: container listing, usage headers, metadata. */
export async function accountRequest(
  deps: ObjectStoreApiDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  account: string,
  owner: boolean,
  resellerAdmin: boolean,
): Promise<FastifyReply> {
  const svc = deps.objectStore;
  if (req.method === 'POST') {
    if (!owner) throw F.forbidden();
    // account_quotas: only the reseller admin sets or removes an account's quota
    if (!resellerAdmin && ('x-account-meta-quota-bytes' in req.headers || 'x-remove-account-meta-quota-bytes' in req.headers)) throw F.forbidden();
    svc.updateAccount(account, req.headers);
    return sendEmpty(reply, 204, req);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new F.SwiftFault(405, undefined, { Allow: 'GET, HEAD, POST' });
  const a = svc.account(account);
  void reply
    .header('X-Account-Container-Count', String(a.usage.containers))
    .header('X-Account-Object-Count', String(a.usage.objects))
    .header('X-Account-Bytes-Used', String(a.usage.bytes))
    .header('X-Timestamp', a.created_at)
    .header('X-Put-Timestamp', a.put_timestamp === '0' ? a.created_at : a.put_timestamp)
    .header('Accept-Ranges', 'bytes');
  if (a.usage.containers > 0)
    void reply
      .header('X-Account-Storage-Policy-Policy-0-Container-Count', String(a.usage.containers))
      .header('X-Account-Storage-Policy-Policy-0-Object-Count', String(a.usage.objects))
      .header('X-Account-Storage-Policy-Policy-0-Bytes-Used', String(a.usage.bytes));
  if (a.put_timestamp !== '0') void reply.header('Last-Modified', httpDate(a.put_timestamp));
  sendMetadata(reply, a.metadata);
  const format = listingFormat(req);
  void reply.header('Content-Type', CONTENT_TYPES[format]);
  if (req.method === 'HEAD') return reply.code(204).header('Content-Length', '0').send();
  const q = listingQuery(req, LIMITS.account_listing_limit, false);
  const entries = svc.listContainers(account, q);
  let body: string;
  if (format === 'json')
    body = JSON.stringify(
      entries.map((e) => (e.kind === 'subdir' ? { subdir: e.subdir } : { name: e.item.name, count: e.item.object_count, bytes: e.item.bytes_used, last_modified: listingTime(e.item.put_timestamp) })),
    );
  else if (format === 'xml')
    body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<account name="${xmlEscape(account)}">` +
      entries
        .map((e) =>
          e.kind === 'subdir'
            ? `<subdir name="${xmlEscape(e.subdir)}" />`
            : `<container><name>${xmlEscape(e.item.name)}</name><count>${e.item.object_count}</count><bytes>${e.item.bytes_used}</bytes><last_modified>${listingTime(e.item.put_timestamp)}</last_modified></container>`,
        )
        .join('') +
      '</account>';
  else {
    if (!entries.length) return reply.code(204).header('Content-Length', '0').send();
    body = entries.map((e) => (e.kind === 'subdir' ? e.subdir : e.item.name) + '\n').join('');
  }
  return reply.code(200).send(body);
}
