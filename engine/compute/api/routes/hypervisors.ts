import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { ComputeService } from '../../service';
import type { ComputeServiceRecord } from '../../service/compute-services';
import type { HypervisorInfo, ServerRecord } from '../../types';
import { authorize, type ComputeApiDeps, param, queryOf } from '../http';
import { atLeast } from '../microversion';
import { nextLink } from '../views/catalog';

/** What libvirt reports for the lab's QEMU (Debian's qemu 6.2 as libvirt's version number). */
const HYPERVISOR_TYPE = 'QEMU';
const HYPERVISOR_VERSION = 6002000;
const CPU_INFO = {
  arch: 'x86_64',
  model: 'qemu64',
  vendor: 'Intel',
  topology: { cells: 1, sockets: 1, cores: 1, threads: 1 },
  features: ['fpu', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'syscall', 'nx', 'lm', 'pni', 'cx16', 'hypervisor'],
};

/** One compute node with its figures, as Nova's resource tracker reports it. */
export interface NodeState {
  internalId: number;
  uuid: string;
  hostname: string;
  hostIp: string;
  service: ComputeServiceRecord;
  info: HypervisorInfo | undefined;
  servers: ServerRecord[];
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  running_vms: number;
  current_workload: number;
}

/** The compute nodes and what the live instances on each use (reserved host memory counted as used). */
export function nodeStates(nova: ComputeService): NodeState[] {
  const hosts = new Map(nova.deps.hypervisors.hosts().map((h) => [h.hostname, h]));
  const services = new Map(nova.services.list({ binary: 'nova-compute' }).map((s) => [s.host, s]));
  const out: NodeState[] = [];
  nova.services.nodes().forEach((n, i) => {
    const service = services.get(n.host);
    if (!service) return;
    const info = hosts.get(n.host);
    const servers = nova.servers.list({ host: n.host }).filter((s) => !s.deleted && s.vm_state !== 'soft_deleted' && s.vm_state !== 'shelved_offloaded');
    const sum = (f: (s: ServerRecord) => number) => servers.reduce((a, s) => a + f(s), 0);
    out.push({
      internalId: n.internal_id,
      uuid: n.id,
      hostname: n.hypervisor_hostname,
      hostIp: info?.hostIp ?? `10.0.2.${15 + i}`,
      service,
      info,
      servers,
      vcpus: info?.vcpus ?? 0,
      memory_mb: info?.memoryMb ?? 0,
      local_gb: info?.localGb ?? 0,
      vcpus_used: sum((s) => s.flavor.vcpus),
      memory_mb_used: nova.deps.config.reservedHostMemoryMb + sum((s) => s.flavor.ram),
      local_gb_used: sum((s) => s.flavor.disk + s.flavor.ephemeral + Math.ceil(s.flavor.swap / 1024)),
      running_vms: servers.length,
      current_workload: servers.filter((s) => s.task_state !== null).length,
    });
  });
  return out;
}

/** Nova's hypervisor document for the asked microversion (2.53 uuids, 2.28 cpu_info object, 2.88 no usage figures). */
function view(req: FastifyRequest, n: NodeState, detail: boolean, withServers = false): Record<string, unknown> {
  const uuids = atLeast(req, '2.53');
  const out: Record<string, unknown> = {
    id: uuids ? n.uuid : n.internalId,
    hypervisor_hostname: n.hostname,
    state: n.service.state,
    status: n.service.status,
  };
  if (detail) {
    out.hypervisor_type = HYPERVISOR_TYPE;
    out.hypervisor_version = HYPERVISOR_VERSION;
    out.host_ip = n.hostIp;
    out.service = { id: uuids ? n.service.id : n.service.internal_id, host: n.service.host, disabled_reason: n.service.disabled_reason };
    if (!atLeast(req, '2.88')) {
      const free_disk_gb = n.local_gb - n.local_gb_used;
      Object.assign(out, {
        vcpus: n.vcpus,
        memory_mb: n.memory_mb,
        local_gb: n.local_gb,
        vcpus_used: n.vcpus_used,
        memory_mb_used: n.memory_mb_used,
        local_gb_used: n.local_gb_used,
        free_ram_mb: n.memory_mb - n.memory_mb_used,
        free_disk_gb,
        current_workload: n.current_workload,
        running_vms: n.running_vms,
        disk_available_least: free_disk_gb,
        cpu_info: atLeast(req, '2.28') ? CPU_INFO : JSON.stringify(CPU_INFO),
      });
    } else {
      out.uptime = n.service.state === 'up' ? uptime(n) : null;
    }
  }
  if (withServers) {
    if (n.servers.length) out.servers = n.servers.map((s) => ({ name: instanceName(s), uuid: s.id }));
    else if (atLeast(req, '2.75')) out.servers = [];
  }
  return out;
}

