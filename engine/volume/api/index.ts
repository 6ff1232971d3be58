import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
import { BadRequest } from '../../core/errors';
import { createApiServer } from '../../core/http/server';
import { PolicyEnforcer } from '../../core/policy';
import { renderCinderFault } from '../faults';
import { cinderPolicyMessage, volumePolicies } from '../policies';
import type { VolumeService } from '../service';
import { registerVolumeMicroversions } from './microversion';
import { registerBackupRoutes } from './routes/backups';
import { registerAttachmentRoutes } from './routes/attachments';
import { registerDiscoveryRoutes } from './routes/discovery';
import { registerGroupSnapshotRoutes } from './routes/group-snapshots';
import { registerGroupTypeRoutes } from './routes/group-types';
import { registerGroupRoutes } from './routes/groups';
import { registerLimitsRoutes } from './routes/limits';
import { registerQosSpecsRoutes } from './routes/qos-specs';
import { registerQuotaRoutes } from './routes/quotas';
import { registerSnapshotRoutes } from './routes/snapshots';
import { registerTypeRoutes } from './routes/types';
import { registerVolumeActionRoutes } from './routes/volume-actions';
import { registerVolumeRoutes } from './routes/volumes';

export interface VolumeApiOptions {
  volume: VolumeService;
  tokens: TokenValidator;
  bodyLimit: number;
}

/** Cinder v3 over HTTP: every route the volume service has, under one policy enforcer and fault renderer. */
export function buildVolumeApi(opts: VolumeApiOptions): FastifyInstance {
  const app = createApiServer({
    renderFault: renderCinderFault,
    tokens: opts.tokens,
    bodyLimit: opts.bodyLimit,
    invalidJsonMessage: 'Malformed request body',
    notJsonContentTypeMessage: 'Malformed request body',
  });
  const policy = new PolicyEnforcer(volumePolicies, { notAuthorizedMessage: cinderPolicyMessage });
  registerVolumeMicroversions(app);
  // Cinder's wsgi: a URL naming another project than the token's (a system-scoped token has none) is
  // refused before any controller runs, whoever the caller is
  app.addHook('preHandler', async (req) => {
    const urlProject = (req.params as { project_id?: string } | undefined)?.project_id;
    if (urlProject !== undefined && req.ctx && urlProject !== req.ctx.projectId) throw new BadRequest('Malformed request url');
  });
  registerDiscoveryRoutes(app);
  registerAttachmentRoutes(app, { volume: opts.volume, policy });
  registerTypeRoutes(app, { volume: opts.volume, policy });
  registerVolumeRoutes(app, { volume: opts.volume, policy });
  registerVolumeActionRoutes(app, { volume: opts.volume, policy });
  registerSnapshotRoutes(app, { volume: opts.volume, policy });
  registerQuotaRoutes(app, { volume: opts.volume, policy });
  registerLimitsRoutes(app, { volume: opts.volume, policy });
  registerGroupTypeRoutes(app, { volume: opts.volume, policy });
  registerGroupRoutes(app, { volume: opts.volume, policy });
  registerGroupSnapshotRoutes(app, { volume: opts.volume, policy });
  registerQosSpecsRoutes(app, { volume: opts.volume, policy });
  registerBackupRoutes(app, { volume: opts.volume, policy });
  return app;
}
