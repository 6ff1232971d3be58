import { closeSync, createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as F from '../../faults';
import { headerValue } from '../../service/metadata';
import type { ObjectRecord, SwiftIdentity } from '../../types';
import { httpDate, type ObjectStoreApiDeps, sendEmpty, sendMetadata } from '../http';

interface Where {
  account: string;
  container: string;
  name: string;
}

/** PUT (streamed, or a copy with X-Copy-From), GET/HEAD (ranges, conditions), POST, DELETE, COPY on an object. */
export async function objectRequest(deps: ObjectStoreApiDeps, req: FastifyRequest, reply: FastifyReply, where: Where, identity: SwiftIdentity | undefined): Promise<FastifyReply> {
  const svc = deps.objectStore;
  const { account, container, name } = where;
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      return getObject(deps, req, reply, where);
    case 'PUT': {
      const copyFrom = headerValue(req.headers, 'x-copy-from');
      if (copyFrom !== undefined) {
        const src = copySource(copyFrom, headerValue(req.headers, 'x-copy-from-account') ?? account);
        return copy(deps, req, reply, src, where, identity);
      }
      if (headerValue(req.headers, 'if-none-match') === '*' && svc.store.object(account, container, name)) throw F.preconditionFailed();
      const te = headerValue(req.headers, 'transfer-encoding');
      const cl = headerValue(req.headers, 'content-length');
      const chunked = !!te && te.toLowerCase().includes('chunked');
      if (!chunked && cl === undefined) throw F.lengthRequired();
      if (cl !== undefined && !/^\d+$/.test(cl)) throw F.badRequest('Invalid Content-Length');
      const body = req.body instanceof Readable ? req.body : undefined;
      const o = await svc.putObject(account, container, name, { headers: req.headers, body, contentLength: chunked ? undefined : Number(cl) });
      void reply.header('Etag', o.etag).header('Last-Modified', httpDate(o.timestamp));
      return sendEmpty(reply, 201, req);
    }
    case 'POST':
      svc.updateObject(account, container, name, req.headers);
      return sendEmpty(reply, 202, req);
    case 'DELETE':
      await svc.deleteObject(account, container, name);
      return sendEmpty(reply, 204, req);
    case 'COPY': {
      const dest = headerValue(req.headers, 'destination');
      if (!dest) throw F.preconditionFailed('You must provide a Destination header');
      const target = copySource(dest, headerValue(req.headers, 'destination-account') ?? account, 'Destination');
      return copy(deps, req, reply, where, { account: target.account, container: target.container, name: target.name }, identity);
    }
    default:
      throw new F.SwiftFault(405, undefined, { Allow: 'COPY, DELETE, GET, HEAD, POST, PUT' });
  }
}

/** `X-Copy-From: /c/o` or `Destination: c/o` (URL-quoted): container and object. */
function copySource(value: string, account: string, header = 'X-Copy-From'): Where {
  let v: string;
  try {
    v = decodeURIComponent(value);
  } catch {
    throw F.preconditionFailed(`Invalid ${header} header`);
  }
  v = v.replace(/^\//, '');
  const i = v.indexOf('/');
  if (i <= 0 || i === v.length - 1) throw F.preconditionFailed(`${header} header must be of the form <container name>/<object name>`);
  return { account, container: v.slice(0, i), name: v.slice(i + 1) };
}

async function copy(deps: ObjectStoreApiDeps, req: FastifyRequest, reply: FastifyReply, src: Where, dst: Where, identity: SwiftIdentity | undefined): Promise<FastifyReply> {
  const svc = deps.objectStore;
  // reading the source needs its container's read access, as a GET would
  svc.authorize(identity, { method: 'GET', account: src.account, container: src.container, object: src.name, referer: headerValue(req.headers, 'referer') });
  svc.authorize(identity, { method: 'PUT', account: dst.account, container: dst.container, object: dst.name, referer: headerValue(req.headers, 'referer') });
  const { source, copy } = await svc.copyObject(src, dst, req.headers);
  void reply
    .header('Etag', copy.etag)
    .header('Last-Modified', httpDate(copy.timestamp))
    .header('X-Copied-From', `${encodeURIComponent(src.container)}/${encodeURIComponent(src.name).replace(/%2F/g, '/')}`)
    .header('X-Copied-From-Last-Modified', httpDate(source.timestamp));
  if (src.account !== dst.account) void reply.header('X-Copied-From-Account', src.account);
  return sendEmpty(reply, 201, req);
}

/** The etags of an If-Match / If-None-Match header ('*' stays '*'). */
const etagList = (h: string): string[] => h.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));

function objectHeaders(reply: FastifyReply, o: ObjectRecord): void {
  void reply.header('Content-Type', o.content_type).header('Etag', o.etag).header('Last-Modified', httpDate(o.timestamp)).header('X-Timestamp', o.timestamp).header('Accept-Ranges', 'bytes');
  sendMetadata(reply, o.metadata);
}

/** One byte range of `size` bytes: [start, end] inclusive; undefined = serve it whole; null = unsatisfiable. */
export function parseRange(header: string | undefined, size: number): [number, number] | undefined | null {
  if (!header) return undefined;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  // several ranges or a malformed header: the whole object, as RFC 7233 allows
  if (!m || (!m[1] && !m[2])) return undefined;
  if (size === 0) return undefined;
  if (!m[1]) {
    const n = Number(m[2]);
    if (n === 0) return null;
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (m[2] && Number(m[2]) < start) return undefined;
  if (start >= size) return null;
  return [start, end];
}

async function getObject(deps: ObjectStoreApiDeps, req: FastifyRequest, reply: FastifyReply, where: Where): Promise<FastifyReply> {
  const svc = deps.objectStore;
  const head = req.method === 'HEAD';
  const opened = head ? { object: svc.object(where.account, where.container, where.name), fd: -1 } : svc.open(where.account, where.container, where.name);
  const { object: o, fd } = opened;
  let streaming = false;
  try {
    objectHeaders(reply, o);
    const ifMatch = headerValue(req.headers, 'if-match');
    if (ifMatch && !etagList(ifMatch).some((t) => t === '*' || t === o.etag)) throw F.preconditionFailed();
    const ifNoneMatch = headerValue(req.headers, 'if-none-match');
    const lastModified = Math.ceil(Number(o.timestamp)) * 1000;
    if (ifNoneMatch && etagList(ifNoneMatch).some((t) => t === '*' || t === o.etag)) return reply.code(304).header('Content-Length', '0').send();
    const ims = headerValue(req.headers, 'if-modified-since');
    if (!ifNoneMatch && ims && !Number.isNaN(Date.parse(ims)) && lastModified <= Date.parse(ims)) return reply.code(304).header('Content-Length', '0').send();
    const ius = headerValue(req.headers, 'if-unmodified-since');
    if (ius && !Number.isNaN(Date.parse(ius)) && lastModified > Date.parse(ius)) throw F.preconditionFailed();
    const range = parseRange(headerValue(req.headers, 'range'), o.bytes);
    if (range === null) throw F.rangeNotSatisfiable(o.bytes);
    const [start, end] = range ?? [0, o.bytes - 1];
    if (range) void reply.code(206).header('Content-Range', `bytes ${start}-${end}/${o.bytes}`);
    else void reply.code(200);
    void reply.header('Content-Length', String(Math.max(0, end - start + 1)));
    if (head || o.bytes === 0) return reply.send();
    streaming = true;
    return reply.send(createReadStream('', { fd, start, end, highWaterMark: 1 << 20, autoClose: true }));
  } finally {
    if (!head && !streaming) closeSync(fd);
  }
}
