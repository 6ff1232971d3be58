import type { FastifyInstance } from 'fastify';
import type { ComputeServiceRecord } from '../../service/compute-services';
import { authorize, type ComputeApiDeps } from '../http';

/** [DEFAULT] internal_service_availability_zone: where conductor and scheduler live. */
const INTERNAL_ZONE = 'internal';

/** Zones named by enabled services, and zones only disabled services are in (Nova's split). */
function zonesOf(services: ComputeServiceRecord[]): { available: string[]; unavailable: string[] } {
  const available = new Set(services.filter((s) => s.status === 'enabled').map((s) => s.zone));
  const unavailable = new Set(services.filter((s) => s.status === 'disabled' && !available.has(s.zone)).map((s) => s.zone));
  return { available: [...available].sort(), unavailable: [...unavailable].sort() };
}

/** os-availability-zone (zones of the compute hosts) and /detail (every zone with its hosts' services). */
export function registerAvailabilityZonesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.get('/v2.1/os-availability-zone', async (req) => {
    authorize(deps, req, 'os_compute_api:os-availability-zone:list', {}, true);
    const { available, unavailable } = zonesOf(deps.compute.services.list());
    return {
      availabilityZoneInfo: [
        ...available.filter((z) => z !== INTERNAL_ZONE).map((z) => ({ zoneName: z, zoneState: { available: true }, hosts: null })),
        ...unavailable.filter((z) => z !== INTERNAL_ZONE).map((z) => ({ zoneName: z, zoneState: { available: false }, hosts: null })),
      ],
    };
  });

  app.get('/v2.1/os-availability-zone/detail', async (req) => {
    authorize(deps, req, 'os_compute_api:os-availability-zone:detail', {}, true);
    const services = deps.compute.services.list();
    const { available, unavailable } = zonesOf(services);
    const info: Record<string, unknown>[] = available.map((zone) => {
      const hosts: Record<string, Record<string, unknown>> = {};
      for (const s of services.filter((x) => x.zone === zone && x.status === 'enabled')) {
        hosts[s.host] ??= {};
        hosts[s.host][s.binary] = { available: s.state === 'up', active: true, updated_at: s.updated_at };
      }
      return { zoneName: zone, zoneState: { available: true }, hosts };
    });
    for (const zone of unavailable) info.push({ zoneName: zone, zoneState: { available: false }, hosts: null });
    return { availabilityZoneInfo: info };
  });
}
