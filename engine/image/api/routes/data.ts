import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { IMAGE_SIZE_CAP } from '../../service/core';
import * as F from '../../faults';
import { callerOf, type ImageApiDeps } from '../http';

type Params = { id: string };

/** /v2/images/{id}/file: streamed upload (application/octet-stream) and download. */
export function registerDataRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  // the raw request stream goes straight to the image's file, never buffered whole
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.put<{ Params: Params }>('/v2/images/:id/file', { bodyLimit: IMAGE_SIZE_CAP }, async (req, reply) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim();
    if (type !== 'application/octet-stream') throw F.invalidContentType(type || 'None');
    const body = req.body instanceof Readable ? req.body : Readable.from(Buffer.isBuffer(req.body) ? [req.body] : []);
    await deps.image.data.upload(callerOf(deps, req), req.params.id, body);
    return reply.code(204).send();
  });

  app.get<{ Params: Params }>('/v2/images/:id/file', async (req, reply) => {
    const data = deps.image.data.download(callerOf(deps, req), req.params.id);
    if (!data) return reply.code(204).send();
    void reply.header('Content-Type', 'application/octet-stream').header('Content-Length', String(data.size));
    if (data.checksum) void reply.header('Content-MD5', data.checksum);
    if (req.method === 'HEAD') return reply.send();
    return reply.send(createReadStream(data.path));
  });
}
