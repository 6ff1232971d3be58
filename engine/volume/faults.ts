import type { FaultRenderer } from '../core/http/server';

/** The key Cinder wraps a fault in (webob's exception class, camel-cased). */
const FAULT_KEY: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Cinder's fault body: `{"itemNotFound": {"message": …, "code": 404}}`. */
export const renderCinderFault: FaultRenderer = (err) => {
  const key = FAULT_KEY[err.status] ?? 'computeFault';
  return { status: err.status, body: { [key]: { message: err.message, code: err.status } } };
};
