import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { badRequest, placementErrorBody } from '../faults';
import { MAX_VERSION, MIN_VERSION, negotiate, versionString } from '../microversion';
import { placementPolicies } from '../policies';
import type { PlacementService } from '../service';
import { contentType, requestIds, requestVersions } from './http';
import { registerPlacementRoutes } from './routes';

export interface PlacementApiOptions {
  placement: PlacementService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/**
 * Placement over HTTP (8778), as placement.deploy stacks it: keystonemiddleware (401), the
 * microversion middleware (400/406, and the OpenStack-API-Version + Vary headers on every answer),
 * then the handlers, each checking its policy.
 */
export function buildPlacementApi(opts: PlacementApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(placementPolicies);
  const app = createApiServer({
    renderFault: (err, req: FastifyRequest) => {
      const ctx = {
        method: req.method,
        contentType: contentType(req),
        requestId: requestIds.get(req) ?? '',
        version: requestVersions.get(req),
        minVersion: MIN_VERSION,
        maxVersion: MAX_VERSION,
      };
      return placementErrorBody(err, ctx);
    },
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed JSON',
    notJsonContentTypeMessage: 'Malformed JSON',
  });
  // handlers read bodies themselves (util.extract_json): a JSON array is valid for PUT aggregates
  // before 1.19, and a wrong content type is a 415 from the handler, not a parser error
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (req, reply) => {
    const id = reply.getHeader('x-openstack-request-id');
    if (typeof id === 'string') requestIds.set(req, id);
    requestVersions.set(req, negotiate(req.headers['openstack-api-version']));
  });
  app.addHook('preHandler', async (req) => {
    const len = req.headers['content-length'];
    if (len !== undefined) {
      if (!/^\d+$/.test(len)) throw badRequest('content-length header must be an integer');
      if (Number(len) > 0 && !req.headers['content-type']) throw badRequest('content-type header required when content-length > 0');
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const v = requestVersions.get(req);
    if (v) void reply.header('openstack-api-version', `placement ${versionString(v)}`).header('vary', 'openstack-api-version');
    return payload;
  });
  registerPlacementRoutes(app, { placement: opts.placement, policy });
  return app;
}
