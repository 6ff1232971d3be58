import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { novaPolicyMessage, renderNovaFault } from '../faults';
import { computePolicies } from '../policies';
import type { ComputeService } from '../service';
import { NovaLog } from '../service/server-log';
import { registerMicroversions } from './microversion';
import { registerAggregatesRoutes } from './routes/aggregates';
import { registerAvailabilityZonesRoutes } from './routes/availability-zones';
import { registerComputeServicesRoutes } from './routes/compute-services';
import { registerFlavorsRoutes } from './routes/flavors';
import { registerHypervisorsRoutes } from './routes/hypervisors';
import { registerKeypairsRoutes } from './routes/keypairs';
import { registerQuotasRoutes } from './routes/quotas';
import { registerServerActionsRoutes } from './routes/server-actions';
import { registerServerExternalEventsRoutes } from './routes/server-external-events';
import { registerServerExtrasRoutes } from './routes/server-extras';
import { registerServerGroupsRoutes } from './routes/server-groups';
import { registerServersRoutes } from './routes/servers';
import { registerUsageRoutes } from './routes/usage';
import { registerVersionsRoutes } from './routes/versions';
import { registerVolumeAttachmentsRoutes } from './routes/volume-attachments';

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
  logRequests(app, new NovaLog(opts.compute.deps.hypervisors, opts.compute.deps.clock));
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
  registerVolumeAttachmentsRoutes(app, deps);
  registerServerExternalEventsRoutes(app, deps);
  return app;
}

/**
 * nova-api.log as Nova's API writes it: a refused policy check ("HTTP exception thrown: Policy
 * doesn't allow …"), and one wsgi line per request with its status, under the caller's context.
 */
function logRequests(app: FastifyInstance, log: NovaLog): void {
  const context = (req: FastifyRequest, reply: FastifyReply) => {
    const requestId = String(reply.getHeader('x-openstack-request-id') ?? '');
    return req.ctx ? { requestId, userId: req.ctx.userId, projectId: req.ctx.projectId ?? '-' } : undefined;
  };
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode === 403 && typeof payload === 'string') {
      const m = /Policy doesn't allow [^"]+ to be performed\./.exec(payload);
      if (m) log.write('nova-api', 'INFO', 'nova.api.openstack.wsgi', context(req, reply), `HTTP exception thrown: ${m[0]}`);
    }
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const len = Number(reply.getHeader('content-length') ?? 0);
    log.write('nova-api', 'INFO', 'nova.osapi_compute.wsgi.server', context(req, reply), `${req.ip} "${req.method} ${req.url} HTTP/1.1" status: ${reply.statusCode} len: ${len} time: ${(reply.elapsedTime / 1000).toFixed(7)}`);
  });
}
