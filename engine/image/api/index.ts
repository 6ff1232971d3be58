import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { FAULT_TYPE_HEADER, renderGlanceFault } from '../faults';
import { glancePolicyMessage, imagePolicies } from '../policies';
import type { ImageService } from '../service';
import { registerDataRoutes } from './routes/data';
import { registerDiscoveryRoutes } from './routes/discovery';
import { registerImageRoutes } from './routes/images';
import { registerMemberRoutes } from './routes/members';

export interface ImageApiOptions {
  image: ImageService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Glance v2 over HTTP. */
export function buildImageApi(opts: ImageApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(imagePolicies, { notAuthorizedMessage: glancePolicyMessage });
  const app = createApiServer({
    renderFault: renderGlanceFault,
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed JSON in request body.',
    notJsonContentTypeMessage: 'Malformed JSON in request body.',
  });
  // faults carry their negotiated type (webob's html/json/plain) past the core's JSON default
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader(FAULT_TYPE_HEADER);
    if (typeof type === 'string') {
      reply.removeHeader(FAULT_TYPE_HEADER);
      void reply.header('content-type', type);
    }
    return payload;
  });
  const deps = { image: opts.image, policy };
  registerDiscoveryRoutes(app);
  registerImageRoutes(app, deps);
  registerDataRoutes(app, deps);
  registerMemberRoutes(app, deps);
  return app;
}
