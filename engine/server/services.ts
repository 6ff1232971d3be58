import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type EngineConfig, type ServiceType, servicePort } from '../core/config';
import { buildComputeApi } from '../compute/api';
import type { ComputeService } from '../compute/service';
import { buildIdentityApi } from '../identity/api';
import { buildImageApi } from '../image/api';
import type { ImageService } from '../image/service';
import { buildPlacementApi } from '../placement/api';
import type { PlacementService } from '../placement/service';
import type { IdentityService } from '../identity/service';
import { buildNetworkApi } from '../network/api';
import type { NetworkService } from '../network/service';
import { buildObjectStoreApi } from '../object-store/api';
import type { ObjectStoreService } from '../object-store/service';
import { buildVolumeApi } from '../volume/api';
import type { VolumeService } from '../volume/service';

/** The services one engine holds, handed to every API builder. */
export interface EngineServices {
  config: EngineConfig;
  identity: IdentityService;
  network: NetworkService;
  image: ImageService;
  placement: PlacementService;
  compute: ComputeService;
  objectStore: ObjectStoreService;
  volume: VolumeService;
}

/** What the engine needs to serve one OpenStack API and list it in the catalog. */
export interface ServedApi {
  type: ServiceType;
  /** Catalog name, as PackStack registers it (keystone, nova, neutron …). */
  name: string;
  description: string;
  /** Path appended to http://host:port in the catalog URL ('' for keystone, '/v2.1' for nova …). */
  catalogPath: string;
  /** Path answered once the server listens, to prove it is up (version discovery). */
  readyPath: string;
  build(ctx: EngineServices): FastifyInstance;
}

/**
 * The APIs this engine serves, in start order. A new service slots in by adding its entry
 * here (and its `engine/<service>/` folder): the engine listens on its port, checks it
 * answers, and registers it in Keystone's catalog.
 */
export const servedApis: ServedApi[] = [
  {
    type: 'identity',
    name: 'keystone',
    description: 'OpenStack Identity Service',
    catalogPath: '',
    readyPath: '/v3',
    build: ({ config, identity }) => buildIdentityApi({ identity, bodyLimit: config.maxRequestBodySize, policyFile: join(config.dataDir, 'policy', 'keystone.yaml') }),
  },
  {
    type: 'network',
    name: 'neutron',
    description: 'Neutron Networking Service',
    catalogPath: '',
    readyPath: '/',
    build: ({ config, identity, network }) => buildNetworkApi({ network, tokens: identity, bodyLimit: config.maxRequestBodySize }),
  },
  {
    type: 'image',
    name: 'glance',
    description: 'OpenStack Image Service',
    catalogPath: '',
    readyPath: '/',
    build: ({ config, identity, image }) => buildImageApi({ image, tokens: identity, bodyLimit: config.maxRequestBodySize }),
  },
  {
    type: 'placement',
    name: 'placement',
    description: 'Openstack Placement Service',
    catalogPath: '',
    readyPath: '/',
    build: ({ config, identity, placement }) => buildPlacementApi({ placement, tokens: identity, bodyLimit: config.maxRequestBodySize }),
  },
  {
    type: 'compute',
    name: 'nova',
    description: 'Openstack Compute Service',
    catalogPath: '/v2.1',
    readyPath: '/',
    build: ({ config, identity, compute }) => buildComputeApi({ compute, tokens: identity, bodyLimit: config.maxRequestBodySize }),
  },
  {
    type: 'object-store',
    name: 'swift',
    description: 'OpenStack Object Storage Service',
    catalogPath: '/v1/AUTH_%(tenant_id)s',
    readyPath: '/info',
    build: ({ config, identity, objectStore }) =>
      buildObjectStoreApi({ objectStore, tokens: identity, keystonePort: servicePort(config, 'identity'), policyFile: join(config.dataDir, 'policy', 'swift.yaml') }),
  },
  {
    type: 'volumev3',
    name: 'cinderv3',
    description: 'Cinder Service v3',
    catalogPath: '/v3/%(tenant_id)s',
    readyPath: '/',
    build: ({ config, identity, volume }) => buildVolumeApi({ volume, tokens: identity, bodyLimit: config.maxRequestBodySize }),
  },
];
