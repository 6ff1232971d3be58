import { command } from './cli';
import type { OpenStackClient } from './client';

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  swap?: number | string;
  'os-flavor-access:is_public'?: boolean;
}

export interface ServerAddress {
  addr: string;
  version: number;
  'OS-EXT-IPS:type'?: 'fixed' | 'floating';
  'OS-EXT-IPS-MAC:mac_addr'?: string;
}

export interface Server {
  id: string;
  name: string;
  status: string;
  tenant_id: string;
  image: { id: string } | '';
  flavor: { original_name?: string; vcpus?: number; ram?: number; disk?: number; id?: string };
  addresses: Record<string, ServerAddress[]>;
  key_name: string | null;
  created: string;
  locked?: boolean;
  security_groups?: { name: string }[];
  fault?: { code: number; message: string; details?: string };
  'OS-EXT-AZ:availability_zone'?: string;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:power_state'?: number;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-SRV-ATTR:host'?: string | null;
  'os-extended-volumes:volumes_attached'?: { id: string; delete_on_termination?: boolean }[];
}

export interface Keypair {
  name: string;
  fingerprint: string;
  type?: string;
  public_key?: string;
  private_key?: string;
}

export interface ServerGroup {
  id: string;
  name: string;
  policy?: string;
  policies?: string[];
  members: string[];
}

export interface Hypervisor {
  id: number | string;
  hypervisor_hostname: string;
  hypervisor_type: string;
  state: string;
  status: string;
  vcpus: number;
  vcpus_used: number;
  memory_mb: number;
  memory_mb_used: number;
  local_gb: number;
  local_gb_used: number;
  running_vms: number;
  host_ip?: string;
}

export interface Aggregate {
  id: number;
  name: string;
  availability_zone: string | null;
  hosts: string[];
  metadata: Record<string, string>;
}

/** A nova-compute service, as Horizon's Compute Host tab lists it. */
export interface ComputeService {
  id: number | string;
  binary: string;
  host: string;
  zone: string;
  status: string;
  state: string;
  updated_at: string | null;
  disabled_reason?: string | null;
}

/** Nova's absolute limits (GET /limits): maxima and what the project uses. */
export interface AbsoluteLimits {
  maxTotalInstances: number;
  maxTotalCores: number;
  maxTotalRAMSize: number;
  totalInstancesUsed: number;
  totalCoresUsed: number;
  totalRAMUsed: number;
  maxTotalKeypairs?: number;
  maxServerGroups?: number;
  totalServerGroupsUsed?: number;
}

export interface ServerCreate {
  name: string;
  imageId: string;
  imageName: string;
  flavorId: string;
  flavorName: string;
  networks: { id: string; name: string }[];
  securityGroups: string[];
  keyName?: string;
  availabilityZone?: string;
  count?: number;
}

/** Nova's power_state numbers, as Horizon shows them. */
export const POWER_STATES: Record<number, string> = { 0: 'No State', 1: 'Running', 3: 'Paused', 4: 'Shut Down', 6: 'Crashed', 7: 'Suspended' };

/** The server actions of Horizon's Instances table: Nova's action body and the CLI's verb. */
export const SERVER_ACTIONS = {
  start: { body: { 'os-start': null }, verb: 'server start', label: 'Start Instance' },
  stop: { body: { 'os-stop': null }, verb: 'server stop', label: 'Shut Off Instance' },
  softReboot: { body: { reboot: { type: 'SOFT' } }, verb: 'server reboot --soft', label: 'Soft Reboot Instance' },
  hardReboot: { body: { reboot: { type: 'HARD' } }, verb: 'server reboot --hard', label: 'Hard Reboot Instance' },
  pause: { body: { pause: null }, verb: 'server pause', label: 'Pause Instance' },
  unpause: { body: { unpause: null }, verb: 'server unpause', label: 'Resume Instance' },
  suspend: { body: { suspend: null }, verb: 'server suspend', label: 'Suspend Instance' },
  resume: { body: { resume: null }, verb: 'server resume', label: 'Resume Instance' },
  lock: { body: { lock: null }, verb: 'server lock', label: 'Lock Instance' },
  unlock: { body: { unlock: null }, verb: 'server unlock', label: 'Unlock Instance' },
} as const;

