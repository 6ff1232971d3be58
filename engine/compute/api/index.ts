import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { novaPolicyMessage, renderNovaFault } from '../faults';
import { computePolicies } from '../policies';
import type { ComputeService } from '../service';
import { registerMicroversions } from './microversion';
import { registerAggregatesRoutes } from './routes/aggregates';
import { registerAvailabilityZonesRoutes } from './routes/availability-zones';
import { registerComputeServicesRoutes } from './routes/compute-services';
import { registerFlavorsRoutes } from './routes/flavors';
import { registerHypervisorsRoutes } from './routes/hypervisors';
import { registerKeypairsRoutes } from './routes/keypairs';
import { registerQuotasRoutes } from './routes/quotas';
import { registerServerActionsRoutes } from './routes/server-actions';
import { registerServerExtrasRoutes } from './routes/server-extras';
import { registerServerGroupsRoutes } from './routes/server-groups';
import { registerServersRoutes } from './routes/servers';
import { registerUsageRoutes } from './routes/usage';
import { registerVersionsRoutes } from './routes/versions';

export interface ComputeApiOptions {
  compute: ComputeService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Nova v2.1 over HTTP (8774), microversions 2.1–2.93. */
export function buildComputeApi(opts: ComputeApiOptions): FastifyInstance {
  const policy = new PolicyEnforcer(computePolicies, { notAuthorizedMessage: novaPolicyMessage });
  const app = createApiServer({
    renderFault: renderNovaFault,
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed request body',
    notJsonContentTypeMessage: 'Malformed request body',
  });
  registerMicroversions(app);
  const deps = { compute: opts.compute, policy };
  registerVersionsRoutes(app, deps);
  registerFlavorsRoutes(app, deps);
  registerKeypairsRoutes(app, deps);
  registerServerGroupsRoutes(app, deps);
  registerAggregatesRoutes(app, deps);
  registerAvailabilityZonesRoutes(app, deps);
  registerQuotasRoutes(app, deps);
  registerHypervisorsRoutes(app, deps);
  registerComputeServicesRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerServersRoutes(app, deps);
  registerServerActionsRoutes(app, deps);
  registerServerExtrasRoutes(app, deps);
  return app;
}
