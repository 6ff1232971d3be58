import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { renderCinderFault } from '../faults';
import { registerDiscoveryRoutes } from './routes/discovery';

export interface VolumeApiOptions {
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Cinder v3 over HTTP (version discovery so far). */
export function buildVolumeApi(opts: VolumeApiOptions): FastifyInstance {
  const app = createApiServer({
    renderFault: renderCinderFault,
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed request body',
    notJsonContentTypeMessage: 'Malformed request body',
  });
  registerDiscoveryRoutes(app);
  return app;
}