export type ServerAction = keyof typeof SERVER_ACTIONS;

/** Nova v2.1 calls the Compute panels make, each with its CLI twin. */
export function computeApi(c: OpenStackClient) {
  const get = async <T>(path: string, cliText: string) => (await c.request<T>({ service: 'compute', method: 'GET', path, cli: cliText })).body;
  const send = async <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, cliText: string, body?: unknown) => (await c.request<T>({ service: 'compute', method, path, body, cli: cliText })).body;
  return {
    flavors: async () => (await get<{ flavors: Flavor[] }>('/flavors/detail?is_public=None', command('flavor list', [['--all', true]]))).flavors,
    createFlavor: async (f: { name: string; vcpus: number; ram: number; disk: number; isPublic: boolean }) =>
      (
        await send<{ flavor: Flavor }>(
          'POST',
          '/flavors',
          command('flavor create', [['--vcpus', f.vcpus], ['--ram', f.ram], ['--disk', f.disk], [f.isPublic ? '--public' : '--private', true]], f.name),
          { flavor: { name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, 'os-flavor-access:is_public': f.isPublic } },
        )
      ).flavor,
    /** The projects a private flavor is shared with (os-flavor-access). */
    flavorAccess: async (f: Flavor) =>
      (await get<{ flavor_access: { tenant_id: string }[] }>(`/flavors/${encodeURIComponent(f.id)}/os-flavor-access`, command('flavor show', [], f.name))).flavor_access.map((a) => a.tenant_id),
    addFlavorAccess: (f: Flavor, project: { id: string; name: string }) =>
      send<unknown>('POST', `/flavors/${encodeURIComponent(f.id)}/action`, command('flavor set', [['--project', project.name]], f.name), { addTenantAccess: { tenant: project.id } }),
    removeFlavorAccess: (f: Flavor, project: { id: string; name: string }) =>
      send<unknown>('POST', `/flavors/${encodeURIComponent(f.id)}/action`, command('flavor unset', [['--project', project.name]], f.name), { removeTenantAccess: { tenant: project.id } }),
    deleteFlavor: (f: Flavor) => send<null>('DELETE', `/flavors/${encodeURIComponent(f.id)}`, command('flavor delete', [], f.name)),

    servers: async (allProjects = false) =>
      (await get<{ servers: Server[] }>(`/servers/detail${allProjects ? '?all_tenants=1' : ''}`, command('server list', [['--all-projects', allProjects], ['--long', true]]))).servers,
    createServer: async (s: ServerCreate) => {
      const server: Record<string, unknown> = {
        name: s.name,
        imageRef: s.imageId,
        flavorRef: s.flavorId,
        networks: s.networks.map((n) => ({ uuid: n.id })),
      };
      if (s.securityGroups.length) server.security_groups = s.securityGroups.map((name) => ({ name }));
      if (s.keyName) server.key_name = s.keyName;
      if (s.availabilityZone) server.availability_zone = s.availabilityZone;
      if (s.count && s.count > 1) server.min_count = server.max_count = s.count;
      const text = command(
        'server create',
        [
          ['--image', s.imageName],
          ['--flavor', s.flavorName],
          ...s.networks.map((n): [string, string] => ['--network', n.name || n.id]),
          ...s.securityGroups.map((g): [string, string] => ['--security-group', g]),
          ['--key-name', s.keyName],
          ['--availability-zone', s.availabilityZone],
          ['--min', s.count && s.count > 1 ? s.count : undefined],
          ['--max', s.count && s.count > 1 ? s.count : undefined],
        ],
        s.name,
      );
      return (await send<{ server: { id: string } }>('POST', '/servers', text, { server })).server;
    },
    action: (s: Server, action: ServerAction) => send<null>('POST', `/servers/${s.id}/action`, command(SERVER_ACTIONS[action].verb, [], s.name), SERVER_ACTIONS[action].body),
    /** Horizon's Associate Floating IP: Neutron binds the address to the instance's port. */
    addFloatingIp: (s: Server, fip: { id: string; floating_ip_address: string }, portId: string) =>
      c.request<unknown>({
        service: 'network',
        method: 'PUT',
        path: `/v2.0/floatingips/${fip.id}`,
        body: { floatingip: { port_id: portId } },
        cli: command('server add floating ip', [], s.name, fip.floating_ip_address),
      }),
    removeFloatingIp: (s: Server, fip: { id: string; floating_ip_address: string }) =>
      c.request<unknown>({
        service: 'network',
        method: 'PUT',
        path: `/v2.0/floatingips/${fip.id}`,
        body: { floatingip: { port_id: null } },
        cli: command('server remove floating ip', [], s.name, fip.floating_ip_address),
      }),
    deleteServer: (s: Server) => send<null>('DELETE', `/servers/${s.id}`, command('server delete', [], s.name)),
    consoleLog: async (s: Server, length = 50) =>
      (await send<{ output: string }>('POST', `/servers/${s.id}/action`, command('console log show', [['--lines', length]], s.name), { 'os-getConsoleOutput': { length } })).output,

    keypairs: async () => (await get<{ keypairs: { keypair: Keypair }[] }>('/os-keypairs', command('keypair list'))).keypairs.map((k) => k.keypair),
    createKeypair: async (name: string, publicKey?: string) =>
      (await send<{ keypair: Keypair }>('POST', '/os-keypairs', command('keypair create', [['--public-key', publicKey ? '<file>' : undefined]], name), { keypair: publicKey ? { name, public_key: publicKey } : { name } })).keypair,
    deleteKeypair: (k: Keypair) => send<null>('DELETE', `/os-keypairs/${encodeURIComponent(k.name)}`, command('keypair delete', [], k.name)),

    serverGroups: async () => (await get<{ server_groups: ServerGroup[] }>('/os-server-groups', command('server group list'))).server_groups,
    createServerGroup: async (name: string, policy: string) =>
      (await send<{ server_group: ServerGroup }>('POST', '/os-server-groups', command('server group create', [['--policy', policy]], name), { server_group: { name, policy } })).server_group,
    deleteServerGroup: (g: ServerGroup) => send<null>('DELETE', `/os-server-groups/${g.id}`, command('server group delete', [], g.name)),

    limits: async () => (await get<{ limits: { absolute: AbsoluteLimits } }>('/limits', command('limits show', [['--absolute', true]]))).limits.absolute,
    availabilityZones: async () =>
      (await get<{ availabilityZoneInfo: { zoneName: string; zoneState: { available: boolean } }[] }>('/os-availability-zone', command('availability zone list', [['--compute', true]]))).availabilityZoneInfo,
    computeServices: async () =>
      (await get<{ services: ComputeService[] }>('/os-services?binary=nova-compute', command('compute service list', [['--service', 'nova-compute']]))).services,
    hypervisors: async () => (await get<{ hypervisors: Hypervisor[] }>('/os-hypervisors/detail', command('hypervisor list', [['--long', true]]))).hypervisors,
    aggregates: async () => (await get<{ aggregates: Aggregate[] }>('/os-aggregates', command('aggregate list', [['--long', true]]))).aggregates,
    createAggregate: async (name: string, zone?: string) =>
      (await send<{ aggregate: Aggregate }>('POST', '/os-aggregates', command('aggregate create', [['--zone', zone]], name), { aggregate: { name, availability_zone: zone || null } })).aggregate,
    addAggregateHost: (a: Aggregate, host: string) => send<unknown>('POST', `/os-aggregates/${a.id}/action`, command('aggregate add host', [], a.name, host), { add_host: { host } }),
    deleteAggregate: (a: Aggregate) => send<null>('DELETE', `/os-aggregates/${a.id}`, command('aggregate delete', [], a.name)),
    quotaDefaults: async () => (await get<{ quota_class_set: Record<string, number | string> }>('/os-quota-class-sets/default', command('quota show', [['--default', true]]))).quota_class_set,
    setQuotaDefault: (key: string, value: number) =>
      send<unknown>('PUT', '/os-quota-class-sets/default', command('quota set', [['--class', true], [`--${key.replace(/_/g, '-')}`, value]], 'default'), { quota_class_set: { [key]: value } }),
  };
}

export type ComputeApi = ReturnType<typeof computeApi>;
