import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../../core/errors';

/** The microversions this Nova answers: Zed's range (nova 26). */
export const MIN_VERSION = '2.1';
export const MAX_VERSION = '2.93';

export interface Microversion {
  major: number;
  minor: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated compute microversion (2.1 when the client asks for none). */
    microversion: Microversion;
  }
}

export function parseVersion(v: string): Microversion | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const cmp = (a: Microversion, b: Microversion): number => a.major - b.major || a.minor - b.minor;
export const formatVersion = (v: Microversion): string => `${v.major}.${v.minor}`;

/** True when the request's microversion is at least `v` ('2.47'). */
export function atLeast(req: FastifyRequest, v: string): boolean {
  return cmp(req.microversion, parseVersion(v)!) >= 0;
}

/** The version the client asked for, from `OpenStack-API-Version: compute X` or `X-OpenStack-Nova-API-Version: X`. */
function requested(req: FastifyRequest): string | undefined {
  const modern = req.headers['openstack-api-version'];
  if (typeof modern === 'string') {
    for (const part of modern.split(',')) {
      const [service, version] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'compute' && version) return version;
    }
  }
  const legacy = req.headers['x-openstack-nova-api-version'];
  return typeof legacy === 'string' ? legacy : undefined;
}

/**
 * Negotiates the microversion of every request as Nova does: none → 2.1, `latest` → the maximum,
 * out of range → 406, malformed → 400; every answer carries the version and Vary headers.
 */
export function registerMicroversions(app: FastifyInstance): void {
  app.decorateRequest('microversion', undefined as unknown as Microversion);
  app.addHook('onRequest', async (req, reply) => {
    const min = parseVersion(MIN_VERSION)!;
    const max = parseVersion(MAX_VERSION)!;
    const asked = requested(req);
    let v = min;
    if (asked !== undefined) {
      if (asked.trim().toLowerCase() === 'latest') v = max;
      else {
        const p = parseVersion(asked);
        if (!p) throw new ServiceError('BadRequest', `API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.`);
        if (cmp(p, min) < 0 || cmp(p, max) > 0)
          throw new NotAcceptable(`Version ${asked} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
        v = p;
      }
    }
    req.microversion = v;
    void reply.header('OpenStack-API-Version', `compute ${formatVersion(v)}`);
    void reply.header('X-OpenStack-Nova-API-Version', formatVersion(v));
    void reply.header('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
  });
}

/** 406: the asked microversion is outside the range. */
export class NotAcceptable extends ServiceError {
  constructor(message: string) {
    super('BadRequest', message);
    (this as { status: number }).status = 406;
  }
}