/** Nova's instance name (instance-0000000b) from its internal id. */
function instanceName(s: ServerRecord): string {
  const internal = (s as ServerRecord & { internal_id?: number }).internal_id;
  return internal !== undefined ? `instance-${internal.toString(16).padStart(8, '0')}` : `instance-${s.id.slice(0, 8)}`;
}

const started = Date.now();

/** `uptime`'s line as libvirt's host reports it. */
function uptime(_n: NodeState): string {
  const now = new Date();
  const mins = Math.floor((Date.now() - started) / 60000);
  const hm = `${Math.floor(mins / 60)}:${String(mins % 60).padStart(2, '0')}`;
  return ` ${now.toISOString().slice(11, 19)} up ${hm},  1 user,  load average: 0.00, 0.01, 0.05`;
}

/** os-hypervisors: list, detail, show, statistics, uptime, search and servers (admin only). */
export function registerHypervisorsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;
  const can = (req: FastifyRequest, what: string) => authorize(deps, req, `os_compute_api:os-hypervisors:${what}`, {}, true);

  const listing = (req: FastifyRequest, detail: boolean) => {
    const q = queryOf(req);
    let nodes = nodeStates(nova);
    const withServers = atLeast(req, '2.53') && q.with_servers !== undefined && ['1', 'true', 'yes', 'on', 't', 'y'].includes(q.with_servers.toLowerCase());
    const pattern = atLeast(req, '2.53') ? q.hypervisor_hostname_pattern : undefined;
    let limit: number | undefined;
    if (pattern !== undefined) {
      if (q.limit !== undefined || q.marker !== undefined)
        throw new ServiceError('BadRequest', 'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.');
      nodes = nodes.filter((n) => n.hostname.includes(pattern));
      if (nodes.length === 0) throw new ServiceError('NotFound', `No hypervisor matching '${pattern}' could be found.`);
    } else if (atLeast(req, '2.33')) {
      if (q.limit !== undefined) {
        if (!/^\d+$/.test(q.limit)) throw new ServiceError('BadRequest', `Invalid input for query parameters limit. Value: ${q.limit}. '${q.limit}' does not match '^[0-9]*$'`);
        limit = Math.min(Number(q.limit), 1000);
      }
      if (q.marker !== undefined) {
        const i = nodes.findIndex((n) => String(atLeast(req, '2.53') ? n.uuid : n.internalId) === q.marker);
        if (i < 0) throw new ServiceError('BadRequest', `marker [${q.marker}] not found`);
        nodes = nodes.slice(i + 1);
      }
      if (limit !== undefined) nodes = nodes.slice(0, limit);
    }
    const out: Record<string, unknown> = { hypervisors: nodes.map((n) => view(req, n, detail, withServers)) };
    const next = nextLink(req, detail ? 'os-hypervisors/detail' : 'os-hypervisors', nodes, limit, () => String(atLeast(req, '2.53') ? nodes[nodes.length - 1].uuid : nodes[nodes.length - 1].internalId));
    if (next) out.hypervisors_links = next;
    return out;
  };

  const find = (req: FastifyRequest, id: string): NodeState => {
    const uuids = atLeast(req, '2.53');
    if (uuids && !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(id)) throw new ServiceError('BadRequest', `Invalid uuid ${id}`);
    if (!uuids && !/^\d+$/.test(id)) throw new ServiceError('NotFound', `Hypervisor with ID '${id}' could not be found.`);
    const n = nodeStates(nova).find((x) => (uuids ? x.uuid === id.toLowerCase() : String(x.internalId) === id));
    if (!n) throw new ServiceError('NotFound', `Hypervisor with ID '${id}' could not be found.`);
    return n;
  };

  app.get('/v2.1/os-hypervisors', async (req) => {
    can(req, 'list');
    return listing(req, false);
  });
  app.get('/v2.1/os-hypervisors/detail', async (req) => {
    can(req, 'list-detail');
    return listing(req, true);
  });
  app.get('/v2.1/os-hypervisors/statistics', async (req) => {
    if (atLeast(req, '2.88')) throw new ServiceError('NotFound', 'The resource could not be found.');
    can(req, 'statistics');
    const nodes = nodeStates(nova).filter((n) => n.service.status === 'enabled');
    const sum = (f: (n: NodeState) => number) => nodes.reduce((a, n) => a + f(n), 0);
    const free_disk_gb = sum((n) => n.local_gb - n.local_gb_used);
    return {
      hypervisor_statistics: {
        count: nodes.length,
        vcpus_used: sum((n) => n.vcpus_used),
        local_gb_used: sum((n) => n.local_gb_used),
        memory_mb: sum((n) => n.memory_mb),
        current_workload: sum((n) => n.current_workload),
        vcpus: sum((n) => n.vcpus),
        running_vms: sum((n) => n.running_vms),
        free_disk_gb,
        disk_available_least: free_disk_gb,
        local_gb: sum((n) => n.local_gb),
        free_ram_mb: sum((n) => n.memory_mb - n.memory_mb_used),
        memory_mb_used: sum((n) => n.memory_mb_used),
      },
    };
  });
  app.get('/v2.1/os-hypervisors/:id', async (req) => {
    can(req, 'show');
    const q = queryOf(req);
    const withServers = atLeast(req, '2.53') && q.with_servers !== undefined && ['1', 'true', 'yes', 'on', 't', 'y'].includes(q.with_servers.toLowerCase());
    return { hypervisor: view(req, find(req, param(req, 'id')), true, withServers) };
  });
  app.get('/v2.1/os-hypervisors/:id/uptime', async (req) => {
    if (atLeast(req, '2.88')) throw new ServiceError('NotFound', 'The resource could not be found.');
    can(req, 'uptime');
    const n = find(req, param(req, 'id'));
    if (n.service.state !== 'up') throw new ServiceError('BadRequest', `Compute service of ${n.hostname} is unavailable at this time.`);
    return { hypervisor: { ...view(req, n, false), uptime: uptime(n) } };
  });
  for (const kind of ['search', 'servers'] as const) {
    app.get(`/v2.1/os-hypervisors/:pattern/${kind}`, async (req) => {
      if (atLeast(req, '2.53')) throw new ServiceError('NotFound', 'The resource could not be found.');
      can(req, kind);
      const pattern = param(req, 'pattern');
      const nodes = nodeStates(nova).filter((n) => n.hostname.includes(pattern));
      if (nodes.length === 0) throw new ServiceError('NotFound', `No hypervisor matching '${pattern}' could be found.`);
      return {
        hypervisors: nodes.map((n) => {
          const v = view(req, n, false);
          if (kind === 'servers' && n.servers.length) v.servers = n.servers.map((s) => ({ name: instanceName(s), uuid: s.id }));
          return v;
        }),
      };
    });
  }
}
