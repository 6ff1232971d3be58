import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { FAULT_TYPE_HEADER, SwiftFault, swiftFaultRenderer } from '../faults';
import { objectStorePolicies } from '../policies';
import { LIMITS, type ObjectStoreService } from '../service';
import { headerValue, titleCase } from '../service/metadata';
import { identityOf, type ObjectStoreApiDeps, parseSwiftPath } from './http';
import { accountRequest } from './routes/account';
import { containerRequest } from './routes/container';
import { registerInfoRoutes } from './routes/info';
import { objectRequest } from './routes/object';

export interface ObjectStoreApiOptions {
  objectStore: ObjectStoreService;
  tokens: TokenValidator;
  /** Keystone's port, named in the WWW-Authenticate header of a 401. */
  keystonePort: number;
  /**
   * Operator overrides of the `operator` and `reseller_admin` rules (YAML), read when the API starts,
   * as keystoneauth reads proxy-server.conf's operator_roles and reseller_admin_role.
   */
  policyFile?: string;
}

const TITLED = new Set(['etag', 'last-modified', 'accept-ranges', 'content-range', 'www-authenticate', 'allow']);

/** Swift's transaction id: tx + 21 hex digits + '-' + the time in hex. */
const transId = (): string => `tx${randomBytes(11).toString('hex').slice(0, 21)}-${Math.floor(Date.now() / 1000).toString(16).padStart(10, '0')}`;

/**
 * Swift's proxy over HTTP (/v1/AUTH_<project_id>/…): keystoneauth-style access (tokens are checked
 * here, not by the core, because a public container is read without one), streamed object bodies.
 */
export function buildObjectStoreApi(opts: ObjectStoreApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(objectStorePolicies);
  if (opts.policyFile && existsSync(opts.policyFile)) {
    try {
      policy.loadOverridesFile(opts.policyFile);
    } catch (e) {
      process.stderr.write(`stacklab: ignoring ${opts.policyFile}: ${(e as Error).message}\n`);
    }
  }
  const app = createApiServer({
    renderFault: swiftFaultRenderer(opts.keystonePort),
    tokens: opts.tokens,
    bodyLimit: LIMITS.max_file_size,
    invalidJsonMessage: 'Bad Request',
    notJsonContentTypeMessage: 'Bad Request',
  });
  app.addHttpMethod('COPY');
  // object bodies of any type go to disk as they arrive: the raw request stream, never buffered
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.addHook('onRequest', async (_req, reply) => {
    const id = transId();
    void reply.header('X-Trans-Id', id).header('X-Openstack-Request-Id', id);
  });
  // faults carry their own type (swob's html page, or plain text) past the core's JSON default
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader(FAULT_TYPE_HEADER);
    if (typeof type === 'string') {
      reply.removeHeader(FAULT_TYPE_HEADER);
      void reply.header('content-type', type);
    }
    // swob title-cases header names (X-Object-Meta-Color, Etag); openstacksdk reads metadata by that case
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || !(name.startsWith('x-') || TITLED.has(name))) continue;
      reply.removeHeader(name);
      reply.raw.setHeader(titleCase(name), value);
    }
    return payload;
  });
  const deps: ObjectStoreApiDeps = { objectStore: opts.objectStore, tokens: opts.tokens, policy };
  registerInfoRoutes(app);
  app.route({
    method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'COPY'],
    url: '/v1/*',
    config: { public: true },
    bodyLimit: LIMITS.max_file_size,
    handler: async (req, reply) => {
      const path = parseSwiftPath(req.url);
      const identity = identityOf(deps, req);
      const svc = deps.objectStore;
      const referer = headerValue(req.headers, 'referer');
      // COPY and X-Copy-From check both ends themselves
      const copying = req.method === 'COPY' || (req.method === 'PUT' && path.object !== undefined && headerValue(req.headers, 'x-copy-from') !== undefined);
      if (path.container === undefined) {
        if (req.method === 'PUT' || req.method === 'DELETE') throw new SwiftFault(405, undefined, { Allow: 'GET, HEAD, POST' });
        const { owner } = svc.authorize(identity, { method: req.method, account: path.account, referer });
        return accountRequest(deps, req, reply, path.account, owner, !!identity?.resellerAdmin);
      }
      if (path.object === undefined) {
        const { owner } = svc.authorize(identity, { method: req.method, account: path.account, container: path.container, referer });
        return containerRequest(deps, req, reply, path.account, path.container, owner);
      }
      if (!copying) svc.authorize(identity, { method: req.method, account: path.account, container: path.container, object: path.object, referer });
      return objectRequest(deps, req, reply, { account: path.account, container: path.container, name: path.object }, identity);
    },
  });
  return app;
}
