import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Cinder's microversion range (Zed: 3.0 to 3.70). */
export const MIN_VERSION = '3.0';
export const MAX_VERSION = '3.70';

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? req.hostname}`;
}

function v3(req: FastifyRequest) {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2022-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${baseUrl(req)}/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

/** Version discovery: 300 Multiple Choices at the root, the v3 document at /v3. */
export function registerDiscoveryRoutes(app: FastifyInstance): void {
  app.get('/', { config: { public: true } }, async (req, reply) => reply.code(300).send({ versions: [v3(req)] }));
  app.get('/v3', { config: { public: true } }, async (req) => ({ versions: [v3(req)] }));
  app.get('/v3/', { config: { public: true } }, async (req) => ({ versions: [v3(req)] }));
}
