import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GlanceFault } from '../../faults';
import { imageSchema, imagesSchema, memberSchema, membersSchema } from '../schemas';
import { baseUrl } from '../http';

/**
 * The versions Glance 25 lists with its image cache configured (2.16 CURRENT, 2.15 and 2.14), and
 * without multiple stores (2.9 down to 2.0); every one links to /v2/.
 */
const VERSIONS: [string, string][] = [
  ['v2.16', 'CURRENT'],
  ['v2.15', 'SUPPORTED'],
  ['v2.14', 'SUPPORTED'],
  ['v2.9', 'SUPPORTED'],
  ['v2.7', 'SUPPORTED'],
  ['v2.6', 'SUPPORTED'],
  ['v2.5', 'SUPPORTED'],
  ['v2.4', 'SUPPORTED'],
  ['v2.3', 'SUPPORTED'],
  ['v2.2', 'SUPPORTED'],
  ['v2.1', 'SUPPORTED'],
  ['v2.0', 'SUPPORTED'],
];

function versions(req: FastifyRequest) {
  const href = `${baseUrl(req)}/v2/`;
  return { versions: VERSIONS.map(([id, status]) => ({ id, status, links: [{ rel: 'self', href }] })) };
}

/** Version discovery, the JSON schemas and the import/stores information. */
export function registerDiscoveryRoutes(app: FastifyInstance): void {
  // Glance answers 300 Multiple Choices at its root, 200 when /versions is asked for explicitly
  app.get('/', { config: { public: true } }, async (req, reply) => reply.code(300).send(versions(req)));
  app.get('/versions', { config: { public: true } }, async (req) => versions(req));

  app.get('/v2/schemas/image', async () => imageSchema());
  app.get('/v2/schemas/images', async () => imagesSchema());
  app.get('/v2/schemas/member', async () => memberSchema());
  app.get('/v2/schemas/members', async () => membersSchema());

  // no interoperable import in the lab: images take their data by direct upload (PUT …/file)
  app.get('/v2/info/import', async () => ({ 'import-methods': { description: 'Import methods available.', type: 'array', value: [] } }));
  app.get('/v2/info/stores', async () => {
    throw new GlanceFault('NotFound', 'Multi backend is not supported at this site.');
  });
}
