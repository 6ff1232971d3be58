import type { FastifyInstance, FastifyRequest } from 'fastify';
import { baseUrl } from '../http';

const UPDATED = '2020-04-07T00:00:00Z';

function v3(req: FastifyRequest) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: UPDATED,
    links: [{ rel: 'self', href: `${baseUrl(req)}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

/** Version discovery: GET / (300 Multiple Choices) and GET /v3, no token needed. */
export function registerDiscoveryRoutes(app: FastifyInstance): void {
  app.get('/', { config: { public: true } }, async (req, reply) => {
    reply.code(300);
    return { versions: { values: [v3(req)] } };
  });
  app.get('/v3', { config: { public: true } }, async (req) => ({ version: v3(req) }));
  app.get('/v3/', { config: { public: true } }, async (req) => ({ version: v3(req) }));
}
