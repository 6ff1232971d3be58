import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, ServiceError } from '../../core/errors';
import { MAX_VERSION, MIN_VERSION } from './routes/discovery';

interface Version {
  major: number;
  minor: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated block-storage microversion (3.0 when the client asks for none). */
    volumeMicroversion: Version;
  }
}

function parse(v: string): Version | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const cmp = (a: Version, b: Version): number => a.major - b.major || a.minor - b.minor;

/** True when the request's volume microversion is at least `v` ('3.27'). */
export function microversionAtLeast(req: FastifyRequest, v: string): boolean {
  return cmp(req.volumeMicroversion ?? parse(MIN_VERSION)!, parse(v)!) >= 0;
}

/** The request's microversion as a string ('3.44'). */
export function microversionOf(req: FastifyRequest): string {
  const v = req.volumeMicroversion ?? parse(MIN_VERSION)!;
  return `${v.major}.${v.minor}`;
}

/** `OpenStack-API-Version: volume 3.44` (Cinder reads only the modern header). */
function requested(req: FastifyRequest): string | undefined {
  const h = req.headers['openstack-api-version'];
  if (typeof h !== 'string') return undefined;
  for (const part of h.split(',')) {
    const [service, version] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === 'volume' && version) return version;
  }
  return undefined;
}

/** 406: outside the served range (Cinder's InvalidGlobalAPIVersion). */
class NotAcceptable extends ServiceError {
  constructor(message: string) {
    super('BadRequest', message);
    (this as { status: number }).status = 406;
  }
}

/**
 * Negotiates each request's microversion as Cinder does: none → 3.0, `latest` → 3.70, outside the range →
 * 406, malformed → 400; answers carry `OpenStack-API-Version: volume X` and Vary.
 */
export function registerVolumeMicroversions(app: FastifyInstance): void {
  app.decorateRequest('volumeMicroversion', undefined as unknown as Version);
  app.addHook('onRequest', async (req, reply) => {
    const min = parse(MIN_VERSION)!;
    const max = parse(MAX_VERSION)!;
    const asked = requested(req);
    let v = min;
    if (asked !== undefined) {
      if (asked.trim().toLowerCase() === 'latest') v = max;
      else {
        const p = parse(asked);
        if (!p) throw new BadRequest(`API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.`);
        if (cmp(p, min) < 0 || cmp(p, max) > 0) throw new NotAcceptable(`Version ${asked} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
        v = p;
      }
    }
    req.volumeMicroversion = v;
    void reply.header('OpenStack-API-Version', `volume ${v.major}.${v.minor}`);
    void reply.header('Vary', 'OpenStack-API-Version');
  });
}
