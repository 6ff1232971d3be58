import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { neutronPolicyMessage, renderNeutronFault } from '../faults';
import { networkPolicies } from '../policies';
import type { NetworkService } from '../service';
import type { TokenValidator } from '../../core/http/auth';
import { registerCoreResources } from './routes/core-resources';
import { registerExtraRoutes } from './routes/extras';
import { registerTagRoutes } from './routes/tags';
import { registerSubnetPoolRoutes } from './routes/subnet-pools';
import { registerQosRoutes } from './routes/qos';
import { registerRbacRoutes } from './routes/rbac';
import { registerTrunkRoutes } from './routes/trunks';

export interface NetworkApiOptions {
  network: NetworkService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Neutron v2.0 over HTTP: one Fastify app with every network route. */
export function buildNetworkApi(opts: NetworkApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(networkPolicies, { notAuthorizedMessage: neutronPolicyMessage });
  const app = createApiServer({
    renderFault: renderNeutronFault,
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Body contains invalid data',
    notJsonContentTypeMessage: 'Body contains invalid data',
  });
  const deps = { network: opts.network, policy };
  registerExtraRoutes(app, deps);
  registerCoreResources(app, deps);
  registerTagRoutes(app, deps);
  registerSubnetPoolRoutes(app, deps);
  registerQosRoutes(app, deps);
  registerRbacRoutes(app, deps);
  registerTrunkRoutes(app, deps);
  return app;
}
