import { existsSync, unwatchFile, watchFile } from 'node:fs';
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
  /** Operator overrides of Keystone's default rules (YAML or JSON). Re-read when it changes, without a restart, as Keystone does. */
  policyFile?: string;
}

/** Keystone v3 over HTTP: one Fastify app with every identity route. */
export function buildIdentityApi(opts: IdentityApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(identityPolicies);
  const stopWatching = opts.policyFile ? watchPolicyFile(policy, opts.policyFile) : () => undefined;
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
  app.addHook('onClose', async () => stopWatching());
  return app;
}

/** Loads a policy override file now and whenever it changes; a broken file keeps the last good rules. */
function watchPolicyFile(policy: PolicyEnforcer, file: string): () => void {
  const load = () => {
    if (!existsSync(file)) return policy.setOverrides({});
    try {
      policy.loadOverridesFile(file);
    } catch (e) {
      process.stderr.write(`stacklab: ignoring ${file}: ${(e as Error).message}\n`);
    }
  };
  load();
  const listener = () => load();
  watchFile(file, { interval: 500 }, listener);
  return () => unwatchFile(file, listener);
}
