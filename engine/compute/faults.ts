import type { FastifyRequest } from 'fastify';
import type { ServiceError } from '../core/errors';

/** Nova's 403 for a denied policy rule. */
export const novaPolicyMessage = (action: string): string => `Policy doesn't allow ${action} to be performed.`;

/** The key Nova's fault body uses for each status (nova/api/openstack/wsgi.py's Fault). */
const KEYS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Renders a domain error as Nova's fault body: `{"itemNotFound": {"code": 404, "message": "…"}}`. */
export function renderNovaFault(err: ServiceError, _req: FastifyRequest): { status: number; body: unknown } {
  const key = KEYS[err.status] ?? 'computeFault';
  return { status: err.status, body: { [key]: { code: err.status, message: err.message } } };
}
