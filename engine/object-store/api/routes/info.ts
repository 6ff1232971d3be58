import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../service';

/** Swift's version the wire matches (Zed, as PackStack installs it). */
export const SWIFT_VERSION = '2.30.0';

/** GET /info (swift's capabilities, asked by clients before some calls) and /healthcheck. */
export function registerInfoRoutes(app: FastifyInstance): void {
  app.get('/info', { config: { public: true } }, async (_req, reply) => {
    void reply.header('Content-Type', 'application/json; charset=UTF-8');
    return {
      swift: {
        version: SWIFT_VERSION,
        ...LIMITS,
        valid_api_versions: ['v1', 'v1.0'],
        policies: [{ name: 'Policy-0', aliases: 'Policy-0', default: true }],
        strict_cors_mode: true,
        allow_account_management: false,
        account_autocreate: true,
      },
      // the middlewares whose behaviour this store has
      account_quotas: {},
      container_quotas: {},
    };
  });
  app.get('/healthcheck', { config: { public: true } }, async (_req, reply) => reply.header('Content-Type', 'text/plain').send('OK'));
}
