import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FlavorRecord } from '../../types';
import { atLeast } from '../microversion';

/** http://<host the client used>: Nova builds links from the request's URL. */
export const hostBase = (req: FastifyRequest): string => `http://${req.headers.host ?? '127.0.0.1:8774'}`;

/** self (versioned) and bookmark (unversioned) links of a resource. */
export function resourceLinks(req: FastifyRequest, collection: string, id: string): { rel: string; href: string }[] {
  const base = hostBase(req);
  return [
    { rel: 'self', href: `${base}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${base}/${collection}/${id}` },
  ];
}

/** The `next` link of a page that came back full (Nova adds one when the page holds `limit` items). */
export function nextLink(req: FastifyRequest, collection: string, items: unknown[], limit: number | undefined, markerOf: () => string): { rel: string; href: string }[] | undefined {
  if (limit === undefined || items.length === 0 || items.length < limit) return undefined;
  const url = new URL(req.url, hostBase(req));
  url.searchParams.set('marker', markerOf());
  url.searchParams.set('limit', String(limit));
  return [{ rel: 'next', href: `${hostBase(req)}/v2.1/${collection}?${url.searchParams.toString()}` }];
}

/** GET /flavors: id, name, links (+ description at 2.55). */
export function flavorBrief(req: FastifyRequest, f: FlavorRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: f.id, name: f.name, links: resourceLinks(req, 'flavors', f.id) };
  if (atLeast(req, '2.55')) out.description = f.description;
  return out;
}

/** A flavor in full, as the asked microversion shows it (2.55 description, 2.61 extra_specs, 2.75 swap 0). */
export function flavorView(req: FastifyRequest, f: FlavorRecord, includeExtraSpecs: boolean, includeDescription = atLeast(req, '2.55')): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: atLeast(req, '2.75') ? f.swap || 0 : f.swap || '',
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.is_public,
    rxtx_factor: f.rxtx_factor ? new PyFloat(f.rxtx_factor) : '',
    links: resourceLinks(req, 'flavors', f.id),
  };
  if (includeDescription) out.description = f.description;
  if (includeExtraSpecs && atLeast(req, '2.61')) out.extra_specs = { ...f.extra_specs };
  return out;
}

/** A number Python's json would write with a fraction (1.0, not 1): Nova's floats. */
export class PyFloat {
  constructor(readonly value: number) {}
}

const FLOAT_MARK = '\u0000pyfloat:';

/**
 * Sends `body` as JSON, writing Nova's float fields as Python does (`"rxtx_factor": 1.0`): JSON.stringify
 * would write 1 and the CLI would print "1" where Nova's clients print "1.0".
 */
export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (v instanceof PyFloat) return FLOAT_MARK + (Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value));
    return v;
  }).replace(/"\\u0000pyfloat:([^"]*)"/g, '$1');
  return reply.code(status).header('content-type', 'application/json').send(text);
}
