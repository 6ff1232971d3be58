import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../../core/errors';
import type { ServerRecord } from '../../types';
import { authorize, type ComputeApiDeps, param, queryOf } from '../http';
import { atLeast } from '../microversion';

/** Python's naive isoformat of a UTC time (microseconds only when there are some). */
function pyIso(ms: number): string {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const micro = d.getUTCMilliseconds() * 1000;
  return micro ? `${base}.${String(micro).padStart(6, '0')}` : base;
}

/** Nova's accepted forms: 2026-11-22T05:22:07, with .ffffff, or with a space before the time. */
function parseTime(v: string | undefined, now: number): number {
  if (v === undefined || v === '') return now;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/.exec(v);
  if (!m || (v.includes(' ') && !m[7])) throw new ServiceError('BadRequest', 'Invalid datetime string: Datetime is in invalid format');
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Math.floor(Number(m[7]) * 1000) : 0);
  if (Number.isNaN(ms)) throw new ServiceError('BadRequest', 'Invalid datetime string: Datetime is in invalid format');
  return ms;
}

interface ServerUsage {
  hours: number;
  flavor: string;
  instance_id: string;
  name: string;
  tenant_id: string;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  started_at: string;
  ended_at: string | null;
  state: string;
  uptime: number;
}

/** os-simple-tenant-usage: per-project usage of the instances active in [start, end]. */
export function registerUsageRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const nova = deps.compute;

  const period = (req: FastifyRequest) => {
    const q = queryOf(req);
    const now = nova.deps.clock.now().getTime();
    const start = parseTime(q.start, now);
    let stop = parseTime(q.end, now);
    if (!(start < stop)) throw new ServiceError('BadRequest', 'Invalid start time. The start time cannot occur after the end time.');
    if (stop > now) stop = now;
    return { start, stop, now, detailed: q.detailed === '1', limit: q.limit, marker: q.marker };
  };

  const usages = (start: number, stop: number, now: number, projectId: string | undefined, detailed: boolean, page: { limit?: string; marker?: string }) => {
    let servers: ServerRecord[] = nova.servers.list({ projectId, includeDeleted: true }).filter((s) => {
      if (!s.launched_at) return false;
      const launched = Date.parse(s.launched_at);
      const ended = s.terminated_at ? Date.parse(s.terminated_at) : undefined;
      return launched <= stop && (ended === undefined || ended >= start);
    });
    servers.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
    if (page.marker !== undefined) {
      const i = servers.findIndex((s) => s.id === page.marker);
      if (i < 0) throw new ServiceError('BadRequest', `Marker ${page.marker} could not be found.`);
      servers = servers.slice(i + 1);
    }
    if (page.limit !== undefined) {
      if (!/^\d+$/.test(page.limit)) throw new ServiceError('BadRequest', `Invalid input for query parameters limit. Value: ${page.limit}. '${page.limit}' does not match '^[0-9]*$'`);
      servers = servers.slice(0, Math.min(Number(page.limit), 1000));
    }
    const byProject = new Map<string, Record<string, unknown> & { server_usages?: ServerUsage[] }>();
    for (const s of servers) {
      const launched = Date.parse(s.launched_at!);
      const ended = s.terminated_at ? Date.parse(s.terminated_at) : undefined;
      const from = Math.max(launched, start);
      const to = ended !== undefined ? Math.min(stop, ended) : stop;
      const hours = Math.max(0, (to - from) / 3_600_000);
      const u: ServerUsage = {
        hours,
        flavor: s.flavor.name,
        instance_id: s.id,
        name: s.name,
        tenant_id: s.project_id,
        memory_mb: s.flavor.ram,
        local_gb: s.flavor.disk + s.flavor.ephemeral,
        vcpus: s.flavor.vcpus,
        started_at: pyIso(launched),
        ended_at: ended !== undefined ? pyIso(ended) : null,
        state: ended !== undefined ? 'terminated' : s.vm_state,
        uptime: Math.floor(((ended ?? now) - launched) / 1000),
      };
      let sum = byProject.get(s.project_id);
      if (!sum) {
        sum = { tenant_id: s.project_id, total_local_gb_usage: 0, total_vcpus_usage: 0, total_memory_mb_usage: 0, total_hours: 0, start: pyIso(start), stop: pyIso(stop) };
        if (detailed) sum.server_usages = [];
        byProject.set(s.project_id, sum);
      }
      sum.total_local_gb_usage = (sum.total_local_gb_usage as number) + u.local_gb * hours;
      sum.total_vcpus_usage = (sum.total_vcpus_usage as number) + u.vcpus * hours;
      sum.total_memory_mb_usage = (sum.total_memory_mb_usage as number) + u.memory_mb * hours;
      sum.total_hours = (sum.total_hours as number) + hours;
      sum.server_usages?.push(u);
    }
    return { list: [...byProject.values()], servers };
  };

  const links = (req: FastifyRequest, path: string, servers: ServerRecord[], limit: string | undefined) => {
    if (limit === undefined || servers.length === 0 || servers.length < Number(limit)) return undefined;
    const url = new URL(req.url, 'http://x');
    url.searchParams.set('marker', servers[servers.length - 1].id);
    return [{ rel: 'next', href: `http://${req.headers.host ?? '127.0.0.1'}/v2.1/${path}?${url.searchParams.toString()}` }];
  };

  app.get('/v2.1/os-simple-tenant-usage', async (req) => {
    authorize(deps, req, 'os_compute_api:os-simple-tenant-usage:list');
    const p = period(req);
    const paged = atLeast(req, '2.40');
    const { list, servers } = usages(p.start, p.stop, p.now, undefined, p.detailed, paged ? p : {});
    const out: Record<string, unknown> = { tenant_usages: list };
    const next = paged ? links(req, 'os-simple-tenant-usage', servers, p.limit) : undefined;
    if (next) out.tenant_usages_links = next;
    return out;
  });

  app.get('/v2.1/os-simple-tenant-usage/:project', async (req) => {
    const project = param(req, 'project');
    authorize(deps, req, 'os_compute_api:os-simple-tenant-usage:show', { project_id: project }, true);
    const p = period(req);
    const paged = atLeast(req, '2.40');
    const { list, servers } = usages(p.start, p.stop, p.now, project, true, paged ? p : {});
    const out: Record<string, unknown> = { tenant_usage: list[0] ?? {} };
    const next = paged ? links(req, `os-simple-tenant-usage/${project}`, servers, p.limit) : undefined;
    if (next) out.tenant_usage_links = next;
    return out;
  });
}
