import type { IpcClient } from '../ipc/client';
import { CallLog } from './openstack/call-log';
import { OpenStackClient } from './openstack/client';
import { computeApi, type ComputeApi } from './openstack/compute';
import { identityApi, type IdentityApi } from './openstack/identity';
import { imageApi, type ImageApi } from './openstack/image';
import { networkApi, type NetworkApi } from './openstack/network';
import { objectStoreApi, type ObjectStoreApi } from './openstack/object-store';
import { volumeApi, type VolumeApi } from './openstack/volume';
import type { Credentials, NamedRef, TokenInfo } from './openstack/types';

/** The cloud as the GUI reaches it: one OpenStack client over the LabApi, and the API modules. */
export interface CloudService {
  client: OpenStackClient;
  log: CallLog;
  identity: IdentityApi;
  network: NetworkApi;
  compute: ComputeApi;
  image: ImageApi;
  objectStore: ObjectStoreApi;
  volume: VolumeApi;
  /** Logs in (unscoped), lists the user's projects and scopes to the preferred one, as Horizon does. */
  login(authUrl: string, credentials: Credentials, preferredProject?: string | null): Promise<{ token: TokenInfo; projects: NamedRef[] }>;
  switchProject(projectId: string): Promise<TokenInfo>;
  logout(): Promise<void>;
}

export function createCloudService(ipc: IpcClient): CloudService {
  const log = new CallLog();
  const client = new OpenStackClient({ transport: (request) => ipc.invoke('os:request', request), log });
  return {
    client,
    log,
    identity: identityApi(client),
    network: networkApi(client),
    compute: computeApi(client),
    image: imageApi(client),
    objectStore: objectStoreApi(client),
    volume: volumeApi(client),
    async login(authUrl, credentials, preferredProject) {
      client.setAuthUrl(authUrl);
      await client.login(credentials);
      const projects = (await client.myProjects()).sort((a, b) => a.name.localeCompare(b.name));
      if (projects.length === 0) throw new Error('You are not authorized for any projects.');
      const pick =
        projects.find((p) => p.id === preferredProject) ?? projects.find((p) => p.name === credentials.username) ?? projects.find((p) => p.name === 'admin') ?? projects[0];
      const token = await client.login(credentials, pick.id);
      return { token, projects };
    },
    switchProject: (projectId) => client.switchProject(projectId),
    logout: () => client.logout(),
  };
}
