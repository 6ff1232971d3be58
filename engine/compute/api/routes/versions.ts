import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../http';
import { MAX_VERSION, MIN_VERSION } from '../microversion';

/** The v2.1 version document, with links built from the URL the client used. */
function v21(req: FastifyRequest) {
  const base = `http://${req.headers.host ?? '127.0.0.1'}`;
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2.1/` }],
  };
}

/** Version discovery: `/` lists v2.0 (deprecated) and v2.1; `/v2.1` describes v2.1. */
export function registerVersionsRoutes(app: FastifyInstance, _deps: ComputeApiDeps): void {
  app.get('/', { config: { public: true } }, async (req) => ({
    versions: [
      { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `http://${req.headers.host ?? '127.0.0.1'}/v2/` }] },
      v21(req),
    ],
  }));
  const doc = async (req: FastifyRequest) => ({
    version: {
      ...v21(req),
      links: [...v21(req).links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  });
  app.get('/v2.1', { config: { public: true } }, doc);
  app.get('/v2.1/', { config: { public: true } }, doc);
}
