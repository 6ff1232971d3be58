import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { INVALID_JSON_MESSAGE, NOT_JSON_MESSAGE } from '../errors';
import { identityPolicies } from '../policies';
import type { IdentityService } from '../service';
import { renderIdentityFault } from './faults';
import { registerAuthRoutes } from './routes/auth';
import { registerCatalogRoutes } from './routes/catalog';
import { registerCredentialRoutes } from './routes/credentials';
import { registerDiscoveryRoutes } from './routes/discovery';
import { registerLimitRoutes } from './routes/limits';
import { registerResourceRoutes } from './routes/resources';
import { registerRoleRoutes } from './routes/roles';

export interface IdentityApiOptions {
  identity: IdentityService;
  bodyLimit: number;
  /** Operator overrides of Keystone's default rules (the lab's policy file), if any. */
  policy?: PolicyEnforcer;
}

/** Keystone v3 over HTTP: one Fastify app with every identity route. */
export function buildIdentityApi(opts: IdentityApiOptions): FastifyInstance {
  const policy = opts.policy ?? new PolicyEnforcer(identityPolicies);
  const app = createApiServer({
    renderFault: renderIdentityFault,
    tokens: opts.identity,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: INVALID_JSON_MESSAGE,
    notJsonContentTypeMessage: NOT_JSON_MESSAGE,
  });
  const deps = { identity: opts.identity, policy };
  registerDiscoveryRoutes(app);
  registerAuthRoutes(app, deps);
  registerResourceRoutes(app, deps);
  registerRoleRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  registerLimitRoutes(app, deps);
  return app;
}
