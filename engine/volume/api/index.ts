import type { FastifyInstance } from 'fastify';
import type { TokenValidator } from '../../core/http/auth';
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

/** Cinder v3 over HTTP (version discovery and volume types so far). */
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
