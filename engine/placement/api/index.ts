import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import type { PlacementService } from '../service';

export interface PlacementApiOptions {
  placement: PlacementService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Placement over HTTP (8778). */
export function buildPlacementApi(opts: PlacementApiOptions): FastifyInstance {
  const app = createApiServer({
    renderFault: (err) => ({ status: err.status, body: { errors: [{ status: err.status, title: err.kind, detail: err.message }] } }),
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed JSON',
    notJsonContentTypeMessage: 'Malformed JSON',
  });
  app.get('/', { config: { public: true } }, async () => ({ versions: [] }));
  return app;
}
