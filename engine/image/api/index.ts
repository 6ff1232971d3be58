import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import type { ImageService } from '../service';

export interface ImageApiOptions {
  image: ImageService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Glance v2 over HTTP. */
export function buildImageApi(opts: ImageApiOptions): FastifyInstance {
  const app = createApiServer({
    renderFault: (err) => ({ status: err.status, body: { message: err.message } }),
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed JSON in request body.',
    notJsonContentTypeMessage: 'Malformed JSON in request body.',
  });
  app.get('/', { config: { public: true } }, async (_req, reply) => reply.code(300).send({ versions: [] }));
  return app;
}
