import type { FastifyReply, FastifyRequest } from 'fastify';
import * as F from '../../faults';
import { LIMITS } from '../../service';
import { CONTENT_TYPES, httpDate, listingFormat, listingQuery, listingTime, type ObjectStoreApiDeps, sendEmpty, sendMetadata, xmlEscape } from '../http';

/** PUT/GET/HEAD/POST/DELETE on /v1/AUTH_<project>/<container>. */
export async function containerRequest(
  deps: ObjectStoreApiDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  account: string,
  container: string,
  owner: boolean,
): Promise<FastifyReply> {
  const svc = deps.objectStore;
  switch (req.method) {
    case 'PUT':
      if (!owner) throw F.forbidden();
      return sendEmpty(reply, svc.putContainer(account, container, req.headers) ? 201 : 202, req);
    case 'POST':
      if (!owner) throw F.forbidden();
      svc.updateContainer(account, container, req.headers);
      return sendEmpty(reply, 204, req);
    case 'DELETE':
      if (!owner) throw F.forbidden();
      svc.deleteContainer(account, container);
      return sendEmpty(reply, 204, req);
    case 'GET':
    case 'HEAD':
      break;
    default:
      throw new F.SwiftFault(405, undefined, { Allow: 'DELETE, GET, HEAD, POST, PUT' });
  }
  const c = svc.container(account, container);
  void reply
    .header('X-Container-Object-Count', String(c.object_count))
    .header('X-Container-Bytes-Used', String(c.bytes_used))
    .header('X-Timestamp', c.created_at)
    .header('X-Put-Timestamp', c.put_timestamp)
    .header('X-Storage-Policy', 'Policy-0')
    .header('Last-Modified', httpDate(c.put_timestamp))
    .header('Accept-Ranges', 'bytes');
  sendMetadata(reply, c.metadata);
  // only the account's owners see the ACLs
  if (owner && c.read_acl) void reply.header('X-Container-Read', c.read_acl);
  if (owner && c.write_acl) void reply.header('X-Container-Write', c.write_acl);
  const format = listingFormat(req);
  void reply.header('Content-Type', CONTENT_TYPES[format]);
  if (req.method === 'HEAD') return reply.code(204).header('Content-Length', '0').send();
  const entries = svc.listObjects(account, container, listingQuery(req, LIMITS.container_listing_limit, true));
  let body: string;
  if (format === 'json')
    body = JSON.stringify(
      entries.map((e) =>
        e.kind === 'subdir'
          ? { subdir: e.subdir }
          : { hash: e.item.etag, last_modified: listingTime(e.item.timestamp), bytes: e.item.bytes, name: e.item.name, content_type: e.item.content_type },
      ),
    );
  else if (format === 'xml')
    body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<container name="${xmlEscape(container)}">` +
      entries
        .map((e) =>
          e.kind === 'subdir'
            ? `<subdir name="${xmlEscape(e.subdir)}"><name>${xmlEscape(e.subdir)}</name></subdir>`
            : `<object><name>${xmlEscape(e.item.name)}</name><hash>${e.item.etag}</hash><bytes>${e.item.bytes}</bytes><content_type>${xmlEscape(e.item.content_type)}</content_type><last_modified>${listingTime(e.item.timestamp)}</last_modified></object>`,
        )
        .join('') +
      '</container>';
  else {
    if (!entries.length) return reply.code(204).header('Content-Length', '0').send();
    body = entries.map((e) => (e.kind === 'subdir' ? e.subdir : e.item.name) + '\n').join('');
  }
  return reply.code(200).send(body);
}
