import type { ServiceError } from '../../core/errors';
import type { FaultRenderer } from '../../core/http/server';
import { baseUrl } from './http';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

/** Keystone's fault body: {"error": {"code", "message", "title"}}; 401s carry WWW-Authenticate. */
export const renderIdentityFault: FaultRenderer = (err: ServiceError, req) => {
  const headers: Record<string, string> = {};
  const body: { error: Record<string, unknown> } = { error: { code: err.status, message: err.message, title: TITLES[err.status] ?? 'Error' } };
  if (err.status === 401) {
    headers['WWW-Authenticate'] = `Keystone uri="${baseUrl(req)}"`;
    body.error.identity = { methods: ['password', 'token', 'application_credential'] };
  }
  return { status: err.status, body, headers };
};
